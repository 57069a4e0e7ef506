"""The editors' workbench for persons (tracker.persons): correcting a person, merging two records of one
person, splitting a candidacy off a person it was matched to by mistake, and reverting each.

The data (organisation "TST", invented):
- tst-2010: Mohamed Dkhissi (MAR; Arabic name, male) 60, Anne Nainda (KEN) 40.
- tst-2014: Mohammed Dkhissi (MAR; another Arabic spelling, a French one, alias "M. Dkhissi") 55,
  Ali Hassan (EGY) 45. "Mohammed" and "Mohamed" fold apart: the same man is recorded twice.
- tst-2018: Ali Hassan (EGY) 30, Anne Nainda (KEN) 70. Matched to the Ali Hassan of 2014 by name and
  State; say the sources show he is another man of that name.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tracker import models, records
from tracker.db import get_session

from .conftest import csrf_token, hidden_fields, make_user, page_text, post_form, saved_at_once, sign_in

ORGANISATION = {"acronym": "TST", "name": "Test Organisation (invented)"}
DKHISSI = {"name": "Mohamed Dkhissi", "country": "MAR", "names": {"ar": "محمد الدخيسي"}, "gender": "male"}
DKHISSI_AGAIN = {
    "name": "Mohammed Dkhissi", "country": "MAR", "names": {"ar": "محمد دخيسي", "fr": "Mohammed Dekhissi"},
    "aliases": ["M. Dkhissi"],
}
NAINDA = {"name": "Anne Nainda", "country": "KEN"}
HASSAN = {"name": "Ali Hassan", "country": "EGY"}


def _election(record_id: str, date: str, candidates: dict[str, tuple[dict, int]]) -> dict:
    return {
        "id": record_id, "organisation": ORGANISATION, "body": "Assembly",
        "post": {"title": "Secretary-General", "region": None, "term_years": 4}, "date": date,
        "rule": {"quota": "absolute_majority", "base": "valid_votes"},
        "candidates": [{"key": key, **person} for key, (person, _) in candidates.items()],
        "rounds": [{"number": 1, "votes": [{"candidate": key, "votes": votes} for key, (_, votes) in candidates.items()]}],
        "sources": [],
    }


DOCUMENT = {
    "format": "election-records/v1",
    "elections": [
        _election("tst-2010", "2010-06-01", {"dkhissi": (DKHISSI, 60), "nainda": (NAINDA, 40)}),
        _election("tst-2014", "2014-06-01", {"dkhissi": (DKHISSI_AGAIN, 55), "hassan": (HASSAN, 45)}),
        _election("tst-2018", "2018-06-01", {"hassan": (HASSAN, 30), "nainda": (NAINDA, 70)}),
    ],
}


@pytest.fixture
def tst(load):
    assert load(DOCUMENT).exit_code == 0


def _id(app, name: str) -> int:
    """The id of the (unmerged) person named ``name``."""
    with app.app_context():
        return get_session().scalar(
            select(models.Person.id).where(models.Person.name == name, models.Person.merged_into_id.is_(None))
        )


def _person(client, person_id: int) -> dict:
    response = client.get(f"/api/v1/persons/{person_id}")
    assert response.status_code == 200, response.status_code
    return response.get_json()


def _elections_of(client, person_id: int) -> list[str]:
    return [c["election"] for c in _person(client, person_id)["candidacies"]]


def _versions(app) -> dict[str, int]:
    with app.app_context():
        return dict(get_session().execute(select(models.Election.record_id, models.Election.version)).all())


def _audit(app, record_id: str) -> list[models.AuditEntry]:
    with app.app_context():
        return get_session().scalars(
            select(models.AuditEntry).where(models.AuditEntry.record_id == record_id).order_by(models.AuditEntry.id)
        ).all()


def _changes(app) -> list[models.PersonChange]:
    with app.app_context():
        return get_session().scalars(select(models.PersonChange).order_by(models.PersonChange.id)).all()


def _candidate(record: dict, key: str) -> dict:
    return next(c for c in record["candidates"] if c["key"] == key)


def _found(client, text: str) -> list[int]:
    return [p["id"] for p in client.get("/api/v1/search", query_string={"q": text}).get_json()["persons"]]


def _revert(client, person_id: int, change_id: int):
    token = csrf_token(client, f"/persons/{person_id}")
    return client.post(f"/persons/{person_id}/changes/{change_id}/revert", data={"csrf_token": token})


def _split(client, person_id: int, record_id: str, key: str):
    token = csrf_token(client, f"/persons/{person_id}")
    return client.post(f"/persons/{person_id}/split/{record_id}/{key}", data={"csrf_token": token})


def _merge(client, kept: int, merged: int):
    return post_form(client, f"/persons/{kept}/merge?other={merged}", {"other": str(merged)})


CORRECTED = {
    "name": "  Mohamed Dkhissi El Idrissi ", "name_fr": "Mohamed Dkhissi", "name_ar": "محمد الدخيسي",
    "aliases": "Dkhissi\n\n  M. Dkhissi El Idrissi \nMOHAMED DKHISSI EL IDRISSI\ndkhissi", "gender": "male",
}


# --- correcting a person ---------------------------------------------------------------------------


def test_an_editor_corrects_a_person_and_every_election_they_stood_in_records_it(app, client, tst, editor_signed_in):
    dkhissi = _id(app, "Mohamed Dkhissi")
    form = client.get(f"/persons/{dkhissi}/edit").get_data(as_text=True)
    assert 'value="Mohamed Dkhissi"' in form and 'value="محمد الدخيسي"' in form
    response = post_form(client, f"/persons/{dkhissi}/edit", CORRECTED)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/persons/{dkhissi}")
    person = _person(client, dkhissi)
    assert person["name"] == "Mohamed Dkhissi El Idrissi"  # stripped
    assert person["names"] == {"fr": "Mohamed Dkhissi", "ar": "محمد الدخيسي"}
    # once each whatever the case, blank lines dropped, none the same as a name, sorted
    assert person["aliases"] == ["Dkhissi", "M. Dkhissi El Idrissi"]
    assert _found(client, "el idrissi") == [dkhissi] and _found(client, "m dkhissi el") == [dkhissi]
    # the election's record names the candidate anew: its version rises, its history says why
    assert _versions(app) == {"tst-2010": 2, "tst-2014": 1, "tst-2018": 1}
    entry = _audit(app, "tst-2010")[-1]
    assert (entry.action, entry.version, entry.actor) == ("update", 2, "editor@example.org")
    assert entry.note.startswith("person corrected (person change #")
    assert _candidate(entry.before, "dkhissi")["name"] == "Mohamed Dkhissi"
    assert _candidate(entry.after, "dkhissi")["name"] == "Mohamed Dkhissi El Idrissi"
    (change,) = _changes(app)
    assert (change.action, change.person_id, change.actor) == ("edit", dkhissi, "editor@example.org")
    assert change.before["persons"][0]["name"] == "Mohamed Dkhissi"
    text = page_text(client.get(f"/persons/{dkhissi}"))
    assert "Names corrected by editor@example.org" in text
    assert "Name: Mohamed Dkhissi → Mohamed Dkhissi El Idrissi" in text
    assert "Name in French: — → Mohamed Dkhissi" in text
    assert "Other spellings added: Dkhissi · M. Dkhissi El Idrissi" in text
    # saving what is stored changes nothing and records nothing
    assert post_form(client, f"/persons/{dkhissi}/edit", {**CORRECTED, "aliases": "M. Dkhissi El Idrissi\nDkhissi"}).status_code == 302
    assert len(_changes(app)) == 1 and _versions(app)["tst-2010"] == 2


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("name", "Mohamed\u202eissihkD", "invisible control character (U+202E)"),
        ("name", "Mohamed\u200bDkhissi", "invisible control character (U+200B)"),
        ("name_ar", "محمد\u2066الدخيسي", "invisible control character (U+2066)"),
        ("name", "M" * 301, "at most 300 are allowed"),
        ("aliases", "Dkhissi\n" + "d" * 301, "at most 300 are allowed"),
        ("aliases", "\n".join(f"Spelling {i}" for i in range(101)), "At most 100 names and spellings"),
        ("name", "<script>alert(1)</script>", "A name is plain text"),
        ("aliases", "Dkhissi\n<b onmouseover=alert(1)>M</b>", "A name is plain text"),
        ("name_fr", "< img src=x>", "A name is plain text"),
        ("name", "\u2800", "This name shows nothing"),
        ("name", "\u0301\u0301", "This name shows nothing"),
        ("aliases", "Dkhissi\n\u3000\u2800", "This name shows nothing"),
        ("name", "   ", "This field is required"),
        ("name", "Mohamed\x0bDkhissi", "invisible control character (U+000B)"),
    ],
)
def test_hostile_names_are_refused_and_nothing_is_saved(app, client, tst, editor_signed_in, field, value, message):
    dkhissi = _id(app, "Mohamed Dkhissi")
    response = post_form(client, f"/persons/{dkhissi}/edit", {**CORRECTED, field: value})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html.replace("&#39;", "'")
    assert "Nothing was saved" in html and 'name="fingerprint"' in html  # the form again, to correct
    assert "<script>alert" not in html and "<b onmouseover" not in html  # shown inert
    person = _person(client, dkhissi)
    assert (person["name"], person["names"], person["aliases"]) == ("Mohamed Dkhissi", {"ar": "محمد الدخيسي"}, [])
    assert _changes(app) == [] and _versions(app) == {"tst-2010": 1, "tst-2014": 1, "tst-2018": 1}


def test_a_save_over_someone_elses_change_is_refused_with_409(app, client, tst, editor_signed_in):
    dkhissi = _id(app, "Mohamed Dkhissi")
    url = f"/persons/{dkhissi}/edit"
    stale = hidden_fields(client, url)
    assert client.post(url, data={**hidden_fields(client, url), **CORRECTED}).status_code == 302
    second = client.post(url, data={**stale, **CORRECTED, "name": "Mohamed Dakhissi"})
    assert second.status_code == 409
    text = page_text(second)
    assert "Someone changed this person while you had this page open, so nothing was saved." in text
    assert "Stored now: Name: Mohamed Dkhissi El Idrissi" in text  # theirs, above the editor's entry, kept
    assert 'value="Mohamed Dakhissi"' in second.get_data(as_text=True)
    assert _person(client, dkhissi)["name"] == "Mohamed Dkhissi El Idrissi" and len(_changes(app)) == 1
    # the refused page carries the new fingerprint: saving it again is a deliberate overwrite
    fields = hidden_fields(client, url)
    fields["fingerprint"] = next(
        v for k, v in __import__("re").findall(r'name="(fingerprint)" type="hidden" value="([^"]*)"', second.get_data(as_text=True))
    )
    again = client.post(url, data={**fields, **CORRECTED, "name": "Mohamed Dakhissi"})
    assert again.status_code == 302 and _person(client, dkhissi)["name"] == "Mohamed Dakhissi"


def test_two_editors_saving_at_the_same_moment_one_gets_409(app, tst, monkeypatch):
    """Both read the form at the same names and save at once: one save passes, the other gets 409 and
    nothing of it is stored (the fingerprint is checked under the person's row lock, not before it)."""
    from tracker.persons import changes

    dkhissi = _id(app, "Mohamed Dkhissi")
    statuses = saved_at_once(
        app, monkeypatch, f"/persons/{dkhissi}/edit", changes, "edit_person",
        lambda n: {**CORRECTED, "name": f"Mohamed Dkhissi {n}"},
    )
    assert sorted(statuses.values()) == [302, 409]
    winner = next(n for n, status in statuses.items() if status == 302)
    assert _person(app.test_client(), dkhissi)["name"] == f"Mohamed Dkhissi {winner}"
    assert [c.actor for c in _changes(app)] == [f"e{winner}@example.org"]
    assert _versions(app)["tst-2010"] == 2


# --- merging ---------------------------------------------------------------------------------------


def test_merging_moves_every_candidacy_keeps_every_name_and_redirects(app, client, tst, editor_signed_in):
    kept, merged = _id(app, "Mohamed Dkhissi"), _id(app, "Mohammed Dkhissi")
    opened = hidden_fields(client, "/elections/tst-2014/candidates/new")  # an editor has the 2014 election open
    preview = page_text(client.get(f"/persons/{kept}/merge?other={merged}"))
    assert "Kept Mohamed Dkhissi" in preview and "Merged into it Mohammed Dkhissi" in preview
    assert "Candidacies: 1 ( tst-2014 )" in preview
    response = _merge(client, kept, merged)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/persons/{kept}")
    person = _person(client, kept)
    assert [c["election"] for c in person["candidacies"]] == ["tst-2010", "tst-2014"]
    assert person["name"] == "Mohamed Dkhissi" and person["gender"] == "male"
    # the kept names stay; a language the kept one had no name in takes the merged one's; every other
    # spelling of the merged one becomes an alias
    assert person["names"] == {"ar": "محمد الدخيسي", "fr": "Mohammed Dekhissi"}
    assert person["aliases"] == ["M. Dkhissi", "Mohammed Dkhissi", "محمد دخيسي"]
    # the old page and API lead to the kept person, query kept; search finds the kept one only
    old = client.get(f"/persons/{merged}?download=candidacies")
    assert old.status_code == 301 and old.headers["Location"].endswith(f"/persons/{kept}?download=candidacies")
    api = client.get(f"/api/v1/persons/{merged}")
    assert api.status_code == 301 and api.headers["Location"].endswith(f"/api/v1/persons/{kept}")
    assert _found(client, "mohammed dkhissi") == [kept] and _found(client, "محمد دخيسي") == [kept]
    # both elections' records changed: versions raised, audited, the 2014 candidate is the kept person now
    assert _versions(app) == {"tst-2010": 2, "tst-2014": 2, "tst-2018": 1}
    entry = _audit(app, "tst-2014")[-1]
    assert entry.version == 2 and entry.note.startswith("persons merged (person change #")
    assert _candidate(entry.before, "dkhissi")["name"] == "Mohammed Dkhissi"
    assert _candidate(entry.after, "dkhissi")["name"] == "Mohamed Dkhissi"
    assert "persons merged" in page_text(client.get("/elections/tst-2014/history"))
    (change,) = _changes(app)
    assert (change.action, change.person_id) == ("merge", kept)
    assert change.after["candidacies"] == [{"election": "tst-2014", "key": "dkhissi", "from": merged, "to": kept}]
    assert f"Person #{merged} merged into this one ( Mohammed Dkhissi ) by editor@example.org" in page_text(client.get(f"/persons/{kept}"))
    # the editor who had the 2014 election open is told it changed, and nothing of theirs is saved
    stale = client.post("/elections/tst-2014/candidates/new", data={**opened, "name": "Someone Else", "kind": "person"})
    assert stale.status_code == 409 and "This election changed since you opened this page" in page_text(stale)
    # a merged person is changed no more: its forms lead to the kept one's, and what is posted to it is refused
    hassan = _id(app, "Ali Hassan")
    again = client.get(f"/persons/{merged}/merge?other={hassan}")
    assert again.status_code == 302 and again.headers["Location"].endswith(f"/persons/{kept}/merge?other={hassan}")
    assert client.get(f"/persons/{merged}/edit").headers["Location"].endswith(f"/persons/{kept}/edit")
    into_merged = _merge(client, kept, merged)
    assert into_merged.status_code == 409 and f"Person #{merged} was merged into person #{kept}" in page_text(into_merged)
    split = client.post(f"/persons/{merged}/split/tst-2014/dkhissi", data={"csrf_token": csrf_token(client, f"/persons/{kept}")})
    assert split.status_code == 409 and f"Person #{merged} was merged into person #{kept}" in page_text(split)
    assert len(_changes(app)) == 1 and _elections_of(client, kept) == ["tst-2010", "tst-2014"]


def test_an_import_matches_no_candidate_to_a_merged_person(app, client, tst, editor_signed_in, load):
    """An import matches no candidate to a merged person: its spellings are the kept one's now (the
    merged one was recorded first: it would come first among the persons of that spelling)."""
    merged, kept = _id(app, "Mohamed Dkhissi"), _id(app, "Mohammed Dkhissi")
    assert merged < kept and _merge(client, kept, merged).status_code == 302
    document = {"format": "election-records/v1", "elections": [
        _election("tst-2022", "2022-06-01", {"dkhissi": (DKHISSI, 50), "nainda": (NAINDA, 50)}),
    ]}
    assert load(document).exit_code == 0
    assert _elections_of(client, kept) == ["tst-2010", "tst-2014", "tst-2022"]
    with app.app_context():
        assert get_session().scalar(select(models.Candidacy.id).where(models.Candidacy.person_id == merged)) is None


def test_two_who_stood_in_the_same_election_are_not_merged(app, client, tst, editor_signed_in):
    dkhissi, nainda = _id(app, "Mohamed Dkhissi"), _id(app, "Anne Nainda")
    preview = client.get(f"/persons/{dkhissi}/merge?other={nainda}")
    assert preview.status_code == 200
    assert "stood against each other (tst-2010), so they are two persons" in page_text(preview)
    assert "Merge into Mohamed Dkhissi" not in page_text(preview)  # no button
    response = _merge(client, dkhissi, nainda)
    assert response.status_code == 409
    assert "These two stood against each other (tst-2010), so they are two persons: nothing was merged." in page_text(response)
    assert _elections_of(client, nainda) == ["tst-2010", "tst-2018"] and _elections_of(client, dkhissi) == ["tst-2010"]
    assert client.get(f"/persons/{nainda}").status_code == 200
    assert _changes(app) == [] and _versions(app) == {"tst-2010": 1, "tst-2014": 1, "tst-2018": 1}
    assert _merge(client, dkhissi, dkhissi).status_code == 409  # with itself
    assert client.get(f"/persons/{dkhissi}/merge?other=999999").status_code == 404
    assert client.get(f"/persons/{dkhissi}/merge?other=x").status_code == 400


def test_a_merge_confirmed_over_a_changed_person_is_refused(app, client, tst, editor_signed_in):
    kept, merged = _id(app, "Mohamed Dkhissi"), _id(app, "Mohammed Dkhissi")
    confirm = hidden_fields(client, f"/persons/{kept}/merge?other={merged}")
    assert post_form(client, f"/persons/{merged}/edit", {**CORRECTED, "name": "Mohammed Dkhissi", "name_fr": "", "name_ar": "", "aliases": ""}).status_code == 302
    response = client.post(f"/persons/{kept}/merge", data={**confirm, "other": str(merged)})
    assert response.status_code == 409 and "One of these persons changed while you had this page open" in page_text(response)
    assert _elections_of(client, merged) == ["tst-2014"] and [c.action for c in _changes(app)] == ["edit"]


# --- splitting -------------------------------------------------------------------------------------


def test_a_candidacy_matched_by_mistake_is_split_off_to_a_new_person(app, client, tst, editor_signed_in):
    hassan = _id(app, "Ali Hassan")
    assert _elections_of(client, hassan) == ["tst-2014", "tst-2018"]
    response = _split(client, hassan, "tst-2018", "hassan")
    assert response.status_code == 302
    new = int(response.headers["Location"].rsplit("/", 1)[1])
    assert new != hassan
    assert _elections_of(client, hassan) == ["tst-2014"] and _elections_of(client, new) == ["tst-2018"]
    assert _person(client, new)["name"] == "Ali Hassan"  # the same spelling
    assert sorted(_found(client, "ali hassan")) == sorted([hassan, new])
    assert _versions(app) == {"tst-2010": 1, "tst-2014": 1, "tst-2018": 2}
    entry = _audit(app, "tst-2018")[-1]
    assert entry.note.startswith("candidacy split off a person (person change #")
    (change,) = _changes(app)
    assert (change.action, change.person_id, change.after["new"]) == ("split", hassan, new)
    assert f"Candidacy split off to a new person ( #{new} )" in page_text(client.get(f"/persons/{hassan}"))
    # the election saved again through its forms keeps the split: its candidate stays the new person
    fields = hidden_fields(client, "/elections/tst-2018/candidates/new")
    assert client.post("/elections/tst-2018/candidates/new", data={**fields, "name": "Chams Eddine", "kind": "person"}).status_code == 302
    assert _elections_of(client, new) == ["tst-2018"] and _elections_of(client, hassan) == ["tst-2014"]
    # a person's only candidacy is not split off; nor one that is not theirs
    only = _split(client, hassan, "tst-2014", "hassan")
    assert only.status_code == 409 and "only candidacy" in page_text(only)
    other = _split(client, _id(app, "Anne Nainda"), "tst-2014", "hassan")
    assert other.status_code == 409 and "is not this person's" in page_text(other).replace("&#39;", "'")
    for record_id, key in [("tst-2018", "%3Cb%3Ehassan"), ("%3Ci%3Etst", "hassan")]:  # shown inert
        response = _split(client, hassan, record_id, key)
        assert response.status_code in (404, 409) and "<b>" not in response.get_data(as_text=True)
        assert "<i>" not in response.get_data(as_text=True)
    assert len(_changes(app)) == 1


# --- reverting -------------------------------------------------------------------------------------


def test_an_admin_reverts_an_edit(app, client, tst, admin_signed_in):
    dkhissi = _id(app, "Mohamed Dkhissi")
    assert post_form(client, f"/persons/{dkhissi}/edit", CORRECTED).status_code == 302
    (edit,) = _changes(app)
    response = _revert(client, dkhissi, edit.id)
    assert response.status_code == 302
    person = _person(client, dkhissi)
    assert (person["name"], person["names"], person["aliases"]) == ("Mohamed Dkhissi", {"ar": "محمد الدخيسي"}, [])
    assert _found(client, "el idrissi") == [] and _found(client, "mohamed dkhissi") == [dkhissi]
    edit, revert = _changes(app)
    assert (revert.action, revert.after["reverts"], edit.reverted_by) == ("revert", edit.id, revert.id)
    assert _versions(app)["tst-2010"] == 3
    assert _candidate(_audit(app, "tst-2010")[-1].after, "dkhissi")["name"] == "Mohamed Dkhissi"
    text = page_text(client.get(f"/persons/{dkhissi}"))
    assert f"Change #{edit.id} reverted by admin@example.org" in text and f"reverted by change #{revert.id}" in text
    assert text.count("Revert this change") == 0  # neither a reverted change nor a revert is offered
    twice = _revert(client, dkhissi, edit.id)
    assert twice.status_code == 409 and f"was reverted already, by change #{revert.id}" in page_text(twice)
    assert _revert(client, dkhissi, revert.id).status_code == 409  # a revert is not reverted


def test_an_admin_reverts_a_merge(app, client, tst, admin_signed_in):
    kept, merged = _id(app, "Mohamed Dkhissi"), _id(app, "Mohammed Dkhissi")
    assert _merge(client, kept, merged).status_code == 302
    (merge,) = _changes(app)
    assert _revert(client, kept, merge.id).status_code == 302
    assert client.get(f"/persons/{merged}").status_code == 200  # its own page again
    assert _elections_of(client, kept) == ["tst-2010"] and _elections_of(client, merged) == ["tst-2014"]
    person = _person(client, kept)
    assert (person["names"], person["aliases"], person["gender"]) == ({"ar": "محمد الدخيسي"}, [], "male")
    back = _person(client, merged)
    assert (back["name"], back["names"], back["aliases"]) == ("Mohammed Dkhissi", DKHISSI_AGAIN["names"], ["M. Dkhissi"])
    assert _found(client, "dekhissi") == [merged] and _found(client, "mohamed dkhissi") == [kept]
    assert _versions(app) == {"tst-2010": 3, "tst-2014": 3, "tst-2018": 1}
    entry = _audit(app, "tst-2014")[-1]
    assert entry.note.startswith(f"person change #{merge.id} reverted")
    assert _candidate(entry.after, "dkhissi")["name"] == "Mohammed Dkhissi"


def test_an_admin_reverts_a_split(app, client, tst, admin_signed_in):
    hassan = _id(app, "Ali Hassan")
    new = int(_split(client, hassan, "tst-2018", "hassan").headers["Location"].rsplit("/", 1)[1])
    (split,) = _changes(app)
    assert _revert(client, hassan, split.id).status_code == 302
    assert _elections_of(client, hassan) == ["tst-2014", "tst-2018"]
    made = client.get(f"/persons/{new}")  # the person the split made goes into the one it came from
    assert made.status_code == 301 and made.headers["Location"].endswith(f"/persons/{hassan}")
    assert _found(client, "ali hassan") == [hassan]
    assert _versions(app)["tst-2018"] == 3 and _audit(app, "tst-2018")[-1].note.startswith(f"person change #{split.id} reverted")


def test_a_change_with_a_later_change_standing_is_reverted_after_it(app, client, tst, admin_signed_in):
    kept, merged = _id(app, "Mohamed Dkhissi"), _id(app, "Mohammed Dkhissi")
    assert _merge(client, kept, merged).status_code == 302
    corrected = {"name": "Mohamed Dkhissi", "name_fr": "Mohamed Dkhissi", "name_ar": "محمد الدخيسي",
                 "aliases": "M. Dkhissi\nMohammed Dkhissi\nمحمد دخيسي", "gender": "male"}
    assert post_form(client, f"/persons/{kept}/edit", corrected).status_code == 302
    merge, edit = _changes(app)
    blocked = _revert(client, kept, merge.id)
    assert blocked.status_code == 409
    assert f"Later changes to these persons stand (#{edit.id}): revert them first" in page_text(blocked)
    assert _elections_of(client, kept) == ["tst-2010", "tst-2014"] and merge.reverted_by is None
    assert _revert(client, kept, edit.id).status_code == 302
    assert _person(client, kept)["names"]["fr"] == "Mohammed Dekhissi"
    assert _revert(client, kept, merge.id).status_code == 302
    assert _elections_of(client, merged) == ["tst-2014"] and _person(client, kept)["names"] == {"ar": "محمد الدخيسي"}


def test_a_revert_keeps_the_spellings_an_import_added_since(app, client, tst, admin_signed_in, load):
    kept, merged = _id(app, "Mohamed Dkhissi"), _id(app, "Mohammed Dkhissi")
    assert _merge(client, kept, merged).status_code == 302
    spelt = {**DKHISSI, "aliases": ["Mohamed Dakhisi"]}
    assert load({"format": "election-records/v1", "elections": [
        _election("tst-2022", "2022-06-01", {"dkhissi": (spelt, 50), "nainda": (NAINDA, 50)}),
    ]}).exit_code == 0
    (merge,) = _changes(app)
    assert _revert(client, kept, merge.id).status_code == 302
    assert _person(client, kept)["aliases"] == ["Mohamed Dakhisi"]  # the import's stays, the merge's go
    assert _elections_of(client, kept) == ["tst-2010", "tst-2022"] and _elections_of(client, merged) == ["tst-2014"]


# --- who may ---------------------------------------------------------------------------------------


def test_readers_see_no_workbench_and_may_not_change_persons(app, client, tst):
    dkhissi, merged, hassan = _id(app, "Mohamed Dkhissi"), _id(app, "Mohammed Dkhissi"), _id(app, "Ali Hassan")
    page = client.get(f"/persons/{hassan}").get_data(as_text=True)
    assert "/edit" not in page and "/split/" not in page and "/merge" not in page
    assert client.get(f"/persons/{dkhissi}/edit").headers["Location"].startswith("/sign-in")
    token = csrf_token(client, "/sign-in")
    for url, data in [
        (f"/persons/{dkhissi}/edit", {**CORRECTED, "fingerprint": ""}),
        (f"/persons/{dkhissi}/merge", {"other": str(merged)}),
        (f"/persons/{hassan}/split/tst-2018/hassan", {}),
        (f"/persons/{hassan}/changes/1/revert", {}),
    ]:
        response = client.post(url, data={**data, "csrf_token": token})
        assert response.status_code == 302 and response.headers["Location"].startswith("/sign-in"), url
    assert client.post(f"/persons/{hassan}/split/tst-2018/hassan").status_code == 400  # no CSRF token
    assert _changes(app) == [] and _elections_of(client, hassan) == ["tst-2014", "tst-2018"]
    assert _person(client, dkhissi)["name"] == "Mohamed Dkhissi"


def test_editors_change_persons_but_only_admins_revert(app, client, tst, editor_signed_in):
    hassan = _id(app, "Ali Hassan")
    page = client.get(f"/persons/{hassan}").get_data(as_text=True)
    assert f"/persons/{hassan}/edit" in page and f"/persons/{hassan}/split/tst-2018/hassan" in page
    assert _split(client, hassan, "tst-2018", "hassan").status_code == 302
    (split,) = _changes(app)
    assert "Revert this change" not in page_text(client.get(f"/persons/{hassan}"))
    response = _revert(client, hassan, split.id)
    assert response.status_code == 403 and "Only an admin may do this." in page_text(response)
    assert _elections_of(client, hassan) == ["tst-2014"]
    assert client.get("/persons/999999/edit").status_code == 404
    assert _revert(client, hassan, 999999).status_code == 403  # refused before anything is looked up


def test_the_revert_button_is_an_admins(app, client, tst):
    make_user(app, "admin@example.org", "admin")
    sign_in(client, "admin@example.org")
    hassan = _id(app, "Ali Hassan")
    assert _split(client, hassan, "tst-2018", "hassan").status_code == 302
    (split,) = _changes(app)
    assert f"/persons/{hassan}/changes/{split.id}/revert" in client.get(f"/persons/{hassan}").get_data(as_text=True)
    assert _revert(client, _id(app, "Anne Nainda"), split.id).status_code == 404  # not that person's change
    with app.app_context():
        assert records.load_record(get_session(), "tst-2018") is not None


def test_the_person_page_offers_likely_twins_and_takes_an_address_or_number(app, client, tst, editor_signed_in):
    kept, merged = _id(app, "Mohamed Dkhissi"), _id(app, "Mohammed Dkhissi")
    page = client.get(f"/persons/{kept}").get_data(as_text=True)
    assert "Possibly the same person" in page and f"/persons/{kept}/merge?other={merged}" in page
    assert f"/persons/{kept}/merge?other={_id(app, 'Ali Hassan')}" not in page  # another family name
    for typed in (str(merged), f"http://127.0.0.1:5000/persons/{merged}?lang=ar", "".join("٠١٢٣٤٥٦٧٨٩"[int(d)] for d in str(merged))):
        response = client.get(f"/persons/{kept}/merge", query_string={"other": typed})
        assert response.status_code == 200 and "Merged into it Mohammed Dkhissi" in page_text(response)
    for typed in ("Dkhissi", "", "99999999999", "/persons/"):
        assert client.get(f"/persons/{kept}/merge", query_string={"other": typed}).status_code == 400
    assert "Possibly the same person" not in client.get(f"/persons/{_id(app, 'Anne Nainda')}").get_data(as_text=True)
