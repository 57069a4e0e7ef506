"""What an import says of a file it refuses, for people (issue 17, point 9): where (the election or the CSV
row, the round by its number, the candidate by their key, the field as the forms name it) and what is
wrong in words, never a regex, a JSON pointer alone or a Python repr; every problem of a file in one pass;
CSV separated by semicolons or tabs read; the web page and its preview in French and Arabic."""

from __future__ import annotations

import copy
import csv
import io
import json
import re

import pytest

from tracker import records
from tracker.countries import suggest_country
from tracker.records import csvformat

from .conftest import changed_example, example, page_text
from .test_data_io import snapshot

FIFA = "election fifa-2016-president"


def _fifa() -> dict:
    return example("fifa-2016-president")


def _with(change) -> dict:
    return changed_example("fifa-2016-president", change)


def problem_lines(result) -> list[str]:
    """The problems ``flask data import`` listed, one a line."""
    return [line[4:] for line in result.output.splitlines() if line.startswith("  - ")]


# --- country codes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("RUSSIA", "RUS"), ("Russia", "RUS"), ("Russian Federation", "RUS"), ("Fédération de Russie", "RUS"),
        ("روسيا", "RUS"), ("Türkiye", "TUR"), ("Turkey", "TUR"), ("Turquie", "TUR"), ("mar", "MAR"), ("Mar", "MAR"),
        ("MA", "MAR"), ("Maroc", "MAR"), ("المغرب", "MAR"), ("Marocco", "MAR"), ("Republic of Korea", "KOR"),
        ("Ivory Coast", "CIV"), ("Côte d’Ivoire", "CIV"), ("XYZ", None), ("Atlantis", None), ("", None),
    ],
)
def test_a_country_written_otherwise_is_matched_to_its_code(text, code):
    assert suggest_country(text) == code


def test_a_country_that_is_a_name_or_in_small_letters_says_the_code_it_means(load):
    def change(e):
        e["candidates"][0]["country"] = "RUSSIA"
        e["candidates"][1]["country"] = "Türkiye"
        e["candidates"][2]["country"] = "mar"
        e["candidates"][3]["country"] = "XYZ"
        e["location"]["country"] = "Suisse"

    result = load(_with(change))
    assert result.exit_code == 1
    assert problem_lines(result) == [
        f"{FIFA}, Venue country (location.country): Suisse is not an ISO 3166 alpha-3 code (did you mean CHE?)",
        f"{FIFA}, candidate infantino, Nominating country (candidates[0].country): RUSSIA is not an ISO 3166 alpha-3 code (did you mean RUS?)",
        f"{FIFA}, candidate salman, Nominating country (candidates[1].country): Türkiye is not an ISO 3166 alpha-3 code (did you mean TUR?)",
        f"{FIFA}, candidate ali, Nominating country (candidates[2].country): mar is not an ISO 3166 alpha-3 code (did you mean MAR?)",
        f"{FIFA}, candidate champagne, Nominating country (candidates[3].country): "
        "XYZ is not an ISO 3166 alpha-3 code (three capital letters, such as MAR for Morocco)",
    ]


# --- every other kind of fault, in words -------------------------------------------------------------


def _many_faults(e: dict) -> None:
    e["date"] = "26 February 2016"
    e["end_date"] = "2016-02"
    e["sources"][0]["published"] = "2016-02-30"
    e["seats"] = 0
    e["status"] = "Held"
    e["rule"] = {"quota": "majority", "base": "valid_votes"}
    e["candidates"][1]["key"] = "Sheikh Salman"
    e["candidates"][2]["key"] = "infantino"
    e["candidates"][0]["nam"] = "Gianni"
    e["rounds"][0]["kind"] = "runoff"
    e["rounds"][0]["votes"][0]["votes"] = -5
    e["rounds"][0]["votes"][1]["votes"] = 12.5
    e["rounds"][0]["votes"][2]["votes"] = "96"
    e["rounds"][0]["votes"][3]["share"] = 150
    e["rounds"][1]["votes"][0]["candidate"] = "nobody"
    e["rounds"][1]["number"] = 1


