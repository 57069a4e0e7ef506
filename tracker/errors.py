"""Error pages: every 4xx says what is wrong in the reader's language (JSON under ``/api/``), a
database that cannot be reached is a 503 that says so, and anything else a plain 500 page."""

from __future__ import annotations

from flask import Flask, current_app, g, render_template, request
from flask_babel import gettext
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DatabaseError, OperationalError
from werkzeug.exceptions import HTTPException, ServiceUnavailable

from .extensions import login_manager
from .health import NO_SPACE, READ_ONLY
from .i18n import N_

GENERIC_MESSAGES = {  # translated when shown (_page)
    403: N_("You may not do this."),
    404: N_("There is no such page."),
    405: N_("This page does not take that kind of request."),
    429: N_("Too many attempts. Wait a minute, then try again."),
    500: N_("Something went wrong on our side."),
    503: N_("The database cannot be reached just now. Try again in a minute."),
}
# Why a database that answers cannot be written (database_trouble): the 503 page's words
CANNOT_WRITE = {
    READ_ONLY: N_("The database is read-only just now: pages can be read, but no change can be saved. Try again later."),
    NO_SPACE: N_("The database's disk has no space left: no change can be saved just now. Try again later."),
}
SQLITE_READONLY, SQLITE_FULL = 8, 13  # SQLite's primary result codes (sqlite3.h)
POSTGRES_READ_ONLY, POSTGRES_DISK_FULL = "25006", "53100"  # SQLSTATE read_only_sql_transaction, disk_full


def database_trouble(error: DatabaseError) -> str | None:
    """What a database error says of the database: :data:`tracker.health.READ_ONLY` (a read-only file,
    folder or file system; a PostgreSQL standby or read-only transaction), :data:`tracker.health.NO_SPACE`
    (SQLite's "database or disk is full", PostgreSQL's disk_full), else ``None`` (it cannot be reached,
    or the error is not of that kind)."""
    code = getattr(error.orig, "sqlite_errorcode", None)
    if code is not None:
        return {SQLITE_READONLY: READ_ONLY, SQLITE_FULL: NO_SPACE}.get(code & 0xFF)
    return {POSTGRES_READ_ONLY: READ_ONLY, POSTGRES_DISK_FULL: NO_SPACE}.get(getattr(error.orig, "sqlstate", None))


def json_error(error: HTTPException):
    """An HTTP error as the API answers one: ``{"error": {"status": ..., "message": ...}}``."""
    from .api.responses import Error, ErrorBody, answer

    response, status = answer(Error(error=ErrorBody(status=error.code, message=error.description)), error.code)
    response.headers.extend(_headers_of(error))
    return response, status


def _headers_of(error: HTTPException) -> list[tuple[str, str]]:
    """The headers an HTTP error carries besides its body's type: ``Allow`` on a 405, ``Retry-After``
    on a 429 or 503."""
    return [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]


def _page(code: int, message: str):
    """The error page saying ``message`` (a catalog key, or a view's own words already in the
    reader's language), translated here and escaped by the template: text from a URL shown in a
    message is never markup."""
    return render_template("error.html", code=code, message=gettext(str(message))), code


def init_app(app: Flask) -> None:
    """Register the error handlers."""

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        message = N_("This form's security token (CSRF) is missing or has expired. Reload the page and try again.")
        return _page(400, message)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        """Every 4xx as a page (JSON under /api/) that says what is wrong, when the view said it."""
        if request.path.startswith("/api/"):
            return json_error(error)
        message = GENERIC_MESSAGES.get(error.code, error.description)
        if error.description != type(error).description and error.code != 429:  # the view's own words
            message = error.description
        response, status = _page(error.code, message)
        return response, status, _headers_of(error)

    @app.errorhandler(DatabaseError)
    def database_unreachable(error: DatabaseError):
        """The database is gone, unreadable, not a database, locked too long or without its tables, or it
        cannot be written (read-only, no space left): 503, saying which (the error goes to the log), not a
        500. The page does not ask the database who is signed in. Other database errors (a constraint, a
        bad statement) are faults: 500."""
        trouble = database_trouble(error)
        if not (trouble or isinstance(error, OperationalError) or type(error.orig).__name__ == "DatabaseError"):
            raise error
        if trouble:
            current_app.logger.error("The database cannot be written (%s): %s", trouble, error)
        else:
            current_app.logger.error("The database cannot be reached: %s", error)
        message = CANNOT_WRITE[trouble] if trouble else GENERIC_MESSAGES[503]
        if request.path.startswith("/api/"):
            return json_error(ServiceUnavailable(gettext(message)))
        if "_login_user" not in g:
            g._login_user = login_manager.anonymous_user()
        return _page(503, message)

    @app.errorhandler(500)
    def server_error(error):
        return _page(500, GENERIC_MESSAGES[500])
