"""Upcoming elections: the scheduled ones, as a page and as a calendar feed to subscribe to, both
filtered by the query string (``organisation``, ``country``: a nominating State)."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, abort, render_template, request, url_for
from flask_babel import gettext

from ..dashboards.routes import post_label
from ..db import get_session
from ..i18n import language
from . import ics, queries
from .forms import UpcomingFilterForm

bp = Blueprint("upcoming", __name__)


def _carried(form: UpcomingFilterForm) -> dict[str, str]:
    """The query string the page and the feed pass on to each other: the filters, and the language
    unless English (a calendar application sends no session cookie, so the feed's address says it)."""
    return {**form.chosen(), **({} if language() == "en" else {"lang": language()})}


@bp.get("/upcoming")
def index():
    """Scheduled elections, soonest first, and apart those whose date has passed with no result
    recorded; 400 with the form's messages for a bad filter."""
    form = UpcomingFilterForm(request.args)
    if not form.validate():
        return render_template("upcoming/index.html", filters=form, coming=[], passed=[], feed_url=None), 400
    elections = queries.scheduled_elections(get_session(), form.filters())
    coming, passed = queries.by_time(elections, dt.date.today())
    feed_url = url_for(".calendar_feed", **_carried(form))
    return render_template("upcoming/index.html", filters=form, coming=coming, passed=passed, feed_url=feed_url)


@bp.get("/upcoming.ics")
def calendar_feed():
    """The scheduled elections whose day is known, as an iCalendar feed (text/calendar): one all-day
    event each. 400 with the form's messages for a bad filter."""
    form = UpcomingFilterForm(request.args)
    if not form.validate():
        abort(400, description=form.problems())
    text = ics.feed(
        queries.scheduled_elections(get_session(), form.filters()),
        language=language(),
        post_label=post_label,
        election_url=lambda record_id: url_for("elections.detail", record_id=record_id, _external=True),
        page_url=url_for(".index", _external=True, **_carried(form)),
        feed_url=url_for(".calendar_feed", _external=True, **_carried(form)),
        stamp=dt.datetime.now(dt.UTC).replace(microsecond=0),
        _=gettext,
    )
    response = Response(text, content_type="text/calendar; charset=utf-8")
    response.headers["Content-Disposition"] = 'inline; filename="upcoming-elections.ics"'
    return response
