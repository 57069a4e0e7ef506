"""The audit history of elections: what changed, when, by whom; reverting a change.

Entries are written by :mod:`tracker.records` with every creation, change and deletion
(:class:`~tracker.models.AuditEntry`). This module reads them, says what differs between two versions
of a record, and reverts a change by storing the record as it was before it (itself a new change).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from . import models, records
from .i18n import N_

_MISSING = object()
# The note of an election's entry written by a change to persons (tracker.persons.changes).
_PERSON_CHANGE = re.compile(r"\(person change #(\d+)\)$")


def audit_row(
    record_id: str, action: str, version: int, actor: records.Actor, before: dict | None, after: dict | None,
    note: str | None = None,
) -> dict:
    """An :class:`~tracker.models.AuditEntry` row: who changed the election, when, from what to what."""
    return {
        "record_id": record_id, "action": action, "version": version, "at": dt.datetime.now(dt.UTC),
        "actor": actor.name[:254], "user_id": actor.user_id, "note": note, "before": before, "after": after,
    }


@dataclass(frozen=True)
class Change:
    """One value that differs: ``path`` in the record (``rounds[0].votes[1].votes``), before and after
    (``None`` where the value was absent or null). A whole item of a list (a candidate, a round, a
    source...) added or removed is one change. ``trail``: the items of lists the path goes through
    (the round, then the vote line...), as they are after the change (before it, for one removed), so
    the change can be named in words."""

    path: str
    before: Any
    after: Any
    trail: tuple[dict, ...] = ()


# Items of these lists are the same item across versions when this field is the same: a candidate
# removed from the middle is one removal, not a shift of every later candidate.
IDENTITY = {"candidates": "key", "rounds": "number", "votes": "candidate", "sources": "url", "related": "id"}


def differences(before: dict | None, after: dict | None) -> list[Change]:
    """Every leaf value that differs between two election-records/v1 records, in record order; items
    of lists matched by :data:`IDENTITY` where they have one, by position otherwise.

    A whole record added or removed (``None`` on one side) gives no changes: the entry's action says so.
    """
    if before is None or after is None:
        return []
    found: list[Change] = []
    _walk("", before, after, found, ())
    return found


def _walk(path: str, before: Any, after: Any, found: list[Change], trail: tuple) -> None:
    if isinstance(before, dict) and isinstance(after, dict):
        for key in list(before) + [k for k in after if k not in before]:
            _walk(f"{path}.{key}" if path else key, before.get(key, _MISSING), after.get(key, _MISSING), found, trail)
    elif isinstance(before, list) and isinstance(after, list) and not _scalars(before, after):
        for index, old, new in _pairs(path.rsplit(".", 1)[-1], before, after):
            item = new if new is not _MISSING else old
            if old is _MISSING or new is _MISSING:
                found.append(Change(f"{path}[{index}]", None if old is _MISSING else old, None if new is _MISSING else new, (*trail, item)))
            else:
                _walk(f"{path}[{index}]", old, new, found, (*trail, item))
    elif before != after:
        found.append(Change(path, None if before is _MISSING else before, None if after is _MISSING else after, trail))


def _pairs(name: str, before: list, after: list) -> list[tuple[int, Any, Any]]:
    """The items of two versions of a list, paired: by identity (:data:`IDENTITY`) where every item
    has one, else by position. Each pair with its index (after the change; before it, for a removed
    item)."""
    key = IDENTITY.get(name)
    if key and all(isinstance(i, dict) and key in i for i in before + after):
        old = {i[key]: (n, i) for n, i in enumerate(before)}
        new = {i[key]: i for i in after}
        pairs = [(n, old[i[key]][1] if i[key] in old else _MISSING, i) for n, i in enumerate(after)]
        pairs += [(n, i, _MISSING) for k, (n, i) in old.items() if k not in new]
        return pairs
    return [
        (n, before[n] if n < len(before) else _MISSING, after[n] if n < len(after) else _MISSING)
        for n in range(max(len(before), len(after)))
    ]


def _scalars(*lists: list) -> bool:
    """Lists of plain values (``withdrawn: ["a", "b"]``) compare as one value."""
    return all(not isinstance(item, (dict, list)) for items in lists for item in items)


@dataclass(frozen=True)
class Entry:
    """An audit entry with the changes it made."""

    entry: models.AuditEntry
    changes: list[Change]


def history(session: Session, record_id: str) -> list[Entry]:
    """Every change to the election ``record_id``, newest first (also after it was deleted)."""
    entries = session.scalars(
        select(models.AuditEntry)
        .where(models.AuditEntry.record_id == record_id)
        .order_by(models.AuditEntry.id.desc())
    ).all()
    return [Entry(e, differences(e.before, e.after)) for e in entries]


def changed_since(session: Session, record_id: str, version: int) -> tuple[list[Change], models.AuditEntry | None]:
    """What differs between version ``version`` of the election and the stored one, and the latest
    change (who made it, when). Used to tell an editor what changed while they were editing."""
    entry = models.AuditEntry
    then = session.scalar(
        select(entry).where(entry.record_id == record_id, entry.version == version, entry.action != "delete")
        .order_by(entry.id.desc())
    )
    latest = session.scalar(select(entry).where(entry.record_id == record_id).order_by(entry.id.desc()))
    # the two records as they were saved: what the loaded record adds from elsewhere since (a person's
    # spellings gathered in other elections) is no change to this election
    now = latest.after if latest is not None and latest.after is not None else records.load_record(session, record_id)
    return differences(then.after if then else None, now), latest


def person_change_of(entry: models.AuditEntry) -> int | None:
    """The change to persons that made this change to an election (its candidates' names followed a
    person corrected, merged or split), or ``None``: such a change is reverted on the person's page."""
    found = _PERSON_CHANGE.search(entry.note or "")
    return int(found.group(1)) if found else None


