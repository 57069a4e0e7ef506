"""Changes to persons that no election record holds: a person's names corrected, two persons recorded
twice merged, a candidacy split off a person it was matched to by mistake, and the revert of any of
these. Each is a :class:`~tracker.models.PersonChange` holding what undoes it.

A person's names are part of every election record the person stands in (the candidate's ``name``,
``names``, ``aliases``, ``gender``), and which person a candidacy is decides whose page shows it. So
every election whose record a change alters, or whose candidacy it moves to another person, gets its
version raised and an audit entry (``update``, noted "persons merged (person change #12)"...), as an
edit of it would: an editor who had it open is told that it changed (optimistic locking).

Every function takes the persons' rows first (an UPDATE that changes nothing), so that of two changes
at the same moment the second waits, then checks what its caller saw against what the first left.
They only flush: the view commits, or rolls back.

What a change holds (``before`` and ``after``, JSON):

- ``persons``: the rows of the persons it touched, as they were and as they became: ``{"id", "name",
  "names", "aliases", "gender", "merged_into_id"}`` (a person it made is in ``after`` only);
- ``candidacies`` (``after``): the candidacies it moved, ``[{"election": record id, "key": candidate
  key, "from": person id, "to": person id}]``, named by election and key because a candidacy's row id
  changes whenever its election is saved;
- ``kept`` and ``merged`` (a merge), ``new`` (a split), ``reverts`` (a revert): which person is which,
  and which change a revert undid.

Rules: a person merged into another is changed no more (edit, merge or split it is refused); a merge is
refused where both persons stood in the same election (``uq_candidacy_person``: they are two persons);
a person's only candidacy is not split off (correct the names instead). A change is reverted only while
no later change to the same persons stands (revert those first, newest first), and a revert is not
reverted (make the change again). A revert undoes what the change did to what is there now: spellings
an import added since stay; candidacies moved since (or gone with their election) stay where they are.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import func, insert, select, update
from sqlmodel import Session

from .. import models, records
from ..audit import audit_row
from ..i18n import N_
from ..localnames import unique_spellings
from ..records.persons import search_text

MERGED = N_("Person #%(id)s was merged into person #%(into)s: change that one.")
SAME_PERSON = N_("A person cannot be merged with itself.")
SAME_ELECTION = N_(
    "These two stood against each other (%(elections)s), so they are two persons: nothing was merged."
)
NOT_THEIRS = N_("The candidacy %(key)r in %(election)s is not this person's (any more): nothing was split.")
ONLY_CANDIDACY = N_("This is the person's only candidacy: correct the person's names instead of splitting it off.")
ALREADY_REVERTED = N_("Change #%(id)s was reverted already, by change #%(by)s.")
NOT_REVERTIBLE = N_("Change #%(id)s is itself a revert: to undo it, make the change again.")
LATER_FIRST = N_("Later changes to these persons stand (%(changes)s): revert them first, newest first.")
STANDS_ELSEWHERE = N_(
    "Person #%(id)s, made by change #%(change)s, now stands in other elections too: split those off or merge "
    "it by hand."
)
MOVED_BACK_BLOCKED = N_(
    "Person #%(id)s stands in %(election)s already, so the candidacy %(key)r cannot go back to it."
)


class PersonChanged(Exception):
    """The persons changed since the page being saved was read (its fingerprint differs): nothing saved."""


class Refused(ValueError):
    """A change to persons cannot be made as asked. ``text`` (a catalog key with ``%(name)s``
    placeholders) and ``params`` say why, so pages show it in the reader's language."""

    def __init__(self, text: str, **params):
        super().__init__(text % params if params else text)
        self.text, self.params = text, params


@dataclass
class PersonNames:
    """What an editor corrects of a person: the name as usually written in Latin script, names by
    language tag (``{"fr": ..., "ar": ...}``), other spellings (aliases), gender (``female``, ``male``,
    ``other`` or ``None``). ``id`` and ``merged_into`` say which person, and whether it was merged."""

    name: str
    names: dict[str, str]
    aliases: list[str]
    gender: str | None
    id: int | None = None
    merged_into: int | None = None

    def fingerprint(self) -> str:
        """A digest of the names and gender, so a save can tell whether someone changed them since the
        page was read."""
        content = [self.name, self.names, sorted(self.aliases), self.gender]
        return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:32]


