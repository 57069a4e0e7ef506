"""``/healthz``: whether this app server can reach its database and write to it, for load balancers and
monitors; :func:`unwritable` says why a reachable database cannot be written."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from .db import get_engine
from .extensions import limiter
from .migrations import VERSION_TABLE

bp = Blueprint("health", __name__)

READ_ONLY = "read-only"
NO_SPACE = "no space left"


def unwritable(connection: Connection, min_free_bytes: int = 5 * 1024 * 1024) -> str | None:
    """Why the database behind ``connection`` cannot take writes: :data:`READ_ONLY` or :data:`NO_SPACE`;
    ``None`` when nothing says it cannot.

    SQLite: the database opened read-only (``mode=ro``, ``PRAGMA query_only``), its file or its folder
    (where the write-ahead log goes) not writable by this process, its file system mounted read-only, or
    fewer than ``min_free_bytes`` bytes free on it. PostgreSQL: a standby (``pg_is_in_recovery()``) or
    transactions read-only by default; a full disk there is told by the write that fails (see
    :func:`tracker.errors.database_trouble`). Raises what the connection raises (SQLAlchemyError)."""
    if connection.dialect.name == "postgresql":
        standby, read_only = connection.execute(
            text("SELECT pg_is_in_recovery(), current_setting('default_transaction_read_only')")
        ).one()
        return READ_ONLY if standby or read_only == "on" else None
    url = connection.engine.url
    if connection.execute(text("PRAGMA query_only")).scalar() or url.query.get("mode") == "ro":
        return READ_ONLY
    database = (url.database or "").removeprefix("file:")
    if not database or database == ":memory:" or url.query.get("mode") == "memory":
        return None
    path = Path(database).resolve()
    if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        return READ_ONLY
    disk = os.statvfs(path.parent)
    if disk.f_flag & os.ST_RDONLY:
        return READ_ONLY
    if disk.f_bavail * disk.f_frsize < min_free_bytes:
        return NO_SPACE
    return None


@bp.get("/healthz")
@limiter.exempt
def healthz():
    """200 ``{"status": "ok", "database": "ok"}`` when the app's database answers, holds its schema
    (Alembic's revision table: SQLite makes an empty file where the database file went missing) and can
    be written; else 503 ``{"status": "error", "database": "<short reason>"}``: ``unreachable (<kind of
    error>)``, ``read-only`` or ``no space left`` (no traceback, no address: the full error goes to the
    app's log). Never cached."""
    reason = None
    try:
        with get_engine().connect() as connection:
            connection.execute(text(f"SELECT count(*) FROM {VERSION_TABLE}"))  # the schema is there, not only a file
            reason = unwritable(connection, current_app.config["HEALTH_MIN_FREE_BYTES"])
    except SQLAlchemyError as error:
        current_app.logger.warning("Health check: the database is unreachable: %s", error)
        cause = type(getattr(error, "orig", None) or error).__name__
        reason = f"unreachable ({cause})"
    else:
        if reason:
            current_app.logger.warning("Health check: the database cannot be written: %s", reason)
    response = jsonify({"status": "error", "database": reason} if reason else {"status": "ok", "database": "ok"})
    response.status_code = 503 if reason else 200
    response.headers["Cache-Control"] = "no-store"
    return response
