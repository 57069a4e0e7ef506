"""What a reader meets first: the home page, the elections list with its winners and sortable
columns, the results feeds, the tags that preview a shared link, the snippet that embeds a chart."""

from __future__ import annotations

import gzip
import re

import feedparser
import pytest

from .conftest import example, page_text


@pytest.fixture
def two(runner, load):
    """The founding INTERPOL election (2024, Morocco's candidate elected with 96 votes) and FIFA's 2016
    presidential election (Infantino, Switzerland, 115 votes in round 2, 27 ahead)."""
    runner.invoke(args=["seed"])
    assert load(example("fifa-2016-president")).exit_code == 0


def meta(html: str, name: str) -> str | None:
    found = re.search(rf'<meta (?:name|property)="{re.escape(name)}" content="([^"]*)"', html)
    return found.group(1) if found else None


def test_the_home_page_gives_the_latest_results_with_their_winners(client, two):
    response = client.get("/")
    assert response.status_code == 200
    page = page_text(response)
    # newest first, each with its winner, nominating State, votes, share and margin
    assert page.index("INTERPOL · Vice-President for Africa") < page.index("FIFA · President")
    assert "Gianni Infantino ( Switzerland ) 115 votes, 55.6%, 27 ahead" in page
    assert "Mohamed Dkhissi ( Morocco ) 96 votes" in page
    html = response.get_data(as_text=True)
    assert 'href="/elections/fifa-2016-president"' in html
    assert 'action="/search"' in html and 'id="home-q"' in html  # the search box up front
    assert "FIFA Fédération Internationale de Football Association 1 election" in page
    assert "Every election (2)" in page


def test_the_old_list_address_leads_to_the_list(client, two):
    response = client.get("/?country=mar&year_from=2000")
    assert response.status_code == 301
    assert response.headers["Location"] == "/elections?country=mar&year_from=2000"
    assert client.get("/?lang=fr").status_code == 200  # a language alone is the home page


def _rows(response) -> list[str]:
    return re.findall(r'href="/elections/([a-z0-9-]+)"><bdi>', response.get_data(as_text=True))


def test_the_list_shows_winners_and_sorts_by_each_column(client, two):
    response = client.get("/elections")
    page = page_text(response)
    assert "Mohamed Dkhissi ( Morocco ) 96" in page and "Gianni Infantino ( Switzerland ) 115" in page
    assert _rows(response) == ["interpol-2024-vice-president-africa", "fifa-2016-president"]
    assert _rows(client.get("/elections?sort=date")) == ["fifa-2016-president", "interpol-2024-vice-president-africa"]
    assert _rows(client.get("/elections?sort=-votes")) == ["fifa-2016-president", "interpol-2024-vice-president-africa"]
    assert _rows(client.get("/elections?sort=votes")) == ["interpol-2024-vice-president-africa", "fifa-2016-president"]
    assert _rows(client.get("/elections?sort=-organisation")) == ["interpol-2024-vice-president-africa", "fifa-2016-president"]
    assert _rows(client.get("/elections?sort=winner")) == ["fifa-2016-president", "interpol-2024-vice-president-africa"]
    # the heading sorted by says so, and its link sorts the other way, from the first page
    html = client.get("/elections?sort=-votes&page=1&organisation=FIFA").get_data(as_text=True)
    assert re.search(r'aria-sort="descending">\s*<a href="/elections\?organisation=FIFA&amp;sort=votes">Votes', html)
    assert '<input type="hidden" name="sort" value="-votes">' in html  # filtering keeps the order
    bad = client.get("/elections?sort=secret")
    assert bad.status_code == 400 and "The list cannot be sorted by “secret”." in page_text(bad)


def test_the_results_feed_is_atom_and_follows_changes(client, two, load):
    feed = feedparser.parse(client.get("/feeds/results.atom").data)
    assert not feed.bozo and feed.version == "atom10"
    assert [e.link for e in feed.entries] == [
        "http://localhost/elections/fifa-2016-president", "http://localhost/elections/interpol-2024-vice-president-africa",
    ]  # the last recorded first
    fifa = feed.entries[0]
    assert fifa.title == "FIFA President: Gianni Infantino elected"
    assert fifa.summary.startswith("Winner: Gianni Infantino (Switzerland), 115 votes, 55.6%, 27 ahead. Congress")
    # a change moves the election to the top, as the same entry, updated
    document = example("interpol-2024-vice-president-africa")
    document["elections"][0]["notes"] = "Corrected."
    assert load(document).exit_code == 0
    changed = feedparser.parse(client.get("/feeds/results.atom").data)
    first = changed.entries[0]
    assert first.id == "http://localhost/elections/interpol-2024-vice-president-africa"
    assert first.updated > first.published  # ISO 8601, in UTC
    assert len(changed.entries) == 2


