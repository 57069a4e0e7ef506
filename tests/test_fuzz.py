"""A fuzz of every form and every API parameter (issue 17, point 11): generated input, hostile and
plain, posted to each form an admin can reach (and given to each page filter and API parameter), never
gets a 5xx, and a refused form (4xx) leaves the database exactly as it was.

Each case starts from the test seed (the founding election, FIFA 2016, an account); Hypothesis draws, for
every field of the form as the page shows it, either the value the page holds (so that the rest of the
form stays plausible and a generated value reaches the checks behind the first) or a generated one:
any Unicode text, controls and invisible characters, Arabic-Indic digits, numbers far out of range,
markup, format strings, very long text. The number of examples per form is bounded
(``FUZZ_EXAMPLES``, 15 by default), so the whole fuzz takes well under a minute on SQLite.
"""

from __future__ import annotations

import hashlib
import io
import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlmodel import SQLModel

from tracker import models, records
from tracker.db import get_session

from .conftest import example, form_values, make_user, page_text, sign_in

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "15"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)

NASTY = [
    "", " ", "0", "-1", "1.5", "1e309", "NaN", "٣٤", "۱۲٫۵", "1 160", "9" * 400, "<script>alert(1)</script>",
    "%d %s %(x)s {0}", "\u202eevil", "INTER\u200ePOL", "a\u2028b", "line\nbreak", "\t", "x" * 20_000,
    "2025-02-30", "0000-00-00", "٢٠٢٥-١١-٢٠", "https://example.org/a b", "javascript:alert(1)", "'=1+1",
    "حسين عبدالرحمن", "Ⅻ", "\ufeffBOM", "../../etc/passwd", "NULL", "true", "[]", "{}",
]
# Any text a browser can send (no surrogates; NUL is refused for the whole request, tried apart)
ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=60)
VALUE = st.one_of(st.sampled_from(NASTY), ANY_TEXT, st.integers(-(2**70), 2**70).map(str))


def the_form(html: str) -> dict:
    """What a browser sends for the page's main form as it is filled (the largest form that posts, not
    the header's sign-out or search)."""
    forms = [f for f in re.findall(r"<form\b.*?</form>", html, re.S) if re.search(r'method="post"', f, re.I) and "/sign-out" not in f[:300]]
    return form_values(max(forms, key=len)) if forms else {}


def database_state(app) -> str:
    """A digest of every row of every table: equal digests, the same stored data."""
    digest = hashlib.sha256()
    with app.app_context():
        session = get_session()
        for table in SQLModel.metadata.sorted_tables:
            rows = session.execute(select(table).order_by(*table.primary_key.columns)).all()
            digest.update(f"{table.name}:{rows!r}".encode())
        session.rollback()
    return digest.hexdigest()


@pytest.fixture
def admin_app(app):
    """The app with the seed, FIFA 2016 and an admin; returns (app, signed-in client, path values)."""
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed"]).exit_code == 0
    with app.app_context():
        session = get_session()
        records.import_records(session, example("fifa-2016-president"))
        session.commit()
        person = session.exec(select(models.Person.id).order_by(models.Person.id)).first()[0]
    make_user(app, "admin@example.org", "admin")
    make_user(app, "other@example.org", "editor")
    client = app.test_client()
    assert sign_in(client, "admin@example.org").status_code == 302
    # a change to revert, by another editor (the admin may revert it)
    other = app.test_client()
    sign_in(other, "other@example.org")
    url = "/elections/fifa-2016-president/candidates/new"
    page = other.get(url).get_data(as_text=True)
    response = other.post(url, data={**the_form(page), "name": "Jean Dupont", "country": "FRA", "kind": "person"})
    assert response.status_code == 302, page_text(response)[:2500]
    with app.app_context():
        entry = get_session().exec(select(models.AuditEntry.id).order_by(models.AuditEntry.id.desc())).first()[0]
        user = get_session().exec(select(models.User.id).where(models.User.email == "other@example.org")).first()[0]
    values = {"record_id": "fifa-2016-president", "key": "gianni-infantino", "person_id": person,
              "entry_id": entry, "acronym": "FIFA", "user_id": user, "change_id": 1}
    return app, client, values


