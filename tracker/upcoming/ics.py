"""The iCalendar feed (RFC 5545) of scheduled elections, written with the icalendar library.

No Flask, no database: :func:`feed` takes the rows of :mod:`tracker.upcoming.queries` and what the
view knows of the request (the language, how posts are named, the addresses), and returns the file.
Its texts are given in the reader's language by the ``_`` it is passed (a view passes Flask-Babel's
``gettext``; :func:`tracker.charts.english`, the default, leaves them in English).

One all-day event per election whose day is known; an election known only by its year or month is on
the page, not in the calendar (the calendar's description says so). An event's UID is made from the
election's id alone (``<id>@election-tracker``), so a calendar application that refreshes the feed
updates the event it has, wherever the feed is served from.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from icalendar import TRANSP, Calendar, Event, vDuration

from ..charts import Translate, english
from ..countries import country_name
from .queries import DeclaredCandidate, ScheduledElection

PRODUCT = "-//election-tracker//Upcoming elections//EN"
UID_DOMAIN = "election-tracker"
REFRESH = dt.timedelta(days=1)  # how often a subscribed calendar application should fetch the feed again


def event_uid(record_id: str) -> str:
    """The UID of an election's event: stable for as long as the election's id is."""
    return f"{record_id}@{UID_DOMAIN}"


def feed(
    elections: list[ScheduledElection],
    *,
    language: str,
    post_label: Callable[[str, str, str | None], str],
    election_url: Callable[[str], str],
    page_url: str,
    feed_url: str,
    stamp: dt.datetime,
    _: Translate = english,
) -> bytes:
    """The calendar of ``elections`` (scheduled ones), as the bytes of an ``.ics`` file.

    ``language``: the reader's (``en``, ``fr``, ``ar``), for country and person names; ``post_label``:
    a post's name in it, from (organisation acronym, title, region); ``election_url``: the address of an
    election's page from its id; ``page_url``: the upcoming page, named where the calendar leaves an
    election out; ``feed_url``: this feed's address (the calendar's URL, and its UID); ``stamp``: when
    the calendar is made (each event's DTSTAMP, an aware datetime).
    """
    description = " ".join(
        [
            _("Scheduled elections to posts in international organisations, each on the day of its vote."),
            _("Elections known only by their year or month are not in this calendar: they are listed at %(page)s.", page=page_url),
        ]
    )
    calendar = Calendar.new(
        prodid=PRODUCT,
        name=_("Upcoming elections"),
        description=description,
        refresh_interval=REFRESH,
        uid=str(uuid.uuid5(uuid.NAMESPACE_URL, feed_url)),
        url=feed_url,
    )
    calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"  # RFC 7986 asks for it
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH))  # what Apple's and Microsoft's applications read instead
    for election in elections:
        if election.on_a_day:
            calendar.add_component(_event(election, language, post_label, election_url(election.id), stamp, _))
    return calendar.to_ical()


def _event(election: ScheduledElection, language: str, post_label, url: str, stamp: dt.datetime, _: Translate) -> Event:
    """An all-day event over the election's day (or days, where it has an end date)."""
    place = ", ".join(filter(None, [election.city, country_name(election.country, language) or election.country]))
    return Event.new(
        uid=event_uid(election.id),
        summary=f"{election.organisation} {post_label(election.organisation, election.post, election.region)}",
        start=election.first_day,
        end=(election.end_date or election.first_day) + dt.timedelta(days=1),  # DTEND is the day after
        location=place or None,
        url=url,
        description=_description(election, language, url, _),
        stamp=stamp,
        transparency=TRANSP.TRANSPARENT,  # someone else's vote: the subscriber is not busy
    )


def _description(election: ScheduledElection, language: str, url: str, _: Translate) -> str:
    body = f"{election.body} ({election.session})" if election.session else election.body
    if election.candidates:
        lines = [_("Declared candidates:"), *(f"– {candidate_text(c, language, _)}" for c in election.candidates)]
    else:
        lines = [_("No declared candidate is recorded yet.")]
    return "\n".join([body, "", *lines, "", url])


def candidate_text(candidate: DeclaredCandidate, language: str, _: Translate = english) -> str:
    """A declared candidate and who nominates them: "Mohamed Dkhissi (Morocco)", "Kenya" (a State
    standing for a seat), "Unnamed candidate (Morocco)"; names and countries in ``language``."""
    nominating = country_name(candidate.country, language) or candidate.country or candidate.nominated_by
    name = candidate.shown_name(language)
    if name is None:
        return _("Unnamed candidate (%(who)s)", who=nominating or _("unknown"))
    if candidate.kind == "state" or not nominating:
        return name
    return f"{name} ({nominating})"