def test_feeds_of_an_organisation_and_a_state(client, two):
    interpol = feedparser.parse(client.get("/feeds/results.atom?organisation=interpol").data)
    assert interpol.feed.title == "Results: INTERPOL" and [e.title for e in interpol.entries] == [
        "INTERPOL Vice-President for Africa: Mohamed Dkhissi elected"
    ]
    assert interpol.feed.links[0].href == "http://localhost/organisations/INTERPOL"
    morocco = feedparser.parse(client.get("/feeds/results.atom?country=MAR&lang=fr").data)
    assert morocco.feed.title == "Résultats — Maroc\u00a0: candidats présentés"
    assert len(morocco.entries) == 1 and "96 voix" in morocco.entries[0].summary
    switzerland = feedparser.parse(client.get("/feeds/results.atom?country=che").data)
    assert [e.link for e in switzerland.entries] == ["http://localhost/elections/fifa-2016-president?lang=fr"]
    assert client.get("/feeds/results.atom?country=Morocco1").status_code == 400
    # pages name their feed
    html = client.get("/countries/MAR").get_data(as_text=True)
    assert 'type="application/atom+xml"' in html and "/feeds/results.atom?country=MAR" in html


def test_pages_have_a_description_and_open_graph_tags(client, two):
    html = client.get("/elections/interpol-2024-vice-president-africa").get_data(as_text=True)
    assert meta(html, "og:title") == "INTERPOL Vice-President for Africa, November 7, 2024"
    assert meta(html, "og:description") == meta(html, "description")
    assert meta(html, "description").startswith("Elected: Mohamed Dkhissi. INTERPOL, General Assembly")
    assert meta(html, "og:url") == "http://localhost/elections/interpol-2024-vice-president-africa"
    for url in ("/", "/elections", "/countries/CHE", "/organisations/FIFA", "/posts/1", "/upcoming", "/search?q=fifa"):
        html = client.get(url).get_data(as_text=True)
        assert meta(html, "og:title") and meta(html, "og:description") and meta(html, "og:site_name"), url
    html = client.get("/countries/CHE").get_data(as_text=True)
    assert meta(html, "description").endswith("1 candidacy, 1 elected.")


def test_the_embed_snippet_is_given_to_copy(client, two):
    snippet = '&lt;iframe src="http://localhost/elections/fifa-2016-president/chart" title="FIFA President, February 26, 2016"'
    assert snippet in client.get("/elections/fifa-2016-president").get_data(as_text=True)
    assert snippet in client.get("/elections/fifa-2016-president/chart").get_data(as_text=True)
    framed = client.get("/elections/fifa-2016-president/chart", headers={"Sec-Fetch-Dest": "iframe"})
    assert "&lt;iframe" not in framed.get_data(as_text=True)  # inside another site's frame: the chart alone


def test_the_country_filter_takes_a_states_name_in_any_language(client, two):
    for name in ("Switzerland", "suisse", "سويسرا", "CHE", "che"):
        assert _rows(client.get(f"/elections?country={name}")) == ["fifa-2016-president"], name
    for name in ("Maroc", "المغرب", "morocco"):
        assert _rows(client.get(f"/elections?country={name}")) == ["interpol-2024-vice-president-africa"], name
    bad = client.get("/elections?country=Narnia")
    assert bad.status_code == 400 and "No State is called “Narnia”" in page_text(bad)
    html = client.get("/elections?lang=fr").get_data(as_text=True)
    assert 'list="country-names"' in html and '<option value="Suisse"></option>' in html  # suggestions
    # the feed's address holds the code whatever name the page's form was given
    assert feedparser.parse(client.get("/feeds/results.atom?country=Suisse").data).entries[0].title.startswith("FIFA")
    assert 'href="/feeds/results.atom?country=CHE"' not in html  # the list has no filter here


def test_common_and_former_names_find_states():
    from tracker.countries import country_code, country_name

    assert [country_code(n) for n in ("Turkey", "Ivory Coast", "Swaziland", "Côte d’Ivoire", "DR Congo", "Türkiye")] == [
        "TUR", "CIV", "SWZ", "CIV", "COD", "TUR"
    ]
    assert country_code("Narnia") is None and country_code("zzz") == "ZZZ"  # a code is taken as given
    assert country_name("COD") == "Democratic Republic of the Congo"
    assert country_name("COD", "fr") == "République démocratique du Congo"


def test_country_pickers_sort_as_a_reader_of_the_language_expects():
    from tracker.countries import country_choices

    english = [name for _code, name in country_choices("en")]
    assert english.index("Åland Islands") < english.index("Albania")  # Å among the A's, not after Z
    assert english.index("Costa Rica") < english.index("Côte d'Ivoire") < english.index("Croatia")
    french = [name for _code, name in country_choices("fr")]
    assert french.index("Égypte") < french.index("Équateur") < french.index("Espagne") < french.index("Finlande")


