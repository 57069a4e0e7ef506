"""A fresh app on a fresh database for every test.

SQLite by default (a file in ``tmp_path``); PostgreSQL when ``TEST_DATABASE_URL`` is set. The migrations
run once per test run, into a template, and each test gets a copy of it of its own: the database as
``tracker.migrations.upgrade`` leaves an empty one (a test that downgrades, drops or migrates its
database again does it to its copy alone; subprocesses the test starts get its copy's URL).

* SQLite: the template is a file; each test's copy is ``tmp_path / "test.sqlite"``.
* PostgreSQL: the template is a database, ``<name>_<pid>_tmpl`` on the server and with the credentials
  of ``TEST_DATABASE_URL`` (``<name>`` is the database that URL names); each test's copy is a database
  ``<name>_<pid>_<n>`` made with ``CREATE DATABASE ... TEMPLATE``, dropped after the test (a few at a
  time); the template is dropped when the run ends. The database ``TEST_DATABASE_URL`` names is left to
  tests that build their own app (tests/test_shipped_elections.py).
"""

from __future__ import annotations

import concurrent.futures
import html as html_lib
import itertools
import json
import os
import re
import shutil
import sqlite3
import threading
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url
from werkzeug.serving import make_server

from tracker import create_app, records
from tracker.db import get_engine, get_session, make_engine
from tracker.i18n import compile_catalogs
from tracker.migrations import upgrade

compile_catalogs()  # as `make` does: Flask-Babel reads the compiled catalogs

SHARED = Path(__file__).resolve().parents[2] / "shared"
EXAMPLES = Path(__file__).resolve().parent / "data"
SEED = EXAMPLES / "seed"


def example(name: str) -> dict:
    """An election-records/v1 document from ``tests/data`` (a fresh copy each time)."""
    return json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))


def changed_example(name: str, change) -> dict:
    """The document :func:`example` gives, its first election passed to ``change`` (which alters it)."""
    document = example(name)
    change(document["elections"][0])
    return document


class SQLiteCopies:
    """Each test's database: a copy of a file migrated once, ``test.sqlite`` in the test's ``tmp_path``."""

    def __init__(self, folder: Path):
        self.template = folder / "template.sqlite"
        engine = make_engine(f"sqlite:///{self.template}")  # as the app's own engine: WAL, foreign keys on
        try:
            upgrade(engine)
        finally:
            engine.dispose()
        # All of it in the one file (no -wal beside it), in the journal mode of a new file: each test's
        # engine switches its copy to WAL when it first connects, as it did a new file.
        connection = sqlite3.connect(self.template)
        connection.execute("PRAGMA journal_mode=DELETE")
        connection.close()
        assert not self.template.with_name(self.template.name + "-wal").exists()

    def take(self, tmp_path: Path) -> str:
        path = tmp_path / "test.sqlite"
        shutil.copyfile(self.template, path)
        return f"sqlite:///{path}"

    def give_back(self, url: str) -> None:
        pass  # the file goes with tmp_path

    def close(self) -> None:
        pass


