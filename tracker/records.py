"""Election records in the election-records/v1 format: validate, store, load, export.

A *record* is one election as a plain ``dict`` shaped by ``data/election-records.schema.json`` (a copy
of ``../shared/interchange/election-records.schema.json``). The pages, the API, the forms and the
importer all go through records: a form builds a record, :func:`validate_records` checks it, and
:func:`store_record` writes it; :func:`load_record` reads one back in its canonical shape, which is also
what export writes.

Storing only flushes; the caller commits (one transaction per import or form).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from sqlalchemy import delete, func, select
from sqlmodel import Session

from . import models
from .countries import is_country

FORMAT = "election-records/v1"
_KEY = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Problem:
    """One reason a record cannot be stored: which election, which field, why."""

    election: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.election}: {self.field}" if self.field else self.election
        return f"{where}: {self.message}"


class RecordsInvalid(ValueError):
    """Raised when a file or a form's record fails validation; ``problems`` lists every fault."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class ImportSummary:
    """What an import did: record ids created and updated."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    schema = json.loads(resources.files("tracker").joinpath("data/election-records.schema.json").read_text())
    return Draft202012Validator(schema, format_checker=FormatChecker())


def slug(text: str) -> str:
    """A key-shaped slug (``^[a-z0-9][a-z0-9-]*$``) of ``text``; ``"x"`` if nothing is left."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return _KEY.sub("-", folded).strip("-") or "x"


def record_id_for(record: dict) -> str:
    """The id a record without one is stored under: organisation, post, region and date."""
    post = record.get("post") or {}
    parts = [record["organisation"]["acronym"], post.get("title", ""), post.get("region") or "", record["date"]]
    return slug("-".join(p for p in parts if p))


def _path(parts) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _election_label(record: Any, index: int) -> str:
    if isinstance(record, dict) and isinstance(record.get("id"), str):
        return f"election {record['id']!r}"
    return f"election #{index + 1}"


def _real_date(text: str) -> bool:
    parts = text.split("-")
    try:
        dt.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


def validate_records(data: Any) -> list[Problem]:
    """Every fault in an election-records/v1 document, schema and meaning alike; ``[]`` if none.

    Beyond the JSON Schema: candidate keys unique per election and every key a round names declared;
    round numbers unique; ISO 3166-1 alpha-3 codes that exist; calendar dates that exist; ids unique
    within the file.
    """
    problems: list[Problem] = []
    if not isinstance(data, dict):
        return [Problem("file", "", "is not a JSON object with 'format' and 'elections'")]
    for error in sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        path = list(error.absolute_path)
        if len(path) >= 2 and path[0] == "elections" and isinstance(path[1], int):
            elections = data.get("elections")
            label = _election_label(elections[path[1]], path[1])
            problems.append(Problem(label, _path(path[2:]), error.message))
        else:
            problems.append(Problem("file", _path(path), error.message))
    if problems:
        return problems
    seen_ids: set[str] = set()
    for index, record in enumerate(data["elections"]):
        label = _election_label(record, index)
        record_id = record.get("id") or record_id_for(record)
        if record_id in seen_ids:
            problems.append(Problem(label, "id", f"{record_id!r} appears twice in the file"))
        seen_ids.add(record_id)
        problems += [Problem(label, f, m) for f, m in _meaning_problems(record)]
    return problems


