"""The editor's workbench (issue 16): every part of a record editable through the forms, numbers read as
people type them, no silent duplicates, history in words, review by a second editor."""

from __future__ import annotations

import pytest

from tracker import records
from tracker.db import get_session

from .conftest import form_values, page_text, post_form
from .test_pages import enter_election

pytestmark = pytest.mark.usefixtures("editor_signed_in")

ROUND = {"number": "1", "kind": "ordinary", "base": "valid_votes", "share_of": "valid_votes"}


def stored(app, record_id: str) -> dict:
    with app.app_context():
        return records.load_record(get_session(), record_id)


def add_candidates(client, record_id: str, *people: tuple[str, str]) -> None:
    for name, country in people:
        response = post_form(client, f"/elections/{record_id}/candidates/new", {"name": name, "country": country, "kind": "person", "declared": "y"})
        assert response.status_code == 302, page_text(response)


@pytest.mark.parametrize(
    "language, typed, share, expected",
    [
        ("ar", "١٦٠", "٥٥٫٦", 160),  # Arabic-Indic digits and decimal mark
        ("ar", "۱۶۰", "55.6", 160),  # Persian digits
        ("fr", "1 160", "55,6", 1160),  # a space between thousands, a decimal comma
        ("en", "1,160", "55.6", 1160),
    ],
)
def test_numbers_are_read_as_people_type_them(app, client, language, typed, share, expected):
    record_id = enter_election(client)
    add_candidates(client, record_id, ("Khaled El-Enany", "EGY"))
    data = {**ROUND, "electorate": "2000", "votes-0-candidate": "khaled-el-enany", "votes-0-stood": "y",
            "votes-0-votes": typed, "votes-0-share": share}
    response = post_form(client, f"/elections/{record_id}/rounds/new?lang={language}", data)
    assert response.status_code == 302, page_text(response)
    (vote,) = stored(app, record_id)["rounds"][0]["votes"]
    assert (vote["votes"], vote["share"]) == (expected, 55.6)


def test_text_that_is_no_number_is_refused_never_stored_as_unknown(app, client):
    record_id = enter_election(client)
    add_candidates(client, record_id, ("Khaled El-Enany", "EGY"))
    data = {**ROUND, "votes-0-candidate": "khaled-el-enany", "votes-0-stood": "y", "votes-0-votes": "١٦O"}  # a letter O
    response = post_form(client, f"/elections/{record_id}/rounds/new?lang=ar", data)
    assert response.status_code == 400
    assert "«١٦O» ليس عددًا." in page_text(response)
    assert 'type="number"' not in response.get_data(as_text=True)
    assert stored(app, record_id)["rounds"] == []


def facts(**changes) -> dict:
    from .test_pages import ELECTION

    return {**ELECTION, **changes}


def test_an_elections_facts_are_corrected_and_the_rest_kept(app, client):
    record_id = enter_election(client)
    add_candidates(client, record_id, ("Khaled El-Enany", "EGY"))
    url = f"/elections/{record_id}/edit"
    assert 'value="2025-10-06"' in client.get(url).get_data(as_text=True)  # the form shows what is stored
    data = facts(date="2025-10-07", end_date="2025-10-09", city="Samarkand", country="UZB", status="held",
                 term_start="2025-11-15", term_end="2029-11-14", term_years="4", rounds_held="5", notes="Five ballots.")
    response = post_form(client, url, data)
    assert response.status_code == 302, page_text(response)
    record = stored(app, record_id)
    assert (record["date"], record["end_date"], record["location"], record["term"]) == (
        "2025-10-07", "2025-10-09", {"city": "Samarkand", "country": "UZB"}, {"start": "2025-11-15", "end": "2029-11-14"}
    )
    assert (record["post"]["term_years"], record["rounds_held"], record["notes"]) == (4, 5, "Five ballots.")
    assert [c["name"] for c in record["candidates"]] == ["Khaled El-Enany"]  # its candidates stay
    assert record_id == "unesco-director-general-2025-10-06"  # the id is stable


