"""Hostile and bad input: refused with a clear message and nothing stored, or stored and shown
escaped everywhere (pages, chart labels, CSV)."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from tracker import charts

from .conftest import changed_example, example

SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://evil.example","click")'


def _fifa() -> dict:
    return example("fifa-2016-president")


def _with(change) -> dict:
    return changed_example("fifa-2016-president", change)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda e: e["candidates"][0].update(name="Gianni\u202eonitnafnI"), "(candidates[0].name): contains an invisible control character (U+202E)"),
        (lambda e: e["candidates"][0].update(name="Gian\u200bni"), "(candidates[0].name): contains an invisible control character (U+200B)"),
        (lambda e: e["candidates"][0].update(name="Gianni\x07"), "contains an invisible control character (U+0007)"),
        (lambda e: e["candidates"][0].update(name="G" * 10_000), "(candidates[0].name): is 10,000 characters long; at most 300 are allowed"),
        (lambda e: e.update(notes="n" * 10_001), "(notes): is 10,001 characters long; at most 10,000 are allowed"),
        (lambda e: e["rounds"][0]["votes"][0].update(votes=-5), "(rounds[0].votes[0].votes): -5 is negative: a count is 0 or more"),
        (lambda e: e["rounds"][0]["votes"][0].update(votes=10**12), "(rounds[0].votes[0].votes): 1000000000000 is too large"),
        (lambda e: e["rounds"][0]["votes"][0].update(votes="many"), "(rounds[0].votes[0].votes): “many” is not a whole number"),
        (lambda e: e["candidates"].append(dict(e["candidates"][0])), "(candidates[5].key): “infantino” is used twice"),
        (lambda e: e["candidates"][0].update(country="XXX"), "(candidates[0].country): XXX is not an ISO 3166 alpha-3 code"),
        (lambda e: e.update(date="2024-02-30"), "(date): “2024-02-30” is not a calendar date"),
        (lambda e: e["post"].update(term_years=2**63), "(post.term_years):"),
        (lambda e: e["organisation"].update(acronym="A/B"), "(organisation.acronym): may not contain /"),
        (lambda e: e["sources"][0].update(url="javascript:alert(1)"), "(sources[0].url): “javascript:alert(1)” is not a web address"),
    ],
)
def test_bad_values_are_refused_with_a_message_and_nothing_is_stored(client, load, change, message):
    result = load(_with(change))
    assert result.exit_code != 0
    assert message in result.output
    assert client.get("/api/v1/elections").get_json()["total"] == 0


def test_votes_above_the_electorate_are_flagged(client, load):
    def change(e):
        e["electorate"] = 100

    assert load(_with(change)).exit_code == 0
    outcome = client.get("/api/v1/elections/fifa-2016-president").get_json()["outcome"]
    assert any("electorate" in check["message"] for check in outcome["checks"])


def _hostile(e: dict) -> None:
    e["organisation"]["name"] = f"{SCRIPT} Federation"
    e["post"]["title"] = '<a href="http://evil.example">President</a>'
    e["candidates"][0]["name"] = f"{SCRIPT}<b>Gianni</b>"
    e["candidates"][1]["name"] = FORMULA
    e["candidates"][2]["name"] = "@SUM(1)"
    e["candidates"][3]["name"] = "محمد <i>الدخيسي</i>"


def test_markup_and_formulas_are_stored_and_shown_inert(client, load, runner, tmp_path):
    assert load(_with(_hostile)).exit_code == 0
    for url in ("/elections/fifa-2016-president", "/organisations/FIFA", "/countries/CHE", "/search?q=gianni"):
        html = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in html and "<b>Gianni" not in html, url
        assert "<a href=\"http://evil.example\"" not in html, url
    html = client.get("/elections/fifa-2016-president").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;Gianni&lt;/b&gt;" in html
    figure = json.loads(re.search(r'id="votes-figure">(.*?)</script>', html, re.S).group(1))
    # plotly reads <b>, <a href> and <br> in labels as markup: the labels carry entities instead
    assert figure["data"][0]["name"] == "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;Gianni&lt;/b&gt;"
    # FIFA has one holder here, a sentence rather than a timeline: the timeline's labels, built alike
    post = '<a href="http://evil.example">President</a>'
    holders = charts.holders_timeline([
        {"post": post, "name": "A", "start": "2016-02-26", "end": "2019-06-05"},
        {"post": post, "name": "B", "start": "2019-06-05", "end": "2023-03-16"},
    ])
    assert holders["data"][0]["y"] == ["&lt;a href=\"http://evil.example\"&gt;President&lt;/a&gt;"] * 2

    # CSV: a cell a spreadsheet would run as a formula starts with an apostrophe...
    table = client.get("/countries/BHR?download=candidacies").get_data(as_text=True)
    assert next(csv.reader(io.StringIO(table.splitlines()[1])))[4] == "'" + FORMULA
    export = client.get("/export.csv").get_data(as_text=True)
    assert "\"'=HYPERLINK(\"\"http" in export and ",'@SUM(1)," in export
    # ...which reading the CSV back removes: the round trip keeps the names as they were.
    path = tmp_path / "again.csv"
    path.write_text(export, encoding="utf-8")
    assert runner.invoke(args=["data", "import", str(path)]).exit_code == 0
    names = [c["name"] for c in client.get("/api/v1/elections/fifa-2016-president").get_json()["candidates"]]
    assert names[1:3] == [FORMULA, "@SUM(1)"]


def test_query_strings_that_once_broke_pages_get_pages_or_4xx(client, load):
    assert load(_fifa()).exit_code == 0
    post = client.get("/api/v1/organisations/FIFA").get_json()["posts"][0]["url"].rsplit("/", 1)[1]
    for url in (
        f"/posts/{post}?post_id=5", "/countries/CHE?code=FRA", "/organisations/FIFA?acronym=x",
        "/organisations/FIFA?fmt=x", "/organisations/FIFA?endpoint=x&_external=1", "/?fmt=json&_anchor=x",
        f"/posts/{post}?_method=POST&download=history",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "evil" not in response.get_data(as_text=True)
    assert client.get("/compare?person=²").status_code == 400
    response = client.get("/api/v1/elections?page=²")
    assert response.status_code == 400 and response.is_json
    assert client.get("/api/v1/elections?page=" + "9" * 5000).status_code == 400
    assert client.get("/search?q=x&q=%00").status_code == 400
    response = client.get("/countries/CHE?download=candidacies")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        ('{"format": "election-records/v1", "elections": [{"share": NaN}]}', "nan.json", "NaN is not a number JSON allows"),
        ("[" * 100_000 + "]" * 100_000, "deep.json", "is nested too deeply"),
        ('{"elections": [' + "9" * 5000 + "]}", "long.json", "is not valid JSON"),
        ("election_id,organisation_acronym,body,post_title,date,candidate_key\n" + "x" * 200_000 + "\n", "big.csv", "cannot be read as CSV"),
    ],
)
def test_files_that_break_parsers_are_refused_with_a_message(client, runner, tmp_path, content, name, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(args=["data", "import", str(path)])
    assert result.exit_code == 1 and message in result.output
    assert "Traceback" not in result.output


def test_a_date_with_a_trailing_newline_is_refused(load):
    result = load(_with(lambda e: e.update(date="2016\n")))
    assert result.exit_code != 0 and "(date): “2016\\n” is not a date written YYYY, YYYY-MM or YYYY-MM-DD" in result.output


def test_another_election_does_not_rewrite_what_other_elections_show(client, load):
    assert load(_fifa()).exit_code == 0
    later = _fifa()
    election = later["elections"][0]
    election.update(id="fifa-2099-president", date="2099-01-01")
    election["organisation"]["name"] = "Totally Different Org"
    election["candidates"][0].update(gender="female", names={"ar": "اسم مختلق"})
    assert load(later).exit_code == 0
    fifa = client.get("/api/v1/elections/fifa-2016-president").get_json()
    assert fifa["organisation"]["name"] == "Fédération Internationale de Football Association"
    infantino = fifa["candidates"][0]
    assert infantino["gender"] == "male"
    assert infantino["names"] == {"ar": "اسم مختلق"}  # a language not known before is added


def test_the_new_election_form_does_not_rename_an_organisation(app, client, load, editor_signed_in):
    from .conftest import post_form
    from .test_pages import ELECTION

    assert load(_fifa()).exit_code == 0
    response = post_form(client, "/elections/new", {**ELECTION, "organisation_acronym": "FIFA", "organisation_name": "Totally Different Org"})
    assert response.status_code == 400
    assert "FIFA is recorded as “Fédération Internationale de Football Association”" in response.get_data(as_text=True)


@pytest.mark.parametrize("text", ["\u3164", "Gianni\xadInfantino", "Gianni\U000e0041", "   "])
def test_more_invisible_or_blank_text_is_refused(load, text):
    result = load(_with(lambda e: e["post"].update(title=text)))
    assert result.exit_code != 0 and "(post.title):" in result.output


def test_line_ends_of_any_kind_are_fine_in_notes(client, load):
    assert load(_with(lambda e: e.update(notes="First line.\r\nSecond line.\nThird."))).exit_code == 0


def test_the_same_candidate_twice_and_more_invalid_than_cast_are_refused(load):
    def twice(e):
        e["candidates"].append({**e["candidates"][0], "key": "again", "name": "GIANNI infantino"})

    result = load(_with(twice))
    assert result.exit_code != 0 and "“GIANNI infantino” (CHE) is entered twice" in result.output

    def invalid(e):
        e["rounds"][0].update(ballots_cast=207, invalid=300)

    result = load(_with(invalid))
    assert result.exit_code != 0 and "(rounds[0].invalid): 300 is more than the ballots cast, 207" in result.output


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda e: e.update(end_date="2016-02-27\n"), "end_date"),
        (lambda e: e["sources"][0].update(published="２０１６-02-27"), "sources[0].published"),
        (lambda e: e["rounds"][0].update(date="2016-02-26\n"), "rounds[0].date"),
    ],
)
def test_day_fields_must_be_plain_dates(load, change, path):
    result = load(_with(change))
    assert result.exit_code == 1 and f"({path}): " in result.output and "Traceback" not in result.output


def test_known_organisation_facts_stay_and_acronyms_differing_in_case_are_refused(client, load):
    assert load(_fifa()).exit_code == 0
    later = _fifa()
    later["elections"][0].update(id="fifa-2099-president", date="2099-01-01")
    later["elections"][0]["organisation"].update(founded=1950, members=5)
    assert load(later).exit_code == 0
    organisation = client.get("/api/v1/organisations/FIFA").get_json()
    assert (organisation["founded"], organisation["members"]) == (1904, 209)
    other = _fifa()
    other["elections"][0].update(id="fifa-2100-president", date="2100-01-01")
    other["elections"][0]["organisation"]["acronym"] = "Fifa"
    result = load(other)
    assert result.exit_code != 0 and "“Fifa” is recorded as “FIFA”: use that acronym" in result.output


def test_pages_read_during_saves_never_fail(app, client, load):
    """Readers during a stream of saves of the same election get a whole version, never a 500."""
    import threading
    import time

    from tracker import records
    from tracker.db import get_session

    assert load(_fifa()).exit_code == 0
    stop = threading.Event()

    def save_again_and_again():
        with app.app_context():
            session = get_session()
            n = 0
            while not stop.is_set():
                n += 1
                record = _fifa()["elections"][0]
                record["notes"] = f"Saved {n} times."
                record["candidates"] = record["candidates"][: 3 + n % 3]  # a changing set of candidacies
                keep = {c["key"] for c in record["candidates"]}
                for rnd in record["rounds"]:
                    rnd["votes"] = [v for v in rnd["votes"] if v["candidate"] in keep]
                    rnd["withdrawn"] = [k for k in rnd.get("withdrawn", []) if k in keep]
                records.import_records(session, records.export_document([record]))
                session.commit()
                time.sleep(0.003)  # editors save often, but not without pause

    writer = threading.Thread(target=save_again_and_again)
    writer.start()
    try:
        statuses = [client.get("/api/v1/elections/fifa-2016-president").status_code for _ in range(200)]
    finally:
        stop.set()
        writer.join()
    assert set(statuses) == {200}


@pytest.mark.parametrize("name", ["\u200e", "\u2800\u2800", "\u200c", "\u17b4"])
def test_names_that_show_nothing_are_refused(load, name):
    result = load(_with(lambda e: e["candidates"][0].update(name=name)))
    assert result.exit_code != 0 and "(candidates[0].name): is blank" in result.output


def test_a_new_election_never_overwrites_one_made_a_moment_before(app):
    """The form's id is taken between choosing it and saving: the save is refused, not an update."""
    from tracker import records
    from tracker.db import get_session

    with app.app_context():
        session = get_session()
        first = _fifa()["elections"][0]
        records.import_records(session, records.export_document([first]))
        session.commit()
        second = {**first, "notes": "Another editor's election"}
        with pytest.raises(records.Conflict):
            records.import_records(session, records.export_document([second]), expected_versions={first["id"]: 0})
        session.rollback()
        assert records.load_record(session, first["id"])["notes"] == first["notes"]


@pytest.mark.parametrize(
    "url",
    ["/countries/%3Cb%3Ex", "/organisations/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/elections/%3Cb%3Ex/history"],
)
def test_markup_in_an_address_is_shown_as_text_on_the_error_page(client, url):
    response = client.get(url)
    html = response.get_data(as_text=True)
    assert 400 <= response.status_code < 500
    assert "<b>x" not in html and "<script>alert" not in html
    assert "&lt;b&gt;x" in html or "&lt;script&gt;" in html
