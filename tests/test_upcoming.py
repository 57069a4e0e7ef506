"""Upcoming elections: the page of scheduled elections and its calendar feed.

The elections are invented (organisations "TST" and "OTH"), dated from today so that the test holds
on any day:
- to come: "this year" (YYYY of this year: not over until 31 December, sorts on 1 January), in 10
  days (day known, MAR and FRA candidates, in Lyon), in 100 days over three days (a regional post), in
  about five months (YYYY-MM), in two years (YYYY), and OTH's in 40 days (a JPN candidate);
- past their date, no result recorded: 30 days ago (day known), about 70 days ago (YYYY-MM);
- not listed: one held (with a round), one cancelled.
"""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from sqlalchemy import event

from tracker.db import get_engine

from .conftest import page_text

TODAY = dt.date.today()
ORGANISATION = {"acronym": "TST", "name": "Test Organisation (invented)"}
OTHER = {"acronym": "OTH", "name": "Other Organisation (invented)"}
SECRETARY = {"title": "Secretary-General", "region": None}
VICE_AFRICA = {"title": "Vice-President", "region": "Africa"}
PERSONS = {
    "amina": {"name": "Amina Benali", "country": "MAR", "names": {"ar": "أمينة بن علي"}},
    "bernard": {"name": "Bernard Dupont", "country": "FRA"},
    "chams": {"name": "Chams Eddine", "country": "EGY"},
    "emi": {"name": "Emi Sato", "country": "JPN"},
    "kenya": {"kind": "state", "name": None, "country": "KEN"},
    "unnamed": {"name": None, "country": "SEN"},
}


def _day(days: int) -> str:
    return (TODAY + dt.timedelta(days=days)).isoformat()


def _election(record_id, date, keys, *, status="scheduled", organisation=ORGANISATION, post=SECRETARY, rounds=(), **extra):
    return {
        "id": record_id,
        "status": status,
        "organisation": organisation,
        "body": "General Assembly",
        "post": post,
        "date": date,
        "candidates": [{"key": k, **PERSONS[k]} for k in keys],
        "rounds": list(rounds),
        "sources": [],
        **extra,
    }


SCHEDULED = [
    _election("tst-soon", _day(10), ["amina", "bernard"], session="90th session", location={"city": "Lyon", "country": "FRA"}),
    _election("tst-later", _day(100), ["chams", "unnamed"], post=VICE_AFRICA, end_date=_day(102)),
    _election("tst-month", _day(150)[:7], ["amina"]),  # its first day is past the 100th
    _election("tst-years", str(TODAY.year + 2), []),
    _election("tst-this-year", str(TODAY.year), ["kenya"]),
    _election("oth-soon", _day(40), ["emi"], organisation=OTHER),
    _election("tst-passed", _day(-30), ["bernard"]),
    _election("tst-passed-month", _day(-70)[:7], ["chams"]),
]
NOT_SCHEDULED = [
    _election(
        "tst-held", _day(-400), ["amina", "bernard"], status="held",
        rule={"quota": "absolute_majority", "base": "valid_votes"},
        rounds=[{"number": 1, "votes": [{"candidate": "amina", "votes": 60}, {"candidate": "bernard", "votes": 40}]}],
    ),
    _election("tst-cancelled", _day(20), ["amina"], status="cancelled"),
]
COMING = ["tst-this-year", "tst-soon", "oth-soon", "tst-later", "tst-month", "tst-years"]
PASSED = ["tst-passed", "tst-passed-month"]  # the latest first


@pytest.fixture
def scheduled(load):
    result = load({"format": "election-records/v1", "elections": SCHEDULED + NOT_SCHEDULED})
    assert result.exit_code == 0, result.output


def _listed(html: str) -> list[str]:
    """The elections a page links to, in order."""
    import re

    return re.findall(r'href="/elections/([a-z0-9-]+)"', html)


def _groups(response) -> tuple[list[str], list[str]]:
    """The elections to come and those past their date, as the page lists them."""
    html = response.get_data(as_text=True)
    coming, _, passed = html.partition('id="passed-heading"')
    return _listed(coming), _listed(passed)


def _text(response) -> str:
    """The page's visible text, with no space inside brackets (which links leave there)."""
    return page_text(response).replace("( ", "(").replace(" )", ")")


def _feed(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.get_data())


def test_scheduled_elections_soonest_first_and_the_passed_apart(client, scheduled):
    response = client.get("/upcoming")
    assert response.status_code == 200
    coming, passed = _groups(response)
    assert coming == COMING
    assert passed == PASSED
    text = _text(response)
    assert "Date passed, no result recorded yet" in text
    # organisation, post with its region, body and session, place, candidates with their nominating State
    assert "TST Secretary-General General Assembly (90th session) Lyon, France Amina Benali (Morocco) Bernard Dupont (France)" in text
    assert "Vice-President for Africa" in text and "Chams Eddine (Egypt) Unnamed candidate (Senegal)" in text
    assert "Kenya" in text  # a State standing for a seat, named as the State
    assert "none recorded yet" in text  # tst-years has no declared candidate yet


def test_held_and_cancelled_elections_are_not_listed(client, scheduled):
    html = client.get("/upcoming").get_data(as_text=True)
    assert "tst-held" not in html and "tst-cancelled" not in html
    feed = _feed(client.get("/upcoming.ics"))
    assert not {"tst-held@election-tracker", "tst-cancelled@election-tracker"} & {str(e["UID"]) for e in feed.events}


def test_the_header_links_to_the_page(client):
    html = client.get("/").get_data(as_text=True)
    assert '<a href="/upcoming">Upcoming</a>' in html
    assert "No scheduled election is recorded." in page_text(client.get("/upcoming"))