@pytest.mark.parametrize(
    "change, message",
    [
        ({"end_date": "2025-02-30"}, "This is not a calendar date."),
        ({"term_start": "soon"}, "Use YYYY-MM-DD."),
        ({"body": "Executive\u202eBoard"}, "invisible control character"),
        ({"notes": "x" * 10_001}, "This text is 10,001 characters long; at most 10,000 are allowed."),
        ({"seats": "two"}, "“two” is not a number."),
    ],
)
def test_bad_facts_are_refused_and_nothing_is_saved(app, client, change, message):
    record_id = enter_election(client)
    before = stored(app, record_id)
    response = post_form(client, f"/elections/{record_id}/edit", facts(**change))
    assert response.status_code in (400, 409) and message in page_text(response)
    assert stored(app, record_id) == before


def test_two_editors_correcting_at_once_the_second_is_told(app, client):
    record_id = enter_election(client)
    url = f"/elections/{record_id}/edit"
    from .conftest import hidden_fields

    opened = hidden_fields(client, url)  # both open the form at version 1
    assert client.post(url, data={**opened, **facts(city="Tashkent")}).status_code == 302
    second = client.post(url, data={**opened, **facts(city="Samarkand")})
    assert second.status_code == 409 and "This election changed since you opened this page" in page_text(second)
    assert stored(app, record_id)["location"]["city"] == "Tashkent"


def test_the_same_election_twice_is_shown_first_then_made_if_another(app, client):
    enter_election(client)
    response = post_form(client, "/elections/new", facts())
    assert response.status_code == 409
    assert "This election may be recorded already:" in page_text(response)
    with app.app_context():
        assert records.count_elections(get_session()) == 1
    response = post_form(client, "/elections/new", facts(same_anyway="y"))
    assert response.status_code == 302
    with app.app_context():
        assert records.count_elections(get_session()) == 2


def test_forms_offer_what_is_recorded_and_mark_what_is_required(client):
    enter_election(client)
    html = client.get("/elections/new").get_data(as_text=True)
    assert '<datalist id="organisations"><option value="UNESCO">' in html
    assert '<option value="Executive Board">' in html
    assert 'aria-required="true"' in html and 'class="required-mark"' in html
    assert "Venue country" in html


def round_with(client, record_id: str, number: int, votes: dict[str, int | str], **figures) -> None:
    data = {**ROUND, "number": str(number), **{k: str(v) for k, v in figures.items()}}
    for index, (key, count) in enumerate(votes.items()):
        data.update({f"votes-{index}-candidate": key, f"votes-{index}-stood": "y", f"votes-{index}-votes": str(count)})
    response = post_form(client, f"/elections/{record_id}/rounds/new", data)
    assert response.status_code == 302, page_text(response)


def test_a_candidate_is_corrected_renamed_in_every_round_and_kept_once(app, client):
    record_id = enter_election(client)
    add_candidates(client, record_id, ("Khaled El Enani", "EGY"), ("Firmin Matoko", "COG"))
    round_with(client, record_id, 1, {"khaled-el-enani": 55, "firmin-matoko": 2})
    url = f"/elections/{record_id}/candidates/khaled-el-enani/edit"
    assert "Khaled El Enani" in client.get(url).get_data(as_text=True)
    data = {"name": "Khaled El-Enany", "name_ar": "خالد العناني", "aliases": "Khaled El Enani\nKhaled Al-Anani",
            "country": "EGY", "kind": "person", "gender": "male", "declared": "y", "reported_elected": "y"}
    response = post_form(client, url, data)
    assert response.status_code == 302, page_text(response)
    record = stored(app, record_id)
    khaled = record["candidates"][0]
    assert (khaled["key"], khaled["name"], khaled["names"], khaled["gender"]) == (
        "khaled-el-enani", "Khaled El-Enany", {"ar": "خالد العناني"}, "male"
    )
    assert set(khaled["aliases"]) >= {"Khaled El Enani", "Khaled Al-Anani"}
    assert record["reported_elected"] == ["khaled-el-enani"]
    assert record["rounds"][0]["votes"][0] == {"candidate": "khaled-el-enani", "votes": 55, "share": None}
    # the same candidate again is refused, whether added or corrected into another's name
    response = post_form(client, f"/elections/{record_id}/candidates/new", {"name": "khaled el-enany", "country": "EGY", "kind": "person"})
    assert response.status_code == 400 and "Khaled El-Enany is a candidate already." in page_text(response)
    response = post_form(client, f"/elections/{record_id}/candidates/firmin-matoko/edit", {"name": "Khaled El-Enany", "country": "COG", "kind": "person"})
    assert response.status_code == 400 and len(stored(app, record_id)["candidates"]) == 2


