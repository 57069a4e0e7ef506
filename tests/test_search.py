"""Search from the index (issue 19, point 5; tracker.searchindex): every name, alias and label in every
script, a compound name with or without its inner space, kept current by every write, answered by
SQLite's FTS5 trigram tables or PostgreSQL's pg_trgm indexes."""

from __future__ import annotations

import copy

import pytest
from sqlalchemy import select, text

from tracker import migrations, models
from tracker.db import get_engine, get_session
from tracker.searchindex import matches, words_of

from .conftest import example, hidden_fields, make_user, post_form, sign_in


def _document() -> dict:
    """FIFA 2016 with two candidates renamed: one written with the inner space, one without."""
    document = copy.deepcopy(example("fifa-2016-president"))
    candidates = document["elections"][0]["candidates"]
    candidates[0].update(name="Abdul Rahman Al-Sheikh", names={"ar": "عبدالرحمن الشيخ", "fr": "Abdel Rahmane Cheikh"})
    candidates[1].update(name="Abdulaziz Benali", names={"ar": "عبد العزيز بن علي"}, aliases=["Abd-al-Aziz Ben Ali"])
    return document


@pytest.fixture
def fifa(load):
    assert load(_document()).exit_code == 0


def _persons(client, query: str) -> list[str]:
    return [p["name"] for p in client.get("/api/v1/search", query_string={"q": query}).get_json()["persons"]]


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("Abdulrahman", "Abdul Rahman Al-Sheikh"),  # stored with the space, asked without
        ("abdul rahman", "Abdul Rahman Al-Sheikh"),
        ("ABDUL-RAHMAN al sheikh", "Abdul Rahman Al-Sheikh"),
        ("rahman abdul", "Abdul Rahman Al-Sheikh"),  # each word, in any order
        ("عبد الرحمن", "Abdul Rahman Al-Sheikh"),  # stored without the space, asked with
        ("عبدالرحمن", "Abdul Rahman Al-Sheikh"),
        ("عَبْدُ الرَّحْمٰن الشيخ", "Abdul Rahman Al-Sheikh"),  # harakat
        ("Abdel Rahmane", "Abdul Rahman Al-Sheikh"),  # the French name
        ("abdelrahmane cheikh", "Abdul Rahman Al-Sheikh"),
        ("Abdul Aziz", "Abdulaziz Benali"),  # stored without the space, asked with
        ("abdulaziz", "Abdulaziz Benali"),
        ("عبدالعزيز", "Abdulaziz Benali"),  # stored with the space, asked without
        ("عبد العزيز بن علي", "Abdulaziz Benali"),
        ("abdalaziz", "Abdulaziz Benali"),  # the alias, "Abd-al-Aziz"
        ("benali", "Abdulaziz Benali"),
    ],
)
def test_a_person_is_found_by_any_name_with_or_without_inner_spaces(client, fifa, query, name):
    assert _persons(client, query) == [name]
    assert name in client.get("/search", query_string={"q": query}).get_data(as_text=True)


def test_what_no_name_holds_finds_nothing(client, fifa):
    for query in ("abdulrahmanx", "rahman aziz", "%", "_", "\\", "بنو"):
        assert _persons(client, query) == [], query
    found = client.get("/api/v1/search", query_string={"q": "zzqq"}).get_json()
    assert found == {"organisations": [], "posts": [], "persons": [], "countries": []}


def test_organisations_posts_and_countries_are_found_with_or_without_spaces(client, seeded):
    found = client.get("/api/v1/search", query_string={"q": "inter pol"}).get_json()
    assert [o["acronym"] for o in found["organisations"]] == ["INTERPOL"]
    for query in ("vicepresident africa", "Vice-President for Africa", "نائب الرئيس"):
        found = client.get("/api/v1/search", query_string={"q": query}).get_json()
        assert [(p["organisation"], p["title"], p["region"]) for p in found["posts"]] == [("INTERPOL", "Vice-President", "Africa")], query
    for query in ("saudiarabia", "Saudi Arabia", "arabie saoudite", "السعودية"):
        found = client.get("/api/v1/search", query_string={"q": query}).get_json()
        assert {"code": "SAU", "name": "Saudi Arabia"} in found["countries"], query