MANY_FAULTS = [
    f"{FIFA}, Status (status): “Held” is not one of: scheduled, held, cancelled (did you mean held?)",
    f"{FIFA}, Date (date): “26 February 2016” is not a date written YYYY, YYYY-MM or YYYY-MM-DD",
    f"{FIFA}, Last day (end_date): “2016-02” is not a date written YYYY-MM-DD",
    f"{FIFA}, Seats (seats): 0 is less than 1",
    f"{FIFA}, Quota (rule.quota): “majority” is not one of: plurality, absolute_majority, two_thirds (did you mean absolute_majority?)",
    f"{FIFA}, candidate infantino, nam (candidates[0].nam): is not a field of the format (did you mean name?)",
    f"{FIFA}, candidate Sheikh Salman, Candidate key (candidates[1].key): “Sheikh Salman” cannot be used: "
    "write small letters a-z, digits and hyphens, starting with a letter or digit (such as sheikh-salman)",
    f"{FIFA}, candidate infantino, Candidate key (candidates[2].key): “infantino” is used twice",
    f"{FIFA}, round 1, Kind (rounds[0].kind): “runoff” is not one of: ordinary, restricted, run_off, tie_break (did you mean run_off?)",
    f"{FIFA}, round 1, candidate infantino, Votes (rounds[0].votes[0].votes): -5 is negative: a count is 0 or more",
    f"{FIFA}, round 1, candidate salman (rounds[0].votes[1].candidate): “salman” is not the key of a candidate of this election",
    f"{FIFA}, round 1, candidate salman, Votes (rounds[0].votes[1].votes): 12.5 is not a whole number",
    f"{FIFA}, round 1, candidate ali (rounds[0].votes[2].candidate): “ali” is not the key of a candidate of this election",
    f"{FIFA}, round 1, candidate ali, Votes (rounds[0].votes[2].votes): \"96\" is text: write the number without quotes",
    f"{FIFA}, round 1, candidate champagne, Share (%) (rounds[0].votes[3].share): 150 is more than 100",
    f"{FIFA}, round 1, Round number (rounds[1].number): round 1 appears twice",
    f"{FIFA}, round 1, candidate nobody (rounds[1].votes[0].candidate): “nobody” is not the key of a candidate of this election",
    f"{FIFA}, round 1, candidate salman (rounds[1].votes[1].candidate): “salman” is not the key of a candidate of this election",
    f"{FIFA}, round 1, candidate ali (rounds[1].votes[2].candidate): “ali” is not the key of a candidate of this election",
    f"{FIFA}, source 1, Published (sources[0].published): “2016-02-30” is not a calendar date",
]


def test_every_fault_of_a_record_is_said_in_words_in_one_pass_and_nothing_is_stored(app, load):
    """Faults of shape (the schema's) and of meaning (keys, round numbers, calendar dates) of the same
    record in one list, in the order of the record's fields; none in the JSON Schema validator's words."""
    before = snapshot(app)
    result = load(_with(_many_faults))
    assert result.exit_code == 1
    assert f"was not imported; nothing was stored. {len(MANY_FAULTS)} problems:" in result.output
    assert problem_lines(result) == MANY_FAULTS
    for validator_words in ("does not match", "is not of type", "is a required property", "Additional properties",
                            "is not one of [", "minimum of", "maximum of", "^[", "'"):
        assert validator_words not in result.output.split("problems:")[1], validator_words
    assert snapshot(app) == before