def _names(person: models.Person) -> PersonNames:
    return PersonNames(
        person.name, dict(person.names), list(person.aliases), person.gender, person.id, person.merged_into_id
    )


def person_names(session: Session, person_id: int) -> PersonNames | None:
    """The names of the person ``person_id`` as stored, or ``None`` if there is no such person."""
    person = session.get(models.Person, person_id) if 0 <= person_id <= models.MAX_ID else None
    return _names(person) if person else None


def _row(person: models.Person) -> dict:
    """A person's row as a change keeps it."""
    return {
        "id": person.id, "name": person.name, "names": dict(person.names), "aliases": list(person.aliases),
        "gender": person.gender, "merged_into_id": person.merged_into_id,
    }


def _index(person: models.Person) -> None:
    """Set ``search_text`` from the person's spellings; a merged person is found no more (the person it
    was merged into holds its spellings)."""
    spelt = {"name": person.name, "names": person.names, "aliases": person.aliases}
    person.search_text = "" if person.merged_into_id is not None else search_text(spelt)


def _take(session: Session, person_ids: list[int]) -> dict[int, models.Person]:
    """Lock the rows of ``person_ids`` (an UPDATE that changes nothing: a second writer waits for the
    first to commit, then reads what it wrote) and read them anew. Raises ``LookupError`` naming an id
    that is no person."""
    table = models.Person.__table__
    session.execute(update(table).where(table.c.id.in_(person_ids)).values(name=table.c.name))
    found = {
        p.id: p
        for p in session.scalars(
            select(models.Person).where(models.Person.id.in_(person_ids)).execution_options(populate_existing=True)
        )
    }
    for person_id in person_ids:
        if person_id not in found:
            raise LookupError(f"no person #{person_id}")
    return found


def _not_merged(*persons: models.Person) -> None:
    for person in persons:
        if person.merged_into_id is not None:
            raise Refused(MERGED, id=person.id, into=person.merged_into_id)


@dataclass(frozen=True)
class _Candidacy:
    id: int
    election_id: int
    election: str  # the election's record id
    key: str
    person_id: int


def _candidacies(session: Session, person_ids: list[int]) -> list[_Candidacy]:
    """The candidacies of ``person_ids``, by election date."""
    c, e = models.Candidacy, models.Election
    return [
        _Candidacy(*row)
        for row in session.execute(
            select(c.id, c.election_id, e.record_id, c.key, c.person_id)
            .join(e, c.election_id == e.id)
            .where(c.person_id.in_(person_ids))
            .order_by(e.sort_date, e.record_id, c.position)
        )
    ]


def _move(session: Session, candidacy_id: int, person_id: int) -> None:
    table = models.Candidacy.__table__
    session.execute(update(table).where(table.c.id == candidacy_id).values(person_id=person_id))


def _record(
    session: Session, action: str, person_id: int, actor: records.Actor, before: dict, after: dict
) -> models.PersonChange:
    change = models.PersonChange(
        person_id=person_id, action=action, at=dt.datetime.now(dt.UTC), actor=actor.name[:254],
        user_id=actor.user_id, before=before, after=after,
    )
    session.add(change)
    session.flush()
    return change


class _Elections:
    """The elections a change to persons touches: their records as they were before it, then, once it
    is made, the version raised and an audit entry for each whose record it changed or whose candidacy
    it moved."""

    def __init__(self, session: Session, person_ids: list[int]):
        self.session = session
        ids = sorted({c.election for c in _candidacies(session, person_ids)})
        # Their rows are taken before they are read (an UPDATE that changes nothing, as an edit's claim
        # does): an edit of one of them saved meanwhile is in the record the audit entry says was before.
        table = models.Election.__table__
        session.execute(update(table).where(table.c.record_id.in_(ids)).values(version=table.c.version))
        self.before = {r["id"]: r for r in records.load_records(session, ids)}

    def note(self, actor: records.Actor, note: str, moved: list[dict]) -> list[str]:
        """Raise the version of, and audit, every election changed; returns their record ids."""
        self.session.flush()
        after = {r["id"]: r for r in records.load_records(self.session, list(self.before))}
        moved_in = {m["election"] for m in moved}
        changed = [i for i in self.before if i in after and (after[i] != self.before[i] or i in moved_in)]
        if not changed:
            return []
        table = models.Election.__table__
        versions = dict(
            self.session.execute(
                update(table).where(table.c.record_id.in_(changed)).values(version=table.c.version + 1)
                .returning(table.c.record_id, table.c.version)
            ).all()
        )
        self.session.execute(
            insert(models.AuditEntry.__table__),
            [audit_row(i, "update", versions[i], actor, self.before[i], after[i], note) for i in changed],
        )
        return changed


