"""What a reader's browser, a proxy and the app itself may keep of a response, and for how long.

**The data version.** One counter in the database (``data_version``), raised by every transaction
that writes data, whatever writes it (the editing forms, imports, merges, deletes and restores, the
``flask`` commands): a listener on the engine notes each INSERT, UPDATE or DELETE and raises the
counter in the same transaction, just before it commits. Accounts (``app_user``) are not data: a
sign-in or sign-out raises nothing. ``flask db upgrade`` raises it too, since new code may show the
same data otherwise.

**Conditional requests.** A public page, download or API answer, asked for by someone not signed in
(no flashed message waiting), carries an ETag made of its address, the data version committed when
it was asked for (read before anything else: :func:`committed_version`), the interface language,
the day (a page may depend on today: *Upcoming*) and the code's own version. A request whose ``If-None-Match`` names it
gets ``304 Not Modified`` before anything is rendered (``*`` does not: an address may answer 404).
Such answers say ``Cache-Control: public, max-age=PAGE_MAX_AGE`` (60 s by default); any answer to
a signed-in reader is ``private, no-cache``.

**The cache of rendered pages.** Those same answers (200s without a cookie to set and without a
form's CSRF token) are kept, compressed as sent, by (scheme and host, path, query, language,
encoding, data version, day, code version), in Flask-Caching: in each process by default, in a Redis shared by every worker
when ``CACHE_REDIS_URL`` is set. A write raises the version, so the next request misses and renders
anew; old entries are evicted (in process, past ``CACHE_THRESHOLD`` entries) or expire (Redis, after
``CACHE_DEFAULT_TIMEOUT``). A Redis that cannot be reached is logged and the page is rendered as if
nothing were cached.

**Static files.** Their addresses carry a hash of their content (``/static/css/site.css?v=<hash>``,
added to every ``url_for("static", ...)``): asked for under the current hash, a file may be kept a
year (``immutable``), so a returning reader's browser does not ask again for the style sheet and the
charts' script before drawing; changed, it has a new address. Under no or another hash, it is
revalidated as before.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import time
from functools import cache
from pathlib import Path

from flask import Flask, Response, current_app, g, request, session
from flask_caching import Cache
from sqlalchemy import event, text
from sqlalchemy.engine import Engine

from . import searchindex
from .compression import chosen_encoding
from .db import MANUAL, get_lone_statements_engine
from .i18n import select_locale

PAGE_MAX_AGE = 60  # seconds a browser or proxy may keep a public page without asking again
STATIC_MAX_AGE = 365 * 24 * 3600  # seconds a static file asked for under its content's hash may be kept
# Endpoints whose GET answers never go through here: they set their own headers (static files,
# vendored libraries, /healthz), or are the sign-in forms.
NOT_CACHED_BLUEPRINTS = {"accounts", "health"}
NOT_CACHED_ENDPOINTS = {"static", "plotly_js", "topojson"}
NOT_DATA_TABLES = {"app_user", "data_version", "alembic_version"}
_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.IGNORECASE)
WROTE = "tracker_wrote_data"  # in a connection's info: the data tables this transaction wrote
# Response headers a cached answer keeps (the others are set anew on each request).
KEPT_HEADERS = {"content-type", "content-disposition", "content-encoding", "etag", "vary", "content-language"}

pages = Cache()


# ---------------------------------------------------------------------------------------------
# The data version


def read_version(connection) -> int:
    """The data version ``connection`` sees (0 in a database without the counter's row)."""
    return connection.execute(text("SELECT version FROM data_version WHERE id = 1")).scalar() or 0


def committed_version() -> int:
    """The data version committed now, read outside any transaction (:func:`tracker.db.lone_statements_engine`):
    one statement, on PostgreSQL one round trip where a transaction's BEGIN and ROLLBACK are two more,
    so that a page answered from the cache or with a 304 asks the database nothing else. A page
    rendered after it, in its request's own snapshot (begun later), shows this version or a later
    one, never an earlier one: a write committed in between is cached under the version read, and
    replaced at the next request."""
    with get_lone_statements_engine().connect() as connection:
        return read_version(connection)


def raise_version(connection) -> None:
    """Raise the data version by one in ``connection``'s transaction (making its row if missing)."""
    if connection.execute(text("UPDATE data_version SET version = version + 1 WHERE id = 1")).rowcount == 0:
        connection.execute(text("INSERT INTO data_version (id, version) VALUES (1, :now)"), {"now": int(time.time())})


def watch_writes(engine: Engine) -> None:
    """Make every transaction on ``engine`` that writes data, before it commits, bring the search
    index's texts of organisations and posts up to date if it wrote one (:func:`tracker.searchindex.refresh`)
    and raise the data version (transactions of migrations excepted: ``flask db upgrade`` raises it)."""

    @event.listens_for(engine, "before_cursor_execute")
    def _note_write(connection, _cursor, statement, _parameters, _context, _executemany):
        found = _WRITE.match(statement)
        if found and found.group(1).lower() not in NOT_DATA_TABLES and not connection.get_execution_options().get(MANUAL):
            connection.info.setdefault(WROTE, set()).add(found.group(1).lower())

    @event.listens_for(engine, "commit")
    def _before_commit(connection):
        written = connection.info.pop(WROTE, set())
        if written & searchindex.NAME_TABLES:
            searchindex.refresh(connection)
            connection.info.pop(WROTE, None)  # what refresh wrote is part of this write
        if written:
            raise_version(connection)

    @event.listens_for(engine, "rollback")
    def _forget(connection):
        if not connection.invalidated:  # (an invalidated connection's info went with it)
            connection.info.pop(WROTE, None)


# ---------------------------------------------------------------------------------------------
# Which requests, and under which names


@cache
def code_version() -> str:
    """A short hash of the code, templates, static files and compiled catalogs (their paths, sizes and
    times), so that new code is never served from pages cached or validated by the old one."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for folder in ("tracker", "templates"):
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in {".py", ".html", ".js", ".css", ".mo", ".json", ".svg"} and "__pycache__" not in path.parts:
                stat = path.stat()
                digest.update(f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:12]


def static_version(folder: str, filename: str) -> str | None:
    """A short hash of the static file ``filename`` under ``folder`` (its content; remembered per
    process, read anew in debug mode); ``None`` where there is no such file."""
    if current_app.debug:
        return _file_hash.__wrapped__(folder, filename)
    return _file_hash(folder, filename)


@cache
def _file_hash(folder: str, filename: str) -> str | None:
    path = Path(folder, filename)
    try:
        if path.resolve().is_relative_to(Path(folder).resolve()) and path.is_file():
            return hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    except (OSError, ValueError):
        pass
    return None


def public_request() -> bool:
    """Whether this request may be answered from the cache and validated by an ETag: a GET or HEAD of
    a page, download or API answer, by someone not signed in and with no flashed message waiting."""
    if request.method not in ("GET", "HEAD") or request.endpoint is None:
        return False
    if request.endpoint in NOT_CACHED_ENDPOINTS or request.blueprint in NOT_CACHED_BLUEPRINTS:
        return False
    return "_user_id" not in session and "_flashes" not in session


def framed() -> bool:
    """Whether the browser says this page is loaded inside a frame (``Sec-Fetch-Dest``): the chart to
    embed then shows the chart alone. Pages are cached and validated apart, framed or not."""
    return request.headers.get("Sec-Fetch-Dest") in ("iframe", "frame")


def _etag(version: int, language: str) -> str:
    """The validator of this request's page: its address (so that one page's validator never
    validates another, nor an address that answers an error), the data version, the language, the
    day and the code's version."""
    day = dt.datetime.now(dt.UTC).date().isoformat()
    seed = f"{code_version()}|{version}|{language}|{day}|{'framed' if framed() else ''}|{request.host_url}{request.full_path}"
    return hashlib.sha256(seed.encode()).hexdigest()[:24]


