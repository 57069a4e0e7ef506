"""Storing records: the importer (all or nothing, in batches, with person matching and audit entries),
optimistic locking by version, and deletion."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlmodel import Session

from .. import models, outcomes, results
from ..audit import audit_row
from ..results import N_
from .linked import refresh_concurrent
from .loading import load_record, load_records
from .persons import PersonMatch, _Person, _PersonIndex
from .problems import Problem, RecordsInvalid, said, shown
from .rows import _candidacy_row, _election_row, _round_row, _source_row
from .shape import canonical, record_hash
from .validation import validate_records


class Conflict(Exception):
    """Raised when an election changed since the version an edit began from (optimistic locking):
    nothing is stored. ``current`` is the stored version, ``expected`` the one the edit named."""

    def __init__(self, record_id: str, expected: int, current: int | None):
        super().__init__(f"Election {record_id!r} is at version {current}, not {expected}.")
        self.record_id, self.expected, self.current = record_id, expected, current


@dataclass(frozen=True)
class Actor:
    """Who makes a change, for the audit history: a user's email and id, or how it was made
    (``"flask data import"``) with no id."""

    name: str
    user_id: int | None = None


SYSTEM = Actor("system")


@dataclass
class ImportSummary:
    """What an import did, or would do in a dry run: record ids created, updated and left unchanged,
    and the candidates matched to known persons."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    matches: list[PersonMatch] = field(default_factory=list)
    changes: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class _Pending:
    """A record waiting to be written, with what the importer resolved and computed for it."""

    record: dict
    digest: str
    post_id: int
    election_id: int | None  # set for an update
    version: int  # the election's version once written
    expected: int | None  # the version an edit began from, checked when written
    persons: list[_Person | None]
    outcome: results.Outcome
    results: dict[str, results.CandidateResult]