def edit_person(
    session: Session, person_id: int, changed: PersonNames, actor: records.Actor, expected: str | None = None
) -> models.PersonChange | None:
    """Store ``changed`` (name, names, aliases, gender) for the person ``person_id``: the name and
    names stripped (an empty name in a language is dropped), aliases kept once each, none the same as
    a name (:func:`tracker.localnames.unique_spellings`), sorted. Returns the change, or ``None`` where
    nothing changed. Only flushes.

    ``expected``: the :meth:`PersonNames.fingerprint` the editor's page was made from; raises
    :class:`PersonChanged` if the stored names differ from it (checked under the row's lock, so of two
    saves begun from the same names the second is refused). Raises :class:`Refused` for a merged person,
    ``LookupError`` for an unknown one.
    """
    person = _take(session, [person_id])[person_id]
    _not_merged(person)
    if expected is not None and _names(person).fingerprint() != expected:
        raise PersonChanged(person_id)
    name = changed.name.strip()
    names = {lang: text.strip() for lang, text in changed.names.items() if text and text.strip()}
    aliases = unique_spellings(changed.aliases, also=[name, *names.values()])
    gender = changed.gender or None
    if (name, names, aliases, gender) == (person.name, person.names, sorted(person.aliases), person.gender):
        return None
    before = _row(person)
    elections = _Elections(session, [person_id])
    person.name, person.names, person.aliases, person.gender = name, names, aliases, gender
    _index(person)
    change = _record(session, "edit", person_id, actor, {"persons": [before]}, {"persons": [_row(person)]})
    elections.note(actor, f"person corrected (person change #{change.id})", [])
    return change


@dataclass(frozen=True)
class MergePreview:
    """What merging ``merged`` into ``kept`` would do: the candidacies that move, and the elections in
    which both stood (where there is one, they are two persons and the merge is refused)."""

    kept: PersonNames
    merged: PersonNames
    moving: list[str]  # record ids of the merged person's elections
    shared: list[str]  # record ids of elections both stood in

    def fingerprint(self) -> str:
        """Both persons' names, as the confirmation page showed them."""
        return merge_fingerprint(self.kept, self.merged)


def merge_fingerprint(kept: PersonNames, merged: PersonNames) -> str:
    """A digest of both persons' names, checked when the merge is made."""
    return hashlib.sha256(f"{kept.fingerprint()}|{merged.fingerprint()}".encode()).hexdigest()[:32]


def merge_preview(session: Session, kept_id: int, merged_id: int) -> MergePreview | None:
    """What merging person ``merged_id`` into ``kept_id`` would do; ``None`` if either is no person."""
    kept, merged = person_names(session, kept_id), person_names(session, merged_id)
    if kept is None or merged is None:
        return None
    stood = _candidacies(session, [kept_id, merged_id])
    kept_in = {c.election for c in stood if c.person_id == kept_id}
    moving = [c.election for c in stood if c.person_id == merged_id]
    return MergePreview(kept, merged, moving, sorted(kept_in & set(moving)))


