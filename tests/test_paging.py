"""Long lists a page at a time (tracker/views/paging.py); downloads keep every row."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter

import pytest

from tracker import records
from tracker.db import get_session
from tracker.synthetic import generate

from .conftest import page_text


@pytest.fixture
def many(app) -> str:
    """120 invented elections of three organisations; returns the State with most candidacies."""
    document = generate(120, seed=3)
    with app.app_context():
        records.import_records(get_session(), document)
        get_session().commit()
    return Counter(c["country"] for e in document["elections"] for c in e["candidates"]).most_common(1)[0][0]


def election_links(response) -> list[str]:
    return re.findall(r'href="/elections/(synthetic-\d+)"', response.get_data(as_text=True))


def test_the_elections_list_comes_fifty_at_a_time(client, many):
    first, third = client.get("/elections"), client.get("/elections?page=3")
    assert len(election_links(first)) == 50 and len(election_links(third)) == 20
    assert "1–50 of 120 elections · page 1 of 3" in page_text(first)
    assert "101–120 of 120 elections · page 3 of 3" in page_text(third)
    every = election_links(first) + election_links(client.get("/elections?page=2")) + election_links(third)
    assert len(set(every)) == 120  # no election twice, none left out
    assert 'href="/elections?page=2" rel="next"' in first.get_data(as_text=True)
    assert 'rel="next"' not in third.get_data(as_text=True)


def test_a_page_link_keeps_the_filters(client, many):
    response = client.get("/elections?organisation=DMU&page=1")
    assert len(election_links(response)) == 40 and 'class="pager"' not in response.get_data(as_text=True)
    response = client.get("/elections?year_from=1990")
    assert 'href="/elections?year_from=1990&amp;page=2"' in response.get_data(as_text=True)


@pytest.mark.parametrize("page, status", [("0", 400), ("abc", 400), ("-1", 400), ("9" * 30, 400), ("9" * 5000, 400), ("0" * 4400 + "1", 400), ("4", 404)])
def test_a_page_that_is_no_page_is_refused(client, many, page, status):
    response = client.get(f"/elections?page={page}")
    assert response.status_code == status and "Traceback" not in response.get_data(as_text=True)


def test_a_refused_page_number_says_what_pages_there_are(client, many):
    """The largest page number is named (it is one: 10,000,000 is refused as past it), and one page
    is one page, in the reader's language."""
    assert "page must be a whole number from 1 to 1,000,000." in page_text(client.get("/elections?page=10000000"))
    one = client.get("/elections?organisation=DMU&page=2")
    assert one.status_code == 404 and "There is only 1 page." in page_text(one)
    assert "Il n’y a que 3 pages." in page_text(client.get("/elections?page=4&lang=fr"))
    assert "من 1 إلى 1,000,000" in page_text(client.get("/elections?page=0&lang=ar"))


def test_an_organisations_elections_and_a_countrys_candidacies_are_paged_but_downloads_hold_all(app, client, many):
    html = client.get("/organisations/DMU").get_data(as_text=True)
    listed = html.split('id="elections-heading"')[1]
    assert 'class="pager"' not in html and len(re.findall(r'href="/elections/synthetic-', listed)) == 40
    app.config["PER_PAGE"] = 10
    country = client.get(f"/countries/{many}")
    text = page_text(country)
    total = int(re.search(r"1–10 of (\d+) candidacies", text).group(1))
    assert total > 10 and text.count(" Not elected ") + text.count(" Elected ") <= 10
    rows = list(csv.reader(io.StringIO(client.get(f"/countries/{many}?download=candidacies").get_data(as_text=True))))
    assert len(rows) - 1 == total  # the CSV: every candidacy, not one page
    last = client.get(f"/countries/{many}?page={-(-total // 10)}")
    assert f"of {total} candidacies" in page_text(last) and 'rel="prev"' in last.get_data(as_text=True)


def test_a_download_ignores_the_page(client, many):
    for page in ("999", "abc"):
        response = client.get(f"/countries/{many}?download=candidacies&page={page}")
        assert response.status_code == 200 and response.mimetype == "text/csv"


def test_an_organisations_pager_counts_its_elections_filtered_or_not(app, client):
    document = generate(120, seed=3)
    with app.app_context():
        records.import_records(get_session(), document)
        get_session().commit()
    dmu = [e for e in document["elections"] if e["organisation"]["acronym"] == "DMU"]
    since = sorted(e["date"][:4] for e in dmu)[len(dmu) // 2]  # about half of them
    later = sum(e["date"][:4] >= since for e in dmu)
    assert 10 < later < len(dmu)
    app.config["PER_PAGE"] = 10
    assert f"1–10 of {len(dmu)} elections · page 1 of {-(-len(dmu) // 10)}" in page_text(client.get("/organisations/DMU"))
    filtered = page_text(client.get(f"/organisations/DMU?year_from={since}"))
    assert f"1–10 of {later} elections · page 1 of {-(-later // 10)}" in filtered
