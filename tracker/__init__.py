"""Election tracker: elections to posts in international organisations.

``create_app()`` builds everything: configuration, the database engine, CSRF protection, the
blueprints and the ``flask`` commands. Nothing connects or loads data at import time.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
from pathlib import Path

from flask import Flask, abort, g, has_request_context, render_template, request
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFError, CSRFProtect
from sqlalchemy.exc import DatabaseError, OperationalError
from werkzeug.exceptions import HTTPException, ServiceUnavailable
from werkzeug.middleware.proxy_fix import ProxyFix

from .i18n import N_
from .logs import configure_logging

csrf = CSRFProtect()
SERVER_HEADER = "election-tracker"  # the Server header of every response (gunicorn.conf.py sends it too)


# plotly.js sets style attributes on what it draws, hence 'unsafe-inline' for styles only; scripts
# come from this site alone, and none is inline.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
    ]
)

GENERIC_MESSAGES = {  # translated when shown (error.html)
    403: N_("You may not do this."),
    404: N_("There is no such page."),
    405: N_("This page does not take that kind of request."),
    429: N_("Too many attempts. Wait a minute, then try again."),
    500: N_("Something went wrong on our side."),
    503: N_("The database cannot be reached just now. Try again in a minute."),
}


def _instance_secret(path: Path) -> str:
    """The key that signs sessions and CSRF tokens when none is configured: made at random the first
    time, kept in ``instance/secret_key`` (readable by the owner only), so sessions survive restarts
    and nobody can guess it."""
    key = path.read_text().strip() if path.exists() else ""
    if key:
        return key
    # Written whole to a file of its own, then linked into place: a process starting at the same
    # moment reads either nothing (and makes one) or a whole key, the first linked.
    fresh = path.with_name(f"secret_key.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as out:
        out.write(secrets.token_hex(32))
    try:
        if path.exists() and not path.read_text().strip():
            path.unlink()  # left empty by a crash
        os.link(fresh, path)
    except FileExistsError:
        pass
    finally:
        fresh.unlink()
    return path.read_text().strip()


def web_address(url: str | None) -> str:
    """``url`` if it is an http(s) address, else ``"#"``: a stored link can never run script."""
    return url if url and re.match(r"^https?://", url, re.IGNORECASE) else "#"


class SessionInterface(SecureCookieSessionInterface):
    """Signed cookie sessions, marked ``Secure`` whenever the request came over https."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return app.config["SESSION_COOKIE_SECURE"] or (has_request_context() and request.is_secure)


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app. ``test_config`` overrides configuration (tests pass ``DATABASE_URL`` and so on).

    Configuration, lowest precedence first: built-in defaults (SQLite in ``instance/``),
    ``instance/config.py`` if present, the environment (``DATABASE_URL``, ``SECRET_KEY``), then
    ``test_config``.
    """
    configure_logging()  # before app.logger exists, so that Flask adds no handler of its own
    app = Flask(
        __name__,
        instance_path=str(Path(__file__).resolve().parent.parent / "instance"),
        instance_relative_config=True,
        template_folder="../templates",
    )
    app.config.from_mapping(
        SECRET_KEY=None,
        DATABASE_URL=f"sqlite:///{Path(app.instance_path) / 'tracker.sqlite'}",
        MAX_CONTENT_LENGTH=50 * 1024 * 1024,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SECURE=False,  # and Secure on any request that came over https (see below)
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=12),
        WTF_CSRF_TIME_LIMIT=None,  # a form's token lasts as long as the session: a long entry is not lost
        SEED_ELECTIONS=str(Path(__file__).resolve().parent / "data" / "elections"),  # what `flask seed` loads
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        for name in ("DATABASE_URL", "SECRET_KEY", "TRUSTED_PROXIES", "SEED_ELECTIONS"):
            if os.environ.get(name):
                app.config[name] = os.environ[name]
    else:
        app.config.from_mapping(test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path) / "secret_key")

    from . import cli, db, i18n, vendor
    from .countries import country_name
    from .views import api, auth, dashboards, data, elections, health

    app.session_interface = SessionInterface()
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies:  # behind a reverse proxy: its X-Forwarded-For/-Proto tell the client's address and https
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    db.init_app(app)
    csrf.init_app(app)
    auth.init_app(app)
    i18n.init_app(app)
    vendor.init_app(app)
    cli.init_app(app)
    app.add_template_filter(lambda code: country_name(code, i18n.language()) or code or "", "country_name")
    app.add_template_filter(web_address)
    app.register_blueprint(elections.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(data.bp)
    app.register_blueprint(dashboards.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(health.bp)

    @app.after_request
    def security_headers(response):
        """Only the app's own scripts run (no inline script); no other site may frame a page, except
        a chart embed page (``frame_ancestors`` on the view); no version of anything is told."""
        ancestors = getattr(request, "frame_ancestors", "'none'")
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY + f"; frame-ancestors {ancestors}"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if ancestors == "'none'":
            response.headers["X-Frame-Options"] = "DENY"
        response.headers["Server"] = SERVER_HEADER  # instead of the server's name and version
        return response

    @app.before_request
    def refuse_null_characters():
        """NUL characters mean nothing in any field here, and PostgreSQL cannot store them."""
        values = [request.path, *request.args.keys(), *request.form.keys()]
        values += [v for _, v in request.args.items(multi=True)] + [v for _, v in request.form.items(multi=True)]
        if any("\x00" in value for value in values):
            abort(400, description=N_("The request contains a NUL character (\\x00), which no field accepts."))

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        message = N_("This form's security token (CSRF) is missing or has expired. Reload the page and try again.")
        return render_template("error.html", code=400, message=message), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        """Every 4xx as a page (JSON under /api/) that says what is wrong, when the view said it."""
        if request.path.startswith("/api/"):
            return api.json_error(error)
        message = GENERIC_MESSAGES.get(error.code, error.description)
        if error.description != type(error).description and error.code != 429:  # the view's own words
            message = error.description
        return render_template("error.html", code=error.code, message=message), error.code

    @app.errorhandler(DatabaseError)
    def database_unreachable(error: DatabaseError):
        """The database is gone, unreadable, not a database, locked too long or without its tables: 503,
        saying so (the error goes to the log), not a 500. The page does not ask the database who is
        signed in. Other database errors (a constraint, a bad statement) are faults: 500."""
        if not (isinstance(error, OperationalError) or type(error.orig).__name__ == "DatabaseError"):
            raise error
        app.logger.error("The database cannot be reached: %s", error)
        if request.path.startswith("/api/"):
            return api.json_error(ServiceUnavailable("The database cannot be reached just now. Try again in a minute."))
        if "_login_user" not in g:
            g._login_user = auth.login_manager.anonymous_user()
        return render_template("error.html", code=503, message=GENERIC_MESSAGES[503]), 503

    @app.errorhandler(500)
    def server_error(error):
        return render_template("error.html", code=500, message=GENERIC_MESSAGES[500]), 500

    return app
