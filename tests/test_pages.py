"""Pages, forms and the JSON API, as a user and a client see them."""

from __future__ import annotations

import gzip
import hashlib
import html as html_module
import re

import brotli
import pytest

from .conftest import example, post_form


def text(response) -> str:
    """The visible text of a page, whitespace folded."""
    html = re.sub(r"<script.*?</script>", " ", response.get_data(as_text=True), flags=re.S)
    folded = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    return html_module.unescape(re.sub(r" ([,.:;])(?=\s|$)", r"\1", folded))


def test_the_elections_list_is_newest_first(client, load, runner):
    assert "No election is recorded yet" in text(client.get("/elections"))
    runner.invoke(args=["seed"])
    load(example("fifa-2016-president"))
    page = text(client.get("/elections"))
    assert page.index("Vice-President for Africa") < page.index("President", page.index("Feb 26, 2016") - 200)
    assert page.index("Nov 7, 2024") < page.index("Feb 26, 2016")


def test_founding_election_page(client, runner):
    runner.invoke(args=["seed"])
    response = client.get("/elections/interpol-2024-vice-president-africa")
    assert response.status_code == 200
    page = text(response)
    assert "Mohamed Dkhissi Morocco 96" in page
    assert "Anne-Marie Nainda Namibia unknown unknown" in page
    assert "Unnamed candidate (Benin) Benin unknown" in page
    assert "Elected: Mohamed Dkhissi" in page and "As reported by the sources" in page
    assert "Rule not recorded" in page
    html = response.get_data(as_text=True)
    assert '<a href="https://allafrica.com/stories/202411080462.html"' in html
    # one count only: a sentence, not a chart of one bar (and no plotly.js to fetch)
    assert "Only one count is published, so there is no chart: Mohamed Dkhissi, 96 votes (Round 1)." in page
    assert 'id="votes-figure"' not in html and '<script src="/vendor/plotly-' not in html


def test_plotly_is_served_by_the_app_compressed_and_cached(client, load):
    load(example("fifa-2016-president"))
    html = client.get("/elections/fifa-2016-president").get_data(as_text=True)
    assert 'id="votes-figure"' in html and "cdn" not in html.lower()
    url = re.search(r'<script src="(/vendor/plotly-basic-4\.1\.1\.min\.js)">', html).group(1)
    geo = re.search(r'data-plotly-geo="(/vendor/plotly-geo-4\.1\.1\.min\.js)"', html).group(1)
    for address, sha256, drawn in (
        (url, "99784e3abfb07b142a15e521a439e6d9addceadb3f79553fd24c72774f0649ba", b"scatter"),
        (geo, "3da0a26e92ce47dad2b18c6e7cf5018335a003f50f5fe41710f52508af579b7c", b"choropleth"),
    ):
        plain = client.get(address)
        # V8's compile hint (tracker.vendor), then the npm file unchanged
        hint, _, npm_file = plain.data.partition(b"\n")
        assert plain.status_code == 200 and hint == b"//# allFunctionsCalledOnLoad" and npm_file.startswith(b"/**\n* plotly.js (")
        assert hashlib.sha256(npm_file).hexdigest() == sha256 and drawn in plain.data
        assert len(plain.data) < 1_500_000  # a part of the 4.8 MB of the whole library
        for accepted, decompress in (("gzip, br", brotli.decompress), ("gzip", gzip.decompress)):
            compressed = client.get(address, headers={"Accept-Encoding": accepted})
            assert compressed.headers["Content-Encoding"] == accepted.split(", ")[-1]
            assert decompress(compressed.data) == plain.data and len(compressed.data) < len(plain.data) / 3
            cache_control = compressed.headers["Cache-Control"]
            assert cache_control.startswith("public") and "max-age=31536000" in cache_control and "immutable" in cache_control
    assert b"Plotly.newPlot" not in client.get(url).data[-200:]  # pages call it themselves (charts.js)
    for other in ("/vendor/plotly-basic-0.0.1.min.js", "/vendor/plotly-full-4.1.1.min.js", "/vendor/plotly-4.1.1.min.js"):
        assert client.get(other).status_code == 404


def test_api_reports_fifa_required_majorities(client, load):
    load(example("fifa-2016-president"))
    data = client.get("/api/v1/elections/fifa-2016-president").get_json()
    assert data["id"] == "fifa-2016-president" and data["electorate"] == 207
    rounds = data["outcome"]["rounds"]
    assert [(r["number"], r["required_majority"], r["elected"]) for r in rounds] == [
        (1, 138, []), (2, 104, ["infantino"])
    ]
    assert data["outcome"]["elected"] == ["infantino"] and data["outcome"]["decided"] is True


def test_api_unknown_election_is_json_404(client):
    response = client.get("/api/v1/elections/no-such-election")
    assert response.status_code == 404
    assert response.get_json()["error"]["message"] == "No election has the id 'no-such-election'."


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/elections/nothing-here")
    assert response.status_code == 404 and "There is no such page" in text(response)


ELECTION = {
    "organisation_acronym": "UNESCO",
    "organisation_name": "United Nations Educational, Scientific and Cultural Organization",
    "body": "Executive Board",
    "session": "222nd session",
    "post_title": "Director-General",
    "region": "",
    "date": "2025-10-06",
    "city": "Paris",
    "country": "FRA",
    "electorate": "58",
    "seats": "1",
    "quota": "absolute_majority",
    "base": "present_and_voting",
}


