"""The database: one engine per app, one session per request.

The engine is built in :func:`init_app` from ``app.config["DATABASE_URL"]``; nothing connects at import
time. A view gets the request's session from :func:`get_session`; the session is closed when the request
ends. Commit once, at the edge (the view or the CLI command): domain code only flushes.

Every read sees one snapshot: a request that only reads (GET, HEAD) runs in one read transaction, at
REPEATABLE READ on PostgreSQL and in one SQLite read transaction (WAL), so the several statements that
read an election see it at one moment; a request that writes takes SQLite's write lock at BEGIN
(``BEGIN IMMEDIATE``: two writers queue rather than fail when one upgrades its read lock) and runs at
READ COMMITTED on PostgreSQL, where the optimistic lock (``version``) is checked under the row's lock.
A read's transaction ends with COMMIT (:func:`_end_read`: psycopg keeps its prepared statements).
"""

from __future__ import annotations

import time

import click
from flask import Flask, current_app, g, has_request_context, request
from flask.cli import with_appcontext
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, DisconnectionError, SQLAlchemyError
from sqlmodel import Session, SQLModel, create_engine

from . import migrations, models  # noqa: F401  (models registers the tables on SQLModel.metadata)

READS_ONLY = "tracker_reads_only"  # in a session's info: it was opened for a request that only reads
WRITES = "tracker_writes"  # execution option: this connection's transactions write (SQLite: BEGIN IMMEDIATE)
MANUAL = "tracker_manual_transactions"  # execution option: the caller emits BEGIN itself (migrations)


def make_engine(url: str, random_page_cost: float | None = None) -> Engine:
    """An engine for ``url``; on SQLite, foreign keys on, WAL journal and a busy timeout per connection,
    and transactions begun by SQLAlchemy (not by the driver, which begins only before writes): one
    snapshot from the first read, or with the ``WRITES`` option the write lock from the BEGIN. On
    PostgreSQL, ``random_page_cost`` (where given) is set for each connection: the planner's price of
    reading a page out of order, 4 by default (disks that seek), which made it read whole tables
    rather than a few hundred rows by their indexes (PostgreSQL docs, "Planner Cost Constants")."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 15})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            dbapi_connection.isolation_level = None  # the driver begins nothing: _sqlite_begin does
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=15000")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection):  # SQLAlchemy's recipe for pysqlite's transactions
            options = connection.get_execution_options()
            if not options.get(MANUAL):  # through the driver, as psycopg begins on PostgreSQL
                connection.connection.driver_connection.execute("BEGIN IMMEDIATE" if options.get(WRITES) else "BEGIN")

        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    # A server that does not answer fails a connection within seconds (/healthz says 503), not at the
    # worker's timeout.
    connect_args = {"connect_timeout": 5}
    if random_page_cost is not None:
        connect_args["options"] = f"-c random_page_cost={float(random_page_cost)}"
    engine = create_engine(url, connect_args=connect_args)
    ping_idle_connections(engine)
    return engine


PING_AFTER_IDLE = 5.0  # seconds a pooled connection may rest before it is pinged as it is taken again


def ping_idle_connections(engine: Engine, after: float = PING_AFTER_IDLE) -> None:
    """Make ``engine``'s pool ping a connection (an empty statement) as it is taken, when it rested
    in the pool more than ``after`` seconds, and replace it if the server has gone (a restart, an
    idle timeout): SQLAlchemy's "custom pessimistic ping", which raises ``DisconnectionError`` from
    the checkout event so that the pool connects anew (SQLAlchemy docs, "Dealing with Disconnects").

    ``pool_pre_ping`` pings at every checkout: one more round trip in every request, a third of the
    time of a page answered from the cache on PostgreSQL. A connection used less than ``after``
    seconds ago is taken as it is; if the server went in those seconds, the request that meets it
    answers 503 (:mod:`tracker.errors`) and SQLAlchemy replaces every connection of the pool made
    before (a disconnection invalidates the pool)."""

    @event.listens_for(engine, "connect")
    @event.listens_for(engine, "checkin")
    def _rested_from(_dbapi_connection, record, *_):
        record.info["rested_from"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_rested(dbapi_connection, record, _proxy):
        if time.monotonic() - record.info.get("rested_from", 0.0) <= after:
            return
        try:
            ok = engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            raise DisconnectionError(str(error)) from error
        if not ok:
            raise DisconnectionError("The database connection did not answer a ping.")


def get_engine() -> Engine:
    """The current app's engine."""
    return current_app.extensions["tracker.engine"]


def reading_engine(engine: Engine) -> Engine:
    """``engine`` for transactions that only read, each one snapshot: REPEATABLE READ on PostgreSQL,
    a plain (deferred) BEGIN on SQLite."""
    if engine.dialect.name == "postgresql":
        return engine.execution_options(isolation_level="REPEATABLE READ")
    return engine