class _Importer:
    """Writes canonical records in batches with Core ``INSERT ... RETURNING`` (building ORM objects
    costs more than the database), caching what it looks up for the length of one import."""

    def __init__(
        self,
        session: Session,
        dry_run: bool,
        separate: frozenset[tuple[str, str]],
        actor: Actor = SYSTEM,
        expected: dict[str, int] | None = None,
        note: str | None = None,
    ):
        self.session = session
        self.dry_run = dry_run
        self.separate = separate
        self.actor, self.expected, self.note = actor, expected or {}, note
        self.organisations = {o.acronym: o for o in session.scalars(select(models.Organisation))}
        self.regions = {(r.organisation_id, r.name): r for r in session.scalars(select(models.Region))}
        self.posts = {(p.organisation_id, p.title, p.region_id): p for p in session.scalars(select(models.Post))}
        election = models.Election.__table__.c
        self.stored = {
            row.record_id: (row.id, row.record_hash)
            for row in session.execute(select(election.record_id, election.id, election.record_hash))
        }
        self.versions = dict(session.execute(select(election.record_id, election.version)).all())
        self.persons = _PersonIndex(session)
        self.touched: dict[int, _Person] = {}  # persons new or matched in this import, by id()
        self.pending: list[_Pending] = []

    def organisation(self, record_id: str, data: dict) -> models.Organisation:
        organisation = self.organisations.get(data["acronym"])
        if organisation is None:
            same = [a for a in self.organisations if a.casefold() == data["acronym"].casefold()]
            if same:
                message = said(N_("“%(acronym)s” is recorded as “%(stored)s”: use that acronym"), acronym=shown(data["acronym"]), stored=shown(same[0]))
                where = (("field", "", "organisation.acronym"),)
                raise RecordsInvalid([Problem.of(f"election {record_id}", "organisation.acronym", message, where)])
            organisation = models.Organisation(acronym=data["acronym"], name=data["name"])
            self.session.add(organisation)
            self.organisations[data["acronym"]] = organisation
        # What is known stays (other elections show it); a new language's name is added.
        organisation.names = {**data["names"], **organisation.names}
        if organisation.founded is None:
            organisation.founded = data["founded"]
        if organisation.members is None:
            organisation.members = data["members"]
        if organisation.id is None:
            self.session.flush()
        return organisation

    def post(self, organisation: models.Organisation, data: dict, seats: int) -> models.Post:
        region_id = None
        if data["region"]:
            region = self.regions.get((organisation.id, data["region"]))
            if region is None:
                region = models.Region(organisation_id=organisation.id, name=data["region"])
                self.session.add(region)
                self.session.flush()
                self.regions[(organisation.id, data["region"])] = region
            region_id = region.id
        post = self.posts.get((organisation.id, data["title"], region_id))
        if post is None:
            # A title is named once per organisation (tracker.localnames): a new post of it takes those names.
            names = next((p.names for (o, t, _), p in self.posts.items() if (o, t) == (organisation.id, data["title"]) and p.names), {})
            post = models.Post(
                organisation_id=organisation.id, region_id=region_id, title=data["title"], seats=seats, names=dict(names)
            )
            self.session.add(post)
            self.session.flush()
            self.posts[(organisation.id, data["title"], region_id)] = post
        if data["term_years"] is not None:
            post.term_years = data["term_years"]
        return post

    def person(
        self, record: dict, candidate: dict, summary: ImportSummary, taken: list[_Person]
    ) -> _Person | None:
        if candidate["kind"] != "person" or not candidate["name"]:
            return None
        person = None
        if (record["id"], candidate["key"]) not in self.separate:
            election_id = self.stored.get(record["id"], (None, None))[0]
            stored = self.persons.stood.get((election_id, candidate["key"])) if election_id else None
            person = self.persons.match(candidate, taken, stored)
        if person is None:
            person = _Person(None, candidate["name"], {}, [], None)
        else:
            summary.matches.append(
                PersonMatch(
                    record["id"], candidate["key"], candidate["name"], candidate["country"], person.id, person.name
                )
            )
        self.touched[id(person)] = person
        self.persons.add(person, candidate)
        taken.append(person)
        return person

    def add(self, record: dict, summary: ImportSummary) -> None:
        """Queue the canonical ``record`` to create or replace the election ``record["id"]``."""
        digest = record_hash(record)
        election_id, stored_hash = self.stored.get(record["id"], (None, None))
        expected = self.expected.get(record["id"])  # 0: the election must not exist yet
        if expected is not None and self.versions.get(record["id"], 0) != expected:
            raise Conflict(record["id"], expected, self.versions.get(record["id"]))
        if stored_hash == digest:
            summary.unchanged.append(record["id"])
            return
        created = record["id"] not in self.stored
        (summary.created if created else summary.updated).append(record["id"])
        self.stored[record["id"]] = (election_id, digest)
        taken: list[_Person] = []
        persons = [self.person(record, candidate, summary, taken) for candidate in record["candidates"]]
        if self.dry_run:
            if not created:
                summary.changes[record["id"]] = _changed_fields(load_record(self.session, record["id"]), record)
            return
        organisation = self.organisation(record["id"], record["organisation"])
        post = self.post(organisation, record["post"], record["seats"])
        figures = outcomes.election_from_record(record)
        outcome = results.election_outcome(figures)
        version = self.versions.get(record["id"], 0) + 1  # a new election: see write()
        self.versions[record["id"]] = version
        self.pending.append(
            _Pending(
                record, digest, post.id, election_id, version, expected, persons, outcome,
                results.candidate_results(figures, outcome),
            )
        )

    def _insert(self, model, rows: list[dict], returning: bool = False) -> list[int]:
        if not rows:
            return []
        table = model.__table__
        if not returning:
            self.session.execute(insert(table), rows)
            return []
        return list(
            self.session.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows).scalars()
        )

    def write(self) -> None:
        """Write the queued records: persons, elections, candidacies, rounds, votes, sources, and an
        audit entry for each."""
        if self.dry_run or not self.pending:
            self.pending.clear()
            return
        self.session.flush()  # organisations and posts first
        new_persons = [p for p in self.touched.values() if p.id is None]
        for person, person_id in zip(new_persons, self._insert(models.Person, [p.row() for p in new_persons], True)):
            person.id, person.dirty = person_id, False
        before = self._write_elections()
        self._write_children()
        self._insert(
            models.AuditEntry,
            [
                audit_row(
                    p.record["id"], "update" if p.record["id"] in before else "create", p.version, self.actor,
                    before.get(p.record["id"]), p.record, self.note,
                )
                for p in self.pending
            ],
        )
        self.pending.clear()

    def _write_elections(self) -> dict[str, dict]:
        """Write the queued elections' own rows: the changed ones under their row's lock (checked at
        the version each edit began from, then raised in the database, row by row, so that two writers
        never give out the same version), the new ones after. Returns the records replaced, read once
        their rows are held: what this import replaces is what was there when it wrote."""
        updates = [p for p in self.pending if p.election_id is not None]
        table = models.Election.__table__
        for pending in updates:
            if pending.expected is not None:
                _claim(self.session, pending.record["id"], pending.election_id, pending.expected)
        if updates:
            bumped = dict(
                self.session.execute(
                    update(table).where(table.c.id.in_([p.election_id for p in updates]))
                    .values(version=table.c.version + 1).returning(table.c.id, table.c.version)
                ).all()
            )
            for pending in updates:
                pending.version = bumped[pending.election_id]
        before = {r["id"]: r for r in load_records(self.session, [p.record["id"] for p in updates])}
        creates = [p for p in self.pending if p.election_id is None]
        _number_new_versions(self.session, creates)
        if updates:
            _clear_children(self.session, [p.election_id for p in updates])
            self.session.execute(
                update(table).where(table.c.id == bindparam("_id")),
                [{"_id": p.election_id, **_election_row(p)} for p in updates],
            )
        for pending, election_id in zip(creates, self._insert(models.Election, [_election_row(p) for p in creates], True)):
            pending.election_id = election_id
            self.stored[pending.record["id"]] = (election_id, pending.digest)
        return before

    def _write_children(self) -> None:
        """Write the queued elections' candidacies, rounds, votes and sources, in large batches."""
        candidacy_rows, round_rows, source_rows = [], [], []
        for pending in self.pending:
            record = pending.record
            for position, (candidate, person) in enumerate(zip(record["candidates"], pending.persons)):
                candidacy_rows.append(_candidacy_row(pending, position, candidate, person))
            round_rows += [_round_row(pending.election_id, rnd) for rnd in record["rounds"]]
            source_rows += [_source_row(pending.election_id, position, source) for position, source in enumerate(record["sources"])]
        candidacy_ids = iter(self._insert(models.Candidacy, candidacy_rows, True))
        round_ids = iter(self._insert(models.Round, round_rows, True))
        vote_rows = []
        for pending in self.pending:
            by_key = {c["key"]: next(candidacy_ids) for c in pending.record["candidates"]}
            for rnd in pending.record["rounds"]:
                round_id = next(round_ids)
                vote_rows += [
                    {"round_id": round_id, "candidacy_id": by_key[v["candidate"]], "votes": v["votes"],
                     "share": v["share"], "against": v.get("against")}
                    for v in rnd["votes"]
                ]
        self._insert(models.RoundVote, vote_rows)
        self._insert(models.Source, source_rows)

    def finish(self) -> None:
        """Write what is queued, and the new names and spellings of persons known before."""
        self.write()
        changed = [p for p in self.touched.values() if p.dirty and p.id is not None]
        if changed and not self.dry_run:
            table = models.Person.__table__
            self.session.execute(
                update(table).where(table.c.id == bindparam("_id")), [{"_id": p.id, **p.row()} for p in changed]
            )
        self.session.flush()


