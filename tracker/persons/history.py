"""A person's history in words: each change to them (names corrected, merged, split, reverted),
who made it and when, for the person's page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from .. import models


@dataclass(frozen=True)
class Correction:
    """One thing an edit changed: ``field`` is ``name``, ``names.<language>``, ``gender``,
    ``aliases_added`` or ``aliases_removed``; ``before`` and ``after`` its values (for the aliases, the
    spellings added or removed, in ``after``)."""

    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class HistoryLine:
    """A change to persons as a person's page tells it: what (``action``), when, by whom, and

    - an edit: ``corrections``;
    - a merge: ``other``, the merged person's row as it was (id, name...);
    - a split: ``other``, the new person's row;
    - a revert: ``reverts``, the change it undid;

    ``elections``: the record ids of the elections whose candidacies it moved. ``reverted_by``: the
    revert that undid it, if any; ``revertible``: whether it may be offered for reverting (neither a
    revert nor reverted; later changes may still stand in the way).
    """

    id: int
    action: str
    at: dt.datetime
    actor: str
    reverted_by: int | None
    corrections: list[Correction] = field(default_factory=list)
    other: dict | None = None
    elections: list[str] = field(default_factory=list)
    reverts: int | None = None

    @property
    def revertible(self) -> bool:
        return self.action != "revert" and self.reverted_by is None


def _corrections(was: dict, became: dict) -> list[Correction]:
    found = [Correction("name", was["name"], became["name"])] if was["name"] != became["name"] else []
    for lang in sorted(set(was["names"]) | set(became["names"])):
        if was["names"].get(lang) != became["names"].get(lang):
            found.append(Correction(f"names.{lang}", was["names"].get(lang), became["names"].get(lang)))
    added = [a for a in became["aliases"] if a not in was["aliases"]]
    removed = [a for a in was["aliases"] if a not in became["aliases"]]
    if added:
        found.append(Correction("aliases_added", None, added))
    if removed:
        found.append(Correction("aliases_removed", None, removed))
    if was["gender"] != became["gender"]:
        found.append(Correction("gender", was["gender"], became["gender"]))
    return found


def history(session: Session, person_id: int) -> list[HistoryLine]:
    """Every change about the person ``person_id`` (edits of it, persons merged into it, candidacies
    split off it, reverts of these), newest first. One SQL statement."""
    pc = models.PersonChange
    lines = []
    for change in session.scalars(select(pc).where(pc.person_id == person_id).order_by(pc.id.desc())):
        before, after = change.before or {}, change.after or {}
        rows = {row["id"]: row for row in after.get("persons", [])}
        was = {row["id"]: row for row in before.get("persons", [])}
        other, corrections = None, []
        if change.action == "edit" and person_id in was and person_id in rows:
            corrections = _corrections(was[person_id], rows[person_id])
        elif change.action == "merge":
            other = was.get(after.get("merged"))
        elif change.action == "split":
            other = rows.get(after.get("new"))
        lines.append(
            HistoryLine(
                change.id, change.action, change.at, change.actor, change.reverted_by, corrections, other,
                sorted({m["election"] for m in after.get("candidacies", [])}), after.get("reverts"),
            )
        )
    return lines
