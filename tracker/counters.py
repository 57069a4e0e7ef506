"""Counts the database keeps itself: how many elections each post has (``post.elections_count``).

Why: the home page, the list of organisations and the API count every organisation's elections; a
count over every election on each request (a join of 25,000 elections to their posts) took 6–10 ms
on PostgreSQL, where summing the posts' counts takes one (2,500 posts at 100k candidacies).

How it is kept: triggers on ``election`` (made by migration 0008), in the transaction that writes
the election, whatever writes it (forms, imports, merges, deletes, restores, the ``flask`` commands,
SQL by hand): an election inserted adds one to its post, one deleted takes one away, one moved to
another post moves its one. The ORM never writes the column after a post is made.

On SQLite, a later migration that copies ``election`` (Alembic's batch mode) drops its triggers with
the old table: it must call :func:`create_counters` again (which also recounts).
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

_FUNCTION = "count_post_elections"  # PostgreSQL: the triggers' function
_SQLITE_TRIGGERS = {
    "election_counted": "AFTER INSERT ON election BEGIN "
    "UPDATE post SET elections_count = elections_count + 1 WHERE id = new.post_id; END",
    "election_uncounted": "AFTER DELETE ON election BEGIN "
    "UPDATE post SET elections_count = elections_count - 1 WHERE id = old.post_id; END",
    "election_recounted": "AFTER UPDATE OF post_id ON election WHEN old.post_id IS NOT new.post_id BEGIN "
    "UPDATE post SET elections_count = elections_count - 1 WHERE id = old.post_id; "
    "UPDATE post SET elections_count = elections_count + 1 WHERE id = new.post_id; END",
}


def recount(connection: Connection) -> None:
    """Set every post's ``elections_count`` from its elections (what the triggers then keep)."""
    connection.execute(
        text("UPDATE post SET elections_count = (SELECT count(*) FROM election WHERE election.post_id = post.id)")
    )


def create_counters(connection: Connection) -> None:
    """Count each post's elections (:func:`recount`) and make the triggers that keep the counts, on
    SQLite or PostgreSQL (any other database: counted once, not kept)."""
    recount(connection)
    if connection.dialect.name == "sqlite":
        for name, body in _SQLITE_TRIGGERS.items():
            connection.exec_driver_sql(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
    elif connection.dialect.name == "postgresql":
        connection.exec_driver_sql(
            f"CREATE OR REPLACE FUNCTION {_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "IF TG_OP = 'UPDATE' AND OLD.post_id = NEW.post_id THEN RETURN NULL; END IF; "
            "IF TG_OP <> 'INSERT' THEN UPDATE post SET elections_count = elections_count - 1 WHERE id = OLD.post_id; END IF; "
            "IF TG_OP <> 'DELETE' THEN UPDATE post SET elections_count = elections_count + 1 WHERE id = NEW.post_id; END IF; "
            "RETURN NULL; END $$"
        )
        connection.exec_driver_sql("DROP TRIGGER IF EXISTS election_counted ON election")
        connection.exec_driver_sql(
            "CREATE TRIGGER election_counted AFTER INSERT OR DELETE OR UPDATE OF post_id ON election "
            f"FOR EACH ROW EXECUTE FUNCTION {_FUNCTION}()"
        )


def drop_counters(connection: Connection) -> None:
    """Drop what :func:`create_counters` made (the column stays)."""
    if connection.dialect.name == "sqlite":
        for name in _SQLITE_TRIGGERS:
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    elif connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS {_FUNCTION}() CASCADE")  # and its trigger