def writing_engine(engine: Engine) -> Engine:
    """``engine`` for transactions that write: on SQLite they take the write lock at BEGIN, so two
    writers queue (busy timeout) instead of one failing as it turns its read into a write."""
    return engine.execution_options(**{WRITES: True})


def lone_statements_engine(engine: Engine) -> Engine:
    """``engine`` for statements each on its own, outside any transaction: AUTOCOMMIT on PostgreSQL
    (no BEGIN and no ROLLBACK around it: one round trip), no BEGIN on SQLite (its driver begins none:
    :func:`make_engine`). For a single read whose result needs no snapshot shared with others."""
    if engine.dialect.name == "postgresql":
        return engine.execution_options(isolation_level="AUTOCOMMIT")
    return engine.execution_options(**{MANUAL: True})


def get_lone_statements_engine() -> Engine:
    """The current app's :func:`lone_statements_engine`."""
    return current_app.extensions["tracker.lone_statements_engine"]


def get_session(read_only: bool | None = None) -> Session:
    """The current request's session, opened on first use and closed at teardown.

    ``read_only``: its transaction only reads (one snapshot; :func:`reading_engine`). By default, a
    request that cannot change anything (GET, HEAD, OPTIONS) reads; a form's POST and a command write.
    """
    if "db_session" not in g:
        if read_only is None:
            read_only = has_request_context() and request.method in ("GET", "HEAD", "OPTIONS")
        engine = current_app.extensions["tracker.reading_engine" if read_only else "tracker.writing_engine"]
        g.db_session = Session(engine, expire_on_commit=False, info={READS_ONLY: read_only})
    return g.db_session


def close_session(_exc: BaseException | None = None) -> None:
    """End the request's session (teardown): a read's transaction ends with COMMIT (:func:`_end_read`),
    what else was not committed is rolled back, and the connection goes back to the pool. A connection the server has ended (a restart, ``pg_terminate_backend``) cannot roll back: it
    is thrown away, logged, so that the next request opens a fresh one; the answer already made stands
    (a view that failed on it answered 503: :mod:`tracker.errors`)."""
    session = g.pop("db_session", None)
    if session is None:
        return
    try:
        if session.info.get(READS_ONLY) and session.in_transaction():
            _end_read(session)
        session.close()
    except DBAPIError as error:
        current_app.logger.warning("A database connection was lost at the end of a request; it is discarded: %s", error)
        session.invalidate()


def _end_read(session: Session) -> None:
    """End a read-only session's transaction with COMMIT, the same as a ROLLBACK for a transaction
    that wrote nothing, but for psycopg: a ROLLBACK makes it deallocate every prepared statement of
    the connection (a rollback may undo the tables they name), so no statement of a page was ever
    prepared, and PostgreSQL planned each one anew at each request (1–2 ms a join of five or six
    tables). Kept, a statement run five times on a connection is prepared, and PostgreSQL may keep
    one plan for it. A transaction that cannot commit (it failed), or that wrote (a read should not:
    what it wrote is undone, as before), is rolled back by ``close``."""
    from .freshness import WROTE

    try:
        if session.new or session.dirty or session.deleted or session.connection().info.get(WROTE):
            return
        session.commit()
    except SQLAlchemyError as error:
        current_app.logger.info("A read-only transaction could not end with COMMIT (%s); it is rolled back.", error)


def drop_schema(engine: Engine) -> None:
    """Drop every table of the app, the search index, the counters' triggers and Alembic's record of
    the revision (tests use this on PostgreSQL, the benchmarks on both)."""
    from .counters import drop_counters
    from .searchindex import drop_index

    with engine.begin() as connection:
        drop_index(connection)
        drop_counters(connection)
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
    """Build the engine (whose writes raise the data version: :mod:`tracker.freshness`), close sessions at teardown, register ``flask db ...`` and ``flask init-db``."""
    from .freshness import watch_writes

    app.extensions["tracker.engine"] = make_engine(app.config["DATABASE_URL"], app.config.get("POSTGRES_RANDOM_PAGE_COST"))
    watch_writes(app.extensions["tracker.engine"])  # every write raises the data version
    app.extensions["tracker.reading_engine"] = reading_engine(app.extensions["tracker.engine"])
    app.extensions["tracker.writing_engine"] = writing_engine(app.extensions["tracker.engine"])
    app.extensions["tracker.lone_statements_engine"] = lone_statements_engine(app.extensions["tracker.engine"])
    app.teardown_appcontext(close_session)
    app.cli.add_command(init_db_command)
    app.cli.add_command(migrations.db_commands)
