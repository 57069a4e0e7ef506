"""The reader's experience in a real browser (issue 18): no page scrolls sideways at a phone's width
(390 px) or a desktop's (1280 px), in English and Arabic, signed in or out; round tables keep the
candidate, votes and outcome in view on a phone; the required majority is the same dashed grey line
in elections of 2, 3, 4 and 6 candidates, with its legend entry; nothing offers to send a chart's data
to another host."""

from __future__ import annotations

import copy

import pytest

from tracker import records
from tracker.db import get_session

from .conftest import CHROMIUM, PASSWORD, example, make_user, serve

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (make test installs it where apt-get may run)"
)

COUNTS = (2, 3, 4, 6)
NAMES = ["Amina Benali", "Bernard Dupont", "Chen Wei", "Diego Alvarez", "Emi Sato", "Fatou Diop"]
COUNTRIES = ["MAR", "FRA", "CHN", "ARG", "JPN", "SEN"]


def _election(count: int) -> dict:
    """An invented two-round election of ``count`` candidates, absolute majority of valid votes."""
    record = copy.deepcopy(example("fifa-2016-president")["elections"][0])
    keys = [f"c{i}" for i in range(count)]
    record.update(
        id=f"tst-{count}-candidates", organisation={"acronym": "TST", "name": "Test Organisation (invented)"},
        post={"title": f"Post for {count}"}, session=None, notes=None, reported_elected=["c0"], electorate=120,
        candidates=[{"key": key, "name": NAMES[i], "country": COUNTRIES[i]} for i, key in enumerate(keys)],
        rounds=[
            {"number": 1, "votes": [{"candidate": key, "votes": 40 - 5 * i} for i, key in enumerate(keys)]},
            {"number": 2, "votes": [{"candidate": key, "votes": 70 if i == 0 else 10 - i} for i, key in enumerate(keys)]},
        ],
    )
    return record


@pytest.fixture
def site(app):
    """The founding election, FIFA 2016 and elections of 2, 3, 4 and 6 candidates, and an admin."""
    assert app.test_cli_runner().invoke(args=["seed"]).exit_code == 0
    make_user(app, "admin@example.org", "admin")
    with app.app_context():
        document = example("fifa-2016-president")
        document["elections"] += [_election(count) for count in COUNTS]
        records.import_records(get_session(), document)
        get_session().commit()
    yield from serve(app)


READER_PAGES = [
    "/", "/elections", "/elections?sort=-votes", "/elections?sort=winner&country=Morocco", "/elections/fifa-2016-president",
    "/elections/interpol-2024-vice-president-africa", "/elections/fifa-2016-president/chart",
    "/elections/fifa-2016-president/history", "/upcoming", "/organisations", "/organisations/FIFA",
    "/organisations/TST", "/posts/2", "/countries/MAR", "/countries/CHE", "/persons/1", "/persons/2",
    "/compare?person=1&country=MAR&country=FRA", "/search?q=fifa", "/sign-in", "/no-such-page",
]
EDITOR_PAGES = [
    "/elections/new", "/elections/fifa-2016-president/edit", "/elections/fifa-2016-president/candidates/new",
    "/elections/fifa-2016-president/rounds/new?number=1", "/elections/fifa-2016-president/sources", "/import",
    "/changes", "/review", "/deleted", "/users", "/persons/2/edit", "/persons/2/merge",
    "/elections/fifa-2016-president/delete",
]