def test_a_candidate_entered_by_mistake_is_removed_with_their_figures(app, client):
    record_id = enter_election(client)
    add_candidates(client, record_id, ("Khaled El-Enany", "EGY"), ("Nobody Atall", "FRA"))
    round_with(client, record_id, 1, {"khaled-el-enany": 55, "nobody-atall": 3})
    url = f"/elections/{record_id}/candidates/nobody-atall/remove"
    assert "Their figures in these rounds go too: Round 1" in page_text(client.get(url))
    assert post_form(client, url, {}).status_code == 302
    record = stored(app, record_id)
    assert [c["key"] for c in record["candidates"]] == ["khaled-el-enany"]
    assert [v["candidate"] for v in record["rounds"][0]["votes"]] == ["khaled-el-enany"]
    assert client.get(f"/elections/{record_id}/candidates/nobody-atall/edit").status_code == 404


def test_a_person_standing_elsewhere_keeps_one_name_for_all_their_elections(app, client):
    from .test_pages import ELECTION

    first = enter_election(client)
    add_candidates(client, first, ("Khaled El Enani", "EGY"))
    response = post_form(client, "/elections/new", {**ELECTION, "session": "220th session", "date": "2024-10-07"})
    second = response.headers["Location"].split("/")[2]
    add_candidates(client, second, ("Khaled El Enani", "EGY"))
    response = post_form(client, f"/elections/{first}/candidates/khaled-el-enani/edit",
                         {"name": "Khaled El-Enany", "country": "EGY", "kind": "person"}, follow_redirects=True)
    assert "Khaled El-Enany stands in other elections too" in page_text(response)
    # one person, one name: the new spelling is kept beside it, and both elections show the same name
    for record_id in (first, second):
        khaled = stored(app, record_id)["candidates"][0]
        assert khaled["name"] == "Khaled El Enani" and "Khaled El-Enany" in khaled["aliases"]


SOURCE_A = "https://www.unesco.org/en/articles/executive-board-nominates-khaled-el-enany"
SOURCE_B = "https://www.lemonde.fr/international/article/2025/10/06/unesco.html"