def _changed_fields(before: dict | None, after: dict) -> list[str]:
    if before is None:
        return []
    return [name for name in after if before.get(name) != after[name]]


def _claim(session: Session, record_id: str, election_id: int, expected: int) -> None:
    """Lock the election's row if it is still at version ``expected``; else raise :class:`Conflict`.

    The UPDATE waits for any other transaction writing the row, then sees its committed version, so of
    two edits begun from the same version only the first can pass.
    """
    table = models.Election.__table__
    claimed = session.execute(
        update(table).where(table.c.id == election_id, table.c.version == expected).values(version=expected)
    ).rowcount
    if claimed != 1:
        current = session.scalar(select(table.c.version).where(table.c.id == election_id))
        raise Conflict(record_id, expected, current)


def _number_new_versions(session: Session, creates: list[_Pending]) -> None:
    """An election made again under an id it had before (a deletion undone) goes on from its last
    version, so that versions in its history never repeat."""
    if not creates:
        return
    entry = models.AuditEntry
    last = dict(
        session.execute(
            select(entry.record_id, func.max(entry.version))
            .where(entry.record_id.in_([p.record["id"] for p in creates]))
            .group_by(entry.record_id)
        ).all()
    )
    for pending in creates:
        pending.version = last.get(pending.record["id"], 0) + 1