def merge_persons(
    session: Session, kept_id: int, merged_id: int, actor: records.Actor, expected: str | None = None
) -> models.PersonChange:
    """Merge the person ``merged_id`` into ``kept_id`` (one person recorded twice, under two spellings):
    every candidacy of the merged person moves to the kept one; every name is kept: the merged person's
    name, aliases and names per language the kept one has another name in become the kept one's aliases,
    its names in languages the kept one has none in become the kept one's, and its gender is taken where
    the kept one has none. The merged person's row stays, with ``merged_into_id`` set (its page
    redirects) and no ``search_text`` (search finds the kept one). Returns the change. Only flushes.

    Raises :class:`Refused` where the two are one person, either was merged already, or both stood in
    the same election; then, ``expected`` being the :func:`merge_fingerprint` of the page that asked,
    :class:`PersonChanged` if either person's names changed since. ``LookupError`` for an unknown person.
    """
    if kept_id == merged_id:
        raise Refused(SAME_PERSON)
    taken = _take(session, sorted((kept_id, merged_id)))
    kept, merged = taken[kept_id], taken[merged_id]
    _not_merged(kept, merged)
    stood = _candidacies(session, [kept_id, merged_id])
    shared = sorted({c.election for c in stood if c.person_id == kept_id} & {c.election for c in stood if c.person_id == merged_id})
    if shared:
        raise Refused(SAME_ELECTION, elections=", ".join(shared))
    if expected is not None and merge_fingerprint(_names(kept), _names(merged)) != expected:
        raise PersonChanged(kept_id)
    before = {"persons": [_row(kept), _row(merged)]}
    elections = _Elections(session, [kept_id, merged_id])
    moved = []
    for candidacy in stood:
        if candidacy.person_id == merged_id:
            _move(session, candidacy.id, kept_id)
            moved.append({"election": candidacy.election, "key": candidacy.key, "from": merged_id, "to": kept_id})
    names = {**merged.names, **kept.names}
    spare = [merged.name, *merged.aliases, *(text for lang, text in merged.names.items() if names[lang] != text)]
    kept.aliases = unique_spellings([*kept.aliases, *spare], also=[kept.name, *names.values()])
    kept.names = names
    kept.gender = kept.gender or merged.gender
    merged.merged_into_id = kept_id
    _index(kept)
    _index(merged)
    after = {"persons": [_row(kept), _row(merged)], "candidacies": moved, "kept": kept_id, "merged": merged_id}
    change = _record(session, "merge", kept_id, actor, before, after)
    elections.note(actor, f"persons merged (person change #{change.id})", moved)
    return change


def split_candidacy(
    session: Session, person_id: int, record_id: str, key: str, actor: records.Actor
) -> models.PersonChange:
    """Split the candidacy ``key`` of the election ``record_id`` off the person ``person_id``, who it
    was matched to by mistake: a new person is made for it, under the same name (no other names,
    aliases or gender: those were the first person's; an editor adds the new one's), and the candidacy
    moves to it. Returns the change (``after["new"]`` is the new person's id). Only flushes.

    Raises :class:`Refused` for a merged person, a candidacy that is not this person's, or the
    person's only candidacy; ``LookupError`` for an unknown person.
    """
    person = _take(session, [person_id])[person_id]
    _not_merged(person)
    stood = _candidacies(session, [person_id])
    candidacy = next((c for c in stood if (c.election, c.key) == (record_id, key)), None)
    if candidacy is None:
        raise Refused(NOT_THEIRS, key=key, election=record_id)
    if len(stood) == 1:
        raise Refused(ONLY_CANDIDACY)
    elections = _Elections(session, [person_id])
    new = models.Person(name=person.name, names={}, aliases=[], gender=None)
    _index(new)
    session.add(new)
    session.flush()
    _move(session, candidacy.id, new.id)
    moved = [{"election": record_id, "key": key, "from": person_id, "to": new.id}]
    after = {"persons": [_row(person), _row(new)], "candidacies": moved, "new": new.id}
    change = _record(session, "split", person_id, actor, {"persons": [_row(person)]}, after)
    elections.note(actor, f"candidacy split off a person (person change #{change.id})", moved)
    return change


def _involved(change: models.PersonChange) -> set[int]:
    """Every person a change touched."""
    rows = [*(change.before or {}).get("persons", []), *(change.after or {}).get("persons", [])]
    return {change.person_id, *(row["id"] for row in rows)}