def test_filters_by_organisation_and_nominating_country(client, scheduled):
    assert _groups(client.get("/upcoming?organisation=oth")) == (["oth-soon"], [])
    assert _groups(client.get("/upcoming?organisation=TST&country=fra")) == (["tst-soon"], ["tst-passed"])
    assert _groups(client.get("/upcoming?country=EGY")) == (["tst-later"], ["tst-passed-month"])
    response = client.get("/upcoming?country=NOR")
    assert response.status_code == 200 and "No scheduled election matches these filters." in page_text(response)
    assert 'href="/upcoming.ics?organisation=TST&amp;country=FRA"' in client.get("/upcoming?organisation=TST&country=fra").get_data(as_text=True)

    uids = lambda url: [str(e["UID"]) for e in _feed(client.get(url)).events]  # noqa: E731
    assert uids("/upcoming.ics?organisation=OTH") == ["oth-soon@election-tracker"]
    assert uids("/upcoming.ics?organisation=tst&country=FRA") == ["tst-passed@election-tracker", "tst-soon@election-tracker"]
    assert uids("/upcoming.ics?country=NOR") == []


@pytest.mark.parametrize("query", ["country=XX1", "country=Narnia", "organisation=" + "A" * 300])
def test_a_bad_filter_is_a_400_that_says_why(client, scheduled, query):
    response = client.get(f"/upcoming?{query}")
    assert response.status_code == 400
    assert "errors" in response.get_data(as_text=True) and "tst-soon" not in response.get_data(as_text=True)
    feed = client.get(f"/upcoming.ics?{query}")
    assert feed.status_code == 400
    message = "Nominating country: No State is called" if "country" in query else "Organisation:"
    assert message in page_text(response) and message in page_text(feed)


def test_the_feed_has_an_all_day_event_per_election_whose_day_is_known(client, scheduled):
    response = client.get("/upcoming.ics")
    feed = _feed(response)
    events = {str(e["UID"]): e for e in feed.events}
    assert list(events) == [
        "tst-passed@election-tracker", "tst-soon@election-tracker", "oth-soon@election-tracker", "tst-later@election-tracker"
    ]  # by date, passed or not; no year or month alone: "tst-this-year", "tst-month", "tst-years", "tst-passed-month" are on the page only
    soon = events["tst-soon@election-tracker"]
    assert soon.start == TODAY + dt.timedelta(days=10) and soon.end == TODAY + dt.timedelta(days=11)
    assert type(soon.start) is dt.date  # all day: a DATE, not a DATE-TIME
    assert str(soon["SUMMARY"]) == "TST Secretary-General"
    assert str(soon["LOCATION"]) == "Lyon, France"
    assert str(soon["URL"]) == "http://localhost/elections/tst-soon"
    description = str(soon["DESCRIPTION"])
    assert "General Assembly (90th session)" in description
    assert "Declared candidates:\n– Amina Benali (Morocco)\n– Bernard Dupont (France)" in description
    later = events["tst-later@election-tracker"]
    assert str(later["SUMMARY"]) == "TST Vice-President for Africa"
    assert later.start == TODAY + dt.timedelta(days=100) and later.end == TODAY + dt.timedelta(days=103)  # 3 days
    assert "LOCATION" not in later
    assert "Elections known only by their year or month are not in this calendar" in str(feed["DESCRIPTION"])
    assert str(feed["X-WR-CALNAME"]) == "Upcoming elections"
    # to fetch again every day: RFC 7986's property, and the one Apple's and Microsoft's applications read
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:P1D\r\n" in response.get_data()
    assert b"\r\nX-PUBLISHED-TTL:P1D\r\n" in response.get_data()


def test_the_feeds_uids_stay_as_the_elections_change(client, scheduled, load):
    first = [str(e["UID"]) for e in _feed(client.get("/upcoming.ics")).events]
    moved = dict(SCHEDULED[0], date=_day(12), location={"city": "Paris", "country": "FRA"})
    assert load({"format": "election-records/v1", "elections": [moved]}).exit_code == 0
    events = list(_feed(client.get("/upcoming.ics")).events)
    assert [str(e["UID"]) for e in events] == first
    assert events[1].start == TODAY + dt.timedelta(days=12) and str(events[1]["LOCATION"]) == "Paris, France"


def test_the_page_and_the_feed_in_the_readers_language(client, scheduled):
    text = _text(client.get("/upcoming?lang=ar"))
    assert "أمينة بن علي (المغرب)" in text and "ليون، فرنسا" not in text  # city names are not translated
    assert "Lyon, فرنسا" in text
    html = client.get("/upcoming?lang=fr").get_data(as_text=True)
    assert 'href="/upcoming.ics?lang=fr"' in html
    soon = next(e for e in _feed(client.get("/upcoming.ics?lang=fr")).events if str(e["UID"]).startswith("tst-soon"))
    assert "Amina Benali (Maroc)" in str(soon["DESCRIPTION"]) and str(soon["LOCATION"]) == "Lyon, France"


def test_the_page_and_the_feed_issue_two_statements_whatever_the_data(app, client, scheduled, load):
    with app.app_context():
        engine = get_engine()
    seen = []

    def count(*_args):
        seen.append(1)

    def statements(url: str) -> int:
        seen.clear()
        event.listen(engine, "before_cursor_execute", count)
        try:
            assert client.get(url).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", count)
        return len(seen)

    before = {url: statements(url) for url in ("/upcoming", "/upcoming.ics")}
    more = [_election(f"tst-more-{n}", _day(200 + n), ["amina", "bernard"], post={"title": f"Judge {n}"}) for n in range(20)]
    assert load({"format": "election-records/v1", "elections": more}, "more.json").exit_code == 0
    assert {url: statements(url) for url in before} == before
    assert max(before.values()) <= 4  # the elections, their candidates, and the names of posts (post_label)