def _matching(etag: str) -> str | None:
    """The validator in If-None-Match that names ``etag``, as sent or as compression suffixed it
    (``<etag>:br``); None if none does. ``*`` is none: before the page is made, whether it exists
    (or is a 404) is not known, and a 304 would say it does (RFC 9110, 13.1.2)."""
    return next((tag for tag in request.if_none_match.as_set() if tag.split(":", 1)[0] == etag), None)


def _cache_key(etag: str, encoding: str | None) -> str:
    # the host too: a page may write its own absolute address (the chart to embed, the calendar feed)
    return f"page:{etag}:{encoding or 'identity'}:{request.host_url}{request.full_path}"


# ---------------------------------------------------------------------------------------------
# The hooks


def _cache_get(key: str):
    try:
        return pages.get(key)
    except Exception as error:  # a Redis that cannot be reached: render as if nothing were cached
        current_app.logger.warning("The page cache cannot be read (%s): rendering the page.", error)
        return None


def _cache_set(key: str, entry: dict) -> None:
    try:
        pages.set(key, entry)
    except Exception as error:
        current_app.logger.warning("The page cache cannot be written (%s).", error)


def init_app(app: Flask) -> None:
    """Configure the page cache (``CACHE_REDIS_URL`` for a Redis) and register the hooks, with the
    compression's between them: Flask runs ``after_request`` hooks last-registered first, and a page
    is stored compressed, so the store is registered first (it runs after compression) and the
    validators last (they run before it)."""
    app.config.setdefault("PAGE_MAX_AGE", PAGE_MAX_AGE)
    app.config.setdefault("PAGE_CACHE", True)  # False: ETags and 304s still, but every page rendered (bench/pages.py)
    redis_url = app.config.get("CACHE_REDIS_URL")
    if redis_url:
        pages.init_app(app, config={
            "CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": redis_url,
            "CACHE_KEY_PREFIX": app.config.get("CACHE_KEY_PREFIX", "tracker:"),
            "CACHE_DEFAULT_TIMEOUT": app.config.get("CACHE_DEFAULT_TIMEOUT", 24 * 3600),
            "CACHE_OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        })
    else:
        pages.init_app(app, config={
            "CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": app.config.get("CACHE_THRESHOLD", 2000),
            "CACHE_DEFAULT_TIMEOUT": app.config.get("CACHE_DEFAULT_TIMEOUT", 24 * 3600),
        })
    app.extensions["tracker.page_cache"] = pages

    @app.before_request
    def answer_from_cache():
        """A 304 for a public page the client holds, or the page as cached; else note what to store."""
        if not public_request():
            return None
        version = committed_version()
        g.etag = _etag(version, select_locale())
        if held := _matching(g.etag):
            response = Response(status=304)
            response.set_etag(held)
            _public(response)
            return response
        if not current_app.config["PAGE_CACHE"]:
            return None
        g.page_key = _cache_key(g.etag, chosen_encoding())
        entry = _cache_get(g.page_key)
        if entry is None:
            return None
        g.page_from_cache = True
        response = Response(entry["body"], status=200, headers=entry["headers"])
        _public(response)
        return response

    @app.after_request
    def store_page(response: Response) -> Response:  # runs after compression (registered before it)
        key = g.get("page_key")
        if (
            key and not g.get("page_from_cache") and response.status_code == 200 and not response.is_streamed
            and not session.modified and "csrf_token" not in g and request.method == "GET"
        ):
            headers = [(k, v) for k, v in response.headers.items() if k.lower() in KEPT_HEADERS]
            _cache_set(key, {"headers": headers, "body": response.get_data()})
        return response

    from . import compression

    compression.register(app)

    @app.url_defaults
    def versioned_static(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "v" not in values and "filename" in values:
            version = static_version(app.static_folder, values["filename"])
            if version:
                values["v"] = version

    @app.after_request
    def immutable_static(response: Response) -> Response:
        if (
            request.endpoint == "static" and response.status_code in (200, 304) and request.view_args
            and request.args.get("v") == static_version(app.static_folder, request.view_args["filename"])
        ):
            response.cache_control.no_cache = None
            response.cache_control.public = True
            response.cache_control.max_age = STATIC_MAX_AGE
            response.cache_control.immutable = True
        return response

    @app.after_request
    def validators(response: Response) -> Response:  # runs before compression
        if response.status_code == 304 or g.get("page_from_cache") or request.endpoint in NOT_CACHED_ENDPOINTS:
            return response  # (static files and vendored libraries say themselves how long they keep)
        if "_user_id" in session:
            response.cache_control.private = True
            response.cache_control.no_cache = True
            response.cache_control.public = False
        elif g.get("etag") and response.status_code == 200:
            if session.modified or "csrf_token" in g:  # a cookie to set, a form to post: this reader's own
                response.cache_control.private = True
                response.cache_control.no_cache = True
            else:
                response.set_etag(g.etag)
                _public(response)
        return response


def _public(response: Response) -> None:
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["PAGE_MAX_AGE"]
    if not request.path.startswith("/api/"):
        response.vary.add("Accept-Language")
    response.vary.add("Cookie")
    response.vary.add("Accept-Encoding")
    response.vary.add("Sec-Fetch-Dest")
