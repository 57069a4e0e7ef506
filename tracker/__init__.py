"""Election tracker: elections to posts in international organisations.

``create_app()`` builds everything: configuration, the database engine, the extensions, the
blueprints (one package per area: elections, review, upcoming, dashboards, persons, api, files,
accounts) and the ``flask`` commands. Nothing connects or loads data at import time.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from .logs import configure_logging


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
        # the sign-in limit's counts: in each process, or shared by every worker in a Redis
        # ("redis://127.0.0.1:6379/0"); the app runs without one
        RATELIMIT_STORAGE_URI="memory://",
        # the cache of rendered pages (tracker.freshness): in each process, or shared by every worker in
        # a Redis ("redis://127.0.0.1:6379/1"); the app runs without one
        CACHE_REDIS_URL=None,
        # below this much free space on the SQLite file's disk, /healthz says "no space left"
        HEALTH_MIN_FREE_BYTES=5 * 1024 * 1024,
        # PostgreSQL's planner cost of a page read out of order, set on the app's connections: 1.1 for
        # data in memory or on SSD (the server's default, 4, is for disks that seek); None: the server's
        POSTGRES_RANDOM_PAGE_COST=1.1,
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        for name in ("DATABASE_URL", "SECRET_KEY", "TRUSTED_PROXIES", "SEED_ELECTIONS", "RATELIMIT_STORAGE_URI", "CACHE_REDIS_URL"):
            if os.environ.get(name):
                app.config[name] = os.environ[name]
    else:
        app.config.from_mapping(test_config)
    from . import cli, compression, db, errors, extensions, freshness, health, i18n, security, vendor
    from .accounts import routes as accounts
    from .api import routes as api
    from .countries import country_name
    from .dashboards import routes as dashboards
    from .elections import routes as elections
    from .feeds import routes as feeds
    from .files import routes as files
    from .persons import routes as persons
    from .review import routes as review
    from .upcoming import routes as upcoming

    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = security.instance_secret(Path(app.instance_path) / "secret_key")

    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies:  # behind a reverse proxy: its X-Forwarded-For/-Proto tell the client's address and https
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    db.init_app(app)
    extensions.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    accounts.init_app(app)
    i18n.init_app(app)
    vendor.init_app(app)
    compression.init_app(app)
    freshness.init_app(app)  # the page cache, ETags and Cache-Control, around the compression hook
    cli.init_app(app)
    app.add_template_filter(lambda code: country_name(code, i18n.language()) or code or "", "country_name")
    from .charts import known_figures, single_figure

    app.add_template_global(known_figures)
    app.add_template_global(single_figure)
    from .countries import country_choices

    app.add_template_global(lambda: country_choices(i18n.language()), "country_names")
    for blueprint in (
        elections.bp, feeds.bp, review.bp, upcoming.bp, api.bp, files.bp, dashboards.bp, persons.bp, accounts.bp, health.bp
    ):
        app.register_blueprint(blueprint)
    return app
