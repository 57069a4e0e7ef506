"""Names of organisations, posts and regions per language, and organisation aliases (tracker.localnames)."""

from __future__ import annotations

import re

import pytest

from .conftest import example, hidden_fields, make_user, page_text, post_form, saved_at_once, sign_in

FOUNDING = "/elections/interpol-2024-vice-president-africa"



def post_links(client, url: str) -> list[str]:
    return re.findall(r'<a href="/posts/\d+"><bdi>([^<]*)</bdi>', client.get(url).get_data(as_text=True))


@pytest.mark.parametrize(
    "lang, label",
    [("en", "Vice-President for Africa"), ("fr", "Vice-président (Afrique)"), ("ar", "نائب الرئيس عن أفريقيا")],
)
def test_posts_and_regions_are_named_in_the_interface_language(client, seeded, lang, label):
    assert post_links(client, f"/organisations/INTERPOL?lang={lang}") == [label]
    assert label in page_text(client.get(f"{FOUNDING}?lang={lang}"))
    assert label in page_text(client.get(f"/posts/1?lang={lang}"))


@pytest.mark.parametrize("spelling", ["الإنتربول", "الأنتربول", "الانتربول", "oipc-interpol", "Interpol", "المنظمة الدولية للشرطة الجنائية"])
def test_every_spelling_of_the_organisation_finds_it(client, seeded, spelling):
    found = client.get("/api/v1/search", query_string={"q": spelling}).get_json()["organisations"]
    assert [(o["acronym"], o["names"]["ar"]) for o in found] == [("INTERPOL", "المنظمة الدولية للشرطة الجنائية")]
    assert 'href="/organisations/INTERPOL"' in client.get("/search", query_string={"q": spelling}).get_data(as_text=True)


@pytest.mark.parametrize("words", ["نائب الرئيس", "Vice-président Afrique", "INTERPOL Vice-President for Africa", "الإنتربول نائب الرئيس أفريقيا"])
def test_posts_are_found_by_their_names_in_any_language(client, seeded, words):
    html = client.get("/search", query_string={"q": words}).get_data(as_text=True)
    assert 'href="/posts/1"' in html


def test_a_new_post_of_a_named_title_takes_its_names(client, seeded, load, editor_signed_in):
    document = example("interpol-2024-vice-president-africa")
    record = document["elections"][0]
    record["id"] = "interpol-2027-vice-president-europe"
    record["post"]["region"] = "Europe"
    record["date"] = "2027-11-01"
    assert load(document).exit_code == 0
    # The new region has no French name yet: the label stays English whole, never half French
    assert "Vice-President for Europe" in post_links(client, "/organisations/INTERPOL?lang=fr")
    regions = dict(re.findall(r'name="(regions-\d+-english)"[^>]*value="([^"]*)"', client.get("/organisations/INTERPOL/names").get_data(as_text=True)))
    europe = next(field for field, value in regions.items() if value == "Europe").removesuffix("-english")
    assert post_form(client, "/organisations/INTERPOL/names", {f"{europe}-english": "Europe", f"{europe}-fr": "Europe"}).status_code == 302
    assert "Vice-président (Europe)" in post_links(client, "/organisations/INTERPOL?lang=fr")  # the title's names taken


def test_editors_name_posts_and_regions_and_add_aliases(client, seeded, editor_signed_in):
    url = "/organisations/INTERPOL/names"
    form = client.get(url).get_data(as_text=True)
    assert 'value="نائب الرئيس"' in form and 'value="Afrique"' in form and "الأنتربول" in form
    fields = hidden_fields(client, url)
    data = {
        "name_fr": "Organisation internationale de police criminelle", "name_ar": "المنظمة الدولية للشرطة الجنائية",
        "aliases": "OIPC\n  Organización Internacional de Policía Criminal \n\nOIPC",
        "posts-0-english": "Vice-President", "posts-0-fr": "Vice-présidente", "posts-0-ar": "نائبة الرئيس",
        "regions-0-english": "Africa", "regions-0-fr": "Afrique", "regions-0-ar": "إفريقيا",
        "regions-1-english": "Narnia", "regions-1-fr": "Narnia",  # not a region of INTERPOL: ignored
    }
    response = client.post(url, data={**fields, **data})
    assert response.status_code == 302 and response.headers["Location"].endswith("/organisations/INTERPOL")
    assert post_links(client, "/organisations/INTERPOL?lang=ar") == ["نائبة الرئيس عن إفريقيا"]
    page = page_text(client.get("/organisations/INTERPOL?lang=en"))
    assert "Also known as: OIPC · Organización Internacional de Policía Criminal" in page
    assert "الإنتربول" not in page  # the aliases are what the editor left, once each
    assert client.get("/api/v1/search", query_string={"q": "organizacion internacional"}).get_json()["organisations"]
    assert "Narnia" not in client.get(url).get_data(as_text=True)


