"""Hardening from a breaker's trial (issue 17): no 500 on any input, errors that keep their headers,
CSV text that survives a round trip whatever it starts with."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import select

from tracker.records import csvformat

from .conftest import built_app, close_apps, example, post_form


@pytest.mark.parametrize(
    "url",
    [
        "/organisations/%25d", "/organisations/50%25%20off", "/posts/1?download=%25d", "/countries/%25s%25s",
        "/persons/1?download=%25(x)s", "/elections/%25d", "/elections/%25d/history", "/posts/%25d",
        "/search?q=%25d%25s", "/elections?organisation=%25d", "/upcoming?organisation=%25d",
    ],
)
def test_a_percent_sign_in_an_address_is_no_template(client, seeded, url):
    response = client.get(url)
    assert 200 <= response.status_code < 500, response.status_code
    assert "%d" in response.get_data(as_text=True) or response.status_code in (200, 400, 404)


def test_a_405_says_which_methods_are_allowed_on_pages_and_in_the_api(client):
    for url in ("/api/v1/elections", "/"):
        response = client.delete(url)
        assert response.status_code == 405 and set(response.headers["Allow"].split(", ")) >= {"GET", "HEAD"}


def test_the_api_refuses_an_empty_filter_as_its_document_says(client, seeded):
    response = client.get("/api/v1/elections?country=")
    assert response.status_code == 400 and "country: must not be empty" in response.get_json()["error"]["message"]
    assert client.get("/elections?country=").status_code == 200  # a page's form sends its empty boxes


def test_gzip_refused_with_q_0_is_not_sent(client):
    from tracker.vendor import PLOTLY_JS_VERSION

    plotly = f"/vendor/plotly-basic-{PLOTLY_JS_VERSION}.min.js"
    response = client.get(plotly, headers={"Accept-Encoding": "gzip;q=0"})
    assert "Content-Encoding" not in response.headers
    assert client.get(plotly, headers={"Accept-Encoding": "gzip"}).headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in client.get(plotly, headers={"Accept-Encoding": "br;q=0, gzip;q=0"}).headers
    assert client.get(plotly, headers={"Accept-Encoding": "br;q=0, gzip"}).headers["Content-Encoding"] == "gzip"


def _through_csv(app, name: str) -> str:
    record = copy.deepcopy(example("fifa-2016-president")["elections"][0])
    record["candidates"][0]["name"] = name
    from tracker import records
    from tracker.db import get_session

    with app.app_context():
        session = get_session()
        records.import_records(session, records.export_document([record]))
        stored = records.load_records(session, [record["id"]])
        document, _rows, problems = csvformat.parse_csv(csvformat.to_csv(stored))
        session.rollback()
    assert problems == []
    return document["elections"][0]["candidates"][0]["name"]


@pytest.mark.parametrize("name", ["'=HYPERLINK(1)", "''+1", "'-x", "'@y", "=1+1", "'plain", "O'Neill", "-"])
def test_csv_keeps_every_text_whatever_it_starts_with(app, name):
    assert _through_csv(app, name) == name


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("'=+-@ax\t"), min_size=1, max_size=6).filter(lambda t: t.strip() == t and t.strip()))
def test_csv_cells_round_trip(text):
    assert csvformat._blank(csvformat._cell(text)) == text


@pytest.mark.parametrize(
    "password, message",
    [
        ("123456789012", "too easy to guess"),
        ("password1234", "too easy to guess"),
        ("newcomer@example.org", "may not contain the account's email"),
        ("newcomer-rules-1984!", "may not contain the account's email"),
        (" " * 12 + "x", "at least 12 characters besides spaces"),
        ("\u200b" * 20 + "abc", "at least 12 characters besides spaces"),
        ("aaaaaaaaaaaaaaaa", "too easy to guess"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(app, password, message):
    from tracker.accounts import users
    from tracker.db import get_session

    with app.app_context(), pytest.raises(users.AccountError) as refused:
        users.create_user(get_session(), "newcomer@example.org", password, "editor")
    assert message in str(refused.value)


def test_a_passphrase_is_accepted(app):
    from tracker.accounts import users
    from tracker.db import get_session

    with app.app_context():
        assert users.create_user(get_session(), "newcomer@example.org", "copper lantern ferry oboe", "editor").id


def _sign_in(client, email: str, password: str):
    from .conftest import csrf_token

    token = csrf_token(client, "/sign-in")
    return client.post("/sign-in", data={"csrf_token": token, "email": email, "password": password})


def test_successful_sign_ins_do_not_count_against_the_limit(app):
    from .conftest import PASSWORD, make_user

    for n in range(8):  # eight editors of one office, one address, within the minute
        make_user(app, f"editor{n}@example.org")
        assert _sign_in(app.test_client(), f"editor{n}@example.org", PASSWORD).status_code == 302
    client = app.test_client()
    for _ in range(5):
        assert _sign_in(client, "editor0@example.org", "wrong wrong wrong").status_code == 400
    assert _sign_in(client, "editor0@example.org", PASSWORD).status_code == 429


REDIS = "redis://127.0.0.1:6379/15"


def _redis_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


@pytest.mark.skipif(not _redis_answers(), reason="no Redis on 127.0.0.1:6379 (the machines this runs on have one)")
def test_workers_share_the_failure_count_through_redis(database_url):
    """Two apps (two workers) on one Redis: three failures on each are six on the address."""
    import uuid

    from .conftest import PASSWORD, make_user

    prefix = f"test-{uuid.uuid4().hex}"
    config = {"RATELIMIT_STORAGE_URI": REDIS, "RATELIMIT_KEY_PREFIX": prefix}
    first, second = built_app(database_url, **config), built_app(database_url, **config)
    try:
        make_user(first, "editor@example.org")
        for worker in (first, second, first, second, first):
            assert _sign_in(worker.test_client(), "editor@example.org", "wrong wrong wrong").status_code == 400
        assert _sign_in(second.test_client(), "editor@example.org", PASSWORD).status_code == 429
    finally:
        close_apps(first, second)


def test_the_app_signs_in_when_the_limits_redis_is_gone(database_url):
    from .conftest import PASSWORD, make_user

    app = built_app(database_url, RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0")
    try:
        make_user(app, "editor@example.org")
        assert _sign_in(app.test_client(), "editor@example.org", PASSWORD).status_code == 302
    finally:
        close_apps(app)


def test_the_development_server_sends_one_server_header(app):
    import http.client
    import threading

    from werkzeug.serving import make_server

    from tracker.devserver import OneServerHeader

    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=OneServerHeader)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=10)
        connection.request("GET", "/healthz")
        response = connection.getresponse()
        assert [value for name, value in response.getheaders() if name.lower() == "server"] == ["election-tracker"]
        assert response.getheader("Date")
    finally:
        server.shutdown()


def test_a_dropped_database_connection_is_the_503_page_and_the_next_request_gets_a_fresh_one(app, client, database_url):
    """The server ends the app's connection in the middle of a read (``pg_terminate_backend``, as when
    PostgreSQL restarts): the reader gets the 503 page with the security headers, not an empty 500,
    and the next request works on a fresh connection."""
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only: SQLite has no server to drop a connection")
    from sqlalchemy import create_engine, text

    from tracker.db import get_session

    admin = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT")

    def dropped_in_the_middle():  # a view that reads twice, its connection ended between the two reads
        session = get_session()
        backend = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with admin.connect() as connection:
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
        session.execute(text("SELECT 1"))
        return "read twice"

    def dropped_at_the_end():  # a view that has read all it needs: its connection ends before the rollback
        session = get_session()
        backend = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with admin.connect() as connection:
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
        return "read once"

    app.add_url_rule("/dropped", view_func=dropped_in_the_middle)
    app.add_url_rule("/dropped-at-the-end", view_func=dropped_at_the_end)
    try:
        for _ in range(2):
            response = client.get("/dropped?lang=fr")
            assert response.status_code == 503
            assert "La base de données est injoignable" in response.get_data(as_text=True)
            assert "Content-Security-Policy" in response.headers
            assert client.get("/organisations").status_code == 200
            response = client.get("/dropped-at-the-end")
            assert response.status_code == 200 and response.get_data(as_text=True) == "read once"
            assert client.get("/organisations").status_code == 200
    finally:
        admin.dispose()


def test_a_pooled_connection_is_pinged_after_it_rested_and_replaced_if_the_server_ended_it(database_url):
    """A connection that rested in the pool longer than the threshold is pinged as it is taken: one the
    server ended (a restart) is replaced before any statement meets it. One used just before is taken
    as it is: the statement that meets a dead one fails as a disconnection, and the pool connects anew."""
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only: SQLite has no server to drop a connection")
    import time

    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import DBAPIError

    from tracker.db import ping_idle_connections

    url = database_url.replace("postgresql://", "postgresql+psycopg://", 1)
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    engine = create_engine(url, pool_size=1)
    ping_idle_connections(engine, after=0.2)

    def backend_pid() -> int:
        with engine.connect() as connection:
            return connection.execute(text("SELECT pg_backend_pid()")).scalar_one()

    def ended(pid: int) -> None:
        with admin.connect() as connection:
            assert connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar_one()

    try:
        first = backend_pid()
        assert backend_pid() == first  # the same connection, taken again at once: not replaced
        ended(first)
        time.sleep(0.3)  # rested: pinged, found ended, replaced
        second = backend_pid()
        assert second != first
        ended(second)  # taken again at once: not pinged, so the statement meets the ended connection
        with pytest.raises(DBAPIError) as failed:
            backend_pid()
        assert failed.value.connection_invalidated
        assert backend_pid() not in (first, second)  # and the pool connected anew
    finally:
        engine.dispose()
        admin.dispose()


def test_a_read_ends_with_commit_keeping_the_prepared_statements_and_a_write_in_a_read_is_undone(app, client, load):
    """A request that only reads ends its snapshot with COMMIT, not ROLLBACK: on a ROLLBACK psycopg
    deallocates every prepared statement of the connection, so none of a page's ever was, and
    PostgreSQL planned each anew at each request. A read that wrote all the same (it should not)
    is rolled back, as before."""
    from sqlalchemy import event, func, text

    from tracker import models
    from tracker.db import MANUAL, get_engine, get_session

    assert load(example("interpol-2024-vice-president-africa")).exit_code == 0

    def writes_in_a_read():
        session = get_session()
        session.add(models.Organisation(acronym="GETW", name="Written by a GET (invented)"))
        session.flush()
        return "wrote"

    def prepared():
        if get_session().get_bind().dialect.name != "postgresql":
            return "0"
        return str(get_session().execute(text("SELECT count(*) FROM pg_prepared_statements")).scalar_one())

    app.add_url_rule("/writes-in-a-read", view_func=writes_in_a_read)
    app.add_url_rule("/prepared", view_func=prepared)
    app.config["PAGE_CACHE"] = False
    ended = []
    with app.app_context():
        engine = get_engine()

    def noted(how):
        def note(connection):
            options = connection.get_execution_options()
            if not (options.get(MANUAL) or options.get("isolation_level") == "AUTOCOMMIT"):  # not the data version's lone read
                ended.append(how)
        return note

    event.listen(engine, "commit", noted("commit"))
    event.listen(engine, "rollback", noted("rollback"))
    for _ in range(7):  # psycopg prepares a statement run five times on a connection
        assert client.get("/elections/interpol-2024-vice-president-africa").status_code == 200
    assert ended and set(ended) == {"commit"}, ended
    if engine.dialect.name == "postgresql":
        assert int(client.get("/prepared").get_data(as_text=True)) > 0
    ended.clear()
    assert client.get("/writes-in-a-read").get_data(as_text=True) == "wrote"
    assert ended == ["rollback"]
    with app.app_context():
        written = get_session().scalar(select(func.count()).select_from(models.Organisation).where(models.Organisation.acronym == "GETW"))
    assert written == 0


def _signed_in_elsewhere(app, other):
    """A client of ``other`` (an app on the same database and secret key) carrying the session of an
    editor signed in through ``app``: no write needed to sign in on ``other``."""
    from .conftest import make_user, sign_in

    make_user(app, "writer@example.org")
    first = app.test_client()
    assert sign_in(first, "writer@example.org").status_code == 302
    client = other.test_client()
    client.set_cookie("session", first.get_cookie("session").value)
    return client


def test_health_and_pages_say_when_the_database_is_read_only(app, seeded, database_url, caplog):
    """A read-only database (SQLite opened with mode=ro; a PostgreSQL database whose transactions are
    read-only): pages read, /healthz answers 503 "read-only", and a save is the 503 page saying so,
    logged with the reason."""
    from sqlalchemy import create_engine, make_url

    from .conftest import post_form

    sqlite = database_url.startswith("sqlite")
    other = built_app(f"sqlite:///file:{make_url(database_url).database}?mode=ro&uri=true" if sqlite else database_url)
    client = _signed_in_elsewhere(app, other)
    if not sqlite:
        admin = create_engine(make_url(database_url).set(drivername="postgresql+psycopg", database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.exec_driver_sql(f'ALTER DATABASE "{make_url(database_url).database}" SET default_transaction_read_only = on')
        admin.dispose()
        close_apps(app)
    try:
        health = client.get("/healthz")
        assert health.status_code == 503 and health.get_json() == {"status": "error", "database": "read-only"}
        assert client.get("/elections/interpol-2024-vice-president-africa").status_code == 200
        response = post_form(client, "/elections/interpol-2024-vice-president-africa/candidates/new?lang=fr",
                             {"name": "Jeanne Martin", "country": "FRA", "kind": "person", "declared": "y"})
        assert response.status_code == 503, response.status_code
        assert "lecture seule" in response.get_data(as_text=True)
        assert any("cannot be written (read-only)" in record.getMessage() for record in caplog.records)
    finally:
        close_apps(other)


def test_health_and_pages_say_when_the_disk_is_full(app, seeded, database_url):
    """SQLite on a disk with less free space than HEALTH_MIN_FREE_BYTES: /healthz answers 503 "no space
    left"; a save that needs a page SQLite cannot have (``max_page_count``, as a full disk) is the 503
    page saying so."""
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite: the app sees the disk its file is on")
    from sqlalchemy import event

    from tracker.db import get_engine

    from .conftest import post_form

    other = built_app(database_url, HEALTH_MIN_FREE_BYTES=2**62)
    client = _signed_in_elsewhere(app, other)
    assert client.get("/healthz").get_json() == {"status": "error", "database": "no space left"}
    assert client.get("/healthz").status_code == 503
    with other.app_context():
        engine = get_engine()
        engine.dispose()

        @event.listens_for(engine, "connect")
        def _no_more_pages(dbapi_connection, _record):
            pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
            dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

    response = post_form(client, "/elections/interpol-2024-vice-president-africa/candidates/new",
                         {"name": "Jeanne Martin", "country": "FRA", "kind": "person", "declared": "y"})
    assert response.status_code == 503 and "has no space left" in response.get_data(as_text=True)
    close_apps(other)


# --- 3. one text policy --------------------------------------------------------------------------

# Characters that show nothing or pass for another: in an acronym, "INTER?POL" would be a second
# organisation displayed as "INTERPOL"
INVISIBLE_OR_LOOK_ALIKE = [
    "\u200d", "\u200c", "\u200e", "\u200f", "\u061c", "\u034f", "\ufe0f", "\u180b", "\xa0", "\u200b",
    "\u2060", "\ufeff", "\xad", "\u202a", "\u202e", "\u2066", "\u2009", "\u3000", "\u202f", "\u3164",
]


def _record(**changes) -> dict:
    record = copy.deepcopy(example("interpol-2024-vice-president-africa")["elections"][0])
    record.pop("id", None)
    for path, value in changes.items():
        where = record
        *parents, last = path.split(".")
        for name in parents:
            where = where[int(name)] if isinstance(where, list) else where[name]
        where[last] = value
    return record


def _problems(record: dict) -> list[tuple[str, str]]:
    from tracker import records

    return [(p.field, p.message) for p in records.validate_records(records.export_document([record]))]


@pytest.mark.parametrize("character", INVISIBLE_OR_LOOK_ALIKE)
def test_an_acronym_with_an_invisible_or_look_alike_character_is_refused(character):
    problems = _problems(_record(**{"organisation.acronym": f"INTER{character}POL"}))
    assert [field for field, _ in problems] == ["organisation.acronym"], problems
    assert f"(U+{ord(character):04X})" in problems[0][1]
    # a post's title and region name it too
    assert [f for f, _ in _problems(_record(**{"post.title": f"Vice{character}President"}))] == ["post.title"]


def test_a_word_mixing_latin_and_cyrillic_letters_is_refused_in_a_key_not_in_a_name():
    problems = _problems(_record(**{"organisation.acronym": "INTERP\u041eL"}))  # a Cyrillic О
    assert problems == [("organisation.acronym", "mixes Latin, Greek or Cyrillic letters in “INTERPОL”: letters that look alike are not the same")]
    assert _problems(_record(**{"candidates.0.name": "Игорь Прокопчук (Igor Prokopchuk)"})) == []
    # Persian and Arabic names need the zero-width non-joiner; mixed-direction text needs the marks
    assert _problems(_record(**{"candidates.0.name": "محمد\u200cرضا", "candidates.0.names": {"fr": "Mohammad\u200eReza"}})) == []


@pytest.mark.parametrize("character", ["\n", "\r", "\t", "\u2028", "\u2029"])
def test_a_one_line_field_refuses_line_breaks_and_tabs_and_notes_keep_them(character):
    for path in ("body", "session", "candidates.0.name", "sources.0.title", "location.city"):
        problems = _problems(_record(**{path: f"General{character}Assembly"}))
        assert len(problems) == 1 and f"contains a line break or a tab (U+{ord(character):04X})" in problems[0][1], (path, problems)
    assert _problems(_record(notes=f"First line.{character}Second line.")) == []


def test_the_election_form_applies_the_same_policy(app, client, editor_signed_in):
    from .test_pages import ELECTION

    for field, value, said in [
        ("organisation_acronym", "INTER\u200ePOL", "contains an invisible or special character (U+200E)"),
        ("organisation_acronym", "INTERP\u041eL", "mixes Latin, Greek or Cyrillic letters"),
        ("body", "General\u2028Assembly", "contains a line break or a tab (U+2028)"),
        ("post_title", "Director\xa0General", "contains an invisible or special character (U+00A0)"),
    ]:
        response = post_form(client, "/elections/new", {**ELECTION, field: value})
        assert response.status_code == 400 and said in response.get_data(as_text=True), (field, response.status_code)
    from tracker.db import get_session
    from tracker.models import Election, Organisation

    with app.app_context():
        assert get_session().exec(select(Election)).all() == [] and get_session().exec(select(Organisation)).all() == []
    fr = post_form(client, "/elections/new?lang=fr", {**ELECTION, "organisation_acronym": "INTER\u200ePOL"})
    assert "contient un caractère invisible ou spécial (U+200E)" in fr.get_data(as_text=True)


def test_filters_and_search_text_follow_the_policy_on_pages_and_in_the_api(client, seeded):
    for url in ("/api/v1/elections?organisation=INTER%0APOL", "/api/v1/search?q=inter%E2%80%8Bpol",
                "/search?q=inter%E2%80%8Bpol", "/elections?post=Vice%09President", "/api/v1/search?q=" + "x" * 201):
        response = client.get(url)
        assert response.status_code == 400, (url, response.status_code)
    said = client.get("/api/v1/search?q=inter%E2%80%8Bpol").get_json()["error"]["message"]
    assert said == "q contains an invisible control character (U+200B) that could disguise the text."
    assert "Le texte recherché contient un caractère de contrôle invisible (U+200B)" in client.get("/search?q=inter%E2%80%8Bpol&lang=fr").get_data(as_text=True)
    assert client.get("/api/v1/search?q=interpol").status_code == 200
    assert client.get("/api/v1/search?q=%D8%B9%D8%A8%D8%AF%E2%80%8C%D8%A7%D9%84%D9%84%D9%87").status_code == 200  # a ZWNJ in Arabic


def test_postgresql_connections_price_random_reads_as_the_config_says(database_url):
    """POSTGRES_RANDOM_PAGE_COST (1.1 by default: data in memory or on SSD) on each connection of the
    app; None leaves the server's own (4 unless its administrator set another). SQLite has no such
    setting: the app runs there the same with either."""
    from sqlalchemy import text

    from tracker.db import get_engine

    default, servers = built_app(database_url), built_app(database_url, POSTGRES_RANDOM_PAGE_COST=None)
    try:
        shown = []
        for app in (default, servers):
            with app.app_context(), get_engine().connect() as connection:
                if connection.dialect.name == "postgresql":
                    shown.append(connection.execute(text("SHOW random_page_cost")).scalar())
                else:
                    shown.append(connection.execute(text("SELECT 1")).scalar())
        if default.extensions["tracker.engine"].dialect.name == "postgresql":
            assert shown[0] == "1.1" and shown[1] != "1.1"
        else:
            assert shown == [1, 1]
    finally:
        close_apps(default, servers)