class PostgresCopies:
    """Each test's database: a database of its own on the server of ``TEST_DATABASE_URL``, made with
    ``CREATE DATABASE ... TEMPLATE`` from one migrated once (a few megabytes of catalogs copied: tens
    of milliseconds), and dropped after the test.

    Nothing connects to the template but the migration that fills it (then the server refuses
    connections to it), so every copy is the template as migrated. CREATE and DROP DATABASE go through
    the maintenance database ``postgres``, in autocommit (neither runs in a transaction).

    Dropping a database makes the server checkpoint and wait for it (PostgreSQL 15), which cost more
    than the migrations saved and made the next copies slower. So the databases of ``DROP_BATCH``
    tests are dropped together, over ``DROPPERS`` connections at once: drops waiting at the same time
    share a checkpoint. At most ``DROP_BATCH`` spent copies (about 8 MB each) are kept meanwhile.
    """

    DROP_BATCH = 20
    DROPPERS = 8

    def __init__(self, url: str):
        self.url = make_url(url)
        self.prefix = f"{self.url.database}_{os.getpid()}"
        assert len(f"{self.prefix}_tmpl") < 64, f"{self.prefix}: too long a name for PostgreSQL databases"
        maintenance = self.url.set(drivername="postgresql+psycopg", database="postgres")
        self.admin = create_engine(maintenance, isolation_level="AUTOCOMMIT", pool_size=self.DROPPERS)
        self.numbers = itertools.count(1)
        self.template = f"{self.prefix}_tmpl"
        self.spent: list[str] = []  # databases of finished tests, not dropped yet
        self._drop([self.template])
        self._execute(f'CREATE DATABASE "{self.template}"')
        engine = make_engine(self.url_of(self.template))  # as the app's own engine
        try:
            upgrade(engine)
        finally:
            engine.dispose()
        self._execute(f'ALTER DATABASE "{self.template}" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false')

    def url_of(self, name: str) -> str:
        """The URL of database ``name``, written like ``TEST_DATABASE_URL`` (subprocesses get it too)."""
        return self.url.set(database=name).render_as_string(hide_password=False)

    def take(self, _tmp_path: Path) -> str:
        name = f"{self.prefix}_{next(self.numbers)}"
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        return self.url_of(name)

    def give_back(self, url: str) -> None:
        self.spent.append(make_url(url).database)
        if len(self.spent) >= self.DROP_BATCH:
            self._drop(self.spent)

    def close(self) -> None:
        self._drop(self.spent)
        self._drop([self.template])
        self.admin.dispose()

    def _execute(self, sql: str) -> None:
        with self.admin.connect() as connection:
            connection.exec_driver_sql(sql)

    def _drop(self, names: list[str]) -> None:
        """Drop these databases (those that exist), closing whatever is still connected to them; empties
        ``names``."""

        def drop(some: list[str]) -> None:
            with self.admin.connect() as connection:
                for name in some:
                    if connection.exec_driver_sql("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).first():
                        connection.exec_driver_sql(f'ALTER DATABASE "{name}" WITH IS_TEMPLATE false')
                        connection.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')

        count = min(self.DROPPERS, len(names))
        if count == 1:
            drop(names)
        elif count > 1:
            with concurrent.futures.ThreadPoolExecutor(count) as pool:
                list(pool.map(drop, [names[i::count] for i in range(count)]))  # list(): raises what a drop raised
        names.clear()


@pytest.fixture(scope="session")
def fresh_databases(tmp_path_factory):
    """Where each test's database comes from: :class:`PostgresCopies` when ``TEST_DATABASE_URL`` is
    set, :class:`SQLiteCopies` otherwise. Made on first use: the migrations run once per test run."""
    url = os.environ.get("TEST_DATABASE_URL")
    databases = PostgresCopies(url) if url else SQLiteCopies(tmp_path_factory.mktemp("template"))
    yield databases
    databases.close()


@pytest.fixture
def database_url(fresh_databases, tmp_path):
    """The URL of this test's own database, migrated to the head and empty; on PostgreSQL, dropped after
    the test."""
    url = fresh_databases.take(tmp_path)
    yield url
    fresh_databases.give_back(url)


def built_app(database_url: str, **config):
    """An app as the tests build it, on ``database_url``, with ``config`` besides: `flask seed` loads
    the founding election alone (tests/test_shipped_elections.py seeds the whole shipped set)."""
    return create_app({
        "TESTING": True, "SECRET_KEY": "test", "DATABASE_URL": database_url, "SEED_ELECTIONS": str(SEED),
        "PASSWORD_HASH_PROFILE": "CHEAPEST",  # Argon2id still, at its lowest cost: accounts are made by the hundred here
        **config,
    })


def close_apps(*apps) -> None:
    """Close the database connections of ``apps`` (PostgreSQL warns of connections left open, in
    whichever later test the garbage collector finds them)."""
    for app in apps:
        with app.app_context():
            get_engine().dispose()


@pytest.fixture
def app(database_url):
    app = built_app(database_url)
    yield app
    close_apps(app)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def page_text(page) -> str:
    """The visible text of a page (a response or its HTML): no tags, scripts or styles, one space between
    words, the common entities decoded."""
    html = page if isinstance(page, str) else page.get_data(as_text=True)
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'").replace("&amp;", "&")


def hidden_fields(client, url: str) -> dict[str, str]:
    """The hidden fields of the page at ``url`` (the CSRF token, an edit's version or fingerprint), as a
    browser sends them."""
    html = client.get(url).get_data(as_text=True)
    fields = dict(re.findall(r'<input[^>]*name="(csrf_token|version|fingerprint)" type="hidden" value="([^"]*)"', html))
    assert "csrf_token" in fields, f"no CSRF token on {url}"
    return fields


def csrf_token(client, url: str) -> str:
    """The CSRF token of the form at ``url``."""
    return hidden_fields(client, url)["csrf_token"]


def form_values(html: str) -> dict:
    """What a browser sends for the form in ``html`` as it is filled: every named input (ticked boxes
    only; a name ticked twice gives a list), text area, and select (its selected option, else the first)."""
    data = {}
    for tag in re.findall(r"<input[^>]*>", html):
        attributes = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', tag))
        if "name" in attributes and (attributes.get("type") != "checkbox" or " checked" in tag):
            name, value = attributes["name"], html_lib.unescape(attributes.get("value", ""))
            data[name] = [*data[name], value] if isinstance(data.get(name), list) else [data[name], value] if name in data else value
    for name, value in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>\n?(.*?)</textarea>', html, re.S):
        data[name] = html_lib.unescape(value)
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option selected value="([^"]*)"', options) or re.search(r'<option value="([^"]*)"', options)
        data[name] = html_lib.unescape(chosen.group(1)) if chosen else ""
    return data


def post_form(client, url: str, data: dict, **kwargs):
    """POST ``data`` to the form at ``url``, with the hidden fields a browser would send."""
    return client.post(url, data={**hidden_fields(client, url), **data}, **kwargs)


@pytest.fixture
def load(runner, tmp_path):
    """Import a document (a dict) through ``flask data import``; returns the CLI result."""

    def _load(document: dict, name: str = "records.json"):
        path = tmp_path / name
        path.write_text(json.dumps(document), encoding="utf-8")
        return runner.invoke(args=["data", "import", str(path)])

    return _load


@pytest.fixture
def seeded(runner):
    """The test seed stored (the founding election among them), through ``flask seed``."""
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, result.output


@pytest.fixture
def seeded_app(app):
    """The app with the founding election and FIFA 2016 stored."""
    runner = app.test_cli_runner()
    runner.invoke(args=["seed"])
    with app.app_context():
        from tracker import records
        from tracker.db import get_session

        session = get_session()
        records.import_records(session, example("fifa-2016-president"))
        session.commit()
    return app


PASSWORD = "correct horse battery staple"


def make_user(app, email: str, role: str = "editor", password: str = PASSWORD) -> None:
    """Add an account directly in the database."""
    from tracker.accounts import users as accounts
    from tracker.db import get_session

    with app.app_context():
        accounts.create_user(get_session(), email, password, role)
        get_session().commit()


def sign_in(client, email: str, password: str = PASSWORD):
    """Sign ``client`` in through the sign-in form; returns the response."""
    return post_form(client, "/sign-in", {"email": email, "password": password})


@pytest.fixture
def editor_signed_in(app, client):
    """``client`` signed in as an editor (editor@example.org)."""
    make_user(app, "editor@example.org", "editor")
    assert sign_in(client, "editor@example.org").status_code == 302


@pytest.fixture
def admin_signed_in(app, client):
    """``client`` signed in as an admin (admin@example.org)."""
    make_user(app, "admin@example.org", "admin")
    assert sign_in(client, "admin@example.org").status_code == 302


def saved_at_once(app, monkeypatch, url: str, module, function: str, data) -> dict[int, int]:
    """Two editors (e1@, e2@example.org) open the form at ``url`` at the same moment and save it at
    once: ``module.function``, the save, waits (2 s at most) for both requests to reach it. ``data(n)``:
    what editor ``n`` (1 or 2) types. Returns each editor's status code."""
    clients = []
    for n in (1, 2):
        make_user(app, f"e{n}@example.org")
        client = app.test_client()
        sign_in(client, f"e{n}@example.org")
        clients.append((client, hidden_fields(client, url)))
    barrier = threading.Barrier(2)
    save = getattr(module, function)

    def together(*args, **kwargs):
        try:
            barrier.wait(timeout=2)
        except threading.BrokenBarrierError:
            pass
        return save(*args, **kwargs)

    monkeypatch.setattr(module, function, together)
    statuses = {}

    def post(n):
        client, fields = clients[n - 1]
        statuses[n] = client.post(url, data={**fields, **data(n)}).status_code

    threads = [threading.Thread(target=post, args=(n,)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


# --- the app in a real browser (tests/test_browser*.py) --------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# As the machine's notes advise: without the background-networking flags Chromium calls Google's hosts.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


class Counting:
    """WSGI middleware counting the requests the server receives, by path."""

    def __init__(self, app):
        self.app, self.paths = app, Counter()

    def __call__(self, environ, start_response):
        self.paths[environ["PATH_INFO"]] += 1
        return self.app(environ, start_response)


def serve(app):
    """Serve ``app`` on 127.0.0.1 in a thread; yields (base URL, request counter by path)."""
    counting = Counting(app.wsgi_app)
    app.wsgi_app = counting
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}", counting.paths
    finally:
        httpd.shutdown()
        thread.join()


@pytest.fixture
def server(app):
    """The app with the demo data, served on 127.0.0.1 in a thread; yields (base URL, request counter)."""
    assert app.test_cli_runner().invoke(args=["seed"]).exit_code == 0  # the founding election
    with app.app_context():  # then FIFA 2016 (post 2), then the invented elections
        records.import_records(get_session(), example("fifa-2016-president"))
        get_session().commit()
    result = app.test_cli_runner().invoke(args=["seed", "--demo"])
    assert result.exit_code == 0, result.output
    yield from serve(app)


@pytest.fixture
def browser():
    """A fresh headless Debian chromium, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def browser_page(browser):
    """A page in a fresh headless chromium, recording console errors and every URL requested."""
    page = browser.new_page()
    page.errors, page.requested = [], []
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("request", lambda request: page.requested.append(request.url))
    yield page


