"""The computed outcome as the election page and the API show it (issue: election arithmetic)."""

from __future__ import annotations

import pytest

from .conftest import example, post_form
from .test_pages import enter_election, text


def record(**overrides) -> dict:
    """A small invented election (not real figures) to exercise the pages."""
    base = {
        "id": "test-council-2030",
        "organisation": {"acronym": "TEST", "name": "Test Organisation"},
        "body": "Council",
        "post": {"title": "Chair"},
        "date": "2030-05-01",
        "seats": 1,
        "electorate": 58,
        "rule": {"quota": "absolute_majority", "base": "present_and_voting"},
        "candidates": [
            {"key": "x", "name": "Xavier Example", "country": "QAT"},
            {"key": "y", "name": "Yvonne Example", "country": "FRA"},
            {"key": "z", "name": "Zeinab Example", "country": "EGY"},
        ],
        "rounds": [
            {"number": 1, "votes": [{"candidate": "x", "votes": 22}, {"candidate": "y", "votes": 18}, {"candidate": "z", "votes": 18}]},
            {"number": 2, "kind": "tie_break", "label": "Tie-break for second place", "standing": ["y", "z"],
             "votes": [{"candidate": "y", "votes": 31}, {"candidate": "z", "votes": 25}]},
            {"number": 3, "kind": "run_off", "standing": ["x", "y"], "required_majority": 30,
             "votes": [{"candidate": "x", "votes": 28}, {"candidate": "y", "votes": 30}]},
        ],
        "reported_elected": ["y"],
    }
    base.update(overrides)
    return base


def document(*records):
    return {"format": "election-records/v1", "elections": list(records)}


def test_api_outcome_has_eliminations_withdrawals_and_checks(client, load):
    assert load(document(record())).exit_code == 0
    outcome = client.get("/api/v1/elections/test-council-2030").get_json()["outcome"]
    assert outcome["elected"] == ["y"] and outcome["decided"] and outcome["checks"] == []
    assert [(r["number"], r["required_majority"], r["elected"], r["eliminated"]) for r in outcome["rounds"]] == [
        (1, 30, [], []),  # 58 present and voting: floor(58/2)+1 = 30
        (2, None, [], ["z"]),  # a tie-break ballot elects no one; z does not go on
        (3, 30, ["y"], []),
    ]
    fifa = example("fifa-2016-president")
    load(fifa, "fifa.json")
    outcome = client.get("/api/v1/elections/fifa-2016-president").get_json()["outcome"]
    assert outcome["rounds"][0]["withdrawn"] == ["sexwale"]


def test_page_marks_who_was_elected_eliminated_and_the_required_majority(client, load):
    load(document(record()))
    page = text(client.get("/elections/test-council-2030"))
    assert "Tie-break for second place tie-break" in page
    assert "Zeinab Example Egypt 25 44.6% of the recorded votes eliminated" in page  # 25 of 56
    assert "Yvonne Example France 30 51.7% of the recorded votes elected" in page  # 30 of 58
    assert "Required majority 30 absolute majority (more than half) of members present and voting; reported: 30" in page


def test_page_lists_checks_in_plain_words(client, load):
    bad = record()
    bad["rounds"][2]["required_majority"] = 31
    bad["rounds"][2]["votes"][0]["votes"] = 90  # more than the electorate of 58; 90 + 30 = 120 voting, 61 needed
    bad["reported_elected"] = ["y"]
    load(document(bad))
    page = text(client.get("/elections/test-council-2030"))
    assert "Round 3: The reported required majority (31) differs from the computed one (61)." in page
    assert "Round 3: Xavier Example: 90 votes exceed the electorate of 58." in page
    assert "The sources report Yvonne Example elected; the figures elect Xavier Example." in page


def test_votes_for_a_non_candidate_are_shown_apart(client, load):
    rec = record(rounds=[{"number": 1, "votes": [
        {"candidate": "w", "votes": 40}, {"candidate": "x", "votes": 10}, {"candidate": "y", "votes": 8}]}])
    rec["candidates"].append({"key": "w", "name": "Walter Writein", "country": "CHE", "declared": False})
    load(document(rec))
    page = text(client.get("/elections/test-council-2030"))
    # 58 present and voting: 30 needed; the undeclared candidate is elected, listed after the candidates
    assert "Walter Writein (not a declared candidate) Switzerland 40" in page
    table = page[page.index("Round 1"):]
    assert table.index("Yvonne Example France 8") < table.index("Walter Writein")
    assert "Elected: Walter Writein" in page


