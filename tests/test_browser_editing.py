"""The editor's workbench in a real browser (issue 16): a two-round, two-seat election with its sources
and a disputed figure entered entirely through the forms, a candidate's name and the date corrected,
two records of one person merged; once on the English interface at a desktop's width, once on the
Arabic one at a phone's (390 px: no page scrolls sideways) typing Arabic-Indic digits. Both store the
same record, the election-records/v1 document tests/data/editing/entered-election.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tracker import records
from tracker.db import get_session

from .conftest import CHROMIUM, PASSWORD, make_user, serve

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (make test installs it where apt-get may run)"
)

EXPECTED = Path(__file__).parent / "data" / "editing" / "entered-election.json"
RECORD_ID = "tst-member-of-the-council-2025-11-20"  # the id stays when the date is corrected
SOURCE_1 = "https://www.example.org/council/2025/results"
SOURCE_2 = "https://news.example.net/2025/11/20/council-vote"
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
# Another record of Jan Kowalsky, under another spelling, from an earlier election (invented).
EARLIER = {
    "format": "election-records/v1",
    "elections": [{
        "id": "tst-member-of-the-council-2021", "organisation": {"acronym": "TST", "name": "Test Organisation (invented)"},
        "body": "Assembly", "post": {"title": "Member of the Council"}, "date": "2021-11-12", "seats": 2,
        "candidates": [{"key": "kowalsky", "name": "J. Kowalsky", "country": "POL"}], "rounds": [],
        "reported_elected": ["kowalsky"],
    }],
}


@pytest.fixture
def site(app):
    """The app with an editor account and an earlier election, served on 127.0.0.1."""
    make_user(app, "editor@example.org", "editor")
    with app.app_context():
        records.import_records(get_session(), EARLIER)
        get_session().commit()
    yield from serve(app)


class Editor:
    """An editor at the browser: opens pages, fills forms by field name, checks each page fits."""

    def __init__(self, page, base: str, language: str, digits: bool):
        self.page, self.base, self.language, self.digits = page, base, language, digits
        self.errors: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))

    def number(self, value: int | str) -> str:
        """A figure as this editor types it."""
        return str(value).translate(ARABIC_DIGITS) if self.digits else str(value)

    def open(self, path: str) -> None:
        separator = "&" if "?" in path else "?"
        response = self.page.goto(f"{self.base}{path}{separator}lang={self.language}")
        assert response.status == 200, (path, response.status)
        self.fits()

    def fits(self) -> None:
        """No part of the page reaches beyond the window's width (nothing to scroll sideways)."""
        width = self.page.evaluate("document.documentElement.scrollWidth")
        window = self.page.evaluate("window.innerWidth")
        assert width <= window, f"{self.page.url}: {width} px wide in a {window} px window"

    def fill(self, fields: dict[str, str]) -> None:
        for name, value in fields.items():
            box = self.page.locator(f"[name='{name}']").first
            tag = box.evaluate("e => e.tagName + (e.type ? ':' + e.type : '')")
            if tag == "SELECT:select-one":
                box.select_option(value)
            elif tag == "INPUT:checkbox":
                box.set_checked(bool(value))
            else:
                box.fill(value)

    def check(self, name: str, value: str) -> None:
        self.page.locator(f"input[name='{name}'][value='{value}']").check()

    def submit(self, expect_path: str | None = None) -> None:
        with self.page.expect_navigation():
            self.page.locator("main form[method='post'] button[type='submit']").last.click()
        assert self.page.locator(".errors").count() == 0, self.page.locator(".errors").first.inner_text()
        if expect_path:
            assert self.page.url.split("?")[0].endswith(expect_path), self.page.url
        self.fits()