def _undo(person: models.Person, was: dict, became: dict) -> None:
    """Take back from ``person`` what a change made of its row (``was`` -> ``became``), where it still
    is as the change left it: spellings added since stay."""
    for name in ("name", "gender", "merged_into_id"):
        if getattr(person, name) == became[name]:
            setattr(person, name, was[name])
    names = dict(person.names)
    for lang in set(was["names"]) | set(became["names"]):
        if names.get(lang) == became["names"].get(lang):
            if lang in was["names"]:
                names[lang] = was["names"][lang]
            else:
                names.pop(lang, None)
    added = set(became["aliases"]) - set(was["aliases"])
    removed = [a for a in was["aliases"] if a not in became["aliases"]]
    aliases = [a for a in person.aliases if a not in added] + removed
    person.names = names
    person.aliases = unique_spellings(aliases, also=[person.name, *names.values()])
    _index(person)


def revert_change(session: Session, change_id: int, actor: records.Actor) -> models.PersonChange:
    """Undo the change ``change_id`` (an edit, a merge or a split): the candidacies it moved that are
    still where it put them go back; each person's name, names, aliases, gender and merge go back where
    they are still as it left them; a person it made (a split) goes into the person it was split from,
    as a merge would (its page redirects there). The revert is itself a change (``revert``), and the
    original's ``reverted_by`` names it. Returns the revert. Only flushes.

    Raises ``LookupError`` if there is no such change; :class:`Refused` if it is a revert, was reverted
    already, a later change to the same persons stands, a candidacy cannot go back (its person stands
    in that election again), or a person it made stands in other elections now.
    """
    change = session.get(models.PersonChange, change_id) if 0 <= change_id <= models.MAX_ID else None
    if change is None:
        raise LookupError(f"no person change #{change_id}")
    if change.action == "revert":
        raise Refused(NOT_REVERTIBLE, id=change_id)
    involved = sorted(_involved(change))
    taken = _take(session, involved)
    session.refresh(change)  # under the persons' lock: a revert made meanwhile shows
    if change.reverted_by is not None:
        raise Refused(ALREADY_REVERTED, id=change_id, by=change.reverted_by)
    pc = models.PersonChange
    later = [
        c.id
        for c in session.scalars(
            select(pc).where(pc.id > change_id, pc.action != "revert", pc.reverted_by.is_(None)).order_by(pc.id.desc())
        )
        if _involved(c) & set(involved)
    ]
    if later:
        raise Refused(LATER_FIRST, changes=", ".join(f"#{i}" for i in later))
    now = [_row(taken[i]) for i in involved]
    elections = _Elections(session, involved)
    c, e = models.Candidacy, models.Election
    moved = []
    for move in reversed(change.after.get("candidacies", [])):
        found = session.execute(
            select(c.id, c.person_id, c.election_id).join(e, c.election_id == e.id)
            .where(e.record_id == move["election"], c.key == move["key"])
        ).first()
        if found is None or found.person_id != move["to"]:
            continue  # gone with its election, or moved since: it stays
        if session.scalar(
            select(func.count()).select_from(c).where(c.election_id == found.election_id, c.person_id == move["from"])
        ):
            raise Refused(MOVED_BACK_BLOCKED, id=move["from"], election=move["election"], key=move["key"])
        _move(session, found.id, move["from"])
        moved.append({**move, "from": move["to"], "to": move["from"]})
    was = {row["id"]: row for row in change.before.get("persons", [])}
    for became in change.after.get("persons", []):
        person = taken[became["id"]]
        if became["id"] in was:
            _undo(person, was[became["id"]], became)
            continue
        session.flush()  # a person the change made: whatever stands in its name now
        if session.scalar(select(func.count()).select_from(c).where(c.person_id == person.id)):
            raise Refused(STANDS_ELSEWHERE, id=person.id, change=change_id)
        person.merged_into_id = change.person_id
        _index(person)
    session.flush()
    after = {"persons": [_row(taken[i]) for i in involved], "candidacies": moved, "reverts": change_id}
    revert = _record(session, "revert", change.person_id, actor, {"persons": now, "reverts": change_id}, after)
    change.reverted_by = revert.id
    elections.note(actor, f"person change #{change_id} reverted (person change #{revert.id})", moved)
    return revert