def test_sources_are_added_corrected_and_removed_and_rounds_follow(app, client):
    record_id = enter_election(client)
    add_candidates(client, record_id, ("Khaled El-Enany", "EGY"), ("Firmin Edouard Matoko", "COG"))
    url = f"/elections/{record_id}/sources"
    response = post_form(client, url, {
        "sources-0-url": SOURCE_A, "sources-0-title": "Executive Board nominates Khaled El-Enany",
        "sources-0-publisher": "UNESCO", "sources-0-language": "en", "sources-0-published": "2025-10-06",
        "sources-1-url": "https://www.lemonde.fr/wrong", "sources-1-publisher": "Le Monde", "sources-1-language": "fr",
    })
    assert response.status_code == 302, page_text(response)
    record = stored(app, record_id)
    assert record["sources"] == [
        {"url": SOURCE_A, "title": "Executive Board nominates Khaled El-Enany", "publisher": "UNESCO", "language": "en",
         "published": "2025-10-06", "accessed": None},
        {"url": "https://www.lemonde.fr/wrong", "title": None, "publisher": "Le Monde", "language": "fr",
         "published": None, "accessed": None},
    ]
    # a round cites both, and keeps a value another source gives
    round_url = f"/elections/{record_id}/rounds/new"
    page = client.get(round_url).get_data(as_text=True)
    assert "Executive Board nominates Khaled El-Enany · UNESCO" in page and "Le Monde" in page
    response = post_form(client, round_url, {
        **ROUND, "date": "2025-10-06", "ballots_cast": "58", "invalid": "1",
        "votes-0-candidate": "khaled-el-enany", "votes-0-stood": "y", "votes-0-votes": "55",
        "votes-1-candidate": "firmin-edouard-matoko", "votes-1-stood": "y", "votes-1-votes": "2",
        "sources": [SOURCE_A, "https://www.lemonde.fr/wrong"], "derived": ["invalid"],
        "disputed-0-field": "votes", "disputed-0-candidate": "firmin-edouard-matoko", "disputed-0-value": "3",
        "disputed-0-source": "https://www.lemonde.fr/wrong",
    })
    assert response.status_code == 302, page_text(response)
    rnd = stored(app, record_id)["rounds"][0]
    assert (rnd["date"], rnd["sources"], rnd["derived"]) == ("2025-10-06", [SOURCE_A, "https://www.lemonde.fr/wrong"], ["invalid"])
    assert rnd["disputed"] == [{"field": "votes", "candidate": "firmin-edouard-matoko", "value": 3, "source": "https://www.lemonde.fr/wrong"}]
    # the round's page opens with all of it, and saving it unchanged changes nothing
    page = client.get(f"{round_url}?number=1").get_data(as_text=True)
    assert 'value="2025-10-06"' in page and 'value="https://www.lemonde.fr/wrong"' in page
    # correct an address and remove the other: the round follows
    response = post_form(client, url, {
        "sources-0-original": SOURCE_A, "sources-0-url": SOURCE_A, "sources-0-remove": "y",
        "sources-1-original": "https://www.lemonde.fr/wrong", "sources-1-url": SOURCE_B, "sources-1-publisher": "Le Monde",
    })
    assert response.status_code == 302, page_text(response)
    record = stored(app, record_id)
    assert [s["url"] for s in record["sources"]] == [SOURCE_B]
    assert record["rounds"][0]["sources"] == [SOURCE_B] and record["rounds"][0]["disputed"][0]["source"] == SOURCE_B


@pytest.mark.parametrize(
    "data, message",
    [
        ({"sources-0-url": "javascript:alert(1)"}, "A web address starts with http:// or https://."),
        ({"sources-0-title": "A title without an address"}, "A source needs its address."),
        ({"sources-0-url": SOURCE_A, "sources-1-url": SOURCE_A}, "This address is listed twice."),
        ({"sources-0-url": SOURCE_A, "sources-0-published": "2025-02-30"}, "This is not a calendar date."),
        ({"sources-0-url": SOURCE_A, "sources-0-title": "x" * 501}, "This text is 501 characters long; at most 500 are allowed."),
        ({"sources-0-url": SOURCE_A, "sources-0-title": "UNESCO\u202e"}, "invisible control character"),
    ],
)
def test_bad_sources_are_refused_and_nothing_is_saved(app, client, data, message):
    record_id = enter_election(client)
    response = post_form(client, f"/elections/{record_id}/sources", data)
    assert response.status_code == 400 and message in page_text(response)
    assert stored(app, record_id)["sources"] == []


@pytest.mark.parametrize(
    "row, message",
    [
        ({"disputed-0-field": "votes", "disputed-0-value": "3", "disputed-0-source": "Le Monde"}, "Whose figure is disputed?"),
        ({"disputed-0-field": "ballots_cast", "disputed-0-source": "Le Monde"}, "Needed for a disputed value."),
        ({"disputed-0-field": "ballots_cast", "disputed-0-value": "tres", "disputed-0-source": "Le Monde"}, "not a number"),
        ({"disputed-0-field": "votes", "disputed-0-candidate": "nobody", "disputed-0-value": "3", "disputed-0-source": "x"}, "Not a valid choice"),
        ({"sources": ["https://example.org/not-a-source-of-this-election"]}, "is not a valid choice"),
        ({"date": "2025-13-01"}, "This is not a calendar date."),
    ],
)
def test_bad_round_entries_are_refused_and_nothing_is_saved(app, client, row, message):
    record_id = enter_election(client)
    add_candidates(client, record_id, ("Khaled El-Enany", "EGY"))
    data = {**ROUND, "votes-0-candidate": "khaled-el-enany", "votes-0-stood": "y", "votes-0-votes": "55", **row}
    response = post_form(client, f"/elections/{record_id}/rounds/new", data)
    assert response.status_code == 400 and message in page_text(response), page_text(response)
    assert stored(app, record_id)["rounds"] == []