def test_the_faults_of_every_record_and_of_the_file_come_together(load):
    """A fault of the file itself and of one record does not hide those of others, nor a fault of shape
    those of meaning: each record whose parts can be read gets all of its own."""
    document = _fifa()
    document["format"] = "election-records/v2"
    broken = copy.deepcopy(example("interpol-2024-vice-president-africa")["elections"][0])
    broken["organisation"] = "INTERPOL"  # too broken to read, and its other fields still checked
    broken["rounds"][0]["votes"][0]["votes"] = -1
    broken["candidates"][0]["country"] = "Morocco"
    document["elections"].append(broken)
    document["elections"].append("not an election")
    document["elections"][0]["rounds"][0]["votes"][0]["candidate"] = "nobody"
    result = load(document)
    assert problem_lines(result) == [
        "the file, format: should be “election-records/v1”, not “election-records/v2”",
        f"{FIFA}, round 1, candidate nobody (rounds[0].votes[0].candidate): “nobody” is not the key of a candidate of this election",
        "election interpol-2024-vice-president-africa, Organisation (organisation): "
        "should be a group of fields, in braces { }, not \"INTERPOL\"",
        "election interpol-2024-vice-president-africa, candidate dkhissi, Nominating country (candidates[0].country): "
        "Morocco is not an ISO 3166 alpha-3 code (did you mean MAR?)",
        "election interpol-2024-vice-president-africa, round 1, candidate dkhissi, Votes (rounds[0].votes[0].votes): "
        "-1 is negative: a count is 0 or more",
        "election #3: should be a group of fields, in braces { }, not \"not an election\"",
    ]


def test_a_missing_field_and_a_broken_list_are_named(load):
    def change(e):
        del e["post"]["title"]
        e["candidates"] = "infantino, salman"  # which keys exist is then unknown: no vote is said to name none

    result = load(_with(change))
    assert problem_lines(result) == [
        f"{FIFA}, Post (post.title): is missing",
        f"{FIFA}, Candidates (candidates): should be a list, in square brackets [ ], not \"infantino, salman\"",
    ]


def test_a_long_list_of_problems_stops_at_200_and_says_how_many_more(load):
    document = _fifa()
    election = document["elections"][0]
    election["rounds"][1]["votes"] = [{"candidate": f"nobody-{n}", "votes": 1} for n in range(250)]
    result = load(document)
    lines = problem_lines(result)
    assert "250 problems:" in result.output
    assert len(lines) == 200 and lines[-1].endswith("“nobody-199” is not the key of a candidate of this election")
    assert result.output.rstrip().endswith("  and 50 more problems")


def test_a_json_syntax_error_says_where_and_what_in_words(runner, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"format": "election-records/v1",\n "elections": [{"id": "x"} {"id": "y"}]}')
    result = runner.invoke(args=["data", "import", str(path)])
    assert problem_lines(result) == ["the file, line 2, column 28: is not valid JSON: a comma is missing"]


# --- files: CSV separated otherwise, byte-order marks, line ends, the wrong format --------------------


def _csv_of(document: dict, delimiter: str = ",", line_end: str = "\n") -> str:
    """``document`` as our CSV export writes it, the cells then separated by ``delimiter``."""
    text = csvformat.to_csv([records.canonical(e) for e in document["elections"]])
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=line_end).writerows(csv.reader(io.StringIO(text)))
    return out.getvalue()


def _exported(runner, tmp_path) -> dict:
    out = tmp_path / "out.json"
    assert runner.invoke(args=["data", "export", str(out)]).exit_code == 0
    return json.loads(out.read_text(encoding="utf-8"))