FORMS = [
    "/elections/new", "/elections/{record_id}/edit", "/elections/{record_id}/candidates/new",
    "/elections/{record_id}/candidates/{key}/edit", "/elections/{record_id}/candidates/{key}/remove",
    "/elections/{record_id}/sources", "/elections/{record_id}/rounds/new", "/elections/{record_id}/delete",
    "/elections/{record_id}/history/{entry_id}/revert", "/elections/{record_id}/check",
    "/organisations/{acronym}/names", "/persons/{person_id}/edit", "/persons/{person_id}/merge",
    "/persons/{person_id}/split/{record_id}/{key}", "/persons/{person_id}/changes/{change_id}/revert",
    "/users", "/users/{user_id}", "/sign-in", "/import",
]


def test_the_fuzz_covers_every_form(app):
    """Every route that takes a POST is in FORMS (a new form is fuzzed, or this fails)."""
    posted = {re.sub(r"<(?:int:)?(\w+)>", r"{\1}", rule.rule) for rule in app.url_map.iter_rules() if "POST" in rule.methods}
    assert posted - {"/sign-out", "/import/{token}"} == set(FORMS)


@pytest.mark.parametrize("form", FORMS)
def test_no_form_answers_5xx_and_a_refused_one_stores_nothing(admin_app, form):
    app, client, values = admin_app
    url = form.format(**values)
    page = client.get(url)
    assert page.status_code < 500
    shown = the_form(page.get_data(as_text=True)) if page.status_code == 200 else {}
    names = sorted(name for name in shown if name != "csrf_token") or ["name", "value"]

    @FUZZ
    @given(st.fixed_dictionaries({name: st.one_of(st.none(), VALUE) for name in names}), st.binary(max_size=300))
    def posted(generated: dict, upload: bytes):
        before = database_state(app)
        fresh = client.get(url)
        data = the_form(fresh.get_data(as_text=True)) if fresh.status_code == 200 else {}
        data.update({name: value for name, value in generated.items() if value is not None})
        if form == "/import":
            data["file"] = (io.BytesIO(upload), "records.json")
        response = client.post(url, data=data, content_type="multipart/form-data")
        assert response.status_code < 500, (url, response.status_code, generated)
        assert "Traceback" not in response.get_data(as_text=True)
        if response.status_code >= 400:
            assert database_state(app) == before, (url, response.status_code, generated)

    posted()


PAGES = ["/", "/upcoming", "/search", "/compare", "/organisations", "/organisations/FIFA", "/countries/MAR",
         "/elections/fifa-2016-president", "/persons/{person_id}", "/posts/1", "/changes", "/review", "/upcoming.ics"]
PARAMETERS = ["organisation", "post", "region", "country", "year_from", "year_to", "q", "page", "per_page", "lang",
              "download", "persons", "countries", "format"]


@FUZZ
@given(st.sampled_from(PAGES), st.dictionaries(st.sampled_from(PARAMETERS), VALUE, max_size=4))
def _page_case(client, values, page, parameters):
    response = client.get(page.format(**values), query_string=parameters)
    assert response.status_code < 500, (page, parameters, response.status_code)


def test_no_page_filter_answers_5xx(admin_app):
    app, client, values = admin_app
    before = database_state(app)
    _page_case(client, values)
    assert database_state(app) == before


def test_no_api_parameter_answers_5xx_and_errors_are_json(admin_app):
    app, client, values = admin_app
    document = client.get("/api/v1/openapi.json").get_json()
    operations = [(path, [p["name"] for p in op.get("parameters", [])]) for path, item in document["paths"].items()
                  for op in item.values() if isinstance(op, dict)]

    @FUZZ
    @given(st.sampled_from(operations), st.data())
    def asked(operation, data):
        path, names = operation
        filled = {name: data.draw(st.one_of(VALUE.filter(bool), st.sampled_from([str(values.get(name, "x"))])))
                  for name in names if "{" + name + "}" in path}
        url = path.removeprefix("/api/v1")
        for name, value in filled.items():
            url = url.replace("{" + name + "}", value.replace("/", "%2F").replace("?", "%3F").replace("#", "%23"))
        query = data.draw(st.dictionaries(st.sampled_from([n for n in names if n not in filled] or ["q"]), VALUE, max_size=4))
        response = client.get("/api/v1" + url, query_string=query)
        assert response.status_code < 500, (url, query, response.status_code)
        assert response.is_json, (url, query, response.content_type)
        if response.status_code >= 400:
            assert response.get_json()["error"]["status"] == response.status_code

    asked()