@pytest.mark.parametrize(
    "url, data, message",
    [
        ("candidates/new", {"name": "Khaled\u202eynanE", "country": "EGY", "kind": "person"}, "invisible control character"),
        ("candidates/new", {"name": "Khaled", "aliases": "K. El-Enany\nEl\u200bEnany", "country": "EGY", "kind": "person"}, "invisible control character"),
        ("candidates/new", {"name": "K" * 301, "country": "EGY", "kind": "person"}, "This text is 301 characters long; at most 300 are allowed"),
        ("candidates/new", {"name": "<script>alert(1)</script>", "country": "EGY", "kind": "person"}, "A name is plain text"),
        ("sources", {"sources-0-url": "https://a.org/x\ny"}, "This is not a web address"),
        ("sources", {"sources-0-url": 'https://a.org/"><script>'}, "This is not a web address"),
        ("edit", {"end_date": "2025-10-01"}, "The last day comes before the first."),
        ("edit", {"term_start": "2025-11-15", "term_end": "2025-11-14"}, "The term ends before it starts."),
        ("candidates/new", {"name": "Khaled", "country": "XXX", "kind": "person"}, "Not a valid choice"),
        ("rounds/new", {**ROUND, "disputed-0-field": "ballots_cast", "disputed-0-value": "58", "disputed-0-source": "Le\u202eMonde"}, "invisible control character"),
        ("rounds/new", {**ROUND, "disputed-0-field": "ballots_cast", "disputed-0-value": "58", "disputed-0-source": "s" * 2001}, "This text is 2,001 characters long; at most 2,000 are allowed."),
        ("rounds/new", {**ROUND, "notes": "n" * 5001}, "Field cannot be longer than 5000 characters."),
        ("edit", {"end_date": "2025-02-29"}, "This is not a calendar date."),
    ],
)
def test_hostile_entries_in_the_new_forms_are_refused_and_nothing_is_saved(app, client, url, data, message):
    record_id = enter_election(client)
    if url == "rounds/new":
        add_candidates(client, record_id, ("Khaled El-Enany", "EGY"))
    before = stored(app, record_id)
    if url == "edit":
        data = {**facts(), **data}
    response = post_form(client, f"/elections/{record_id}/{url}", data)
    assert response.status_code == 400 and message in page_text(response), page_text(response)
    assert stored(app, record_id) == before


def test_markup_in_a_source_title_is_stored_as_text_and_shown_inert(app, client):
    record_id = enter_election(client)
    response = post_form(client, f"/elections/{record_id}/sources", {"sources-0-url": SOURCE_A, "sources-0-title": "<b>bold</b>"})
    assert response.status_code == 302
    html = client.get(f"/elections/{record_id}").get_data(as_text=True)
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html
    assert stored(app, record_id)["sources"][0]["title"] == "<b>bold</b>"