def later_changes(session: Session, entry: models.AuditEntry) -> list[models.AuditEntry]:
    """The changes to the same election made after ``entry``, newest first: reverting ``entry``
    stores the election as it was before it, so it undoes these too."""
    audit = models.AuditEntry
    return list(
        session.scalars(
            select(audit).where(audit.record_id == entry.record_id, audit.id > entry.id).order_by(audit.id.desc())
        )
    )


class RevertError(ValueError):
    """A change cannot be reverted as asked; the message says why (a catalog key: pages translate it)."""


def revert(session: Session, entry_id: int, actor: records.Actor) -> str:
    """Undo change ``entry_id`` by storing the election as it was before it: a creation is undone by
    deleting the election, a deletion by making it again (only the latest deletion, while the election
    is deleted), an update by storing the earlier record.

    Returns what was done: ``"deleted"``, ``"restored"``, ``"reverted"``, or ``"unchanged"`` where the
    election already is as it was before that change. Raises :class:`RevertError` if there is no such
    change or it cannot be undone now, and :class:`records.RecordsInvalid` as an import would. Only
    flushes.
    """
    entry = session.get(models.AuditEntry, entry_id) if 0 <= entry_id <= models.MAX_ID else None
    if entry is None:
        raise RevertError(f"There is no change #{entry_id}.")
    note = f"revert of change #{entry.id}"
    exists = records.stored_version(session, entry.record_id) is not None
    if entry.action == "delete":
        latest = session.scalar(
            select(models.AuditEntry.id).where(models.AuditEntry.record_id == entry.record_id)
            .order_by(models.AuditEntry.id.desc())
        )
        if exists:
            raise RevertError(N_("the election exists again: it was restored already."))
        if latest != entry.id:
            raise RevertError(N_("only the latest deletion of an election can be undone."))
    if entry.before is None:  # a creation
        if not exists:
            raise RevertError(N_("the election is already deleted."))
        records.delete_election(session, entry.record_id, actor, note=note)
        return "deleted"
    summary = records.import_records(session, records.export_document([entry.before]), actor=actor, note=note)
    if summary.created:
        return "restored"
    return "reverted" if summary.updated else "unchanged"
