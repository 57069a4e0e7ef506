"""Addresses of the pages a long list links to (an election, an organisation, a post, a person, a
State), made without asking Flask's ``url_for`` on every row.

``url_for`` matches the endpoint's rule and builds the whole address anew each time, some microseconds
a call: a list of 50 candidacies made 200 of them. Here each route's address is built once a request
with a mark where the value goes, and every row's is that address with the value put in, quoted as
Werkzeug's ``string`` and ``int`` converters quote it (``tests/test_dashboard_pages.py`` checks that
they agree).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from flask import g, url_for

_MARK = 7_654_321_098_765_432  # a value the routes' own text cannot contain
_SAFE = "!$&'()*+,/:;=@"  # what werkzeug.routing.converters.BaseConverter.to_url leaves unquoted


def _builder(endpoint: str, argument: str) -> Callable[[object], str]:
    """The address of ``endpoint`` for any value of its one ``argument`` (a string or an int)."""
    head, mark, tail = url_for(endpoint, **{argument: _MARK}).partition(str(_MARK))
    assert mark and str(_MARK) not in tail, endpoint
    return lambda value: f"{head}{quote(str(value), safe=_SAFE)}{tail}"


class Links:
    """Addresses of one request's pages, by what they show: ``election(record_id)``,
    ``organisation(acronym)``, ``post(post_id)``, ``person(person_id)``, ``country(code)``."""

    def __init__(self) -> None:
        self.election = _builder("elections.detail", "record_id")
        self.organisation = _builder("dashboards.organisation", "acronym")
        self.post = _builder("dashboards.post", "post_id")
        self.person = _builder("dashboards.person", "person_id")
        self.country = _builder("dashboards.country", "code")


def links() -> Links:
    """This request's :class:`Links`, made on first use (the templates' ``links()``)."""
    if "links" not in g:
        g.links = Links()
    return g.links
