"""The Atom feed (RFC 4287) of results, written with the feedgen library.

No Flask, no database: :func:`feed` takes plain rows (:class:`FeedEntry`) and what the view knows of
the request (the language, the addresses), and returns the document. An entry's id is its election's
address, so a feed reader that meets the election again after a change updates the entry it has
(``updated`` moves on) rather than adding another.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from feedgen.feed import FeedGenerator

GENERATOR = "election-tracker"


@dataclass(frozen=True)
class FeedEntry:
    """One election in the feed: its address (its id; ``link`` adds the reader's language), title (organisation, post, result), a summary in words,
    when it was first recorded and when it last changed (aware datetimes)."""

    url: str
    link: str
    title: str
    summary: str
    published: dt.datetime
    updated: dt.datetime


def feed(
    entries: list[FeedEntry], *, title: str, subtitle: str, author: str, language: str, page_url: str, feed_url: str
) -> bytes:
    """The Atom document of ``entries`` (the last changed first), UTF-8 encoded. ``page_url`` is the
    page the feed follows (its ``alternate`` link), ``feed_url`` the feed's own address (its id and
    ``self`` link). An empty feed is dated by the epoch: nothing has changed."""
    generator = FeedGenerator()
    generator.id(feed_url)
    generator.title(title)
    generator.subtitle(subtitle)
    generator.author({"name": author})
    generator.language(language)
    generator.link(href=page_url, rel="alternate", type="text/html")
    generator.link(href=feed_url, rel="self", type="application/atom+xml")
    generator.generator(GENERATOR)
    generator.updated(max((entry.updated for entry in entries), default=dt.datetime(1970, 1, 1, tzinfo=dt.UTC)))
    for entry in reversed(entries):  # feedgen puts each entry it adds first
        item = generator.add_entry()
        item.id(entry.url)
        item.title(entry.title)
        item.link(href=entry.link, rel="alternate", type="text/html")
        item.summary(entry.summary)
        item.published(entry.published)
        item.updated(entry.updated)
    return generator.atom_str(pretty=True)
