"""Compression, conditional requests, Cache-Control and the cache of rendered pages (issue 19, points
1 to 3): what a reader's browser is sent, and that a write is seen at once whatever was cached."""

from __future__ import annotations

import gzip
import hashlib
import re
import uuid
from pathlib import Path

import brotli
import pytest
import redis
from sqlalchemy import event

from tracker import create_app
from tracker.db import get_engine, get_session
from tracker.freshness import read_version

from .conftest import SEED, built_app, close_apps, example, make_user, post_form, sign_in

FOUNDING = "/elections/interpol-2024-vice-president-africa"
PERSON_API = "/api/v1/search?q=dkhissi"


@pytest.fixture
def founding(load):
    assert load(example("interpol-2024-vice-president-africa")).exit_code == 0


def _version(app) -> int:
    with app.app_context():
        return read_version(get_session().connection())


def _statements(app) -> list[str]:
    """Every SQL statement the app's engine runs from now on (appended as they run)."""
    seen: list[str] = []
    with app.app_context():
        event.listen(get_engine(), "before_cursor_execute", lambda *args: seen.append(args[2]))
    return seen


def _dkhissi_id(client) -> int:
    return client.get(PERSON_API).get_json()["persons"][0]["id"]


def _rename(app, person_id: int, name: str) -> None:
    """An editor (their own browser) corrects the person's name through the form."""
    editor = app.test_client()
    make_user(app, "editor@example.org", "editor")
    assert sign_in(editor, "editor@example.org").status_code == 302
    fields = {"name": name, "name_fr": "", "name_ar": "محمد الدخيسي", "aliases": "", "gender": "male"}
    assert post_form(editor, f"/persons/{person_id}/edit", fields).status_code == 302


# --- 1. compression -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accepted", "sent"),
    [
        ("gzip, deflate, br", "br"),
        ("br;q=0.5, gzip", "gzip"),  # the client's preference wins
        ("gzip", "gzip"),
        ("br;q=0, gzip", "gzip"),  # q=0 refuses
        ("gzip;q=0", None),
        ("br;q=0, gzip;q=0", None),
        ("*", "br"),
        ("*;q=0, identity", None),
        ("", None),
    ],
)
def test_a_page_is_compressed_as_the_client_accepts_it(client, founding, accepted, sent):
    plain = client.get(FOUNDING, headers={"Accept-Encoding": "identity"})
    response = client.get(FOUNDING, headers={"Accept-Encoding": accepted})
    assert response.status_code == 200 and response.headers.get("Content-Encoding") == sent
    assert "Accept-Encoding" in response.headers["Vary"]
    body = {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}[sent](response.data)
    assert body == plain.data and b"Mohamed Dkhissi" in body
    if sent:
        assert len(response.data) < len(plain.data) / 2


@pytest.mark.parametrize(
    ("url", "mimetype"),
    [
        ("/api/v1/elections/interpol-2024-vice-president-africa", "application/json"),
        ("/api/v1/openapi.json", "application/json"),
        (f"{FOUNDING}/export.csv", "text/csv"),
        (f"{FOUNDING}/export.json", "application/json"),
        ("/export.csv", "text/csv"),
    ],
)
def test_json_csv_and_the_openapi_document_are_compressed(client, founding, url, mimetype):
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    assert plain.mimetype == mimetype and len(plain.data) > 1024
    for accepted, decompress in (("br", brotli.decompress), ("gzip", gzip.decompress)):
        response = client.get(url, headers={"Accept-Encoding": accepted})
        assert response.headers["Content-Encoding"] == accepted
        assert decompress(response.data) == plain.data


def test_a_response_under_1_kb_is_not_compressed(client, founding):
    response = client.get("/api/v1/organisations", headers={"Accept-Encoding": "br, gzip"})
    assert response.status_code == 200 and len(response.data) < 1024
    assert "Content-Encoding" not in response.headers
    assert "INTERPOL" in response.get_data(as_text=True)


# --- 2. conditional requests and Cache-Control ----------------------------------------------------


