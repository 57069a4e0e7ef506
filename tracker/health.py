"""``/healthz``: whether this app server can reach its database, for load balancers and monitors."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .db import get_engine
from .extensions import limiter
from .migrations import VERSION_TABLE

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@limiter.exempt
def healthz():
    """200 ``{"status": "ok", "database": "ok"}`` when the app's database answers and holds its schema
    (Alembic's revision table: SQLite makes an empty file where the database file went missing); else 503
    ``{"status": "error", "database": "<short reason>"}``, the reason being the kind of database error
    (no traceback, no address: the full error goes to the app's log). Never cached."""
    try:
        with get_engine().connect() as connection:
            connection.execute(text(f"SELECT count(*) FROM {VERSION_TABLE}"))  # the schema is there, not only a file
    except SQLAlchemyError as error:
        current_app.logger.warning("Health check: the database is unreachable: %s", error)
        cause = type(getattr(error, "orig", None) or error).__name__
        response = jsonify({"status": "error", "database": f"unreachable ({cause})"})
        response.status_code = 503
    else:
        response = jsonify({"status": "ok", "database": "ok"})
    response.headers["Cache-Control"] = "no-store"
    return response
