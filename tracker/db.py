"""The database: one engine per app, one session per request.

The engine is built in :func:`init_app` from ``app.config["DATABASE_URL"]``; nothing connects at import
time. A view gets the request's session from :func:`get_session`; the session is closed when the request
ends. Commit once, at the edge (the view or the CLI command): domain code only flushes.
"""

from __future__ import annotations

import click
from flask import Flask, current_app, g
from flask.cli import with_appcontext
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, create_engine

from . import migrations, models  # noqa: F401  (models registers the tables on SQLModel.metadata)


def make_engine(url: str) -> Engine:
    """An engine for ``url``; on SQLite, foreign keys on, WAL journal and a busy timeout per connection."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 15})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=15000")
            cursor.close()

        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    # A server that does not answer fails a connection within seconds (/healthz says 503), not at the
    # worker's timeout.
    return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 5})


def get_engine() -> Engine:
    """The current app's engine."""
    return current_app.extensions["tracker.engine"]


def get_session() -> Session:
    """The current request's session, opened on first use and closed at teardown."""
    if "db_session" not in g:
        g.db_session = Session(get_engine(), expire_on_commit=False)
    return g.db_session


def close_session(_exc: BaseException | None = None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def drop_schema(engine: Engine) -> None:
    """Drop every table of the app and Alembic's record of the revision (tests use this on PostgreSQL)."""
    SQLModel.metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {migrations.VERSION_TABLE}")


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create the database schema, or bring it up to date (the same as ``flask db upgrade``)."""
    try:
        migrations.upgrade(get_engine())
    except migrations.OutdatedSchema as error:
        raise click.ClickException(str(error)) from None
    click.echo("The database is ready.")


def init_app(app: Flask) -> None:
    """Build the engine, close sessions at teardown, register ``flask db ...`` and ``flask init-db``."""
    app.extensions["tracker.engine"] = make_engine(app.config["DATABASE_URL"])
    app.teardown_appcontext(close_session)
    app.cli.add_command(init_db_command)
    app.cli.add_command(migrations.db_commands)