def test_a_save_over_someone_elses_change_is_refused(app, client, seeded, editor_signed_in):
    url = "/organisations/INTERPOL/names"
    stale = hidden_fields(client, url)
    first = client.post(url, data={**hidden_fields(client, url), "name_fr": "Première", "aliases": "A"})
    assert first.status_code == 302
    second = client.post(url, data={**stale, "name_fr": "Seconde", "aliases": "B"})
    assert second.status_code == 409
    assert "Someone changed these names while you had this page open" in second.get_data(as_text=True)
    assert "Première" in page_text(client.get("/organisations/INTERPOL"))
    again = client.post(url, data={**dict(re.findall(r'name="(csrf_token|fingerprint)" type="hidden" value="([^"]*)"', second.get_data(as_text=True))), "name_fr": "Seconde", "aliases": "B"})
    assert again.status_code == 302 and "Seconde" in page_text(client.get("/organisations/INTERPOL?lang=fr"))


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("posts-0-ar", "نائب\u202eالرئيس", "invisible control character (U+202E)"),
        ("name_fr", "x" * 301, "at most 300 are allowed"),
        ("aliases", "\n".join(f"alias {i}" for i in range(51)), "At most 50 names and spellings"),
    ],
)
def test_bad_names_are_refused_and_nothing_is_saved(client, seeded, editor_signed_in, field, value, message):
    url = "/organisations/INTERPOL/names"
    response = post_form(client, url, {"posts-0-english": "Vice-President", field: value})
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert post_links(client, "/organisations/INTERPOL?lang=ar") == ["نائب الرئيس عن أفريقيا"]


def test_only_editors_may_name_and_only_known_organisations(client, seeded, app):
    assert client.get("/organisations/INTERPOL/names").status_code == 302  # to sign in


    make_user(app, "e@example.org")
    sign_in(client, "e@example.org")
    assert client.get("/organisations/NOPE/names").status_code == 404
    assert client.get("/organisations/INTERPOL/names").status_code == 200


def test_persons_are_named_in_the_interface_language_where_recorded(client, seeded):
    assert "Elected: Mohamed Dkhissi" in page_text(client.get(f"{FOUNDING}?lang=en"))
    arabic = page_text(client.get(f"{FOUNDING}?lang=ar"))
    assert "الفائز: محمد الدخيسي" in arabic and "Anne-Marie Nainda" in arabic  # no Arabic name recorded: as written
    assert "محمد الدخيسي" in page_text(client.get("/organisations/INTERPOL?lang=ar"))
    assert "محمد الدخيسي" in page_text(client.get("/posts/1?lang=ar"))
    assert "Mohamed Dkhissi" in page_text(client.get("/posts/1?lang=fr"))  # no French spelling: as written


def test_two_editors_saving_at_the_same_moment_one_gets_409(app, seeded, monkeypatch):
    """Both read the page at the same names and save at once: one save passes, the other gets 409
    and nothing of it is stored (the fingerprint is checked under a lock, not before it)."""
    from tracker import localnames as naming

    statuses = saved_at_once(
        app, monkeypatch, "/organisations/INTERPOL/names", naming, "save_organisation_names",
        lambda n: {"name_fr": f"Nom {n}", "aliases": f"Alias {n}", "posts-0-english": "Vice-President", "posts-0-fr": f"VP {n}"},
    )
    assert sorted(statuses.values()) == [302, 409]
    winner = next(n for n, status in statuses.items() if status == 302)
    with app.app_context():
        from tracker.db import get_session

        stored = naming.organisation_names(get_session(), "INTERPOL")
    assert stored.names["fr"] == f"Nom {winner}" and stored.aliases[-1] == f"Alias {winner}"
    assert stored.posts["Vice-President"]["fr"] == f"VP {winner}"


@pytest.mark.parametrize("character", ["\x0b", "\x0c", "\x1e", "\x85", "\n", "\u2028"])
def test_a_line_separator_inside_a_one_line_name_is_refused(client, seeded, editor_signed_in, character):
    """A one-line name is checked whole: a separator that str.splitlines breaks at (vertical tab, record
    separator, NEL, line separator...) was taken for a line break, so the rest passed and was stored."""
    url = "/organisations/INTERPOL/names"
    for field in ("name_fr", "posts-0-fr"):
        response = post_form(client, url, {"posts-0-english": "Vice-President", field: f"Zorglub{character}pol"})
        assert response.status_code == 400, (field, repr(character))
        said = "a line break or a tab" if character in "\n\u2028" else "an invisible control character"
        assert f"{said} (U+{ord(character):04X})" in response.get_data(as_text=True)
    assert "Zorglub" not in page_text(client.get("/organisations/INTERPOL?lang=fr"))
    assert post_links(client, "/organisations/INTERPOL?lang=fr") == ["Vice-président (Afrique)"]


def test_aliases_are_kept_once_whatever_their_case(client, seeded, editor_signed_in):
    url = "/organisations/INTERPOL/names"
    form = hidden_fields(client, url)
    assert client.post(url, data={**form, "aliases": "OIPC\noipc\nOipc\nInterpol\nGlobal Police"}).status_code == 302
    assert "Also known as: Global Police · OIPC" in page_text(client.get("/organisations/INTERPOL?lang=en"))