def test_a_name_just_edited_is_found_at_once_and_the_old_one_no_more(app, client, fifa):
    person_id = client.get("/api/v1/search?q=benali").get_json()["persons"][0]["id"]
    editor = app.test_client()
    make_user(app, "editor@example.org", "editor")
    assert sign_in(editor, "editor@example.org").status_code == 302
    fields = {"name": "Abdelaziz Ben Ali", "name_fr": "", "name_ar": "عبدالعزيز بنعلي", "aliases": "", "gender": "male"}
    assert post_form(editor, f"/persons/{person_id}/edit", fields).status_code == 302
    assert _persons(client, "abdelaziz benali") == ["Abdelaziz Ben Ali"]
    assert _persons(client, "عبد العزيز بن علي") == ["Abdelaziz Ben Ali"]
    # the spellings the editor replaced are searched no more
    assert _persons(client, "abdulaziz") == [] and _persons(client, "abdalaziz") == []


def test_an_organisations_names_just_edited_find_it_and_its_posts_at_once(app, client, seeded, editor_signed_in):
    url = "/organisations/INTERPOL/names"
    data = {
        "name_fr": "Organisation internationale de police criminelle", "name_ar": "المنظمة الدولية للشرطة الجنائية",
        "aliases": "Abdulrahman Police Union",
        "posts-0-english": "Vice-President", "posts-0-fr": "Vice-présidente", "posts-0-ar": "نائبة الرئيس",
        "regions-0-english": "Africa", "regions-0-fr": "Afrique", "regions-0-ar": "إفريقيا",
    }
    assert client.post(url, data={**hidden_fields(client, url), **data}).status_code == 302
    for query in ("abdul rahman police", "vice presidente afrique", "نائبة الرئيس إفريقيا", "Abdulrahman vice-président"):
        found = client.get("/api/v1/search", query_string={"q": query}).get_json()
        assert [p["region"] for p in found["posts"]] == ["Africa"], query
    found = client.get("/api/v1/search", query_string={"q": "abdulrahman police"}).get_json()
    assert [o["acronym"] for o in found["organisations"]] == ["INTERPOL"]
    seeded_alias = client.get("/api/v1/search", query_string={"q": "oipc"}).get_json()
    assert seeded_alias["organisations"] == [] and seeded_alias["posts"] == []  # the alias the editor removed


def test_search_reads_the_index(app, fifa):
    """The database answers from its index: SQLite's FTS5 table, PostgreSQL's trigram index (sequential
    scans forbidden, as on a large table the planner would choose)."""
    with app.app_context():
        session = get_session()
        query = select(models.Person.id).where(matches(session, "person", words_of("abdul rahman")))
        compiled = str(query.compile(session.get_bind(), compile_kwargs={"literal_binds": True}))
        if session.get_bind().dialect.name == "sqlite":
            plan = " ".join(str(row) for row in session.execute(text(f"EXPLAIN QUERY PLAN {compiled}")))
            assert "person_fts VIRTUAL TABLE INDEX" in plan and "SCAN person" not in plan.replace("SCAN person_fts", ""), plan
        else:
            session.execute(text("SET LOCAL enable_seqscan = off"))
            plan = " ".join(row[0] for row in session.execute(text(f"EXPLAIN {compiled}")))
            assert "ix_person_search_trgm" in plan, plan
        assert len(session.execute(query).all()) == 1


def test_the_migration_fills_the_index_from_the_rows_already_stored(app, client, fifa):
    with app.app_context():
        migrations.downgrade(get_engine(), "0005")
        migrations.upgrade(get_engine())
    assert _persons(client, "عبد الرحمن") == ["Abdul Rahman Al-Sheikh"]
    found = client.get("/api/v1/search", query_string={"q": "fifa president"}).get_json()
    assert [(p["organisation"], p["title"]) for p in found["posts"]] == [("FIFA", "President")]
