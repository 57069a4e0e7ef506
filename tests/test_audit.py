"""Audit history, reverting, undoable deletion, and no lost updates (optimistic locking)."""

from __future__ import annotations

import html as html_lib
import re
import threading

from sqlalchemy import select

from tracker import models, records
from tracker.db import get_session

from .conftest import csrf_token, form_values, make_user, page_text, post_form, sign_in

FOUNDING = "interpol-2024-vice-president-africa"
ROUND_URL = f"/elections/{FOUNDING}/rounds/new?number=1"


def _entries(app) -> list[models.AuditEntry]:
    with app.app_context():
        return get_session().scalars(
            select(models.AuditEntry).where(models.AuditEntry.record_id == FOUNDING).order_by(models.AuditEntry.id)
        ).all()


def _record(app) -> dict | None:
    with app.app_context():
        return records.load_record(get_session(), FOUNDING)


def _round_form(client) -> dict:
    """The round 1 form as the page fills it, with Dkhissi's 96 votes changed to 97."""
    data = form_values(client.get(ROUND_URL).get_data(as_text=True))
    key = next(k for k, v in data.items() if k.endswith("-candidate") and v == "dkhissi")
    data[key.replace("-candidate", "-votes")] = "97"
    return data



def test_imports_and_edits_leave_audit_entries_with_old_and_new_values(app, client, seeded, editor_signed_in):
    (created,) = _entries(app)
    assert (created.action, created.version, created.before) == ("create", 1, None)
    assert created.actor == "command line (flask seed)"
    response = client.post(ROUND_URL, data=_round_form(client))
    assert response.status_code == 302, page_text(response)
    created, updated = _entries(app)
    assert (updated.action, updated.version, updated.actor) == ("update", 2, "editor@example.org")

    def dkhissi(record):
        return next(v for v in record["rounds"][0]["votes"] if v["candidate"] == "dkhissi")

    assert dkhissi(updated.before)["votes"] == 96 and dkhissi(updated.after)["votes"] == 97
    page = page_text(client.get(f"/elections/{FOUNDING}/history"))
    assert "Changed (version 2) by editor@example.org" in page
    assert "What Before After Round 1, Mohamed Dkhissi, Votes 96 97 Created" in page  # the only change
    assert "Created (version 1) by command line (flask seed)" in page
    # An editor may not revert a change; an admin may.
    response = client.post(f"/elections/{FOUNDING}/history/{updated.id}/revert", data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == 403
    assert dkhissi(_record(app))["votes"] == 97


def test_an_admin_reverts_a_change(app, client, seeded, admin_signed_in):
    before = _record(app)
    assert client.post(ROUND_URL, data=_round_form(client)).status_code == 302
    change = _entries(app)[-1]
    response = client.post(f"/elections/{FOUNDING}/history/{change.id}/revert", data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == 302
    assert _record(app) == before
    revert = _entries(app)[-1]
    assert (revert.action, revert.version, revert.note) == ("update", 3, f"revert of change #{change.id}")
    assert revert.after == before
    response = client.post(f"/elections/{FOUNDING}/history/999999/revert", data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == 404


def test_deleting_an_election_is_undoable(app, client, seeded, editor_signed_in):
    before = _record(app)
    response = post_form(client, f"/elections/{FOUNDING}/delete", {})
    assert response.status_code == 302 and response.headers["Location"] == f"/elections/{FOUNDING}/history"
    assert client.get(f"/elections/{FOUNDING}").status_code == 404
    assert client.get("/countries/MAR").get_data(as_text=True).count("Mohamed Dkhissi") == 0
    deletion = _entries(app)[-1]
    assert (deletion.action, deletion.version, deletion.after) == ("delete", 1, None)
    assert deletion.before == before
    page = client.get(f"/elections/{FOUNDING}/history")
    assert "Restore the election" in page.get_data(as_text=True)
    response = client.post(f"/elections/{FOUNDING}/history/{deletion.id}/revert", data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == 302
    assert _record(app) == before
    restored = _entries(app)[-1]
    assert (restored.action, restored.version) == ("create", 2)  # versions go on, never repeat
    assert "Mohamed Dkhissi" in client.get("/countries/MAR").get_data(as_text=True)


def test_anonymous_cannot_delete(app, client, seeded):
    token = csrf_token(client, "/sign-in")
    response = client.post(f"/elections/{FOUNDING}/delete", data={"csrf_token": token, "version": "1"})
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    assert _record(app) is not None


def test_the_second_of_two_concurrent_edits_is_refused_and_shown_what_changed(app, client, seeded):
    make_user(app, "first@example.org")
    make_user(app, "second@example.org")
    first, second = app.test_client(), app.test_client()
    sign_in(first, "first@example.org")
    sign_in(second, "second@example.org")
    first_form, second_form = _round_form(first), _round_form(second)  # both open the round at version 1
    second_form["notes"] = "Second editor's note"
    assert first.post(ROUND_URL, data=first_form).status_code == 302
    response = second.post(ROUND_URL, data=second_form)
    assert response.status_code == 409
    page = page_text(response)
    assert "This election changed since you opened this page : last by first@example.org" in page
    assert "What changed: What Was Now Round 1, Mohamed Dkhissi, Votes 96 97 Your entries are kept below." in page
    assert "Second editor's note" in html_lib.unescape(response.get_data(as_text=True))  # their entry is kept
    record = _record(app)
    assert record["rounds"][0]["notes"].startswith("Sources give the winner's 96 votes only.")
    assert [e.version for e in _entries(app)] == [1, 2]
    # Saving again, now knowingly over version 2, applies the second edit.
    again = {**second_form, "version": re.search(r'name="version" type="hidden" value="(\d+)"', response.get_data(as_text=True)).group(1)}
    assert again["version"] == "2"
    assert second.post(ROUND_URL, data=again).status_code == 302
    assert _record(app)["rounds"][0]["notes"] == "Second editor's note"


def test_two_saves_at_the_same_moment_one_wins(app, seeded):
    """Two threads store the same election from version 1 at once: exactly one succeeds."""
    record = _record(app)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(note: str) -> None:
        with app.app_context():
            session = get_session()
            changed = {**record, "notes": note}
            barrier.wait()
            try:
                records.import_records(
                    session, records.export_document([changed]), actor=records.Actor(note), expected_versions={FOUNDING: 1}
                )
                session.commit()
                outcomes.append("saved " + note)
            except records.Conflict:
                session.rollback()
                outcomes.append("conflict")

    threads = [threading.Thread(target=save, args=(f"editor {n}",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes)[0] == "conflict" and sorted(outcomes)[1].startswith("saved editor")
    winner = sorted(outcomes)[1].removeprefix("saved ")
    assert _record(app)["notes"] == winner
    assert [(e.version, e.actor) for e in _entries(app)][1:] == [(2, winner)]


def test_history_of_an_unknown_election_is_a_404(client):
    assert client.get("/elections/never-was/history").status_code == 404


def test_an_import_raises_the_version_so_a_form_opened_before_it_conflicts(app, client, seeded, editor_signed_in, load):
    form = _round_form(client)  # opened at version 1
    changed = {**_record(app), "notes": "Corrected by a later import."}
    assert load(records.export_document([changed])).exit_code == 0
    response = client.post(ROUND_URL, data=form)
    assert response.status_code == 409
    assert _record(app)["notes"] == "Corrected by a later import."
    assert [(e.action, e.version) for e in _entries(app)] == [("create", 1), ("update", 2)]


def test_restoring_is_for_the_latest_deletion_of_a_deleted_election_only(app, client, seeded, editor_signed_in):
    token = {"csrf_token": csrf_token(client, "/")}
    assert post_form(client, f"/elections/{FOUNDING}/delete", {}).status_code == 302
    first_deletion = _entries(app)[-1].id
    assert client.post(f"/elections/{FOUNDING}/history/{first_deletion}/revert", data=token).status_code == 302
    # Restored: restoring again, from the same old deletion, would overwrite what came since.
    response = client.post(f"/elections/{FOUNDING}/history/{first_deletion}/revert", data=token)
    assert response.status_code == 409
    assert "cannot be reverted: the election exists again: it was restored already." in response.get_data(as_text=True)
    assert [e.action for e in _entries(app)] == ["create", "delete", "create"]


def test_reverting_an_older_change_shows_what_it_would_undo_and_asks_first(app, client, seeded, admin_signed_in):
    before = _record(app)
    assert client.post(ROUND_URL, data=_round_form(client)).status_code == 302  # Dkhissi 96 → 97
    older = _entries(app)[-1]
    form = _round_form(client)
    form.update(notes="Counted twice", **{"votes-0-votes": ""})  # then: a note, and Dkhissi's count unknown
    assert client.post(ROUND_URL, data=form).status_code == 302
    later = _entries(app)[-1]
    url = f"/elections/{FOUNDING}/history/{older.id}/revert"
    response = client.post(url, data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == 409
    page = page_text(response)
    assert "1 change was made after this one" in page and f"change #{later.id}, admin@example.org" in page
    assert "Round 1, Mohamed Dkhissi, Votes unknown 96 Round 1, Notes Counted twice Sources give the winner" in page
    assert _record(app)["rounds"][0]["notes"] == "Counted twice"  # nothing done yet
    # confirmed against an older state (another change came meanwhile): asked again
    response = client.post(url, data={"csrf_token": csrf_token(client, "/"), "latest": str(older.id)})
    assert response.status_code == 409
    response = client.post(url, data={"csrf_token": csrf_token(client, "/"), "latest": str(later.id)})
    assert response.status_code == 302
    assert _record(app) == before


def test_history_names_changes_in_words(app, client, seeded, editor_signed_in):
    response = post_form(client, f"/elections/{FOUNDING}/candidates/new", {"name": "Jane Roe", "country": "KEN", "kind": "person"})
    assert response.status_code == 302
    form = _round_form(client)
    form["votes-0-votes"] = ""
    assert client.post(ROUND_URL, data=form).status_code == 302
    page = page_text(client.get(f"/elections/{FOUNDING}/history?lang=fr"))
    assert "Tour 1, Mohamed Dkhissi, Voix 96 inconnu" in page
    assert "Candidat ajout Jane Roe" in page
    assert "rounds[" not in page and "none" not in page
