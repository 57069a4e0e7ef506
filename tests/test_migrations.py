"""Alembic migrations: the head is the models; an older database keeps its data when upgraded.

Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL (conftest builds each test's database with
:func:`tracker.migrations.upgrade`).
"""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, select
from sqlmodel import SQLModel

from tests.conftest import example
from tracker import migrations
from tracker.db import get_engine
from tracker.searchindex import is_index_object

NEW_IN_0002 = {("organisation", "aliases"): [], ("post", "names"): {}, ("region", "names"): {}}
# Filled from the rows before them: both elections name who the sources report elected; no round
# records votes against.
NEW_IN_0003 = {("election", "elected_reported"): True, ("round", "for_against"): False}
TERMS_IN_0003 = [3, None]  # election.term_years, from each one's post: INTERPOL's Vice-President, FIFA's President
NEW_IN_0004 = {("election", "checked_version"): None, ("election", "checked_by"): None,
               ("election", "checked_at"): None, ("person", "merged_into_id"): None}
# Filled from each row's names (tracker.searchindex): checked in tests/test_search.py
SEARCH_TEXT_IN_0006 = {("organisation", "search_text"), ("post", "search_text")}
NEW_COLUMNS = {**NEW_IN_0002, **NEW_IN_0003, **NEW_IN_0004, ("election", "term_years"): None, **dict.fromkeys(SEARCH_TEXT_IN_0006),
               ("post", "elections_count"): None}


def snapshot(engine) -> dict[str, list[dict]]:
    """Every row of every table (Alembic's own excepted), by table, ordered by primary key."""
    metadata = MetaData()
    metadata.reflect(engine, only=lambda name, _metadata: not is_index_object(name))
    with engine.connect() as connection:
        return {
            name: [dict(row._mapping) for row in connection.execute(select(table).order_by(*table.primary_key.columns))]
            for name, table in metadata.tables.items()
            if name != migrations.VERSION_TABLE and not is_index_object(name)
        }


NEW_TABLES = {"personchange", "data_version"}  # 0004 (empty after an upgrade), 0005 (a counter)


def without_new_columns(tables: dict[str, list[dict]]) -> dict[str, list[dict]]:
    return {
        name: [{k: v for k, v in row.items() if (name, k) not in NEW_COLUMNS} for row in rows]
        for name, rows in tables.items()
        if name not in NEW_TABLES
    }


@pytest.fixture
def data(app, load, runner, client):
    """The founding election, FIFA 2016, an account and an edit (so the audit table holds rows too)."""
    assert load(example("interpol-2024-vice-president-africa")).exit_code == 0
    assert load(example("fifa-2016-president")).exit_code == 0
    document = example("interpol-2024-vice-president-africa")
    document["elections"][0]["notes"] = "Edited once, to leave a second audit entry."
    assert load(document).exit_code == 0
    result = runner.invoke(args=["create-user", "ed@example.org", "--role", "editor"], input="a long passphrase\n" * 2)
    assert result.exit_code == 0, result.output
    with app.app_context():
        return snapshot(get_engine())


def test_the_newest_migration_makes_exactly_the_models_tables(app):
    with app.app_context(), get_engine().connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_object": migrations.include_object})
        assert compare_metadata(context, SQLModel.metadata) == []
        assert migrations.current_revision(get_engine()) == migrations.head() == "0008"


def test_a_database_at_the_first_migration_keeps_its_data_when_upgraded(app, data, client):
    assert all(data[table] for table in ("election", "candidacy", "round", "roundvote", "source", "auditentry", "app_user"))
    with app.app_context():
        engine = get_engine()
        migrations.downgrade(engine, migrations.BASELINE)
        at_first = snapshot(engine)
        assert migrations.current_revision(engine) == "0001"
        assert "aliases" not in at_first["organisation"][0]
        assert at_first == without_new_columns(data)

        migrations.upgrade(engine)
        upgraded = snapshot(engine)
    assert without_new_columns(upgraded) == without_new_columns(data)
    for (table, column), empty in {**NEW_IN_0002, **NEW_IN_0003, **NEW_IN_0004}.items():
        assert [row[column] for row in upgraded[table]] == [empty] * len(upgraded[table])
    assert [row["term_years"] for row in upgraded["election"]] == TERMS_IN_0003
    assert [row["elections_count"] for row in upgraded["post"]] == [row["elections_count"] for row in data["post"]] == [1, 1]
    assert upgraded["personchange"] == []
    page = client.get("/elections/interpol-2024-vice-president-africa").get_data(as_text=True)
    assert "Mohamed Dkhissi" in page and ">96<" in page.replace(" ", "")


def test_a_database_made_before_migrations_is_recognised_and_upgraded(app, data, runner):
    with app.app_context():
        engine = get_engine()
        migrations.downgrade(engine, migrations.BASELINE)
        with engine.begin() as connection:  # as `flask init-db` (create_all) left it before migrations
            connection.exec_driver_sql(f"DROP TABLE {migrations.VERSION_TABLE}")
        assert migrations.current_revision(engine) is None
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0 and "revision 0008" in result.output
    with app.app_context():
        assert without_new_columns(snapshot(get_engine())) == without_new_columns(data)


def test_the_indexes_with_a_descending_column_are_made_as_the_models_say(app):
    """Alembic cannot compare these (SQLite's reflection drops the direction): read them back from the
    database's own catalogue."""
    with app.app_context(), get_engine().connect() as connection:
        for name, (table, columns) in migrations.DESCENDING_INDEXES.items():
            if connection.dialect.name == "sqlite":
                made = [
                    f"{row[2]} DESC" if row[3] else row[2]
                    for row in connection.exec_driver_sql(f"PRAGMA index_xinfo({name})") if row[5]  # key columns
                ]
            else:
                definition = connection.exec_driver_sql(
                    "SELECT indexdef FROM pg_indexes WHERE indexname = %(name)s", {"name": name}
                ).scalar()
                made = [column.strip() for column in definition.split("(", 1)[1].rstrip(")").split(",")]
            assert made == columns, name
            model_index = next(i for i in SQLModel.metadata.tables[table].indexes if i.name == name)
            assert [getattr(e, "name", None) or str(e) for e in model_index.expressions] == columns


def test_a_database_older_than_the_first_migration_is_refused_with_advice(app, runner):
    with app.app_context():
        engine = get_engine()
        migrations.downgrade(engine, "base")
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE organisation (id INTEGER PRIMARY KEY, acronym VARCHAR(40))")
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 1
    assert "older than its first migration" in result.output and "organisation.name" in result.output
    assert "flask data export" in result.output and "Traceback" not in result.output
    with app.app_context():
        assert migrations.current_revision(get_engine()) is None  # nothing half-done


def test_flask_db_current_names_both_revisions(runner):
    result = runner.invoke(args=["db", "current"])
    assert result.exit_code == 0 and result.output.strip() == "database: 0008; newest: 0008"


def test_several_upgrades_of_one_new_database_at_once_all_succeed(app, tmp_path):
    """Two servers started at once both run `flask db upgrade`: one migrates, the others wait for it
    and find the database at the head (they failed with a traceback, or told to export the data and
    move the database away as if it were too old)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    url = app.config["DATABASE_URL"]
    if url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    else:
        from tracker.db import drop_schema

        with app.app_context():
            drop_schema(get_engine())
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "t"}
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"]
    runs = [subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for _ in range(8)]
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    assert [run.returncode for run in runs] == [0] * 8, outputs
    assert all(f"The database is at revision {migrations.head()}." in output for output in outputs), outputs
