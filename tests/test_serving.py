"""Serving: ``/healthz``, gunicorn with ``gunicorn.conf.py``, and log lines on standard output."""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tracker import create_app
from tracker.db import get_engine

from .conftest import make_user, sign_in

ROOT = Path(__file__).resolve().parents[1]
LOG_LINE = r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (INFO|WARNING|ERROR) \[\d+\] "


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (at the moment it is asked)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


def test_healthz_is_never_rate_limited(client):
    assert {client.get("/healthz").status_code for _ in range(30)} == {200}


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_healthz_answers_503_when_the_database_is_unreachable(tmp_path, kind):
    url = {
        "sqlite": f"sqlite:///{tmp_path / 'no such folder' / 'tracker.sqlite'}",
        "postgresql": f"postgresql://postgres@127.0.0.1:{free_port()}/tracker",
    }[kind]
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "DATABASE_URL": url})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body == {"status": "error", "database": "unreachable (OperationalError)"}
    assert response.headers["Cache-Control"] == "no-store"


def test_app_records_go_to_standard_output_once_with_time_and_level(tmp_path):
    """A fresh interpreter, as under ``flask run``: the health check's warning is one line on stdout."""
    script = (
        "from tracker import create_app\n"
        f"app = create_app({{'SECRET_KEY': 'x', 'DATABASE_URL': 'sqlite:///{tmp_path}/missing/t.sqlite'}})\n"
        "assert app.test_client().get('/healthz').status_code == 503\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stdout.splitlines() if "Health check" in line]
    assert len(warnings) == 1, done.stdout
    assert re.match(LOG_LINE + r"tracker: Health check: the database is unreachable", warnings[0])
    assert "Health check" not in done.stderr


def _get(port: int, path: str) -> tuple[int, list[tuple[str, str]], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


def _wait_for_listener(port: int, server: subprocess.Popen, output: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        assert server.poll() is None, f"gunicorn stopped:\n{output.read_text()}"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    pytest.fail(f"gunicorn did not listen on port {port}:\n{output.read_text()}")


def test_gunicorn_serves_the_app_with_one_server_header(tmp_path):
    url = f"sqlite:///{tmp_path / 'tracker.sqlite'}"
    app = create_app({"SECRET_KEY": "test", "DATABASE_URL": url})
    assert app.test_cli_runner().invoke(args=["db", "upgrade"]).exit_code == 0
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "test", "HOST": "127.0.0.1", "PORT": str(port),
           "WEB_CONCURRENCY": "1", "GUNICORN_THREADS": "2"}
    output = tmp_path / "gunicorn.log"
    with output.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    try:
        _wait_for_listener(port, server, output)
        status, headers, body = _get(port, "/healthz")
        assert status == 200 and json.loads(body) == {"status": "ok", "database": "ok"}
        status, headers, body = _get(port, "/")
        assert status == 200 and b"<h1>" in body
        assert [value for name, value in headers if name.lower() == "server"] == ["election-tracker"]
    finally:
        server.terminate()
        server.wait(timeout=30)
    lines = output.read_text().splitlines()
    health = [line for line in lines if '"GET /healthz HTTP/1.1" 200' in line]
    assert len(health) == 1, lines
    assert re.match(LOG_LINE + r"gunicorn.access: 127.0.0.1 ", health[0])
    assert all(re.match(LOG_LINE, line) for line in lines), lines


def test_pages_answer_503_and_healthz_fails_when_the_database_file_is_gone(app, client, tmp_path):
    """The SQLite file removed under a running app: SQLite makes an empty file in its place, so pages
    failed with 500 (no such table) while /healthz said ok. Pages now answer 503 saying so, in the
    reader's language, signed in or not; the API answers JSON; /healthz answers 503."""
    make_user(app, "e@example.org")
    signed_in = app.test_client()
    assert sign_in(signed_in, "e@example.org").status_code == 302
    with app.app_context():
        get_engine().dispose()  # every connection closed: the next one opens the file anew
    database = tmp_path / "test.sqlite"
    if not app.config["DATABASE_URL"].endswith(str(database)):
        pytest.skip("SQLite only")
    for path in tmp_path.glob("test.sqlite*"):
        path.unlink()
    for who in (client, signed_in):
        response = who.get("/organisations/INTERPOL?lang=fr")
        assert response.status_code == 503
        assert "La base de données est injoignable" in response.get_data(as_text=True)
        assert "Traceback" not in response.get_data(as_text=True)
    api = client.get("/api/v1/search?q=interpol")
    assert api.status_code == 503 and api.get_json()["error"]["status"] == 503
    assert client.get("/healthz").status_code == 503
