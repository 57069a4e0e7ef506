"""Importing and exporting election-records/v1 files."""

from __future__ import annotations

import copy
import json
from importlib import resources
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tracker import models, records
from tracker.db import get_session

from .conftest import SHARED, example


def count_rows(app) -> dict[str, int]:
    with app.app_context():
        session = get_session()
        return {
            table.__name__: session.scalar(select(func.count()).select_from(table))
            for table in (models.Organisation, models.Election, models.Candidacy, models.Round, models.RoundVote, models.Source, models.Person)
        }


def test_the_packaged_schema_is_the_shared_one():
    if not SHARED.is_dir():
        pytest.skip(f"no shared/ folder beside the checkout ({SHARED}) to compare the schema with")
    packaged = json.loads((resources.files("tracker") / "data/election-records.schema.json").read_text())
    assert packaged == json.loads((SHARED / "interchange/election-records.schema.json").read_text())


def test_the_glossary_and_the_format_ship_in_the_repository_as_published(load):
    """docs/ holds the glossary and the election-records/v1 format (README, schema, examples) that the
    README points to, as ../shared publishes them where that folder sits beside the checkout."""
    docs = Path(__file__).resolve().parents[1] / "docs"
    schema = json.loads((docs / "interchange/election-records.schema.json").read_text(encoding="utf-8"))
    assert schema == json.loads((resources.files("tracker") / "data/election-records.schema.json").read_text())
    for example_file in sorted((docs / "interchange/examples").glob("*.json")):
        assert load(json.loads(example_file.read_text(encoding="utf-8"))).exit_code == 0, example_file.name
    if SHARED.is_dir():
        for name in ("GLOSSARY.md", "interchange/README.md", *(f"interchange/examples/{p.name}" for p in (SHARED / "interchange/examples").glob("*.json"))):
            assert (docs / name).read_text(encoding="utf-8") == (SHARED / name).read_text(encoding="utf-8"), name


def test_seed_loads_the_founding_election(app, runner):
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    assert "created interpol-2024-vice-president-africa" in result.output
    with app.app_context():
        record = records.load_record(get_session(), "interpol-2024-vice-president-africa")
    assert [v["votes"] for v in record["rounds"][0]["votes"]] == [96, None, None]
    assert record["rule"] is None and record["electorate"] is None
    assert count_rows(app)["Source"] == 4
    # seeding again when not empty changes nothing
    assert "nothing seeded" in runner.invoke(args=["seed", "--if-empty"]).output
    assert count_rows(app)["Election"] == 1


def test_import_stores_every_figure_and_unknowns_stay_null(app, load):
    result = load(example("fifa-2016-president"))
    assert result.exit_code == 0, result.output
    with app.app_context():
        record = records.load_record(get_session(), "fifa-2016-president")
    second = record["rounds"][1]
    assert [(v["candidate"], v["votes"]) for v in second["votes"]] == [
        ("infantino", 115), ("salman", 88), ("ali", 4), ("champagne", 0)
    ]
    assert record["rounds"][0]["rule"] == {"quota": "two_thirds", "base": "valid_votes"}
    assert record["rounds"][0]["withdrawn"] == ["sexwale"]
    assert record["reported_elected"] == ["infantino"]
    assert second["ballots_cast"] is None  # not given: unknown, not 0


def test_export_validates_and_round_trips(app, load, runner, tmp_path):
    assert load(example("fifa-2016-president")).exit_code == 0
    assert load(example("interpol-2024-vice-president-africa"), "b.json").exit_code == 0
    out = tmp_path / "export.json"
    assert runner.invoke(args=["data", "export", str(out)]).exit_code == 0
    exported = json.loads(out.read_text())
    assert records.validate_records(exported) == []
    assert [e["id"] for e in exported["elections"]] == ["interpol-2024-vice-president-africa", "fifa-2016-president"]
    # importing the export again changes nothing
    before = count_rows(app)
    assert load(exported, "again.json").exit_code == 0
    assert count_rows(app) == before
    out2 = tmp_path / "export2.json"
    runner.invoke(args=["data", "export", str(out2)])
    assert json.loads(out2.read_text()) == exported


