"""tracker.links: a route's URL built once gives, for every value, what url_for gives."""

from __future__ import annotations

import pytest
from flask import url_for

from tracker.links import link_maker

AWKWARD = ["TST", "a b", "a/b", "Ünïcode", "النور", "100%", "x?y#z", "&=+", "~._-"]


def test_links_are_those_url_for_builds(app):
    with app.test_request_context("/", base_url="http://example.org/tracker"):  # under a path prefix too
        organisation = link_maker("dashboards.organisation", "acronym")
        chart = link_maker("elections.embed_chart", "record_id")
        post = link_maker("dashboards.post", "post_id")
        for value in AWKWARD:
            assert organisation(value) == url_for("dashboards.organisation", acronym=value)
            assert chart(value) == url_for("elections.embed_chart", record_id=value)
        assert organisation("a b") == "/tracker/organisations/a%20b"
        for number in (0, 7, 10, 1234567):
            assert post(number) == url_for("dashboards.post", post_id=number) == f"/tracker/posts/{number}"


def test_a_value_outside_the_path_is_refused(app):
    with app.test_request_context("/"):
        with pytest.raises(ValueError, match="page"):
            link_maker("dashboards.organisations", "page")  # a query parameter, quoted otherwise
