"""The review mark of an election and the lists of changes, of elections to review and of deleted
elections. An election is *checked* when an editor other than the last one to change it compared it
with its sources; the mark names the version checked, so any later change outdates it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from sqlalchemy import bindparam, func, select
from sqlmodel import Session

from .. import models
from ..records import ElectionHeading, StoredElection, headings, last_change_columns


class ReviewRefused(ValueError):
    """An election cannot be marked checked as asked; ``reason`` says why: ``"missing"`` (no such
    election), ``"changed"`` (changed since the reviewer opened it), ``"own"`` (the reviewer made its
    last change)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ReviewMark:
    """An election's review state: its version, the last change (who, by user id), and the check,
    if any (who, when, which version)."""

    version: int
    last_actor: str | None
    last_user_id: int | None
    checked_version: int | None
    checked_by: str | None
    checked_at: dt.datetime | None

    @property
    def checked(self) -> bool:
        """Checked at the version stored now (a later change outdates a check)."""
        return self.checked_version is not None and self.checked_version == self.version

    @property
    def outdated(self) -> bool:
        """Checked once, changed since."""
        return self.checked_version is not None and self.checked_version != self.version

    @classmethod
    def of(cls, stored: StoredElection) -> ReviewMark:
        """The mark of an election read whole, with its last change (its page's)."""
        return cls(
            stored.version, stored.last_actor, stored.last_user_id, stored.checked_version, stored.checked_by,
            stored.checked_at,
        )

    def may_check(self, user_id: int | None) -> bool:
        """Whether the user ``user_id`` may mark this version checked: not yet checked, and not by the
        one who made it (a change from the command line or an import has no user: anyone may)."""
        return not self.checked and (self.last_user_id is None or self.last_user_id != user_id)


@cache
def _mark_read():
    """:func:`review_mark`'s statement, built once (``record_id`` its parameter)."""
    election = models.Election
    return select(
        election.version, election.checked_version, election.checked_by, election.checked_at, *last_change_columns(),
    ).where(election.record_id == bindparam("record_id"))


def review_mark(session: Session, record_id: str) -> ReviewMark | None:
    """The review state of the election ``record_id``; ``None`` if there is no such election. One
    statement (what marking it checked reads; its page has the mark with the election:
    :meth:`ReviewMark.of`)."""
    row = session.execute(_mark_read(), {"record_id": record_id}).first()
    if row is None:
        return None
    return ReviewMark(row.version, row.last_actor, row.last_user_id, row.checked_version, row.checked_by, row.checked_at)


def mark_checked(session: Session, record_id: str, version: int, user_id: int, email: str) -> None:
    """Mark version ``version`` of the election checked against its sources by the editor
    ``user_id`` (``email``). Raises :class:`ReviewRefused` if there is no such election, if it changed
    since that version, or if this editor made its last change (a second pair of eyes). Only flushes.
    """
    mark = review_mark(session, record_id)
    if mark is None:
        raise ReviewRefused("missing")
    if mark.version != version:
        raise ReviewRefused("changed")
    if mark.checked:
        return  # checked already, at this version: the first check stays
    if not mark.may_check(user_id):
        raise ReviewRefused("own")
    row = session.scalars(select(models.Election).where(models.Election.record_id == record_id)).one()
    row.checked_version, row.checked_by, row.checked_at = version, email[:254], dt.datetime.now(dt.UTC)
    session.flush()


def listed(record: dict | None, record_id: str) -> ElectionHeading:
    """How the lists name an election, from its record (as stored, or as it was before deletion)."""
    if not record:
        return ElectionHeading(id=record_id, date="", organisation="", post=record_id, region=None, body="",
                               session=None, city=None, country=None)
    return ElectionHeading.of_record({**record, "id": record_id})


@dataclass(frozen=True)
class ListedChange:
    """One change in the list of recent changes."""

    entry: models.AuditEntry
    election: ElectionHeading


def count_changes(session: Session) -> int:
    """How many changes the history holds, over every election."""
    return session.scalar(select(func.count()).select_from(models.AuditEntry))


def recent_changes(session: Session, limit: int, offset: int) -> list[ListedChange]:
    """Changes to any election, newest first: ``limit`` of them after the first ``offset``."""
    audit = models.AuditEntry
    entries = session.scalars(select(audit).order_by(audit.id.desc()).limit(limit).offset(offset)).all()
    return [ListedChange(e, listed(e.after or e.before, e.record_id)) for e in entries]


def _unchecked():
    election = models.Election
    return select(election).where(
        (election.checked_version.is_(None)) | (election.checked_version != election.version)
    )


def count_to_review(session: Session) -> int:
    """How many stored elections are not checked at their current version."""
    return session.scalar(select(func.count()).select_from(_unchecked().subquery()))


@dataclass(frozen=True)
class ToReview:
    """An election waiting for review: when and by whom it was last changed, and whether it was
    checked before that change."""

    election: ElectionHeading
    changed_at: dt.datetime | None
    changed_by: str | None
    outdated: bool


def to_review(session: Session, limit: int, offset: int) -> list[ToReview]:
    """Elections not checked at their current version, most recently changed first."""
    election, audit = models.Election, models.AuditEntry
    last = select(audit.record_id, func.max(audit.id).label("entry_id")).group_by(audit.record_id).subquery()
    rows = session.execute(
        headings(election.checked_version, audit.at, audit.actor)
        .outerjoin(last, last.c.record_id == election.record_id)
        .outerjoin(audit, audit.id == last.c.entry_id)
        .where((election.checked_version.is_(None)) | (election.checked_version != election.version))
        .order_by(audit.id.desc().nulls_last(), election.id)
        .limit(limit)
        .offset(offset)
    ).all()
    return [ToReview(ElectionHeading.model_validate(r), r.at, r.actor, r.checked_version is not None) for r in rows]


@dataclass(frozen=True)
class Deleted:
    """A deleted election: the deletion (who, when; its entry restores it) and what it was."""

    entry: models.AuditEntry
    election: ElectionHeading


def deleted_elections(session: Session) -> list[Deleted]:
    """Elections whose latest change is their deletion, most recently deleted first."""
    audit = models.AuditEntry
    last = select(func.max(audit.id)).group_by(audit.record_id)
    entries = session.scalars(
        select(audit).where(audit.id.in_(last), audit.action == "delete").order_by(audit.id.desc())
    ).all()
    return [Deleted(e, listed(e.before, e.record_id)) for e in entries]
