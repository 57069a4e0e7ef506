"""Hardening from a breaker's trial (issue 17): no 500 on any input, errors that keep their headers,
CSV text that survives a round trip whatever it starts with."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.records import csvformat

from .conftest import example


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
    assert client.get("/?country=").status_code == 200  # a page's form sends its empty boxes


def test_gzip_refused_with_q_0_is_not_sent(client):
    import plotly

    plotly = f"/vendor/plotly-{plotly.offline.get_plotlyjs_version()}.min.js"
    response = client.get(plotly, headers={"Accept-Encoding": "gzip;q=0"})
    assert "Content-Encoding" not in response.headers
    assert client.get(plotly, headers={"Accept-Encoding": "gzip"}).headers["Content-Encoding"] == "gzip"


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

    from tracker import create_app

    from .conftest import PASSWORD, SEED, make_user

    prefix = f"test-{uuid.uuid4().hex}"
    config = {"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": database_url, "SEED_ELECTIONS": str(SEED),
              "PASSWORD_HASH_PROFILE": "CHEAPEST", "RATELIMIT_STORAGE_URI": REDIS, "RATELIMIT_KEY_PREFIX": prefix}
    first, second = create_app(config), create_app(config)
    make_user(first, "editor@example.org")
    for worker in (first, second, first, second, first):
        assert _sign_in(worker.test_client(), "editor@example.org", "wrong wrong wrong").status_code == 400
    assert _sign_in(second.test_client(), "editor@example.org", PASSWORD).status_code == 429


def test_the_app_signs_in_when_the_limits_redis_is_gone(database_url):
    from tracker import create_app

    from .conftest import PASSWORD, SEED, make_user

    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": database_url, "SEED_ELECTIONS": str(SEED),
                      "PASSWORD_HASH_PROFILE": "CHEAPEST", "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:1/0"})
    make_user(app, "editor@example.org")
    assert _sign_in(app.test_client(), "editor@example.org", PASSWORD).status_code == 302


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