def test_the_post_filter_matches_the_whole_label(client, two):
    assert _rows(client.get("/elections?post=Vice-President+for+Africa")) == ["interpol-2024-vice-president-africa"]
    assert _rows(client.get("/elections?post=vice-president")) == ["interpol-2024-vice-president-africa"]
    assert _rows(client.get("/elections?post=Vice-President+for+Europe")) == []


def test_plurals_and_punctuation_follow_the_language(client, two):
    french = page_text(client.get("/elections/fifa-2016-president?lang=fr"))
    assert "Élu : Gianni Infantino" in french  # one elected: singular (page_text makes the no-break space a space)
    arabic = page_text(client.get("/elections/fifa-2016-president?lang=ar"))
    assert "الفائز: جياني إنفانتينو" in arabic or "الفائز: Gianni Infantino" in arabic
    # Arabic comma and semicolon between sources
    html = client.get("/elections/fifa-2016-president?lang=ar").get_data(as_text=True)
    assert "</bdi></a>، <bdi>" in html or "</bdi></a>؛ <a" in html


def test_lists_are_newest_first_with_no_repeated_column(client, two, load):
    document = example("fifa-2016-president")
    document["elections"][0].update(id="fifa-2020-president", date="2020-02-26")
    assert load(document).exit_code == 0
    html = client.get("/countries/CHE").get_data(as_text=True)
    table = html[html.index('id="candidacies-heading"'):]
    assert table.index("Feb 26, 2020") < table.index("Feb 26, 2016")  # newest first
    assert "Nominating country" not in table  # the page is the country's
    infantino = re.search(r'href="(/persons/\d+)"><bdi>Gianni Infantino', html).group(1)
    person = client.get(infantino).get_data(as_text=True)
    assert person.index("Feb 26, 2020") < person.index("Feb 26, 2016")
    table = person[person.index('class="list"'):]
    assert "<th>Candidate</th>" not in table  # the page is the person's


@pytest.mark.parametrize("url", [
    "/", "/elections", "/elections/fifa-2016-president", "/elections/interpol-2024-vice-president-africa",
    "/countries/CHE", "/organisations", "/organisations/FIFA", "/posts/2", "/upcoming", "/search?q=fifa",
    "/compare?country=CHE&country=MAR", "/sign-in",
])
def test_one_h1_and_headings_in_order(client, two, url):
    html = client.get(url).get_data(as_text=True)
    levels = [int(level) for level in re.findall(r"<h([1-6])[ >]", html)]
    assert levels[0] == 1 and levels.count(1) == 1, (url, levels)
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), (url, levels)  # no level skipped
    assert '<a class="skip" href="#content">' in html and '<main id="content"' in html


def test_an_election_prints_as_a_result_sheet(client, two):
    with client.get("/static/css/site.css") as response:
        css = response.get_data(as_text=True)
    printed = css[css.index("@media print"):]
    for hidden in ("header.site", "form", ".actions", "section.review", "details.embed"):
        assert hidden in printed.split("display: none")[0]
    assert 'ul.sources a[href]::after' in printed and "attr(href)" in printed  # sources print their address
    html = client.get("/elections/fifa-2016-president").get_data(as_text=True)
    assert '<ul class="sources">' in html and '<section class="review"' in html


def test_the_chart_to_embed_stays_framable_and_framed_when_answered_from_the_page_cache(client, two):
    """The page cache keys pages by address: the framed chart and the chart opened by itself are two
    pages, and a cached chart may still be framed by any site (its CSP says so on every answer)."""
    url = "/elections/fifa-2016-president/chart"
    for _ in range(2):  # rendered, then from the cache
        alone = client.get(url)
        framed = client.get(url, headers={"Sec-Fetch-Dest": "iframe"})
        assert "&lt;iframe" in alone.get_data(as_text=True) and "&lt;iframe" not in framed.get_data(as_text=True)
        for response in (alone, framed):
            assert response.headers["Content-Security-Policy"].endswith("frame-ancestors *")
            assert "X-Frame-Options" not in response.headers
    assert client.get("/elections/fifa-2016-president").headers["X-Frame-Options"] == "DENY"


def _translations(language: str) -> list[str]:
    from pathlib import Path

    from babel.messages.pofile import read_po

    path = Path(__file__).resolve().parent.parent / "tracker" / "translations" / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as file:
        catalog = read_po(file)
    found = []
    for message in catalog:
        if message.id:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            # the text a reader sees: no placeholders, markup or addresses
            found += [re.sub(r"%\([a-z_]+\)[sdr]|<[^>]+>|https?://\S+", "", text) for text in strings]
    return found