def test_bad_file_names_election_and_field_and_stores_nothing(app, load):
    assert load(example("interpol-2024-vice-president-africa")).exit_code == 0
    before = count_rows(app)
    bad = example("fifa-2016-president")
    bad["elections"][0]["rounds"][1]["votes"][0]["votes"] = -5
    result = load(bad, "bad.json")
    assert result.exit_code != 0
    assert (
        "election fifa-2016-president, round 2, candidate infantino, Votes (rounds[1].votes[0].votes): "
        "-5 is negative: a count is 0 or more"
    ) in result.output
    assert "nothing was stored" in result.output
    assert count_rows(app) == before


def test_meaning_faults_are_all_reported(app, load):
    bad = example("fifa-2016-president")
    election = bad["elections"][0]
    election["date"] = "2016-02-30"
    election["candidates"][1]["country"] = "XYZ"
    election["candidates"].append(copy.deepcopy(election["candidates"][0]))
    election["rounds"][0]["votes"].append({"candidate": "nobody", "votes": 3})
    election["rounds"][1]["number"] = 1
    result = load(bad)
    assert result.exit_code != 0
    for expected in (
        "Date (date): “2016-02-30” is not a calendar date",
        "candidate salman, Nominating country (candidates[1].country): XYZ is not an ISO 3166 alpha-3 code",
        "candidate infantino, Candidate key (candidates[5].key): “infantino” is used twice",
        "round 1, candidate nobody (rounds[0].votes[4].candidate): “nobody” is not the key of a candidate of this election",
        "round 1, Round number (rounds[1].number): round 1 appears twice",
    ):
        assert expected in result.output
    assert count_rows(app)["Election"] == 0


def test_a_later_bad_election_keeps_an_earlier_good_one_out(app, load):
    good = example("fifa-2016-president")["elections"][0]
    bad = copy.deepcopy(example("interpol-2024-vice-president-africa")["elections"][0])
    bad["candidates"][0]["key"] = "Not A Key"
    result = load({"format": "election-records/v1", "elections": [good, bad]})
    assert result.exit_code != 0
    assert "election interpol-2024-vice-president-africa, candidate Not A Key, Candidate key (candidates[0].key)" in result.output
    assert count_rows(app)["Election"] == 0


def test_not_json_is_refused_with_its_line(load, runner, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"format": "election-records/v1",\n "elections": [}')
    result = runner.invoke(args=["data", "import", str(path)])
    assert result.exit_code != 0 and "line 2" in result.output and "not valid JSON" in result.output


def test_a_person_is_kept_once_across_elections(app, load):
    first = example("fifa-2016-president")
    second = copy.deepcopy(first)
    second["elections"][0]["id"] = "fifa-2016-president-copy"
    load(first)
    load(second, "second.json")
    assert count_rows(app)["Person"] == 5
    assert count_rows(app)["Candidacy"] == 10


def test_a_read_sees_one_snapshot_while_a_writer_commits(app, load):
    """A request that reads (GET) runs in one read transaction: what another connection commits
    meanwhile is not seen halfway (REPEATABLE READ on PostgreSQL, a read transaction on SQLite)."""
    assert load(example("fifa-2016-president")).exit_code == 0
    with app.test_request_context("/elections/fifa-2016-president", method="GET"):
        session = get_session()
        stored = records.load_stored_election(session, "fifa-2016-president")
        record, version = stored.record, stored.version
        changed = copy.deepcopy(record)
        changed["notes"] = "Changed by another editor while this page was being read."
        with app.app_context():  # another request's session, committed meanwhile
            other = get_session(read_only=False)
            records.import_records(other, records.export_document([changed]))
            other.commit()
            other.close()
        again_stored = records.load_stored_election(session, "fifa-2016-president")
        again, again_version = again_stored.record, again_stored.version
        assert (again, again_version) == (record, version)  # the snapshot, not half of each
    with app.app_context():
        latest = records.load_stored_election(get_session(), "fifa-2016-president").version
        assert latest == version + 1
