"""The database schema and its history: Alembic migrations in ``versions/``.

``flask db upgrade`` creates the schema in an empty database or brings an older one to the head;
``make run`` and ``make serve`` run it. A database made before migrations existed (by ``flask init-db``
of an earlier version, which called ``create_all``) is recognised when it holds exactly the tables and
columns of the first migration, recorded as being at that revision, then upgraded like any other.

After changing :mod:`tracker.models`: ``flask db revision -m "what changed"`` writes a new migration
from the difference between the models and the database (check it by eye: Alembic does not see every
change, e.g. a renamed column), then ``flask db upgrade``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click
from flask.cli import AppGroup
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import Connection, Engine

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic is imported where it is used, not with this module: a web worker that never migrates is
# spared its 10 MB (the app imports this module for the table name and the commands).

FOLDER = Path(__file__).resolve().parent
BASELINE = "0001"  # the schema as `flask init-db` made it before migrations existed
VERSION_TABLE = "alembic_version"
MIGRATION_LOCK = 0x7472_6163_6B65_72  # PostgreSQL advisory lock key held while migrating ("tracker")


def include_object(_object, name, kind, _reflected, _compare_to) -> bool:
    """Alembic's filter of what it compares with the models: not the search index's FTS5 tables and
    trigram indexes, which migration 0006 makes by hand (:mod:`tracker.searchindex`), nor the indexes
    with a descending column (:data:`DESCENDING_INDEXES`), whose direction SQLite's reflection drops
    (Alembic would find them changed on every comparison); tests/test_migrations.py checks those."""
    from ..searchindex import is_index_object

    return not (kind in ("table", "index") and is_index_object(name)) and not (kind == "index" and name in DESCENDING_INDEXES)


DESCENDING_INDEXES = {"ix_election_newest": ("election", ["sort_date DESC", "record_id"])}  # name: table, columns


class OutdatedSchema(RuntimeError):
    """The database holds tables this version cannot recognise or upgrade (made before migrations
    existed, by a version older than the first migration)."""


def _config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(FOLDER))
    config.attributes["connection"] = connection
    return config


def head() -> str:
    """The newest revision in ``versions/``."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at; None for a database Alembic has not touched."""
    from alembic.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to ``revision`` (default: the newest), creating the schema if it is empty;
    if it migrated anything, raise the data version (no page cached before is served again).

    A database made by ``create_all`` before migrations existed is first stamped at :data:`BASELINE`
    if its tables and columns are exactly that revision's. Raises :class:`OutdatedSchema` when they are
    not (export the data with an older version, move the database away, upgrade, import).
    """
    from alembic import command
    from alembic.migration import MigrationContext

    with _migrating(engine) as connection:
        tables = set(inspect(connection).get_table_names()) - {VERSION_TABLE}
        if tables and MigrationContext.configure(connection).get_current_revision() is None:
            _check_baseline(connection)
            command.stamp(_config(connection), BASELINE)
        before = MigrationContext.configure(connection).get_current_revision()
        command.upgrade(_config(connection), revision)
        migrated = MigrationContext.configure(connection).get_current_revision() != before
        if migrated and "data_version" in inspect(connection).get_table_names():
            from ..freshness import raise_version

            raise_version(connection)  # a migration may change what pages show of the same data


def downgrade(engine: Engine, revision: str) -> None:
    """Take the database back to ``revision`` ("base" empties it)."""
    from alembic import command

    with _migrating(engine) as connection:
        command.downgrade(_config(connection), revision)


@contextmanager
def _migrating(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction for migrations. On SQLite, foreign keys are off meanwhile: a batch
    migration copies a table, drops it and renames the copy, and dropping a referenced table would
    otherwise fail or cascade deletes to its children (sqlite.org/lang_altertable.html, "Making Other
    Kinds Of Table Schema Changes"). The keys are checked before the transaction commits."""
    from ..db import MANUAL

    with engine.connect().execution_options(**{MANUAL: True}) as connection:  # BEGIN IMMEDIATE below
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")  # no effect inside a transaction
            connection.commit()
        try:
            with connection.begin():
                # One migration at a time: another `flask db upgrade` of the same database waits here, then
                # finds it migrated (it saw half-made tables: a traceback, or "older than the first migration").
                if sqlite:
                    connection.exec_driver_sql("BEGIN IMMEDIATE")  # the write lock, held to the commit
                elif connection.dialect.name == "postgresql":
                    connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
                yield connection
                if sqlite and (broken := connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()):
                    raise RuntimeError(f"The migration would leave rows pointing at nothing: {broken[:5]}")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


def _columns(connection: Connection) -> dict[str, set[str]]:
    found = inspect(connection)
    return {t: {c["name"] for c in found.get_columns(t)} for t in found.get_table_names() if t != VERSION_TABLE}


def _check_baseline(connection: Connection) -> None:
    from alembic import command

    scratch = create_engine("sqlite://")
    with scratch.begin() as empty:
        command.upgrade(_config(empty), BASELINE)
        expected = _columns(empty)
    found = _columns(connection)
    if found != expected:
        lacking = sorted(f"{t}.{c}" for t in expected.keys() & found.keys() for c in expected[t] - found[t])
        lacking += [f"table {t}" for t in sorted(expected.keys() - found.keys())]
        raise OutdatedSchema(
            "The database was made by a version of the tracker older than its first migration"
            + (f" (it lacks {', '.join(lacking[:6])}{', ...' if len(lacking) > 6 else ''})" if lacking else "")
            + ". Export the data with that version (flask data export all.json), move the database "
            "away, run flask db upgrade, then flask data import all.json."
        )


db_commands = AppGroup("db", help="Create, upgrade and inspect the database schema (Alembic migrations).")


def _engine():
    from ..db import get_engine

    return get_engine()


@db_commands.command("upgrade")
@click.argument("revision", default="head")
def upgrade_command(revision: str) -> None:
    """Create the schema or bring it to REVISION (default: the newest)."""
    try:
        upgrade(_engine(), revision)
    except OutdatedSchema as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"The database is at revision {current_revision(_engine())}.")


@db_commands.command("downgrade")
@click.argument("revision")
def downgrade_command(revision: str) -> None:
    """Take the schema back to REVISION ("base" drops every table). Data in dropped columns is lost."""
    downgrade(_engine(), revision)
    click.echo(f"The database is at revision {current_revision(_engine()) or 'base (empty)'}.")


@db_commands.command("current")
def current_command() -> None:
    """Print the revision the database is at, and the newest one."""
    click.echo(f"database: {current_revision(_engine()) or 'none'}; newest: {head()}")


@db_commands.command("revision")
@click.option("-m", "--message", required=True, help="what the migration changes")
def revision_command(message: str) -> None:
    """Write a new migration from the difference between the models and the (upgraded) database."""
    from alembic import command
    from alembic.script import ScriptDirectory

    number = len(list(ScriptDirectory.from_config(_config()).walk_revisions())) + 1
    with _engine().begin() as connection:
        command.revision(_config(connection), message=message, autogenerate=True, rev_id=f"{number:04d}")
