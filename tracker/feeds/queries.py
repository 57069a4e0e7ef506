"""What the results feeds hold: held elections, the last changed first, with when each was first
recorded and last changed (from the history of changes) and who was elected."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlmodel import Session

from .. import models
from ..dashboards.queries import ListedResult, held_results
from ..records import ElectionFilter, headings

LONGEST = 50  # entries in a feed: a reader polls it often and keeps what it saw


def _aware(moment: dt.datetime) -> dt.datetime:
    """A moment from the database as UTC (SQLite gives it back without its time zone)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def changed_results(
    session: Session, filters: ElectionFilter, count: int = LONGEST
) -> list[tuple[dict, dt.datetime, dt.datetime, ListedResult]]:
    """The ``count`` held elections ``filters`` selects that changed last, the last first: each as its
    heading (:class:`tracker.records.ElectionHeading`'s fields), when it was first recorded, when it
    last changed, and its result. Three SQL statements."""
    a, e = models.AuditEntry, models.Election
    times = (
        select(a.record_id, func.min(a.at).label("first_at"), func.max(a.at).label("last_at"))
        .group_by(a.record_id)
        .subquery()
    )
    rows = session.execute(
        headings(times.c.first_at, times.c.last_at)
        .join(times, times.c.record_id == e.record_id)
        .where(e.status == "held", *filters.where())
        .order_by(times.c.last_at.desc(), e.record_id)
        .limit(count)
    ).all()
    found = held_results(session, [row.id for row in rows])
    return [
        ({k: v for k, v in row._mapping.items() if k not in ("first_at", "last_at")}, _aware(row.first_at),
         _aware(row.last_at), found[row.id])
        for row in rows
    ]
