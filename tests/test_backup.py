"""``flask backup``: a consistent copy of the SQLite database, taken while the app writes."""

from __future__ import annotations

import os
import sqlite3
import threading

import pytest

from tracker import create_app, records
from tracker.db import get_session
from tracker.synthetic import generate

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("TEST_DATABASE_URL")), reason="flask backup copies SQLite databases; PostgreSQL has pg_dump"
)


def test_a_backup_taken_during_writes_holds_every_committed_row(app, runner, tmp_path):
    document = generate(160, seed=9)
    batches = [document["elections"][i : i + 10] for i in range(0, 160, 10)]
    committed = []

    def write(batch_list):
        with app.app_context():
            session = get_session()
            for batch in batch_list:
                records.import_records(session, records.export_document(batch))
                session.commit()
                committed.append(len(batch))

    write(batches[:4])  # 40 elections before the backup starts
    before = sum(committed)
    writer = threading.Thread(target=write, args=(batches[4:],))
    writer.start()
    result = runner.invoke(args=["backup", str(tmp_path / "copy.sqlite")])
    writer.join()
    assert result.exit_code == 0, result.output
    copy = sqlite3.connect(tmp_path / "copy.sqlite")
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert copy.execute("PRAGMA foreign_key_check").fetchall() == []
    elections = copy.execute("SELECT count(*) FROM election").fetchone()[0]
    assert before <= elections <= 160 and elections % 10 == 0  # whole commits only
    orphans = copy.execute(
        "SELECT count(*) FROM candidacy WHERE election_id NOT IN (SELECT id FROM election)"
    ).fetchone()[0]
    assert orphans == 0
    assert copy.execute("SELECT count(*) FROM auditentry").fetchone()[0] == elections


def test_backup_refuses_to_overwrite(runner, tmp_path):
    (tmp_path / "there.sqlite").write_text("keep me")
    result = runner.invoke(args=["backup", str(tmp_path / "there.sqlite")])
    assert result.exit_code != 0 and "exists already" in result.output
    assert (tmp_path / "there.sqlite").read_text() == "keep me"


def test_backup_makes_its_folder_and_refuses_a_missing_database(runner, tmp_path):
    result = runner.invoke(args=["backup", str(tmp_path / "backups" / "copy.sqlite")])
    assert result.exit_code == 0 and (tmp_path / "backups" / "copy.sqlite").is_file()
    typo = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": f"sqlite:///{tmp_path / 'typo.sqlite'}"})
    result = typo.test_cli_runner().invoke(args=["backup", str(tmp_path / "other.sqlite")])
    assert result.exit_code != 0 and "There is no database at" in result.output
    assert not (tmp_path / "typo.sqlite").exists() and not (tmp_path / "other.sqlite").exists()