def test_concurrent_elections_show_each_other(client, load):
    # Invented figures in the shape of an ICJ election: absolute majority in both bodies.
    candidates = [{"key": "a", "name": "Ana Judge", "country": "BRA"}, {"key": "b", "name": "Bo Judge", "country": "SWE"}, {"key": "c", "name": "Cy Judge", "country": "IND"}]
    ga = record(id="icj-ga", body="General Assembly", electorate=193, seats=2, candidates=candidates,
                rule={"quota": "absolute_majority", "base": "electorate"}, reported_elected=[],
                rounds=[{"number": 1, "votes": [{"candidate": "a", "votes": 120}, {"candidate": "b", "votes": 100}, {"candidate": "c", "votes": 60}]}],
                related=[{"id": "icj-sc", "relation": "concurrent"}])
    sc = record(id="icj-sc", body="Security Council", electorate=15, seats=2, candidates=candidates,
                rule={"quota": "absolute_majority", "base": "electorate"}, reported_elected=[],
                rounds=[{"number": 1, "votes": [{"candidate": "a", "votes": 9}, {"candidate": "b", "votes": 5}, {"candidate": "c", "votes": 8}]}],
                related=[{"id": "icj-ga", "relation": "concurrent"}])
    assert load(document(ga, sc)).exit_code == 0
    page = text(client.get("/elections/icj-ga"))
    # GA: 97 needed (a, b); SC: 8 needed (a, c); both: a
    assert "Voted on concurrently by TEST Security Council, 2030-05-01: elected Ana Judge, Cy Judge." in page
    assert "Elected by both bodies: Ana Judge." in page
    page = text(client.get("/elections/icj-sc"))
    assert "TEST General Assembly, 2030-05-01: elected Ana Judge, Bo Judge." in page


@pytest.mark.usefixtures("editor_signed_in")
def test_round_form_records_a_restricted_round_with_lots_and_eliminations(client):
    record_id = enter_election(client)
    for name, country in (("Ann", "EGY"), ("Ben", "COG"), ("Cat", "FRA")):
        post_form(client, f"/elections/{record_id}/candidates/new", {"name": name, "country": country, "kind": "person", "declared": "y"})
    url = f"/elections/{record_id}/rounds/new"
    response = post_form(client, url, {
        "number": "1", "kind": "ordinary", "base": "valid_votes", "share_of": "valid_votes",
        "votes-0-candidate": "ann", "votes-0-stood": "y", "votes-0-votes": "20",
        "votes-1-candidate": "ben", "votes-1-stood": "y", "votes-1-votes": "20",
        "votes-2-candidate": "cat", "votes-2-stood": "y", "votes-2-votes": "17", "votes-2-eliminated": "y",
    })
    assert response.status_code == 302
    response = post_form(client, url, {
        "number": "2", "kind": "run_off", "base": "valid_votes", "share_of": "valid_votes", "quota": "plurality",
        "votes-0-candidate": "ann", "votes-0-stood": "y", "votes-0-votes": "28", "votes-0-by_lot": "y",
        "votes-1-candidate": "ben", "votes-1-stood": "y", "votes-1-votes": "28",
        "votes-2-candidate": "cat",
    })
    assert response.status_code == 302
    data = client.get(f"/api/v1/elections/{record_id}").get_json()
    second = data["rounds"][1]
    assert second["standing"] == ["ann", "ben"] and second["decided_by_lot"] == ["ann"]
    assert second["rule"] == {"quota": "plurality", "base": "valid_votes"}
    assert data["rounds"][0]["eliminated"] == ["cat"]
    assert data["outcome"]["elected"] == ["ann"] and data["outcome"]["decided"]
    assert "Ann Egypt 28 50.0% of the recorded votes elected (by lot)" in text(client.get(f"/elections/{record_id}"))
    # the stored round opens for correction with its figures
    form = client.get(f"{url}?number=2").get_data(as_text=True)
    assert 'name="votes-0-votes" type="text" value="28"' in form or 'value="28"' in form


def test_page_shows_where_sources_disagree_and_which_source_gives_a_round(client, load):
    import json
    from pathlib import Path

    real = Path(__file__).resolve().parent / "data" / "real" / "unesco-2017-director-general.json"
    load(json.loads(real.read_text()))
    page = text(client.get("/elections/unesco-2017-director-general"))
    # the run-off: Al-Kawari 28 accepted, one Macedonian source gives 27
    assert "Sources disagree (the table shows the accepted value): Votes of Hamad bin Abdulaziz Al-Kawari: accepted 28;" in page
    assert "gives 27" in page
    assert "Figures of this round from:" in page


def test_election_without_sources_says_so(client, load):
    load(document(record()))
    assert "No source recorded." in text(client.get("/elections/test-council-2030"))