def test_rounds_are_renumbered_not_overwritten_and_votes_of_a_withdrawn_candidate_are_refused(app, client):
    record_id = enter_election(client)
    add_candidates(client, record_id, ("Khaled El-Enany", "EGY"), ("Firmin Edouard Matoko", "COG"))
    round_with(client, record_id, 1, {"khaled-el-enany": 30, "firmin-edouard-matoko": 28})
    round_with(client, record_id, 2, {"khaled-el-enany": 55, "firmin-edouard-matoko": 2})
    url = f"/elections/{record_id}/rounds/new"
    # a new round numbered as a recorded one is refused, as is renumbering round 1 onto round 2
    data = {**ROUND, "number": "2", "votes-0-candidate": "khaled-el-enany", "votes-0-stood": "y", "votes-0-votes": "1"}
    response = post_form(client, url, data)
    assert response.status_code == 400 and "Round 2 is recorded already" in page_text(response)
    response = post_form(client, f"{url}?number=1", {**data, "original": "1"})
    assert response.status_code == 400 and "Round 2 is recorded already" in page_text(response)
    assert [r["votes"][0]["votes"] for r in stored(app, record_id)["rounds"]] == [30, 55]
    # round 1 renumbered 3 (the number was mistyped): moved, not copied
    response = post_form(client, f"{url}?number=1", {**data, "number": "3", "original": "1"})
    assert response.status_code == 302
    assert [(r["number"], r["votes"][0]["votes"]) for r in stored(app, record_id)["rounds"]] == [(2, 55), (3, 1)]
    # votes typed for a candidate ticked "withdrew" are refused, not dropped
    data = {**ROUND, "number": "4", "votes-0-candidate": "khaled-el-enany", "votes-0-stood": "y", "votes-0-votes": "5",
            "votes-0-withdrawn": "y"}
    response = post_form(client, url, data)
    assert response.status_code == 400 and "A candidate who withdrew before this round has no votes in it" in page_text(response)
    # a restricted ballot with no one standing is refused
    response = post_form(client, url, {**ROUND, "number": "4", "kind": "restricted", "votes-0-candidate": "khaled-el-enany"})
    assert response.status_code == 400 and "Tick “stood” for the candidates standing in this round." in page_text(response)
    assert client.get(f"{url}?number=9", follow_redirects=False).status_code == 200
    assert "No round 9 is recorded: this is a new round." in page_text(client.get(f"{url}?number=9"))


def test_a_source_still_cited_alone_by_a_round_is_not_removed(app, client):
    record_id = enter_election(client)
    add_candidates(client, record_id, ("Khaled El-Enany", "EGY"))
    assert post_form(client, f"/elections/{record_id}/sources", {"sources-0-url": SOURCE_A}).status_code == 302
    data = {**ROUND, "votes-0-candidate": "khaled-el-enany", "votes-0-stood": "y", "votes-0-votes": "55", "sources": [SOURCE_A]}
    assert post_form(client, f"/elections/{record_id}/rounds/new", data).status_code == 302
    response = post_form(client, f"/elections/{record_id}/sources", {"sources-0-original": SOURCE_A, "sources-0-url": SOURCE_A, "sources-0-remove": "y"})
    assert response.status_code == 400 and "Round 1 would cite no source any more" in page_text(response)
    assert stored(app, record_id)["sources"][0]["url"] == SOURCE_A


def test_a_form_opened_before_another_editor_removed_a_candidate_gets_the_conflict_page(app, client):
    record_id = enter_election(client)
    add_candidates(client, record_id, ("Khaled El-Enany", "EGY"), ("Nobody Atall", "FRA"))
    url = f"/elections/{record_id}/rounds/new"
    opened = {**ROUND, "votes-0-candidate": "khaled-el-enany", "votes-0-stood": "y", "votes-0-votes": "55",
              "votes-1-candidate": "nobody-atall", "votes-1-stood": "y", "votes-1-votes": "3"}
    from .conftest import hidden_fields

    fields = hidden_fields(client, url)
    assert post_form(client, f"/elections/{record_id}/candidates/nobody-atall/remove", {}).status_code == 302
    response = client.post(url, data={**fields, **opened})
    assert response.status_code == 409 and "This election changed since you opened this page" in page_text(response)


def test_an_election_edit_leaves_the_organisation_as_it_is(app, client, seeded):
    from .test_audit import FOUNDING

    url = f"/elections/{FOUNDING}/edit"
    page = client.get(url).get_data(as_text=True)
    assert "INTERPOL" in page
    data = {**form_values(page), "city": "Glasgow (SEC)"}
    assert client.post(url, data=data).status_code == 302
    history = page_text(client.get(f"/elections/{FOUNDING}/history"))
    assert "Place, City Glasgow Glasgow (SEC)" in history or "City Glasgow Glasgow (SEC)" in history
    assert "Organisation" not in history.split("Changed")[1].split("Created")[0]
