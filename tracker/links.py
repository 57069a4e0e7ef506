"""Links to many pages of one kind, for long lists: the route's URL built once, not once a row.

``url_for`` costs tens of microseconds (Werkzeug matches the rule, converts and quotes each value);
a list of hundreds of organisations, or an organisation page's elections, each with a few links,
spent more on it than on its queries.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from flask import g, url_for

# What Werkzeug's converters leave unquoted in a path segment (werkzeug.routing.converters.BaseConverter)
_PATH_SAFE = "!$&'()*+,/:;=@"


def link_maker(endpoint: str, argument: str) -> Callable[[object], str]:
    """A function giving ``url_for(endpoint, **{argument: value})`` for any ``value``, the route's URL
    built once: each value is put in as the route's converter (string or int) writes it, quoted.

    For a value in the route's path, the path's other parts fixed text (``/organisations/<acronym>``,
    ``/posts/<int:post_id>``, ``/elections/<record_id>/chart``). Raises ``ValueError`` for one it
    cannot build so (a query parameter, which url_for quotes otherwise), ``werkzeug.routing.BuildError``
    for an unknown endpoint or argument.
    """
    head, _zero, tail = url_for(endpoint, **{argument: 0}).rpartition("0")

    def link(value: object) -> str:
        return f"{head}{quote(str(value), safe=_PATH_SAFE)}{tail}"

    if "?" in head + tail or link(1) != url_for(endpoint, **{argument: 1}):
        raise ValueError(f"{endpoint}: {argument} is not a part of its URL that link_maker can put in")
    return link


class Links:
    """Addresses of one request's pages, by what they show: ``election(record_id)``,
    ``organisation(acronym)``, ``post(post_id)``, ``person(person_id)``, ``country(code)``."""

    def __init__(self) -> None:
        self.election = link_maker("elections.detail", "record_id")
        self.organisation = link_maker("dashboards.organisation", "acronym")
        self.post = link_maker("dashboards.post", "post_id")
        self.person = link_maker("dashboards.person", "person_id")
        self.country = link_maker("dashboards.country", "code")


def links() -> Links:
    """This request's :class:`Links`, made on first use (the templates' ``links()``)."""
    if "links" not in g:
        g.links = Links()
    return g.links
