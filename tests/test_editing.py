"""The editor's workbench (issue 16): every part of a record editable through the forms, numbers read as
people type them, no silent duplicates, history in words, review by a second editor."""

from __future__ import annotations

import pytest

from tracker import records
from tracker.db import get_session

from .conftest import page_text, post_form
from .test_pages import enter_election

pytestmark = pytest.mark.usefixtures("editor_signed_in")

ROUND = {"number": "1", "kind": "ordinary", "base": "valid_votes", "share_of": "valid_votes"}


def stored(app, record_id: str) -> dict:
    with app.app_context():
        return records.load_record(get_session(), record_id)


def add_candidates(client, record_id: str, *people: tuple[str, str]) -> None:
    for name, country in people:
        response = post_form(client, f"/elections/{record_id}/candidates/new", {"name": name, "country": country, "kind": "person", "declared": "y"})
        assert response.status_code == 302, page_text(response)


@pytest.mark.parametrize(
    "language, typed, share, expected",
    [
        ("ar", "١٦٠", "٥٥٫٦", 160),  # Arabic-Indic digits and decimal mark
        ("ar", "۱۶۰", "55.6", 160),  # Persian digits
        ("fr", "1 160", "55,6", 1160),  # a space between thousands, a decimal comma
        ("en", "1,160", "55.6", 1160),
    ],
)
def test_numbers_are_read_as_people_type_them(app, client, language, typed, share, expected):
    record_id = enter_election(client)
    add_candidates(client, record_id, ("Khaled El-Enany", "EGY"))
    data = {**ROUND, "electorate": "2000", "votes-0-candidate": "khaled-el-enany", "votes-0-stood": "y",
            "votes-0-votes": typed, "votes-0-share": share}
    response = post_form(client, f"/elections/{record_id}/rounds/new?lang={language}", data)
    assert response.status_code == 302, page_text(response)
    (vote,) = stored(app, record_id)["rounds"][0]["votes"]
    assert (vote["votes"], vote["share"]) == (expected, 55.6)


def test_text_that_is_no_number_is_refused_never_stored_as_unknown(app, client):
    record_id = enter_election(client)
    add_candidates(client, record_id, ("Khaled El-Enany", "EGY"))
    data = {**ROUND, "votes-0-candidate": "khaled-el-enany", "votes-0-stood": "y", "votes-0-votes": "١٦O"}  # a letter O
    response = post_form(client, f"/elections/{record_id}/rounds/new?lang=ar", data)
    assert response.status_code == 400
    assert "“١٦O”" in page_text(response)
    assert 'type="number"' not in response.get_data(as_text=True)
    assert stored(app, record_id)["rounds"] == []