def enter_the_election(editor: Editor) -> None:
    """Everything an editor does, through the forms alone."""
    n = editor.number
    editor.open("/sign-in")
    editor.fill({"email": "editor@example.org", "password": PASSWORD})
    editor.submit()

    editor.open("/elections/new")
    editor.fill({
        "organisation_acronym": "TST", "body": "Assembly", "session": "34th session",
        "post_title": "Member of the Council", "date": n("2025-11-20"), "city": "Lyon", "country": "FRA",
        "electorate": n(190), "seats": n(2), "quota": "absolute_majority", "base": "present_and_voting",
        "term_years": n(4),
    })
    editor.submit(f"/elections/{RECORD_ID}/candidates/new")

    editor.open(f"/elections/{RECORD_ID}/sources")
    editor.fill({
        "sources-0-url": SOURCE_1, "sources-0-title": "Results of the Council election", "sources-0-publisher": "TST",
        "sources-0-language": "en", "sources-0-published": n("2025-11-20"),
        "sources-1-url": SOURCE_2, "sources-1-publisher": "Example News", "sources-1-language": "fr",
    })
    editor.submit()

    for name, country in (("Jan Kowalsky", "POL"), ("Maria Rosi", "ITA"), ("Ana Silva", "PRT")):
        editor.open(f"/elections/{RECORD_ID}/candidates/new")
        editor.fill({"name": name, "country": country, "kind": "person"})
        editor.submit()

    editor.open(f"/elections/{RECORD_ID}/rounds/new")
    editor.fill({
        "date": n("2025-11-20"), "ballots_cast": n(185), "invalid": n(2), "present_and_voting": n(183),
        "votes-0-votes": n(120), "votes-1-votes": n(85), "votes-2-votes": n(80),
        "disputed-0-field": "votes", "disputed-0-candidate": "ana-silva", "disputed-0-value": n(81),
        "disputed-0-source": SOURCE_2,
    })
    editor.check("sources", SOURCE_1)
    editor.check("sources", SOURCE_2)
    editor.submit()

    editor.open(f"/elections/{RECORD_ID}/rounds/new")
    editor.fill({
        "ballots_cast": n(180), "present_and_voting": n(180), "votes-0-stood": "",
        "votes-1-votes": n(101), "votes-2-votes": n(79),
    })
    editor.check("sources", SOURCE_1)
    editor.submit()

    # a misspelt name and a wrong date, corrected
    editor.open(f"/elections/{RECORD_ID}/candidates/maria-rosi/edit")
    editor.fill({"name": "Maria Rossi", "reported_elected": "y"})
    editor.submit()
    editor.open(f"/elections/{RECORD_ID}/candidates/jan-kowalsky/edit")
    editor.fill({"reported_elected": "y"})
    editor.submit()
    editor.open(f"/elections/{RECORD_ID}/edit")
    editor.fill({"date": n("2025-11-21")})
    editor.submit(f"/elections/{RECORD_ID}")

    # Jan Kowalsky was recorded before as J. Kowalsky: the person page offers the other record
    editor.page.locator("a[href^='/persons/']:has-text('Jan Kowalsky')").first.click()
    editor.page.wait_for_load_state()
    editor.fits()
    with editor.page.expect_navigation():
        editor.page.locator("ul.twins a[href*='/merge?other=']").first.click()
    editor.fits()
    editor.submit()
    assert "J. Kowalsky" in editor.page.locator("main").inner_text()  # kept as another spelling

    for path in (f"/elections/{RECORD_ID}", f"/elections/{RECORD_ID}/history", "/changes", "/review", "/deleted"):
        editor.open(path)
    assert editor.errors == []


@pytest.mark.parametrize(
    "language, digits, width",
    [("en", False, 1280), ("ar", True, 390)],
    ids=["english-desktop", "arabic-phone-arabic-indic-digits"],
)
def test_an_election_entered_and_corrected_through_the_forms(app, site, browser, language, digits, width):
    base, _ = site
    page = browser.new_page(viewport={"width": width, "height": 900})
    enter_the_election(Editor(page, base, language, digits))
    with app.app_context():
        stored = records.load_record(get_session(), RECORD_ID)
        earlier = records.load_record(get_session(), "tst-member-of-the-council-2021")
    assert stored == json.loads(EXPECTED.read_text(encoding="utf-8"))["elections"][0]
    assert earlier["candidates"][0]["name"] == "Jan Kowalsky"  # one person now, under the kept name