def _meaning_problems(record: dict) -> list[tuple[str, str]]:
    problems = []
    if not _real_date(record["date"]):
        problems.append(("date", f"{record['date']!r} is not a calendar date"))
    location = record.get("location") or {}
    if location.get("country") and not is_country(location["country"]):
        problems.append(("location.country", f"{location['country']!r} is not an ISO 3166-1 alpha-3 code"))
    keys: list[str] = []
    for i, candidate in enumerate(record["candidates"]):
        if candidate["key"] in keys:
            problems.append((f"candidates[{i}].key", f"{candidate['key']!r} is used twice"))
        keys.append(candidate["key"])
        if candidate.get("country") and not is_country(candidate["country"]):
            problems.append(
                (f"candidates[{i}].country", f"{candidate['country']!r} is not an ISO 3166-1 alpha-3 code")
            )
        if candidate.get("kind", "person") == "person" and not candidate.get("name") and not candidate.get(
            "country"
        ):
            problems.append((f"candidates[{i}]", "a candidate needs a name or a nominating country"))
    known = set(keys)
    for name in record.get("reported_elected", []):
        if name not in known:
            problems.append(("reported_elected", f"{name!r} is not a candidate of this election"))
    numbers: set[int] = set()
    for r, rnd in enumerate(record["rounds"]):
        where = f"rounds[{r}]"
        if rnd["number"] in numbers:
            problems.append((f"{where}.number", f"round {rnd['number']} appears twice"))
        numbers.add(rnd["number"])
        voted: set[str] = set()
        for v, vote in enumerate(rnd["votes"]):
            if vote["candidate"] not in known:
                problems.append((f"{where}.votes[{v}].candidate", f"{vote['candidate']!r} is not a candidate"))
            if vote["candidate"] in voted:
                problems.append((f"{where}.votes[{v}].candidate", f"{vote['candidate']!r} has two entries"))
            voted.add(vote["candidate"])
        for list_name in ("standing", "withdrawn", "eliminated", "decided_by_lot"):
            for name in rnd.get(list_name) or []:
                if name not in known:
                    problems.append((f"{where}.{list_name}", f"{name!r} is not a candidate"))
        for d, dispute in enumerate(rnd.get("disputed", [])):
            if dispute.get("candidate") and dispute["candidate"] not in known:
                problems.append((f"{where}.disputed[{d}].candidate", f"{dispute['candidate']!r} is not a candidate"))
    return problems


def parse_document(text: str | bytes) -> Any:
    """Parse a JSON document; raises :class:`RecordsInvalid` with the line and column of a syntax error."""
    try:
        return json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        where = f"line {error.lineno}, column {error.colno}" if isinstance(error, json.JSONDecodeError) else ""
        raise RecordsInvalid([Problem("file", where, f"is not valid JSON ({error})")]) from None


