"""Long lists shown a page at a time: ``?page=N`` in the URL, every other query parameter kept.

``PER_PAGE`` in the app's config sets how many rows a page shows (50). The CSV downloads of a page (``?download=``) always hold every row; only the HTML is paged, so a page
stays quick to send and to read whatever the data's size.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from flask import abort, current_app, request
from flask_babel import gettext

PER_PAGE = 50
LAST_PAGE = 1_000_000


def url_with(name: str, value: str | None) -> str:
    """This request's URL with the query parameter ``name`` set to ``value`` (dropped for ``None``),
    every other parameter kept, repeated ones too: a download, a language, a page of the same view."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != name]
    if value is not None:
        args.append((name, value))
    return f"{request.path}?{urlencode(args)}" if args else request.path


@dataclass(frozen=True)
class Page:
    """Page ``number`` (from 1) of ``total`` rows, ``per_page`` at a time."""

    number: int
    total: int
    per_page: int = PER_PAGE

    @property
    def count(self) -> int:
        """How many pages there are (at least one, if empty)."""
        return max(1, -(-self.total // self.per_page))

    @property
    def offset(self) -> int:
        """How many rows come before this page."""
        return (self.number - 1) * self.per_page

    @property
    def first(self) -> int:
        """The position (from 1) of this page's first row."""
        return min(self.offset + 1, self.total)

    @property
    def last(self) -> int:
        """The position (from 1) of this page's last row."""
        return min(self.offset + self.per_page, self.total)

    def rows(self, rows: list) -> list:
        """This page's part of ``rows`` (all the rows, in order)."""
        return rows[self.offset : self.offset + self.per_page]

    def url(self, number: int) -> str:
        """This request's URL showing page ``number``."""
        return url_with("page", str(number) if number > 1 else None)


def requested_page(total: int) -> Page:
    """The page ``?page=`` asks for of ``total`` rows (the first when absent). Aborts with 400 when it
    is no whole number from 1, or 404 when it is past the last page. A download (``?download=``) holds
    every row, so its ``page`` is not read."""
    from .i18n import count_text, ngettext  # (tracker.i18n builds its language links with url_with)

    text = "1" if "download" in request.args else request.args.get("page", "1")
    # len() first: int() refuses text of more than 4,300 digits (ValueError, a 500)
    if not (text.isascii() and text.isdigit() and len(text) <= len(str(LAST_PAGE)) and 1 <= int(text) <= LAST_PAGE):
        abort(400, description=gettext("page must be a whole number from 1 to %(last)s.", last=count_text(LAST_PAGE)))
    page = Page(int(text), total, current_app.config.get("PER_PAGE", PER_PAGE))
    if page.number > page.count:
        abort(404, description=ngettext("There is only %(num)s page.", "There are only %(num)s pages.", page.count))
    return page