def _sideways(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


# What sticks out of the window on either side. On a right-to-left page, what overflows on the left
# cannot be scrolled to, so the page's scroll width does not show it: each box is measured. Inside a
# table (a phone's tables scroll in themselves) or a chart, boxes may lie beyond; plotly measures
# text in an SVG placed far off screen on purpose.
OUTSIDE = """() => {
  const found = [];
  for (const element of document.querySelectorAll("body *")) {
    if (element.closest("table, .chart, #js-plotly-tester, datalist, script, .skip")) continue;
    const box = element.getBoundingClientRect();
    if (box.width && (box.left < -1 || box.right > innerWidth + 1)) found.push(element.tagName + " " + element.className);
  }
  for (const table of document.querySelectorAll("table")) {
    const box = table.getBoundingClientRect();
    if (box.left < -1 || box.right > innerWidth + 1) found.push("TABLE " + table.className);
  }
  return found.slice(0, 3);
}"""


def _overflowing(page, base: str, paths: list[str], width: int, language: str) -> list[str]:
    found = []
    page.set_viewport_size({"width": width, "height": 800})
    for path in paths:
        page.goto(f"{base}{path}{'&' if '?' in path else '?'}lang={language}")
        page.wait_for_load_state("load")
        if page.locator(".chart").count():
            page.wait_for_selector(".chart .main-svg", timeout=15_000)
        if _sideways(page) > 0 or page.evaluate(OUTSIDE):
            found.append(f"{path} ({language}, {width} px): {_sideways(page)} px, {page.evaluate(OUTSIDE)}")
    return found


def test_no_page_scrolls_sideways_signed_in_or_out(site, browser):
    base, _ = site
    page = browser.new_page()
    overflowing = []
    for width in (390, 1280):
        for language in ("en", "ar"):
            overflowing += _overflowing(page, base, READER_PAGES, width, language)
    page.goto(f"{base}/sign-in")
    page.fill("input[name=email]", "admin@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state("load")
    assert page.locator("header.site .account").inner_text().startswith("admin@example.org")
    for width in (390, 1280):
        for language in ("en", "ar"):
            overflowing += _overflowing(page, base, READER_PAGES[:6] + EDITOR_PAGES, width, language)
    assert overflowing == []


def test_round_tables_keep_candidate_votes_and_outcome_in_view_on_a_phone(site, browser):
    base, _ = site
    for language in ("en", "ar"):
        page = browser.new_page(viewport={"width": 390, "height": 800})
        page.goto(f"{base}/elections/fifa-2016-president?lang={language}")
        table = page.locator("table.round-table").first
        box = table.bounding_box()
        assert table.evaluate("t => t.scrollWidth - t.clientWidth") == 0  # nothing hidden to scroll to
        assert 0 <= box["x"] and box["x"] + box["width"] <= 390
        for cell in ("td.candidate", "td.votes", "td.result"):
            shown = table.locator(f"tbody tr:first-child {cell}").bounding_box()
            assert shown and shown["width"] > 0 and 0 <= shown["x"] and shown["x"] + shown["width"] <= 390, (language, cell)
        page.close()


def test_the_required_majority_is_the_same_line_whatever_the_number_of_candidates(site, browser):
    base, served = site
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.errors = []
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    colours, bars = set(), {}
    for count in COUNTS:
        page.goto(f"{base}/elections/tst-{count}-candidates")
        page.wait_for_selector(".chart .main-svg")
        lines = page.locator(".chart .scatterlayer .trace path.js-line")  # a segment per round
        styles = lines.evaluate_all("ps => ps.map(p => [getComputedStyle(p).stroke, getComputedStyle(p).strokeDasharray])")
        assert len(styles) == 2
        colours |= {stroke for stroke, _dash in styles}
        assert all(dash not in ("none", "") for _stroke, dash in styles)  # dashed
        bars[count] = set(page.locator(".chart .bars .point path").evaluate_all("ps => ps.map(p => getComputedStyle(p).fill)"))
        legend = page.locator(".chart .legend .traces").all_text_contents()
        assert "Required majority" in legend and len(legend) == count + 1
        # nothing offers to send the data elsewhere: no logo, no Chart Studio or cloud button
        page.locator(".chart").first.hover()
        assert page.locator(".modebar").count() == 1
        assert page.locator(".modebar-btn[data-title*='Chart Studio'], .modebar-btn[data-title*='cloud'], a.plotlyjsicon").count() == 0
    assert colours == {"rgb(80, 80, 80)"}
    assert all("rgb(80, 80, 80)" not in fills for fills in bars.values())
    assert page.errors == []