# --- storing ---------------------------------------------------------------------------------------


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _sort_date(text: str) -> dt.date:
    parts = [int(p) for p in text.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


def _organisation(session: Session, data: dict) -> models.Organisation:
    organisation = session.scalar(
        select(models.Organisation).where(models.Organisation.acronym == data["acronym"])
    )
    if organisation is None:
        organisation = models.Organisation(acronym=data["acronym"], name=data["name"])
        session.add(organisation)
    organisation.name = data["name"]
    organisation.names = {**organisation.names, **data.get("names", {})}
    if data.get("founded") is not None:
        organisation.founded = data["founded"]
    if data.get("members") is not None:
        organisation.members = data["members"]
    session.flush()
    return organisation


def _post(session: Session, organisation: models.Organisation, data: dict, seats: int) -> models.Post:
    region_id = None
    if data.get("region"):
        region = session.scalar(
            select(models.Region).where(
                models.Region.organisation_id == organisation.id, models.Region.name == data["region"]
            )
        )
        if region is None:
            region = models.Region(organisation_id=organisation.id, name=data["region"])
            session.add(region)
            session.flush()
        region_id = region.id
    post = session.scalar(
        select(models.Post).where(
            models.Post.organisation_id == organisation.id,
            models.Post.title == data["title"],
            models.Post.region_id.is_(None) if region_id is None else models.Post.region_id == region_id,
        )
    )
    if post is None:
        post = models.Post(organisation_id=organisation.id, region_id=region_id, title=data["title"], seats=seats)
        session.add(post)
    if data.get("term_years") is not None:
        post.term_years = data["term_years"]
    session.flush()
    return post


def _person(session: Session, candidate: dict) -> models.Person | None:
    """The stored person this candidate is, matched by name (any spelling) and nominating country."""
    if candidate.get("kind", "person") != "person" or not candidate.get("name"):
        return None
    spellings = {candidate["name"].casefold(), *(a.casefold() for a in candidate.get("aliases", []))}
    spellings |= {n.casefold() for n in candidate.get("names", {}).values()}
    matches = session.scalars(
        select(models.Person).where(func.lower(models.Person.name).in_(sorted(spellings)))
    ).all()
    person = None
    for match in matches:
        countries = set(
            session.scalars(select(models.Candidacy.country).where(models.Candidacy.person_id == match.id))
        )
        if not countries or candidate.get("country") in countries:
            person = match
            break
    if person is None:
        person = models.Person(name=candidate["name"])
        session.add(person)
    person.names = {**person.names, **candidate.get("names", {})}
    person.aliases = sorted(set(person.aliases) | set(candidate.get("aliases", [])))
    if candidate.get("gender"):
        person.gender = candidate["gender"]
    session.flush()
    return person


def _clear_children(session: Session, election_id: int) -> None:
    round_ids = select(models.Round.id).where(models.Round.election_id == election_id)
    session.execute(delete(models.RoundVote).where(models.RoundVote.round_id.in_(round_ids)))
    for table in (models.Round, models.Candidacy, models.Source):
        session.execute(delete(table).where(table.election_id == election_id))


def store_record(session: Session, record: dict) -> tuple[models.Election, bool]:
    """Create or replace (by ``id``) one validated record; returns the election and whether it is new.

    Call :func:`validate_records` first: this trusts its input. Only flushes.
    """
    record_id = record.get("id") or record_id_for(record)
    organisation = _organisation(session, record["organisation"])
    seats = record.get("seats", 1)
    post = _post(session, organisation, record["post"], seats)
    election = session.scalar(select(models.Election).where(models.Election.record_id == record_id))
    created = election is None
    if created:
        election = models.Election(record_id=record_id)
        session.add(election)
    else:
        _clear_children(session, election.id)
    rule = record.get("rule") or {}
    location = record.get("location") or {}
    term = record.get("term") or {}
    election.post_id = post.id
    election.status = record.get("status", "held")
    election.body = record["body"]
    election.session = record.get("session")
    election.date = record["date"]
    election.sort_date = _sort_date(record["date"])
    election.end_date = _date(record.get("end_date"))
    election.city = location.get("city")
    election.country = location.get("country")
    election.electorate = record.get("electorate")
    election.seats = seats
    election.quota = rule.get("quota")
    election.base = rule.get("base")
    election.term_start = _date(term.get("start"))
    election.term_end = _date(term.get("end"))
    election.unnamed_candidates = record.get("unnamed_candidates")
    election.rounds_held = record.get("rounds_held")
    election.notes = record.get("notes")
    election.related = record.get("related", [])
    session.flush()

    reported = set(record.get("reported_elected", []))
    candidacy_ids = {}
    for position, candidate in enumerate(record["candidates"]):
        person = _person(session, candidate)
        candidacy = models.Candidacy(
            election_id=election.id,
            person_id=person.id if person else None,
            key=candidate["key"],
            name=None if person else candidate.get("name"),
            position=position,
            kind=candidate.get("kind", "person"),
            country=candidate.get("country"),
            nominated_by=candidate.get("nominated_by"),
            affiliation=candidate.get("affiliation"),
            declared=candidate.get("declared", True),
            reported_elected=candidate["key"] in reported,
        )
        session.add(candidacy)
        session.flush()
        candidacy_ids[candidate["key"]] = candidacy.id
    for data in record["rounds"]:
        rule = data.get("rule") or {}
        rnd = models.Round(
            election_id=election.id,
            number=data["number"],
            label=data.get("label"),
            kind=data.get("kind", "ordinary"),
            date=_date(data.get("date")),
            quota=rule.get("quota"),
            base=rule.get("base"),
            electorate=data.get("electorate"),
            ballots_cast=data.get("ballots_cast"),
            invalid=data.get("invalid"),
            abstentions=data.get("abstentions"),
            present_and_voting=data.get("present_and_voting"),
            required_majority=data.get("required_majority"),
            share_of=data.get("share_of", "valid_votes"),
            standing=data.get("standing"),
            withdrawn=data.get("withdrawn", []),
            eliminated=data.get("eliminated", []),
            decided_by_lot=data.get("decided_by_lot", []),
            derived=data.get("derived", []),
            sources=data.get("sources", []),
            disputed=data.get("disputed", []),
            notes=data.get("notes"),
        )
        session.add(rnd)
        session.flush()
        for vote in data["votes"]:
            session.add(
                models.RoundVote(
                    round_id=rnd.id,
                    candidacy_id=candidacy_ids[vote["candidate"]],
                    votes=vote.get("votes"),
                    share=vote.get("share"),
                    against=vote.get("against"),
                )
            )
    for position, source in enumerate(record.get("sources", [])):
        session.add(
            models.Source(
                election_id=election.id,
                position=position,
                url=source["url"],
                title=source.get("title"),
                publisher=source.get("publisher"),
                language=source.get("language"),
                published=_date(source.get("published")),
                accessed=_date(source.get("accessed")),
            )
        )
    session.flush()
    return election, created


def import_records(session: Session, data: Any) -> ImportSummary:
    """Validate a whole election-records/v1 document, then store every record in it.

    Raises :class:`RecordsInvalid` (nothing stored) if any record is faulty. Only flushes: the caller
    commits, or rolls back.
    """
    problems = validate_records(data)
    if problems:
        raise RecordsInvalid(problems)
    summary = ImportSummary()
    for record in data["elections"]:
        election, created = store_record(session, record)
        (summary.created if created else summary.updated).append(election.record_id)
    return summary


# --- loading ---------------------------------------------------------------------------------------


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _rule(quota: str | None, base: str | None) -> dict | None:
    return {"quota": quota, "base": base} if quota and base else None


def load_record(session: Session, record_id: str) -> dict | None:
    """The stored election ``record_id`` as a canonical election-records/v1 record; ``None`` if absent.

    Issues a fixed number of SQL statements (one per table), whatever the election's size.
    """
    row = session.execute(
        select(models.Election, models.Post, models.Organisation, models.Region)
        .join(models.Post, models.Election.post_id == models.Post.id)
        .join(models.Organisation, models.Post.organisation_id == models.Organisation.id)
        .outerjoin(models.Region, models.Post.region_id == models.Region.id)
        .where(models.Election.record_id == record_id)
    ).first()
    if row is None:
        return None
    election, post, organisation, region = row
    candidacies = session.execute(
        select(models.Candidacy, models.Person)
        .outerjoin(models.Person, models.Candidacy.person_id == models.Person.id)
        .where(models.Candidacy.election_id == election.id)
        .order_by(models.Candidacy.position, models.Candidacy.id)
    ).all()
    keys = {candidacy.id: candidacy.key for candidacy, _ in candidacies}
    rounds = session.scalars(
        select(models.Round).where(models.Round.election_id == election.id).order_by(models.Round.number)
    ).all()
    votes: dict[int, list[dict]] = {}
    for vote in session.scalars(
        select(models.RoundVote)
        .join(models.Round, models.RoundVote.round_id == models.Round.id)
        .where(models.Round.election_id == election.id)
        .order_by(models.RoundVote.id)
    ):
        entry = {"candidate": keys[vote.candidacy_id], "votes": vote.votes, "share": vote.share}
        if vote.against is not None:
            entry["against"] = vote.against
        votes.setdefault(vote.round_id, []).append(entry)
    sources = session.scalars(
        select(models.Source).where(models.Source.election_id == election.id).order_by(models.Source.position)
    ).all()
    return {
        "id": election.record_id,
        "status": election.status,
        "organisation": {
            "acronym": organisation.acronym,
            "name": organisation.name,
            "names": organisation.names,
            "founded": organisation.founded,
            "members": organisation.members,
        },
        "body": election.body,
        "session": election.session,
        "post": {"title": post.title, "region": region.name if region else None, "term_years": post.term_years},
        "date": election.date,
        "end_date": _iso(election.end_date),
        "location": {"city": election.city, "country": election.country},
        "electorate": election.electorate,
        "seats": election.seats,
        "term": {"start": _iso(election.term_start), "end": _iso(election.term_end)},
        "rule": _rule(election.quota, election.base),
        "candidates": [_candidate(candidacy, person) for candidacy, person in candidacies],
        "unnamed_candidates": election.unnamed_candidates,
        "rounds": [_round(rnd, votes.get(rnd.id, [])) for rnd in rounds],
        "rounds_held": election.rounds_held,
        "reported_elected": [c.key for c, _ in candidacies if c.reported_elected],
        "related": election.related,
        "sources": [
            {
                "url": s.url,
                "title": s.title,
                "publisher": s.publisher,
                "language": s.language,
                "published": _iso(s.published),
                "accessed": _iso(s.accessed),
            }
            for s in sources
        ],
        "notes": election.notes,
    }


def _candidate(candidacy: models.Candidacy, person: models.Person | None) -> dict:
    return {
        "key": candidacy.key,
        "kind": candidacy.kind,
        "name": person.name if person else candidacy.name,
        "names": person.names if person else {},
        "aliases": person.aliases if person else [],
        "country": candidacy.country,
        "nominated_by": candidacy.nominated_by,
        "gender": person.gender if person else None,
        "affiliation": candidacy.affiliation,
        "declared": candidacy.declared,
    }


def _round(rnd: models.Round, votes: list[dict]) -> dict:
    data = {
        "number": rnd.number,
        "label": rnd.label,
        "kind": rnd.kind,
        "date": _iso(rnd.date),
        "electorate": rnd.electorate,
        "withdrawn": rnd.withdrawn,
        "ballots_cast": rnd.ballots_cast,
        "invalid": rnd.invalid,
        "abstentions": rnd.abstentions,
        "present_and_voting": rnd.present_and_voting,
        "required_majority": rnd.required_majority,
        "share_of": rnd.share_of,
        "votes": votes,
        "decided_by_lot": rnd.decided_by_lot,
        "eliminated": rnd.eliminated,
        "derived": rnd.derived,
        "sources": rnd.sources,
        "disputed": rnd.disputed,
        "notes": rnd.notes,
    }
    rule = _rule(rnd.quota, rnd.base)
    if rule:
        data["rule"] = rule
    if rnd.standing is not None:
        data["standing"] = rnd.standing
    return data


def list_elections(session: Session) -> list[dict]:
    """Every election, newest first, as plain rows for the home page."""
    rows = session.execute(
        select(
            models.Election.record_id,
            models.Election.date,
            models.Election.body,
            models.Election.session,
            models.Election.city,
            models.Election.country,
            models.Post.title,
            models.Region.name,
            models.Organisation.acronym,
        )
        .join(models.Post, models.Election.post_id == models.Post.id)
        .join(models.Organisation, models.Post.organisation_id == models.Organisation.id)
        .outerjoin(models.Region, models.Post.region_id == models.Region.id)
        .order_by(models.Election.sort_date.desc(), models.Election.record_id)
    ).all()
    return [
        {
            "id": r[0],
            "date": r[1],
            "body": r[2],
            "session": r[3],
            "city": r[4],
            "country": r[5],
            "post": r[6],
            "region": r[7],
            "organisation": r[8],
        }
        for r in rows
    ]


def export_document(records: list[dict]) -> dict:
    """An election-records/v1 document holding ``records``."""
    return {"format": FORMAT, "elections": records}


def load_organisation_name(session: Session, acronym: str) -> str | None:
    """The stored full name of the organisation ``acronym``."""
    return session.scalar(select(models.Organisation.name).where(models.Organisation.acronym == acronym))
