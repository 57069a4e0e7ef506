"""The interface in English, French and Arabic: choice of language, right-to-left, catalogs."""

from __future__ import annotations

import datetime as dt
import json
import random
import re

import pytest
from babel.dates import format_date
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from tracker.i18n import TRANSLATIONS, count_text, date_text

from .conftest import example, page_text, post_form

FOUNDING = "/elections/interpol-2024-vice-president-africa"


@pytest.fixture
def seeded(runner, load):
    runner.invoke(args=["seed"])
    assert load(example("fifa-2016-president")).exit_code == 0


def test_the_language_comes_from_the_url_then_is_remembered(client, seeded):
    response = client.get("/elections?lang=ar")
    html = response.get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
    assert "<h1>الانتخابات</h1>" in html
    html = client.get("/organisations").get_data(as_text=True)  # no ?lang=: remembered
    assert '<html lang="ar" dir="rtl">' in html and "<h1>المنظمات</h1>" in html
    html = client.get("/organisations?lang=en").get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in html and "<h1>Organisations</h1>" in html


def test_the_browsers_language_is_the_default(app, seeded):
    client = app.test_client()
    html = client.get("/elections", headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="fr" dir="ltr">' in html and "<h1>Élections</h1>" in html
    html = app.test_client().get("/", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in html


def test_countries_numbers_and_rules_in_the_interface_language(client, seeded):
    text = page_text(client.get("/elections/fifa-2016-president?lang=fr"))
    assert "Suisse" in text and "majorité absolue (plus de la moitié) des suffrages exprimés" in text
    assert "55,6" in text  # 115 of 207 valid votes, with a decimal comma
    text = page_text(client.get("/countries/MAR?lang=ar"))
    assert "المغرب" in text
    api = client.get("/api/v1/countries/MAR").get_json()
    assert api["name"] == "Morocco"  # the API answers in English whatever the interface


PAGES = [
    "/", FOUNDING, "/elections/fifa-2016-president", "/organisations", "/organisations/FIFA", "/posts/1",
    "/posts/2", "/countries/MAR", "/countries/NOR", "/persons/1", "/compare", "/compare?person=1&country=MAR",
    "/search", "/search?q=infantino", "/search?q=zzzz", "/sign-in", f"{FOUNDING}/history", "/nothing-here",
    "/elections/new", f"{FOUNDING}/candidates/new", f"{FOUNDING}/rounds/new?number=1", f"{FOUNDING}/delete", "/import",
    f"{FOUNDING}/chart", "/organisations/INTERPOL", "/organisations/INTERPOL/names",
]


def _catalog(language: str):
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as source:
        return read_po(source, locale=language)


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_no_catalog_string_is_left_in_english(client, seeded, editor_signed_in, language):
    """Every page, editors' forms included, in French and in Arabic: no English text of the catalog
    shows (where its translation differs), and every message of the catalog is translated."""
    catalog = _catalog(language)
    untranslated = [m.id for m in catalog if m.id and not (all(m.string) if m.pluralizable else m.string)]
    assert untranslated == []
    fragments = set()
    for message in catalog:
        if not message.id or message.pluralizable or message.string == message.id:
            continue
        for fragment in re.split(r"%\(\w+\)s|<[^>]+>", message.id):  # the literal runs of the text
            if len(fragment.split()) >= 3:
                fragments.add(fragment.strip(" .:;,()"))
    client.get("/")  # shows the "Signed in as" message, flashed in English when the fixture signed in
    for page in PAGES:
        text = page_text(client.get(page + ("&" if "?" in page else "?") + f"lang={language}"))
        left = sorted(f for f in fragments if f in text)
        assert left == [], page


@pytest.mark.parametrize(
    "spelling", ["محمد الدخيسي", "مُحَمَّد الدخيسى", "Mohamed Dkhissi", "Mohammed Dkhissi", "Mohamed Al-Dakhisi", "mohamed al dakhisi"]
)
def test_every_spelling_finds_the_same_person(client, seeded, spelling):
    found = client.get("/api/v1/search", query_string={"q": spelling}).get_json()["persons"]
    assert [p["name"] for p in found] == ["Mohamed Dkhissi"]


@pytest.mark.parametrize(
    "language, day, check, month",
    [
        ("en", "November 7, 2024", "No source gives the rule; the outcome rests on what the sources report.", None),
        ("fr", "7 novembre 2024", "Aucune source ne donne la règle ; le résultat repose sur ce que rapportent les sources.", "novembre"),
        ("ar", "7 نوفمبر 2024", "لا يذكر أي مصدر القاعدة؛ تستند النتيجة إلى ما تنقله المصادر.", "نوفمبر"),
    ],
)
def test_dates_checks_and_chart_locale_follow_the_language(client, seeded, language, day, check, month):
    response = client.get(f"{FOUNDING}?lang={language}")
    text, html = page_text(response), response.get_data(as_text=True)
    assert f"Date {day}" in text or day in text
    assert check in text
    # plotly.js gets the month names and separators of the language (none for English: built in)
    found = re.search(r"data-plotly-locale='([^']*)'", html)
    if month is None:
        assert found is None
    else:
        locale = json.loads(found.group(1).replace("&#39;", "'"))
        assert locale["format"]["months"][10] == month and len(locale["format"]["shortDays"]) == 7


def test_record_problems_are_shown_in_the_interface_language(client, seeded, editor_signed_in):
    url = f"{FOUNDING}/candidates/new?lang=fr"
    response = post_form(client, url, {"name": "Mohamed Dkhissi", "country": "MAR", "kind": "person", "declared": "y"})
    assert response.status_code == 400
    assert "Mohamed Dkhissi est déjà candidat." in page_text(response)
    response = post_form(client, f"{FOUNDING}/rounds/new?lang=fr", {"number": "2", "kind": "ordinary", "base": "valid_votes", "share_of": "valid_votes", "ballots_cast": "10", "invalid": "20"})
    assert response.status_code == 400
    assert "Tour 2, Bulletins nuls: 20 dépasse le nombre de bulletins déposés, 10" in page_text(response)


def test_country_pages_comparisons_and_filters_read_in_the_interface_language(client, seeded):
    assert "Candidatures présentées par Maroc" in page_text(client.get("/countries/MAR?lang=fr"))
    compare = page_text(client.get("/compare?country=FRA&country=MAR&person=1&lang=ar"))
    assert "فرنسا" in compare and "المغرب" in compare and "محمد الدخيسي" in compare
    # ?lang= and ?page= are no filters: no "Clear", and the downloads are of everything
    listing = page_text(client.get("/elections?lang=fr"))
    assert "Effacer" not in listing and "Tout télécharger" in listing


def test_a_post_named_in_part_is_shown_whole_in_english(client, seeded, load):
    document = example("interpol-2024-vice-president-africa")
    document["elections"][0].update(id="interpol-2027-vp-americas", date="2027-11-01", post={"title": "Vice-President", "region": "Americas"})
    assert load(document).exit_code == 0
    text = page_text(client.get("/organisations/INTERPOL?lang=ar"))
    assert "Vice-President for Americas" in text and "عن Americas" not in text
    assert "نائب الرئيس عن أفريقيا" in text


@pytest.mark.parametrize("language, morocco", [("fr", "Maroc"), ("ar", "المغرب")])
def test_a_countrys_page_title_and_the_posts_won_table_name_states_in_the_interface_language(client, seeded, language, morocco):
    html = client.get(f"/countries/MAR?lang={language}").get_data(as_text=True)
    assert re.search(rf"<title>{morocco}\b", html) and f"<h1>{morocco} " in html and "Morocco" not in page_text(html)
    text = page_text(client.get(f"/organisations/INTERPOL?lang={language}"))
    assert f"MAR {morocco} 1" in text and "Morocco" not in text


@pytest.mark.parametrize(
    "language, words",
    [
        ("fr", ["Organisation (nom complet)", "Candidat déclaré", "scrutin restreint", "Les parts sont des pourcentages de",
                "Fichier", "Seul un administrateur", "Le jeton de sécurité (CSRF)", "caractère NUL", "« abc » n'est pas un nombre"]),
        ("ar", ["المنظمة (الاسم الكامل)", "مرشح معلن", "اقتراع مقيّد", "النسب مئوية من", "الملف",
                "لا يحق فعل هذا إلا للمدير", "رمز الأمان (CSRF)", "محرف NUL", "«abc» ليس عددًا"]),
    ],
)
def test_form_labels_and_refusals_are_in_the_interface_language(client, seeded, editor_signed_in, language, words):
    """Labels, choices and refusals that were plain English strings (not in the catalog), and WTForms' own
    messages in forms read from the query string."""
    english = ["Organisation (full name)", "Declared candidate", "restricted ballot", "Shares are percentages of",
               "File", "Only an admin may do this.", "The CSRF token", "NUL character", "is not a number."]
    pages = [
        client.get(f"/elections/new?lang={language}"),
        client.get(f"{FOUNDING}/candidates/new?lang={language}"),
        client.get(f"{FOUNDING}/rounds/new?number=1&lang={language}"),
        client.get(f"{FOUNDING}/rounds/new?number=1&lang={language}"),
        client.get(f"/import?lang={language}"),
        client.get(f"/users?lang={language}"),
        client.post(f"/organisations/INTERPOL/names?lang={language}", data={"name_fr": "x"}),  # no CSRF token
        client.get(f"/search?q=a%00&lang={language}"),
        client.get(f"/elections?year_from=abc&lang={language}"),
    ]
    for page, word, left in zip(pages, words, english):
        text = page_text(page)
        assert word in text and left not in text, (word, left)


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_counts_and_shares_are_written_as_babel_writes_them(app, language):
    """The number and percentage filters keep Babel's locale and pattern parsed once; what they write
    is what format_decimal and format_percent write."""
    from babel.numbers import format_decimal, format_percent

    from tracker.i18n import _percent_pattern, count_text, percent_text

    with app.test_request_context(f"/?lang={language}"):
        app.preprocess_request()
        for value in (0, 7, 999, 1000, 12345, 1234567, 2.5, 1234.5678):
            assert count_text(value) == format_decimal(value, locale=language, numbering_system="latn")
        for share in (0.0, 12.25, 12.35, 33.333333, 55.55, 66.65, 99.95, 100.0):
            written = format_percent(share / 100, format=_percent_pattern(language), locale=language, numbering_system="latn")
            assert percent_text(share) == written
        assert percent_text(55.56) == {"en": "55.6%", "fr": "55,6\u00a0%", "ar": "55.6%"}[language]
def test_counts_are_written_as_babel_writes_them(app):
    values = [*range(0, 2100), 9999, 10_000, 99_999, 100_000, 999_999, 1_000_000, 10**12, -1, -1234, 12.5, 1234.5]
    values += random.Random(19).sample(range(10**9), 300)
    for language in ("en", "fr", "ar"):
        with app.test_request_context(f"/?lang={language}"):
            written = [count_text(value) for value in values]
        assert written == [format_decimal(value, locale=language, numbering_system="latn") for value in values], language
    with app.test_request_context("/?lang=fr"):
        assert count_text(1234567) == "1\u202f234\u202f567"


def test_days_are_written_as_babel_writes_them():
    days = [dt.date(1945, 10, 24), dt.date(2000, 2, 29), dt.date(2024, 11, 7), dt.date(9999, 12, 31)]
    days += [dt.date(1900, 1, 1) + dt.timedelta(days=n) for n in random.Random(7).sample(range(60_000), 200)]
    for language in ("en", "fr", "ar"):
        for style in ("long", "medium", "short", "full"):
            expected = [format_date(day, style, locale=language) for day in days]
            assert [date_text(day, language, style) for day in days] == expected, (language, style)
            assert [date_text(day.isoformat(), language, style) for day in days] == expected, (language, style)
    assert date_text(dt.date(2024, 11, 7), "fr", "long") == "7 novembre 2024"
    assert date_text("2024-11", "en") == "November 2024" and date_text("2024", "en") == "2024"


def test_the_templates_gettext_is_jinjas_new_style_gettext(app):
    from jinja2 import Environment

    from tracker import i18n

    jinja = Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    jinja.install_gettext_callables(i18n._template_gettext, i18n._template_ngettext, newstyle=True)
    source = (
        '{{ _("Organisations") }}|{{ gettext("Elections") }}|{{ _("100%% sure <b>") }}|{{ _("Results: %(organisation)s", organisation="<A&B>") }}'
        '|{% autoescape false %}{{ _("Results: %(organisation)s", organisation="<A&B>") }}|{{ _("a & b") }}{% endautoescape %}'
    )
    for language in ("en", "fr", "ar"):
        with app.test_request_context(f"/?lang={language}"):
            shown = [app.jinja_env.from_string(source).render() for _twice in range(2)]  # made, then kept
            assert shown[0] == shown[1] == jinja.from_string(source).render(), language
    with app.test_request_context("/?lang=fr"):
        assert app.jinja_env.from_string(source).render() == (
            "Organisations|Élections|100% sure <b>|Résultats\xa0: &lt;A&amp;B&gt;|Résultats\xa0: <A&B>|a & b"
        )  # the text is the template's own (not escaped), a variable is escaped where the template escapes
