"""Security headers, friendly errors, and what a page tells about the server."""

from __future__ import annotations

from tracker import create_app
from tracker.db import get_engine

from .conftest import example


def test_pages_allow_only_the_apps_own_scripts_and_no_framing(client, runner):
    runner.invoke(args=["seed"])
    response = client.get("/elections/interpol-2024-vice-president-africa")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy and response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Server"] == "election-tracker"
    html = response.get_data(as_text=True)
    # no inline script: every <script> either loads a file of the app or holds JSON data
    for tag in html.split("<script")[1:]:
        assert tag.lstrip().startswith(('src="/', 'type="application/json"')), tag[:80]


def test_only_the_chart_embed_page_may_be_framed(client, load):
    assert load(example("fifa-2016-president")).exit_code == 0
    response = client.get("/elections/fifa-2016-president/chart")
    assert response.status_code == 200
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in response.headers
    assert 'data-figure="votes-figure"' in response.get_data(as_text=True)


def test_an_error_is_a_friendly_page_without_a_traceback(tmp_path, monkeypatch, database_url):
    app = create_app({"TESTING": False, "SECRET_KEY": "t", "DATABASE_URL": f"sqlite:///{tmp_path / 'no-tables.sqlite'}"})
    response = app.test_client().get("/countries/MAR")  # no tables: the query fails, the database is unusable
    assert response.status_code == 503
    html = response.get_data(as_text=True)
    assert "The database cannot be reached just now." in html
    assert "Traceback" not in html and "sqlalchemy" not in html.lower() and "OperationalError" not in html
    (tmp_path / "garbage.sqlite").write_bytes(b"not a database" * 1000)  # sqlite3.DatabaseError, not Operational
    app = create_app({"TESTING": False, "SECRET_KEY": "t", "DATABASE_URL": f"sqlite:///{tmp_path / 'garbage.sqlite'}"})
    assert app.test_client().get("/countries/MAR").status_code == 503
    from tracker.dashboards import queries as dashboards

    monkeypatch.setattr(dashboards, "country_record", lambda *args: 1 / 0)  # a fault of ours
    # on a database that answers: a public page reads its data version before the view runs
    app = create_app({"TESTING": False, "SECRET_KEY": "t", "DATABASE_URL": database_url})
    response = app.test_client().get("/countries/MAR")
    with app.app_context():
        get_engine().dispose()
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Something went wrong on our side." in html and "Traceback" not in html and "ZeroDivision" not in html