def _import_text(runner, tmp_path, text: str, name: str, encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return runner.invoke(args=["data", "import", str(path)])


@pytest.mark.parametrize(("delimiter", "line_end", "encoding"), [
    (";", "\n", "utf-8"), ("\t", "\n", "utf-8"), (";", "\r\n", "utf-8-sig"), (",", "\r\n", "utf-8-sig"), (",", "\r", "utf-8"),
])
def test_a_csv_separated_by_semicolons_or_tabs_imports_as_the_comma_one(app, runner, tmp_path, delimiter, line_end, encoding):
    """Excel in French writes CSV with semicolons (and "CSV UTF-8" with a byte-order mark and Windows
    line ends): read as the same file with commas."""
    document = {"format": "election-records/v1", "elections": [
        _fifa()["elections"][0], example("interpol-2024-vice-president-africa")["elections"][0]
    ]}
    result = _import_text(runner, tmp_path, _csv_of(document), "comma.csv")
    assert result.exit_code == 0, result.output
    with_commas = _exported(runner, tmp_path)
    with app.app_context():
        from tracker.db import drop_schema, get_engine
        from tracker.migrations import upgrade

        drop_schema(get_engine())
        upgrade(get_engine())
    result = _import_text(runner, tmp_path, _csv_of(document, delimiter, line_end), "other.csv", encoding)
    assert result.exit_code == 0, result.output
    assert "Created 2 election(s)" in result.output
    assert _exported(runner, tmp_path) == with_commas


def test_a_semicolon_csv_may_write_shares_with_a_decimal_comma(client, runner, tmp_path):
    document = _fifa()
    document["elections"][0]["rounds"][1]["votes"][0]["share"] = 55.6
    text = _csv_of(document, ";").replace(";55.6;", ";55,6;")
    assert ";55,6;" in text
    result = _import_text(runner, tmp_path, text, "fr.csv")
    assert result.exit_code == 0, result.output
    assert client.get("/api/v1/elections/fifa-2016-president").get_json()["rounds"][1]["votes"][0]["share"] == 55.6


def test_a_file_in_the_other_format_or_separated_otherwise_is_named_as_such(runner, tmp_path):
    text = _csv_of(_fifa())
    result = _import_text(runner, tmp_path, text, "data.json")
    assert problem_lines(result) == ["the file: seems to be CSV, not JSON: name it .csv, or choose the CSV format"]
    result = _import_text(runner, tmp_path, json.dumps(_fifa()), "data.csv")
    assert problem_lines(result) == ["the file: seems to be JSON, not CSV: name it .json, or choose the JSON format"]
    result = _import_text(runner, tmp_path, text.replace(",", "|"), "pipes.csv")
    assert problem_lines(result) == ["row 1: the cells seem separated by “|”: separate them by commas, semicolons or tabs"]
    result = _import_text(runner, tmp_path, "name,votes\nInfantino,115\n", "other.csv")
    assert problem_lines(result) == [
        "row 1: missing column(s): election_id, organisation_acronym, body, post_title, date, candidate_key "
        "(the first row names the columns, as in the CSV template)"
    ]


def test_a_json_file_with_a_byte_order_mark_imports(runner, tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(json.dumps(_fifa()).encode("utf-8-sig"))
    result = runner.invoke(args=["data", "import", str(path)])
    assert result.exit_code == 0, result.output


def test_a_csv_cell_names_its_row_and_column(runner, tmp_path):
    rows = list(csv.DictReader(io.StringIO(_csv_of(_fifa()))))
    for row in rows:
        if row["candidate_key"] == "infantino":
            row["candidate_country"] = "Switzerland"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=csvformat.COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    result = _import_text(runner, tmp_path, out.getvalue(), "fifa.csv")
    assert problem_lines(result) == [
        "row 2, column candidate_country: Switzerland is not an ISO 3166 alpha-3 code (did you mean CHE?)"
    ]


# --- the web page, in three languages ---------------------------------------------------------------


def upload(client, content: bytes, filename: str, language: str = "en"):
    client.get(f"/?lang={language}")
    html = client.get("/import").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    return client.post(
        "/import",
        data={"csrf_token": token, "file": (io.BytesIO(content), filename), "format": ""},
        content_type="multipart/form-data",
    )


def _russia(e: dict) -> None:
    e["candidates"][1]["country"] = "RUSSIA"
    e["rounds"][0]["votes"][0]["votes"] = -5


WEB = {
    "en": [
        "The file was not imported; nothing was stored. 2 problems:",
        f"{FIFA}, candidate salman, Nominating country (candidates[1].country): RUSSIA is not an ISO 3166 alpha-3 code (did you mean RUS?)",
        f"{FIFA}, round 1, candidate infantino, Votes (rounds[0].votes[0].votes): -5 is negative: a count is 0 or more",
    ],
    "fr": [
        "Le fichier n’a pas été importé ; rien n’a été enregistré. 2 problèmes :",
        "élection fifa-2016-president, candidat salman, Pays présentant (candidates[1].country) : "
        "RUSSIA n’est pas un code ISO 3166 alpha-3 (vouliez-vous dire RUS ?)",
        "élection fifa-2016-president, tour 1, candidat infantino, Voix (rounds[0].votes[0].votes) : "
        "-5 est négatif : un décompte vaut 0 ou plus",
    ],
    "ar": [
        "لم يُستورد الملف؛ ولم يُحفظ شيء. مشكلتان:",
        "الانتخاب fifa-2016-president، المرشح salman، البلد المرشِّح (candidates[1].country): "
        "RUSSIA ليس رمزاً ثلاثي الأحرف وفق ISO 3166 (هل تقصد RUS؟)",
        "الانتخاب fifa-2016-president، الجولة 1، المرشح infantino، الأصوات (rounds[0].votes[0].votes): "
        "-5 عدد سالب: العدد يكون 0 أو أكثر",
    ],
}


@pytest.mark.usefixtures("editor_signed_in")
@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_import_page_says_the_problems_in_the_readers_language_and_stores_nothing(app, client, language):
    before = snapshot(app)
    response = upload(client, json.dumps(_with(_russia)).encode(), "fifa.json", language)
    assert response.status_code == 400
    page = page_text(response)
    for expected in WEB[language]:
        assert expected in page, (expected, page)
    assert snapshot(app) == before


@pytest.mark.usefixtures("editor_signed_in")
def test_the_import_page_lists_200_problems_and_says_how_many_more(client):
    document = _fifa()
    document["elections"][0]["rounds"][1]["votes"] = [{"candidate": f"nobody-{n}", "votes": 1} for n in range(203)]
    page = page_text(upload(client, json.dumps(document).encode(), "many.json", "fr"))
    assert "203 problèmes" in page and page.count("n’est pas la clé d’un candidat") == 200
    assert "et 3 autres problèmes" in page


PREVIEW = {
    "en": ["1 election would be created: interpol-2027", "1 election would be updated: fifa-2016-president (Electorate)",
           "1 election would be left unchanged.", "Imported: 1 election created, 1 updated, 1 unchanged."],
    "fr": ["1 élection serait créée : interpol-2027", "1 élection serait mise à jour : fifa-2016-president (Corps électoral)",
           "1 élection resterait inchangée.", "Importé : 1 élection créée, 1 mise à jour, 1 inchangée."],
    "ar": ["سيُنشأ انتخاب واحد: interpol-2027", "سيُحدَّث انتخاب واحد: fifa-2016-president (الهيئة الناخبة)",
           "سيبقى انتخاب واحد دون تغيير.", "تم الاستيراد: أُنشئ انتخاب واحد، وحُدِّث 1، وبقي 1 دون تغيير."],
}


@pytest.mark.usefixtures("editor_signed_in")
@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_preview_and_the_import_say_what_they_do_in_the_readers_language(client, load, language):
    load(_fifa())
    load(example("interpol-2024-vice-president-africa"), "interpol.json")
    document = _fifa()
    document["elections"][0]["electorate"] = 209
    later = copy.deepcopy(example("interpol-2024-vice-president-africa")["elections"][0])
    later.update(id="interpol-2027", date="2027-11-01")
    document["elections"] += [later, example("interpol-2024-vice-president-africa")["elections"][0]]
    response = upload(client, json.dumps(document).encode(), "three.json", language)
    assert response.status_code == 200
    page = page_text(response)
    for expected in PREVIEW[language][:3]:
        assert expected in page, (expected, page)
    html = response.get_data(as_text=True)
    action = re.search(r'action="(/import/[0-9a-f]+)"', html).group(1)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    page = page_text(client.post(action, data={"csrf_token": token}, follow_redirects=True))
    assert PREVIEW[language][3] in page, page


@pytest.mark.usefixtures("editor_signed_in")
def test_the_preview_says_plurals_as_each_language_does(client):
    document = {"format": "election-records/v1", "elections": []}
    for year in (2016, 2017, 2018):
        election = _fifa()["elections"][0]
        election.update(id=f"fifa-{year}", date=str(year))
        document["elections"].append(election)
    for language, expected in (("en", "3 elections would be created"), ("fr", "3 élections seraient créées"),
                               ("ar", "سيُنشأ 3 انتخابات")):
        assert expected in page_text(upload(client, json.dumps(document).encode(), "three.json", language)), language
