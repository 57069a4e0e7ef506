"""The shipped real elections (tracker/data/elections/): sourced, well formed, loaded by `flask seed`,
and computed by the tracker as the sources report them, or with a check that says why not.

Every figure of a shipped record must come from a source the record names: each round lists the
URLs (among the election's sources) that give its figures; a figure computed by whoever recorded it
is named in ``derived``; the other values sources give are in ``disputed`` with their source.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tracker import create_app, outcomes, records
from tracker.db import get_engine, get_session
from tracker.migrations import upgrade
from tracker.results import Basis

FOLDER = Path(__file__).resolve().parents[1] / "tracker/data/elections"
FILES = sorted(FOLDER.glob("*.json"))
DOCUMENTS = {path.name: json.loads(path.read_text(encoding="utf-8")) for path in FILES}
ELECTIONS = [e for document in DOCUMENTS.values() for e in document["elections"]]
BY_ID = {e["id"]: e for e in ELECTIONS}

ROUND_FIGURES = {"electorate", "ballots_cast", "invalid", "abstentions", "present_and_voting", "required_majority"}
VOTE_FIGURES = {"votes", "share", "against"}

# Where the computed outcome, decided by the recorded figures, differs from what the sources report,
# and why (a check on the page says so too: "The sources report ... elected; the figures elect ...").
KNOWN_DIFFERENCES = {
    # No one reached two-thirds in the first ballot; the runner-up conceded and no second ballot was
    # held: Blatter was declared elected (BBC, 8 June 1998; FIFA Congress, 29 May 2015).
    "fifa-1998-president": "the runner-up conceded after the first ballot",
    "fifa-2015-president": "the runner-up conceded after the first ballot",
}


def test_every_file_is_valid_election_records():
    assert FILES, f"no shipped election in {FOLDER}"
    for name, document in DOCUMENTS.items():
        assert records.validate_records(document) == [], name


def test_the_data_set_is_large_and_broad_enough():
    organisations = {e["organisation"]["acronym"] for e in ELECTIONS}
    with_votes = [e for e in ELECTIONS if any(_every_count_known(r) for r in e["rounds"])]
    years = {int(e["date"][:4]) for e in ELECTIONS}
    assert len(ELECTIONS) >= 300, len(ELECTIONS)
    assert len(organisations) >= 15, sorted(organisations)
    assert len(with_votes) >= 150, len(with_votes)
    assert min(years) <= 1990 and max(years) >= 2025
    assert len(BY_ID) == len(ELECTIONS), "election ids are unique across files"


def _every_count_known(rnd: dict) -> bool:
    """Every candidate listed in the round has a count of votes."""
    return bool(rnd["votes"]) and all(v.get("votes") is not None for v in rnd["votes"])


@pytest.mark.parametrize("record", ELECTIONS, ids=lambda e: e["id"])
def test_every_figure_is_traceable_to_a_named_source(record):
    urls = {s["url"] for s in record.get("sources", [])}
    assert urls, "the election names its sources"
    assert "invented" not in json.dumps(record).lower()
    for rnd in record["rounds"]:
        where = f"round {rnd['number']}"
        assert rnd.get("sources"), f"{where} names the sources of its figures"
        assert set(rnd["sources"]) <= urls, f"{where} cites a URL that is not among the election's sources"
        for dispute in rnd.get("disputed", []):
            assert dispute["source"] in urls, f"{where}: a disputed value's source is not among the election's"
        known = {f for f in ROUND_FIGURES if rnd.get(f) is not None}
        for name in rnd.get("derived", []):
            assert name in ROUND_FIGURES | VOTE_FIGURES, f"{where}: derived names {name!r}, not a figure"
            if name in ROUND_FIGURES:
                assert name in known, f"{where}: derived {name!r} is null"
    for link in record.get("related", []):
        if link["relation"] == "concurrent":
            assert link["id"] in BY_ID, f"the concurrent vote {link['id']} is shipped too"


@pytest.mark.parametrize("record", ELECTIONS, ids=lambda e: e["id"])
def test_the_tracker_computes_what_the_sources_report(record):
    canonical = records.canonical(record)
    partners = {i: records.canonical(BY_ID[i]) for i in outcomes.concurrent_ids(canonical) if i in BY_ID}
    outcome = outcomes.record_outcome(canonical, partners)
    reported = record.get("reported_elected")
    if outcome.basis is not Basis.COMPUTED or not outcome.decided or reported is None:
        return  # the figures do not settle it: the page shows the outcome as the sources report it
    if record["id"] in KNOWN_DIFFERENCES:
        assert set(outcome.elected) != set(reported)
        assert any("The sources report" in c.message for c in outcome.checks)
        return
    assert set(outcome.elected) == set(reported)


def test_concurrent_votes_are_linked_both_ways():
    for record in ELECTIONS:
        for other in outcomes.concurrent_ids(record):
            assert record["id"] in outcomes.concurrent_ids(BY_ID[other]), (record["id"], other)


@pytest.fixture(scope="module")
def shipped_app(tmp_path_factory):
    """An app whose database `flask seed` filled with the whole shipped set (default SEED_ELECTIONS)."""
    import os

    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path_factory.mktemp('shipped') / 'test.sqlite'}"
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "DATABASE_URL": url})
    with app.app_context():
        engine = get_engine()
        if not url.startswith("sqlite"):
            from tracker.db import drop_schema

            drop_schema(engine)
        upgrade(engine)
    first = app.test_cli_runner().invoke(args=["seed"])
    assert first.exit_code == 0, first.output
    app.first_seed_output = first.output
    yield app
    with app.app_context():
        get_engine().dispose()


def test_seed_loads_every_shipped_election_and_twice_changes_nothing(shipped_app):
    assert f"Created {len(ELECTIONS)} election(s), updated 0, left unchanged 0." in shipped_app.first_seed_output
    again = shipped_app.test_cli_runner().invoke(args=["seed"])
    assert f"Created 0 election(s), updated 0, left unchanged {len(ELECTIONS)}." in again.output
    with shipped_app.app_context():
        assert records.count_elections(get_session()) == len(ELECTIONS)


def test_shipped_records_come_back_as_they_were_imported(shipped_app):
    with shipped_app.app_context():
        stored = records.load_records(get_session(), list(BY_ID))
    assert [r["id"] for r in stored] == list(BY_ID)
    # a person's, gathered from every election they stood in: the first spelling seen is the name
    personal = ("name", "names", "aliases", "gender")
    for record in stored:
        shipped = records.canonical(BY_ID[record["id"]])
        for loaded, given in zip(record["candidates"], shipped["candidates"]):
            if given["kind"] == "person" and given["name"]:
                spellings = {loaded["name"], *loaded["aliases"], *loaded["names"].values()}
                assert given["name"] in spellings or given["name"].replace("-", " ") in spellings, record["id"]
            assert given["names"].items() <= loaded["names"].items() or given["kind"] == "state", record["id"]
            assert set(given["aliases"]) <= set(loaded["aliases"]), record["id"]
            for name in personal:
                loaded.pop(name), given.pop(name)
        assert record == shipped, record["id"]


def test_pages_of_real_data(shipped_app):
    client = shipped_app.test_client()
    page = client.get("/organisations").get_data(as_text=True)
    organisations = {e["organisation"]["acronym"] for e in ELECTIONS}
    assert all(f'/organisations/{acronym}"' in page for acronym in organisations)
    for code in ("MAR", "BRA"):
        years = {int(e["date"][:4]) for e in ELECTIONS for c in e["candidates"] if c.get("country") == code}
        acronyms = {e["organisation"]["acronym"] for e in ELECTIONS for c in e["candidates"] if c.get("country") == code}
        assert len(acronyms) >= 3 and max(years) - min(years) >= 20, (code, acronyms, years)
        response = client.get(f"/countries/{code}")
        assert response.status_code == 200
        text = response.get_data(as_text=True)
        assert all(acronym in text for acronym in acronyms)
    assert client.get("/").status_code == 200


def test_votes_received_without_standing_are_no_candidacy_lost(shipped_app):
    """UN HRC 2007 and UN SC 2017: Morocco received one vote each without standing. Its record counts
    11 elected of 11 contested, and the two apart (page, API, chart's table)."""
    from .conftest import page_text

    shipped_client = shipped_app.test_client()
    page = page_text(shipped_client.get("/countries/MAR"))
    assert "Not elected 0" in page and "Votes without standing 2 (not counted as candidacies)" in page
    assert "100.0% (elected of 11 contested; withdrawals not counted)" in page
    tally = shipped_client.get("/api/v1/countries/MAR").get_json()["record"]
    assert (tally["elected"], tally["not_elected"], tally["undeclared"], tally["success_rate"]) == (11, 0, 2, 100.0)


def test_blatter_won_fifa_1998_and_2015_as_the_sources_report(shipped_app):
    """Each recorded first ballot left the seat open (two-thirds not reached), then the opponent
    conceded or withdrew and no second ballot was held: the outcome is the sources' report, and
    Blatter's record counts both as won (it said "not elected")."""
    from .conftest import page_text

    client = shipped_app.test_client()
    for year in (1998, 2015):
        page = page_text(client.get(f"/elections/fifa-{year}-president"))
        assert "No one is elected" not in page and "Elected: Sepp Blatter" in page, year
        assert "As reported by the sources" in page
        answer = client.get(f"/api/v1/elections/fifa-{year}-president").get_json()
        assert answer["outcome"]["elected"] == ["blatter"] and answer["outcome"]["basis"] == "reported", year
    assert client.get("/api/v1/elections/fifa-1998-president").get_json()["outcome"]["decided"] is False
    person = client.get("/api/v1/search", query_string={"q": "Sepp Blatter"}).get_json()["persons"][0]
    page = page_text(client.get(f"/persons/{person['id']}"))
    assert "Elected 5" in page and "Not elected 0" in page  # 1998, 2002, 2007, 2011, 2015