def enter_election(client) -> str:
    """Create an election through the form; returns its page URL path id."""
    response = post_form(client, "/elections/new", ELECTION)
    assert response.status_code == 302, text(client.get("/elections/new"))
    return response.headers["Location"].split("/")[2]


@pytest.mark.usefixtures("editor_signed_in")
def test_entering_an_election_candidates_and_a_round(client):
    record_id = enter_election(client)
    assert record_id == "unesco-director-general-2025-10-06"
    for name, country in (("Khaled El-Enany", "EGY"), ("Firmin Edouard Matoko", "COG")):
        response = post_form(client, f"/elections/{record_id}/candidates/new", {"name": name, "country": country, "kind": "person", "declared": "y"})
        assert response.status_code == 302
    url = f"/elections/{record_id}/rounds/new"
    form_page = client.get(url).get_data(as_text=True)
    assert 'name="votes-0-candidate" type="hidden" value="khaled-el-enany"' in form_page
    response = post_form(
        client,
        url,
        {
            "number": "1", "kind": "ordinary", "quota": "", "base": "valid_votes", "share_of": "valid_votes",
            "present_and_voting": "57",
            "votes-0-candidate": "khaled-el-enany", "votes-0-stood": "y", "votes-0-votes": "55",
            "votes-1-candidate": "firmin-edouard-matoko", "votes-1-stood": "y", "votes-1-votes": "2",
        },
    )
    assert response.status_code == 302
    page = text(client.get(f"/elections/{record_id}"))
    # 57 present and voting: absolute majority 29; 55 votes elect
    assert "Required majority 29" in page
    assert "Elected: Khaled El-Enany" in page and "Computed from the recorded figures" in page
    assert "Khaled El-Enany Egypt 55 96.5% computed elected" in page
    outcome = client.get(f"/api/v1/elections/{record_id}").get_json()["outcome"]
    assert outcome["elected"] == ["khaled-el-enany"] and outcome["rounds"][0]["required_majority"] == 29


@pytest.mark.usefixtures("editor_signed_in")
def test_form_post_without_csrf_token_is_refused(client):
    response = client.post("/elections/new", data=ELECTION)
    assert response.status_code == 400
    assert "CSRF" in text(response)
    assert "No election is recorded yet" in text(client.get("/"))


@pytest.mark.usefixtures("editor_signed_in")
def test_bad_form_input_is_shown_and_nothing_saved(client):
    bad = {**ELECTION, "date": "2024-02-30", "electorate": "-3", "seats": "many"}
    response = post_form(client, "/elections/new", bad)
    assert response.status_code == 400
    page = text(response)
    assert "This is not a calendar date." in page
    assert "Number must be between 0 and 10000000." in page
    assert "“many” is not a number." in page  # typed text is refused, never stored as unknown
    assert "No election is recorded yet" in text(client.get("/"))


@pytest.mark.usefixtures("editor_signed_in")
def test_round_votes_must_be_counts(client):
    record_id = enter_election(client)
    post_form(client, f"/elections/{record_id}/candidates/new", {"name": "A", "country": "EGY", "kind": "person"})
    url = f"/elections/{record_id}/rounds/new"
    response = post_form(client, url, {"number": "1", "kind": "ordinary", "base": "valid_votes", "share_of": "valid_votes", "votes-0-candidate": "a", "votes-0-stood": "y", "votes-0-votes": "lots"})
    assert response.status_code == 400 and "“lots” is not a number." in text(response)
    response = post_form(client, url, {"number": "1", "kind": "ordinary", "base": "valid_votes", "share_of": "valid_votes", "votes-0-candidate": "ghost", "votes-0-stood": "y", "votes-0-votes": "3"})
    assert response.status_code == 400 and "“ghost” is not the key of a candidate of this election" in text(response)
    base = {"number": "1", "kind": "ordinary", "base": "valid_votes", "share_of": "valid_votes", "votes-0-candidate": "a", "votes-0-stood": "y"}
    for votes, message in (("59", "59 is more than the electorate (58)."), ("-3", "Number must be between 0 and"),
                           ("99999999999", "Number must be between 0 and"), ("1e3", "“1e3” is not a number.")):
        response = post_form(client, url, {**base, "votes-0-votes": votes})
        assert response.status_code == 400 and message in text(response), votes
    assert "No round is recorded yet." in text(client.get(f"/elections/{record_id}"))  # nothing was saved
    response = post_form(client, url, {**base, "electorate": "70", "votes-0-votes": "59"})  # this round's electorate
    assert response.status_code == 302
    assert "59 is more than" not in text(client.get(f"/elections/{record_id}"))


@pytest.mark.usefixtures("editor_signed_in")
def test_candidate_needs_a_name_or_country(client):
    record_id = enter_election(client)
    response = post_form(client, f"/elections/{record_id}/candidates/new", {"name": " ", "country": "", "kind": "person"})
    assert response.status_code == 400
    assert "Give a name, or at least the nominating country." in text(response)


def test_null_characters_are_refused_everywhere(client):
    assert client.get("/elections?organisation=a%00b").status_code == 400
    response = client.get("/api/v1/elections?organisation=%00")
    assert response.status_code == 400 and "NUL" in response.get_json()["error"]["message"]
    assert client.get("/elections/a%00b").status_code == 400