def stored_version(session: Session, record_id: str) -> int | None:
    """The stored election's version (raised by every change), or ``None`` if there is no such election."""
    return session.scalar(select(models.Election.version).where(models.Election.record_id == record_id))


def delete_election(
    session: Session, record_id: str, actor: Actor = SYSTEM, expected: int | None = None, note: str | None = None
) -> dict:
    """Delete the election ``record_id`` and its candidacies, rounds and sources (persons, posts and
    organisations stay); the audit history keeps the record, so the deletion can be undone.

    Returns the deleted record. Raises ``LookupError`` if there is no such election, :class:`Conflict`
    if ``expected`` is given and the election is at another version. Only flushes.
    """
    table = models.Election.__table__
    row = session.execute(select(table.c.id, table.c.version).where(table.c.record_id == record_id)).first()
    if row is None:
        raise LookupError(record_id)
    if expected is not None:
        _claim(session, record_id, row.id, expected)
    record = load_record(session, record_id)
    _clear_children(session, [row.id])
    session.execute(delete(table).where(table.c.id == row.id))
    entry = audit_row(record_id, "delete", row.version, actor, record, None, note)
    session.execute(insert(models.AuditEntry.__table__), [entry])
    refresh_concurrent(session, [], extra=outcomes.concurrent_ids(record))
    return record


def _clear_children(session: Session, election_ids: list[int]) -> None:
    round_ids = select(models.Round.id).where(models.Round.election_id.in_(election_ids))
    session.execute(delete(models.RoundVote).where(models.RoundVote.round_id.in_(round_ids)))
    for table in (models.Round, models.Candidacy, models.Source):
        session.execute(delete(table).where(table.election_id.in_(election_ids)))


BATCH = 500  # elections per write: memory stays flat, inserts go in large batches


def import_records(
    session: Session,
    data: Any,
    *,
    dry_run: bool = False,
    separate: frozenset[tuple[str, str]] = frozenset(),
    progress: Callable[[int], None] | None = None,
    actor: Actor = SYSTEM,
    expected_versions: dict[str, int] | None = None,
    note: str | None = None,
) -> ImportSummary:
    """Validate a whole election-records/v1 document, then store every record in it.

    A record whose ``id`` is stored replaces that election; one identical to what was last imported
    under its id is left alone. Candidates are matched to known persons by any spelling of their name
    and a compatible nominating State, except the ``(election id, candidate key)`` pairs in
    ``separate``. ``dry_run``: report what would happen, store nothing. ``progress`` is called with
    the number of records done after each one.

    Every election created or changed gets an audit entry naming ``actor`` (with ``note``), holding the
    record before and after, and its version goes up by one. ``expected_versions`` maps record ids to
    the version an edit began from (optimistic locking).

    Raises :class:`RecordsInvalid` (nothing stored) if any record is faulty, :class:`Conflict` if an
    election is no longer at its expected version. Only flushes: the caller commits, or rolls back.
    """
    problems = validate_records(data)
    if problems:
        raise RecordsInvalid(problems)
    summary = ImportSummary()
    importer = _Importer(session, dry_run, separate, actor, expected_versions, note)
    for done, record in enumerate(data["elections"], start=1):
        importer.add(canonical(record), summary)
        if len(importer.pending) >= BATCH:
            importer.write()
        if progress:
            progress(done)
    importer.finish()
    if not dry_run:
        refresh_concurrent(session, summary.created + summary.updated)
    return summary
