"""Data in and out: CSV and JSON, dry runs, all-or-nothing imports, person matching, filtered export."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import text as sql

from tracker import records
from tracker.db import get_engine, get_session
from tracker.records import csvformat

from .conftest import example

REAL = Path(__file__).resolve().parent / "data" / "real"
TABLES = ["organisation", "region", "post", "person", "election", "candidacy", "round", "roundvote", "source"]


def snapshot(app) -> dict:
    """Every row of every table, and on SQLite the database file's bytes."""
    with app.app_context():
        engine = get_engine()
        with engine.connect() as connection:
            rows = {t: sorted(map(tuple, connection.execute(sql(f'SELECT * FROM "{t}"')))) for t in TABLES}
        if engine.url.drivername == "sqlite":
            rows["file"] = Path(engine.url.database).read_bytes()
    return {k: repr(v) for k, v in rows.items()}


def demo_documents():
    yield example("interpol-2024-vice-president-africa")
    yield example("fifa-2016-president")
    for path in sorted(REAL.glob("*.json")):
        yield json.loads(path.read_text(encoding="utf-8"))


def load_all(load):
    for i, document in enumerate(demo_documents()):
        result = load(document, f"{i}.json")
        assert result.exit_code == 0, result.output


def test_json_round_trip_is_identical(app, load, runner, tmp_path):
    load_all(load)
    first = tmp_path / "first.json"
    assert runner.invoke(args=["data", "export", str(first)]).exit_code == 0
    exported = json.loads(first.read_text())
    assert len(exported["elections"]) == 8 and records.validate_records(exported) == []
    # into an empty database, and out again
    with app.app_context():
        from tracker.db import drop_schema
        from tracker.migrations import upgrade

        drop_schema(get_engine())
        upgrade(get_engine())
    assert runner.invoke(args=["data", "import", str(first)]).exit_code == 0
    second = tmp_path / "second.json"
    runner.invoke(args=["data", "export", str(second)])
    assert second.read_text() == first.read_text()


def test_importing_the_same_file_twice_changes_nothing(app, load):
    document = example("fifa-2016-president")
    assert "Created 1 election(s)" in load(document).output
    before = snapshot(app)
    result = load(document, "again.json")
    assert "left unchanged 1" in result.output
    assert snapshot(app) == before


def test_reimporting_an_id_updates_that_election(app, load, client):
    load(example("fifa-2016-president"))
    changed = example("fifa-2016-president")
    changed["elections"][0]["rounds"][1]["votes"][0]["votes"] = 116
    result = load(changed, "changed.json")
    assert "updated 1" in result.output
    data = client.get("/api/v1/elections/fifa-2016-president").get_json()
    assert data["rounds"][1]["votes"][0]["votes"] == 116


def test_dry_run_shows_what_would_change_and_stores_nothing(app, load, runner, tmp_path):
    load(example("fifa-2016-president"))
    before = snapshot(app)
    changed = example("fifa-2016-president")
    changed["elections"][0]["electorate"] = 209
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(changed))
    result = runner.invoke(args=["data", "import", str(path), "--dry-run"])
    assert result.exit_code == 0
    assert "Would create 0 election(s), update 1, leave unchanged 0." in result.output
    assert "would update fifa-2016-president (electorate)" in result.output
    assert snapshot(app) == before


def test_persons_are_matched_by_any_spelling_and_country_and_can_be_kept_apart(app, load, runner, tmp_path):
    load(example("interpol-2024-vice-president-africa"))
    later = example("interpol-2024-vice-president-africa")["elections"][0]
    later.update(id="interpol-2027-vice-president-africa", date="2027-11-01")
    later["candidates"][0].update(name="Mohammed Dkhissi", names={"ar": "محمد الدخيسي"})  # matched by the Arabic name
    later["candidates"][1].update(country="ZAF")  # same name, another State: someone else
    path = tmp_path / "later.json"
    path.write_text(json.dumps({"format": "election-records/v1", "elections": [later]}))
    result = runner.invoke(args=["data", "import", str(path), "--dry-run"])
    assert "same person: interpol-2027-vice-president-africa/dkhissi 'Mohammed Dkhissi' (MAR) = person #" in result.output
    assert "nainda" not in result.output
    result = runner.invoke(args=["data", "import", str(path), "--separate", "interpol-2027-vice-president-africa/dkhissi"])
    assert result.exit_code == 0 and "same person" not in result.output
    with app.app_context():
        assert get_session().execute(sql("SELECT count(*) FROM person")).scalar() == 4


def test_a_matched_person_keeps_every_spelling(app, load):
    load(example("interpol-2024-vice-president-africa"))
    later = example("interpol-2024-vice-president-africa")["elections"][0]
    later.update(id="later", date="2027-11-01")
    later["candidates"][0]["aliases"] = ["Mohamed Al-Dakhisi"]
    load({"format": "election-records/v1", "elections": [later]}, "later.json")
    with app.app_context():
        record = records.load_record(get_session(), "interpol-2024-vice-president-africa")
    assert record["candidates"][0]["aliases"] == ["Mohamed Al-Dakhisi"]


