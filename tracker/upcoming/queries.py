"""Scheduled elections: those whose vote has not taken place yet (``status == "scheduled"``), with
their declared candidates.

Two SQL statements, whatever the data's size: the elections, then the candidacies of those same
elections. Rows are plain dataclasses; the pages and the calendar feed word them.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session

from .. import models
from ..countries import country_name
from ..records import ElectionFilter, ElectionHeading, headings

SCHEDULED = "scheduled"


@dataclass(frozen=True)
class DeclaredCandidate:
    """A declared candidate of a scheduled election.

    ``kind``: ``person``, or ``state`` for a member State standing for a seat (then named as the State);
    ``name`` is ``None`` where the sources name only the nominating State; ``names``: the person's
    names in other languages, by language tag; ``country``: the nominating State (ISO alpha-3) or
    ``None``; ``nominated_by``: the nominating member where it is not a State.
    """

    name: str | None
    names: dict[str, str]
    kind: str
    country: str | None
    nominated_by: str | None
    person_id: int | None

    def shown_name(self, language: str) -> str | None:
        """The name in ``language`` (``en``, ``fr``, ``ar``): a State standing for a seat is named as the
        State, a person by their name in that language where it is recorded; ``None`` where the sources
        name only the nominating State."""
        if self.kind == "state" and country_name(self.country, language):
            return country_name(self.country, language)
        if not self.name:
            return None
        return self.names.get(language) or self.name


class ScheduledElection(ElectionHeading):
    """A scheduled election as the upcoming page and the calendar feed show it.

    ``date`` keeps the precision of the record (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``); ``first_day``
    is its first day (``Election.sort_date``); ``end_date``, where the vote spreads over several days,
    its last. ``country`` is where it takes place (ISO alpha-3), ``organisation`` the acronym.
    """

    first_day: dt.date
    end_date: dt.date | None
    candidates: tuple[DeclaredCandidate, ...]

    @property
    def on_a_day(self) -> bool:
        """Whether the day is known (the date is ``YYYY-MM-DD``), not just the year or the month."""
        return len(self.date) == 10

    @property
    def last_day(self) -> dt.date:
        """The last day the vote may take place: its end date, else the last day of its day, month or year."""
        if self.end_date:
            return self.end_date
        if self.on_a_day:
            return self.first_day
        if len(self.date) == 7:
            return self.first_day.replace(day=calendar.monthrange(self.first_day.year, self.first_day.month)[1])
        return self.first_day.replace(month=12, day=31)

    def passed(self, today: dt.date) -> bool:
        """Whether its date is over on ``today`` with no result recorded: an election dated "2026" has
        not passed before 1 January 2027, nor one of several days before its last."""
        return self.last_day < today


def scheduled_elections(session: Session, filters: ElectionFilter) -> list[ScheduledElection]:
    """Every scheduled election that ``filters`` selects (organisation, nominating country...), by
    date, earliest first (``sort_date``, the first day of a date known only by its year or month;
    then by record id), each with its declared candidates in the record's order."""
    e = models.Election
    chosen = headings().with_only_columns(e.id).where(e.status == SCHEDULED, *filters.where())
    rows = session.execute(
        headings(e.id.label("election_id"), e.sort_date, e.end_date.label("end_day"))
        .where(e.id.in_(chosen))
        .order_by(e.sort_date, e.record_id)
    ).all()
    candidates = _declared_candidates(session, chosen)
    return [
        ScheduledElection(
            **ElectionHeading.model_validate(row).model_dump(), first_day=row.sort_date, end_date=row.end_day,
            candidates=tuple(candidates.get(row.election_id, ())),
        )
        for row in rows
    ]


def _declared_candidates(session: Session, elections) -> dict[int, list[DeclaredCandidate]]:
    """The declared candidates of the elections ``elections`` (a select of election ids), by election id."""
    c, person = models.Candidacy, models.Person
    found: dict[int, list[DeclaredCandidate]] = {}
    for row in session.execute(
        select(
            c.election_id, c.name, c.kind, c.country, c.nominated_by, c.person_id,
            person.name.label("person_name"), person.names,
        )
        .outerjoin(person, c.person_id == person.id)
        .where(c.election_id.in_(elections), c.declared.is_(True))
        .order_by(c.election_id, c.position, c.id)
    ):
        found.setdefault(row.election_id, []).append(
            DeclaredCandidate(
                name=row.person_name or row.name, names=dict(row.names or {}), kind=row.kind, country=row.country,
                nominated_by=row.nominated_by, person_id=row.person_id,
            )
        )
    return found


def by_time(elections: list[ScheduledElection], today: dt.date) -> tuple[list[ScheduledElection], list[ScheduledElection]]:
    """``elections`` (earliest first) split into those to come, soonest first, and those whose date
    has passed with no result recorded, latest first (the likeliest to have a result soon)."""
    coming = [election for election in elections if not election.passed(today)]
    passed = [election for election in elections if election.passed(today)]
    return coming, passed[::-1]
