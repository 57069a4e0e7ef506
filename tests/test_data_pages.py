"""Upload with preview, downloads and filters, as a browser user does them."""

from __future__ import annotations

import io
import json
import re

import pytest

from tracker import records
from tracker.records import csvformat

from .conftest import csrf_token, example
from .test_data_io import snapshot
from .test_pages import text

# Uploading needs an editor; downloading does not, but signing in changes nothing there.
pytestmark = pytest.mark.usefixtures("editor_signed_in")


def upload(client, content: bytes, filename: str):
    token = csrf_token(client, "/import")
    return client.post(
        "/import",
        data={"csrf_token": token, "file": (io.BytesIO(content), filename), "format": ""},
        content_type="multipart/form-data",
    )


def test_upload_previews_then_imports(app, client):
    content = json.dumps(example("fifa-2016-president")).encode()
    before = snapshot(app)
    response = upload(client, content, "fifa.json")
    assert response.status_code == 200
    page = text(response)
    assert "1 election would be created: fifa-2016-president" in page
    assert snapshot(app) == before  # a preview stores nothing
    html = response.get_data(as_text=True)
    action = re.search(r'action="(/import/[0-9a-f]+)"', html).group(1)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    response = client.post(action, data={"csrf_token": token}, follow_redirects=True)
    assert "Imported: 1 election created, 0 updated, 0 unchanged." in text(response)
    assert client.get("/api/v1/elections/fifa-2016-president").status_code == 200
    # the same preview cannot be imported twice
    response = client.post(action, data={"csrf_token": token}, follow_redirects=True)
    assert "This preview has expired or was already imported" in text(response)


def test_upload_preview_lists_person_matches_and_a_refused_match_stays_apart(app, client, load):
    load(example("interpol-2024-vice-president-africa"))
    later = example("interpol-2024-vice-president-africa")
    later["elections"][0].update(id="interpol-2027", date="2027-11-01")
    response = upload(client, json.dumps(later).encode(), "later.json")
    page = text(response)
    assert "Candidates matched to persons already known" in page
    assert "interpol-2027 Mohamed Dkhissi Morocco Mohamed Dkhissi (#1)" in page
    html = response.get_data(as_text=True)
    action = re.search(r'action="(/import/[0-9a-f]+)"', html).group(1)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    # keep the match for Nainda, refuse it for Dkhissi
    client.post(action, data={
        "csrf_token": token,
        "match": ["interpol-2027/dkhissi", "interpol-2027/nainda"],
        "keep": ["interpol-2027/nainda"],
    })
    after = snapshot(app)
    assert len(re.findall(r"\(\d+, 'Mohamed Dkhissi',", after["person"])) == 2
    assert len(re.findall(r"\(\d+, 'Anne-Marie Nainda',", after["person"])) == 1


def test_upload_of_a_faulty_csv_lists_every_problem_with_a_400(app, client):
    from .test_data_io import faulty_csv

    before = snapshot(app)
    content, expected = faulty_csv()
    response = upload(client, content.encode(), "faulty.csv")
    assert response.status_code == 400
    page = text(response)
    assert "The file was not imported; nothing was stored. 11 problems:" in page
    for row, column, message in expected:
        assert f"row {row}, column {column}: " in page and message in page
    assert snapshot(app) == before


def test_upload_refuses_other_files(client):
    response = upload(client, b"\x89PNG...", "picture.png")
    assert response.status_code == 400 and "A .json or .csv file, please." in text(response)
    response = upload(client, b"\xff\xfe not utf-8", "data.json")
    assert response.status_code == 400 and "is not UTF-8 text" in text(response)


def test_downloads_and_filters(client, load, runner):
    runner.invoke(args=["seed"])
    load(example("fifa-2016-president"))
    response = client.get("/elections/fifa-2016-president/export.json")
    assert response.headers["Content-Disposition"] == 'attachment; filename="fifa-2016-president.json"'
    assert records.validate_records(response.get_json()) == []
    response = client.get("/elections/fifa-2016-president/export.csv")
    assert response.mimetype == "text/csv"
    doc, _, problems = csvformat.parse_csv(response.get_data(as_text=True))
    assert problems == [] and doc["elections"][0]["id"] == "fifa-2016-president"
    filtered = client.get("/export.json?organisation=interpol&year_from=2020").get_json()
    assert [e["id"] for e in filtered["elections"]] == ["interpol-2024-vice-president-africa"]
    page = text(client.get("/elections?country=che"))
    assert "FIFA" in page and "INTERPOL" not in page.split("Download")[1]
    assert 'href="/export.csv?country=che"' in client.get("/elections?country=che").get_data(as_text=True)
    assert client.get("/elections?year_from=abc").status_code == 400
    assert client.get("/export.json?country=narnia").status_code == 400
    assert client.get("/export.json?country=morocco").status_code == 200  # a name, as the page's filter takes
    assert client.get("/export.xml").status_code == 404


def test_the_csv_template_is_the_founding_election(client):
    from pathlib import Path

    template = client.get("/election-records-template.csv")
    assert template.headers["Content-Disposition"] == 'attachment; filename="election-records-template.csv"'
    founding = json.loads((Path(__file__).resolve().parent / "data/seed/interpol-2024-vice-president-africa.json").read_text())
    assert template.get_data(as_text=True) == csvformat.to_csv([records.canonical(founding["elections"][0])])
    assert template.get_data(as_text=True).splitlines()[0].split(",") == csvformat.COLUMNS