def test_french_puts_a_no_break_space_before_double_punctuation_and_inside_guillemets():
    wrong = [
        text for text in _translations("fr")
        if re.search(r"[^\u00a0\s]([:;?!])(\s|$)| [:;?!](\s|$)|« | »", text)
    ]
    assert wrong == []


def test_arabic_text_uses_the_arabic_comma_and_semicolon():
    wrong = [text for text in _translations("ar") if re.search(r"[\u0600-\u06ff]\s*[,;]|[,;]\s*[\u0600-\u06ff]", text)]
    assert wrong == []


def test_the_chart_to_embed_of_a_single_count_is_the_same_sentence_as_the_page(client, two):
    """INTERPOL 2024: one count published (96). The page says there is no chart; the chart to embed
    said nothing of it and drew one full bar, a landslide once framed elsewhere."""
    html = client.get("/elections/interpol-2024-vice-president-africa/chart").get_data(as_text=True)
    assert "Only one count is published, so there is no chart: Mohamed Dkhissi, 96 votes (Round 1)." in page_text(html)
    assert 'data-figure="votes-figure"' not in html and "&lt;iframe" not in html and "plotly" not in html


def test_the_feed_is_compressed_like_the_pages(client, two, load):
    for number in range(8):  # a feed of some length (over the 1 KB below which nothing is compressed)
        record = example("fifa-2016-president")
        record["elections"][0]["id"] = f"fifa-2016-president-copy-{number}"
        record["elections"][0]["date"] = f"2016-02-{10 + number}"
        assert load(record).exit_code == 0
    plain = client.get("/feeds/results.atom")
    compressed = client.get("/feeds/results.atom", headers={"Accept-Encoding": "gzip"})
    assert len(plain.data) > 1024 and "Content-Encoding" not in plain.headers
    assert compressed.headers["Content-Encoding"] == "gzip" and gzip.decompress(compressed.data) == plain.data


def test_the_home_page_reads_the_elections_off_their_indexes(app, client, two):
    """The latest results and the elections to come are read off ix_election_newest and the partial
    index ix_election_scheduled, not from every election sorted (80x a bare route at 100k candidacies):
    each statement the home page runs, explained by the database with the parameters it was run with
    (PostgreSQL: sequential scans forbidden, as on a large table the planner would choose)."""
    from sqlalchemy import event

    from tracker.db import get_engine

    statements = []
    with app.app_context():
        engine = get_engine()
        keep = lambda _c, _cursor, statement, parameters, *_rest: statements.append((statement, parameters))  # noqa: E731
        event.listen(engine, "before_cursor_execute", keep)
        try:
            assert client.get("/?fresh=1").status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", keep)
        plans = []
        with engine.connect() as connection:
            postgresql = connection.dialect.name == "postgresql"
            if postgresql:
                connection.exec_driver_sql("SET enable_seqscan = off")
            for statement, parameters in statements:
                explain = "EXPLAIN " if postgresql else "EXPLAIN QUERY PLAN "
                rows = connection.exec_driver_sql(explain + statement, parameters).all()
                plans.append(" | ".join(str(row[0] if postgresql else row[3]) for row in rows))
    plans = "\n".join(plans)
    assert "ix_election_newest" in plans and "ix_election_scheduled" in plans, plans
    # the data version; the elections to come and their candidates; the organisations with the most
    # elections, counted and named in one; the latest results, held, and their winners
    assert len(statements) == 6, [statement for statement, _ in statements]
    if not postgresql:
        assert not re.search(r"SCAN election(?! USING (COVERING )?INDEX)", plans), plans  # no whole table read


def test_the_home_page_lists_the_organisations_with_the_most_elections_and_links_to_all(app, client, two, load):
    """A data set of hundreds of organisations gave a home page of hundreds of lines (and 80x the time
    of a bare route to render): it lists the HOME_ORGANISATIONS with the most elections, then a link."""
    record = example("fifa-2016-president")
    record["elections"][0]["id"] = "fifa-2016-president-again"
    record["elections"][0]["date"] = "2016-02-27"
    assert load(record).exit_code == 0  # FIFA: 2 elections, INTERPOL: 1
    assert "All 2 organisations" not in page_text(client.get("/"))
    app.config["HOME_ORGANISATIONS"] = 1
    html = client.get("/?lang=en&fresh=1").get_data(as_text=True)
    listed = re.search(r'<ul class="organisations">(.*?)</ul>', html, re.S).group(1)
    assert "FIFA" in listed and "INTERPOL" not in listed
    assert '<a href="/organisations">All 2 organisations</a>' in html