@pytest.mark.parametrize("url", [FOUNDING, "/", "/countries/MAR", f"{FOUNDING}/export.csv", "/api/v1/elections", PERSON_API])
def test_a_returning_browser_revalidates_with_a_304(client, founding, url):
    first = client.get(url, headers={"Accept-Encoding": "br"})
    etag = first.headers["ETag"]
    assert first.status_code == 200 and first.headers["Cache-Control"] == "public, max-age=60"
    again = client.get(url, headers={"Accept-Encoding": "br", "If-None-Match": etag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag
    # the same validator without the encoding's suffix, as an intermediary may send it
    assert client.get(url, headers={"If-None-Match": etag.replace(":br", "")}).status_code == 304
    assert client.get(url, headers={"If-None-Match": '"something-else"'}).status_code == 200


def test_the_etag_follows_the_language(client, founding):
    english = client.get(FOUNDING).headers["ETag"]
    french = client.get(FOUNDING, headers={"Accept-Language": "fr"})
    assert french.headers["ETag"] != english and "Tour" in french.get_data(as_text=True)
    assert "Accept-Language" in french.headers["Vary"]
    assert client.get(FOUNDING, headers={"Accept-Language": "fr", "If-None-Match": english}).status_code == 200
    arabic = client.get(f"{FOUNDING}?lang=ar")  # remembered in the session: this answer sets a cookie
    assert arabic.headers["Cache-Control"] == "private, no-cache" and "Set-Cookie" in arabic.headers
    remembered = client.get(FOUNDING)
    assert remembered.headers["ETag"] not in (english, french.headers["ETag"])
    assert 'dir="rtl"' in remembered.get_data(as_text=True)


def test_signed_in_pages_are_private_and_carry_no_etag(app, client, founding):
    public = client.get(FOUNDING)
    make_user(app, "editor@example.org", "editor")
    assert sign_in(client, "editor@example.org").status_code == 302
    for url in (FOUNDING, "/", "/api/v1/elections", f"{FOUNDING}/export.csv"):
        response = client.get(url, headers={"If-None-Match": public.headers["ETag"]})
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "private, no-cache" and "ETag" not in response.headers
    assert "Sign out" in client.get(FOUNDING).get_data(as_text=True)  # never the anonymous page from the cache
    plotly = client.get("/vendor/plotly-basic-4.1.1.min.js")  # the same for everyone: kept a year still
    assert plotly.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_static_files_are_addressed_by_their_content_and_kept_a_year(app, client, founding):
    """The style sheet and the charts' script before a chart: a returning reader's browser asks for
    neither again (it did, each time, for a 304)."""
    html = client.get(FOUNDING).get_data(as_text=True)
    css = re.search(r'<link rel="stylesheet" href="(/static/css/site\.css\?v=(\w+))">', html)
    assert css, html[:2000]
    content = (Path(app.static_folder) / "css" / "site.css").read_bytes()
    assert css.group(2) == hashlib.sha256(content).hexdigest()[:12]
    with client.get(css.group(1)) as kept:
        assert kept.status_code == 200 and kept.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert kept.data == content
    for other in ("/static/css/site.css", "/static/css/site.css?v=0123456789ab"):  # an old or no hash: asked again
        with client.get(other) as response:
            assert response.status_code == 200 and "immutable" not in response.headers["Cache-Control"]
    assert re.search(r'href="/static/favicon\.svg\?v=\w{12}"', html)


def test_a_validator_validates_its_own_address_only(client, founding):
    """Each address has its own ETag: one page's validator sent for another page, or for an address
    that answers an error, gets that answer, not a 304; nor does ``If-None-Match: *`` (whether the
    page exists is known only once it is made)."""
    etag = client.get(FOUNDING).headers["ETag"]
    assert client.get(FOUNDING, headers={"If-None-Match": etag}).status_code == 304
    other = client.get("/", headers={"If-None-Match": etag})
    assert other.status_code == 200 and other.headers["ETag"] != etag
    for missing in ("/countries/XXX", "/persons/999999", "/elections/nope", "/api/v1/elections?page=0"):
        for asked in (etag, "*"):
            assert client.get(missing, headers={"If-None-Match": asked}).status_code in (400, 404), (missing, asked)
    assert client.get(f"{FOUNDING}?lang=fr", headers={"If-None-Match": etag}).status_code == 200


def test_a_write_changes_the_etag_and_the_page(app, client, founding):
    person = _dkhissi_id(client)
    before = client.get(FOUNDING)
    version = _version(app)
    _rename(app, person, "Mohamed Dkhissi El Idrissi")
    assert _version(app) > version
    after = client.get(FOUNDING, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and after.headers["ETag"] != before.headers["ETag"]
    assert "Mohamed Dkhissi El Idrissi" in after.get_data(as_text=True)


def test_every_kind_of_write_raises_the_version_and_signing_in_does_not(app, client, runner, founding, load):
    version = _version(app)
    make_user(app, "editor@example.org", "editor")
    assert sign_in(client, "editor@example.org").status_code == 302
    assert _version(app) == version  # accounts are not data
    assert load(example("fifa-2016-president")).exit_code == 0  # flask data import
    imported = _version(app)
    assert imported > version
    assert load(example("fifa-2016-president")).exit_code == 0  # unchanged: nothing written
    assert _version(app) == imported
    assert runner.invoke(args=["db", "downgrade", "0004"]).exit_code == 0
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0  # a migration may show the data anew
    assert _version(app) > imported


# --- 3. the cache of rendered pages ---------------------------------------------------------------


def _cached_then_written(app, client):
    """A page and an API answer are rendered once then served from the cache (one statement: the
    version); after a write, both are rendered anew and show it."""
    person = _dkhissi_id(client)
    statements = _statements(app)
    for url in (FOUNDING, PERSON_API, f"{FOUNDING}/export.csv"):
        first = client.get(url, headers={"Accept-Encoding": "br"})
        statements.clear()
        again = client.get(url, headers={"Accept-Encoding": "br"})
        assert again.data == first.data and again.headers.get("Content-Encoding") == first.headers.get("Content-Encoding")
        assert again.headers["ETag"] == first.headers["ETag"]
        assert len(statements) == 1 and "data_version" in statements[0], statements
        assert again.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    _rename(app, person, "Mohamed Dkhissi El Idrissi")
    statements.clear()
    page = client.get(FOUNDING, headers={"Accept-Encoding": "br"})
    assert len(statements) > 1 and "Mohamed Dkhissi El Idrissi" in brotli.decompress(page.data).decode()
    found = client.get(PERSON_API).get_json()["persons"]
    assert [p["name"] for p in found] == ["Mohamed Dkhissi El Idrissi"]


def test_the_data_version_is_read_outside_any_transaction(app, client, founding):
    """A page answered from the cache or with a 304 asks the database one statement and opens no
    transaction for it (on PostgreSQL a BEGIN and a ROLLBACK would be two more round trips); a page
    rendered reads its figures in a transaction of its own, begun after the version was read."""
    in_transaction: list[tuple[str, bool]] = []

    def note(connection, _cursor, statement, *_args):
        driver = connection.connection.driver_connection
        busy = driver.info.transaction_status != 0 if hasattr(driver, "info") else driver.in_transaction  # 0: psycopg's IDLE
        in_transaction.append(("data_version" in statement, busy))

    with app.app_context():
        event.listen(get_engine(), "after_cursor_execute", note)
    first = client.get(FOUNDING)
    assert in_transaction[0] == (True, False)  # the version, alone
    assert in_transaction[1:] and all(busy for _, busy in in_transaction[1:])  # the page, in its snapshot
    in_transaction.clear()
    assert client.get(FOUNDING).data == first.data
    assert client.get(FOUNDING, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    assert in_transaction == [(True, False), (True, False)]


def test_pages_are_cached_in_process_until_a_write(app, client, founding):
    _cached_then_written(app, client)


@pytest.fixture
def redis_app(database_url):
    """The app with its page cache in the Redis on 127.0.0.1:6379 (database 15, keys of this test)."""
    prefix = f"tracker-test-{uuid.uuid4().hex}:"
    app = built_app(database_url, CACHE_REDIS_URL="redis://127.0.0.1:6379/15", CACHE_KEY_PREFIX=prefix)
    server = redis.Redis.from_url("redis://127.0.0.1:6379/15")
    yield app, server, prefix
    for key in server.scan_iter(f"{prefix}*"):
        server.delete(key)
    close_apps(app)


def test_pages_are_cached_in_redis_until_a_write(redis_app, load):
    app, server, prefix = redis_app
    assert app.test_cli_runner().invoke(args=["data", "import", str(SEED / "interpol-2024-vice-president-africa.json")]).exit_code == 0
    client = app.test_client()
    _cached_then_written(app, client)
    assert any(server.scan_iter(f"{prefix}page:*"))
    # a second worker (another app on the same Redis and database) is served what the first cached
    other = create_app({**app.config, "CACHE_REDIS_URL": "redis://127.0.0.1:6379/15"})
    page = app.test_client().get(f"{FOUNDING}?year=1")
    seen = _statements(other)
    assert other.test_client().get(f"{FOUNDING}?year=1").data == page.data and len(seen) == 1
    close_apps(other)


def test_a_redis_that_cannot_be_reached_only_slows_pages(database_url, load, caplog):
    app = built_app(database_url, CACHE_REDIS_URL="redis://127.0.0.1:9/0")  # nothing listens there
    assert app.test_cli_runner().invoke(args=["data", "import", str(SEED / "interpol-2024-vice-president-africa.json")]).exit_code == 0
    response = app.test_client().get(FOUNDING)
    assert response.status_code == 200 and "Mohamed Dkhissi" in response.get_data(as_text=True)
    assert "page cache cannot be read" in caplog.text
    close_apps(app)


def test_a_page_with_a_form_or_a_message_is_never_cached(app, client, founding):
    signin = client.get("/sign-in")
    assert 'name="csrf_token"' in signin.get_data(as_text=True) and "ETag" not in signin.headers
    assert "public" not in signin.headers.get("Cache-Control", "")
    cached = client.get(FOUNDING)
    assert client.get(FOUNDING).data == cached.data  # served from the cache
    with client.session_transaction() as session:  # a message waits for this reader's next page
        session["_flashes"] = [("message", "A message for this reader alone.")]
    page = client.get(FOUNDING)
    assert "A message for this reader alone." in page.get_data(as_text=True) and "ETag" not in page.headers
    assert "A message for this reader alone." not in app.test_client().get(FOUNDING).get_data(as_text=True)
