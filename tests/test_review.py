"""Review by a second editor (issue 16): an election marked checked against its sources by an editor
other than the last to change it; a later change outdates the mark; the lists of recent changes,
elections to review and deleted elections."""

from __future__ import annotations

from .conftest import csrf_token, make_user, page_text, post_form, sign_in

FOUNDING = "interpol-2024-vice-president-africa"


def _check(client, version: str = "1"):
    return client.post(f"/elections/{FOUNDING}/check", data={"csrf_token": csrf_token(client, "/"), "version": version})


def _two_editors(app):
    make_user(app, "first@example.org")
    make_user(app, "second@example.org")
    first, second = app.test_client(), app.test_client()
    sign_in(first, "first@example.org")
    sign_in(second, "second@example.org")
    return first, second


def test_a_second_editor_checks_an_election_and_a_later_change_outdates_it(app, client, seeded):
    first, second = _two_editors(app)
    assert "Not yet checked against its sources by a second editor." in page_text(first.get(f"/elections/{FOUNDING}"))
    # first changes the election (version 2): first may not check it, second may
    new_candidate = {"name": "Jane Roe", "country": "KEN", "kind": "person"}
    assert post_form(first, f"/elections/{FOUNDING}/candidates/new", new_candidate).status_code == 302
    assert "You made the last change: another editor checks it." in page_text(first.get(f"/elections/{FOUNDING}"))
    assert _check(first, "2").status_code == 403
    assert _check(second, "1").status_code == 409  # not the version stored now
    assert _check(second, "2").status_code == 302
    page = page_text(second.get(f"/elections/{FOUNDING}"))
    assert "Checked against its sources by second@example.org" in page
    assert "Checked against its sources by an editor" in page_text(client.get(f"/elections/{FOUNDING}"))  # no email shown
    assert FOUNDING not in second.get("/review").get_data(as_text=True)
    # any later change outdates the mark, and the election is to review again
    other = {"name": "John Doe", "country": "GHA", "kind": "person"}
    assert post_form(second, f"/elections/{FOUNDING}/candidates/new", other).status_code == 302
    assert "but changed since: not yet checked again." in page_text(first.get(f"/elections/{FOUNDING}"))
    review = page_text(first.get("/review"))
    assert "changed since it was checked" in review and "second@example.org" in review
    assert _check(first, "3").status_code == 302
    assert "Checked against its sources by first@example.org" in page_text(first.get(f"/elections/{FOUNDING}"))


def test_recent_changes_and_deleted_elections_are_one_click_from_the_header(app, client, seeded, editor_signed_in):
    header = client.get("/").get_data(as_text=True)
    assert 'href="/changes"' in header and 'href="/review"' in header and 'href="/deleted"' in header
    assert post_form(client, f"/elections/{FOUNDING}/delete", {}).status_code == 302
    page = page_text(client.get("/changes"))
    assert "Deleted · change #" in page and "INTERPOL · Vice-President for Africa" in page
    deleted = client.get("/deleted")
    assert "INTERPOL · Vice-President for Africa" in page_text(deleted)
    entry = deleted.get_data(as_text=True).split(f"/elections/{FOUNDING}/history/")[1].split("/revert")[0]
    response = client.post(f"/elections/{FOUNDING}/history/{entry}/revert", data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == 302
    assert client.get(f"/elections/{FOUNDING}").status_code == 200
    assert "No election is deleted." in page_text(client.get("/deleted"))


def test_the_lists_are_for_editors_only(client, seeded):
    for url in ("/changes", "/review", "/deleted"):
        response = client.get(url)
        assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    assert client.post(f"/elections/{FOUNDING}/check", data={"version": "1"}).status_code in (302, 400)


def test_bad_review_requests_are_refused(app, client, seeded, editor_signed_in):
    token = csrf_token(client, "/")
    assert client.post(f"/elections/{FOUNDING}/check", data={"csrf_token": token, "version": "x"}).status_code == 400
    assert client.post("/elections/no-such/check", data={"csrf_token": token, "version": "1"}).status_code == 404
    assert client.get("/changes?page=0").status_code == 400
    assert client.get("/review?page=99").status_code == 404