def faulty_csv() -> tuple[str, list[str]]:
    """The demo data as CSV with ten faults in ten rows, and the messages expected: one for each, and
    one more for the last, which names a new candidate who is an earlier one again (all in one pass)."""
    recs = [records.canonical(d["elections"][0]) for d in demo_documents()]
    rows = list(csv.DictReader(io.StringIO(csvformat.to_csv(recs))))
    faults = [
        ("votes", "abc", "“abc” is not a whole number"),
        ("votes", "-5", "-5 is negative: a count is 0 or more"),
        ("share", "150", "150 is more than 100"),
        ("gender", "robot", "“robot” differs from"),  # the candidate was described on an earlier row
        ("against", "-1", "-1 is negative: a count is 0 or more"),
        ("votes", "12.5", "“12.5” is not a whole number"),
        ("round_kind", "weird", "“weird” differs from “ordinary” in row"),
        ("candidate_country", "XYZ", "“XYZ” differs from"),
        ("present_and_voting", "many", "“many” is not a whole number"),
        ("candidate_key", "Not A Key", "“Not A Key” cannot be used"),
    ]
    expected = []
    # rows with votes, in a round after the first, that are not the first row of their round
    targets = [
        i
        for i, row in enumerate(rows)
        if i > 0
        and row["votes"]
        and row["round_number"] not in ("", "1")
        and (rows[i - 1]["election_id"], rows[i - 1]["round_number"]) == (row["election_id"], row["round_number"])
    ][:10]
    for (column, value, message), index in zip(faults, targets):
        rows[index][column] = value
        expected.append((index + 2, column, message))
    expected.insert(-1, (expected[-1][0], "candidate_key", "is entered twice"))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=csvformat.COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue(), expected


def test_a_csv_with_ten_faults_is_refused_with_every_message_and_nothing_changes(app, load, runner, tmp_path):
    load(example("interpol-2024-vice-president-africa"))
    before = snapshot(app)
    text, expected = faulty_csv()
    path = tmp_path / "faulty.csv"
    path.write_text(text)
    result = runner.invoke(args=["data", "import", str(path)])
    assert result.exit_code != 0
    lines = [line for line in result.output.splitlines() if line.startswith("  - ")]
    assert "11 problems:" in result.output, result.output
    assert len(lines) == 11, result.output
    for (row, column, message), line in zip(expected, lines):
        assert line.startswith(f"  - row {row}, column {column}: "), (line, row, column)
        assert message in line, (line, message)
    assert snapshot(app) == before


def test_the_fixed_csv_imports(load, runner, tmp_path, client):
    recs = [records.canonical(d["elections"][0]) for d in demo_documents()]
    path = tmp_path / "fixed.csv"
    path.write_text(csvformat.to_csv(recs))
    result = runner.invoke(args=["data", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "Created 8 election(s)" in result.output
    outcome = client.get("/api/v1/elections/fifa-2016-president").get_json()["outcome"]
    assert outcome["rounds"][1]["required_majority"] == 104


def test_csv_export_round_trips_everything_but_disputed_values(app, load, runner, tmp_path):
    load_all(load)
    out = tmp_path / "all.csv"
    assert runner.invoke(args=["data", "export", str(out)]).exit_code == 0
    doc, rows, problems = csvformat.parse_csv(out.read_text())
    assert problems == [] and records.validate_records(doc) == []
    with app.app_context():
        stored = {r["id"]: r for r in records.load_records(get_session(), [e["id"] for e in doc["elections"]])}
    for record in doc["elections"]:
        back = records.canonical(record)
        original = stored[back["id"]]
        for mine, theirs in zip(original["rounds"], back["rounds"]):
            mine.pop("disputed"), theirs.pop("disputed")
        assert back == original


def test_filtered_export(load, runner, tmp_path):
    load_all(load)
    out = tmp_path / "un.json"
    result = runner.invoke(args=["data", "export", str(out), "--organisation", "UN", "--from", "2020", "--to", "2020"])
    assert result.exit_code == 0, result.output
    assert [e["id"] for e in json.loads(out.read_text())["elections"]] == ["un-2020-security-council-african"]
    runner.invoke(args=["data", "export", str(out), "--country", "MAR"])
    assert [e["id"] for e in json.loads(out.read_text())["elections"]] == ["interpol-2024-vice-president-africa"]


def test_an_election_without_candidates_survives_a_csv_round_trip(app):
    bare = {key: value for key, value in example("fifa-2016-president")["elections"][0].items()}
    bare.update(candidates=[], rounds=[], reported_elected=[])
    with app.app_context():
        session = get_session()
        records.import_records(session, records.export_document([bare]))
        stored = records.load_records(session, ["fifa-2016-president"])
        text = csvformat.to_csv(stored)
        document, _rows, problems = csvformat.parse_csv(text)
        assert problems == [] and [e["id"] for e in document["elections"]] == ["fifa-2016-president"]
        assert records.canonical(document["elections"][0]) == stored[0]


def test_exporting_to_standard_output_keeps_logs_out_of_the_data(tmp_path):
    """`flask data export -` writes the data alone on standard output; a log record during the export
    goes to standard error (the app logs to standard output otherwise)."""
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite'}", "SECRET_KEY": "test"}
    env.pop("TEST_DATABASE_URL", None)
    env["SEED_ELECTIONS"] = str(root / "tests/data/seed")
    assert subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "seed"], cwd=root, env=env).returncode == 0
    program = (
        "import logging, sys\n"
        "import tracker.cli as cli\n"
        "export = cli.record_files.export_text\n"
        "def logged(*args, **kwargs):\n"
        "    logging.getLogger('tracker.export').info('exporting now')\n"
        "    return export(*args, **kwargs)\n"
        "cli.record_files.export_text = logged\n"
        "from flask.cli import main\n"
        "sys.argv = ['flask', '--app', 'wsgi', 'data', 'export', '-']\n"
        "main()\n"
    )
    result = subprocess.run([sys.executable, "-c", program], cwd=root, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["elections"][0]["id"] == "interpol-2024-vice-president-africa"
    assert "exporting now" in result.stderr
