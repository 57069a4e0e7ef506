"""The shape of an election-records/v1 record, written once: typed models of every object of the format,
with each field's limit of length (the database column's size).

From these models come: the canonical record the tracker stores and exports (:func:`canonical`, every
field in the models' order, defaults filled in), the longest text each field may hold (checked by the
importer, :data:`TEXT_LIMITS`; sized into the database's columns, :func:`limit`; given to the forms'
fields), and the CSV layout's columns (:mod:`.csvformat`). The published contract stays the JSON Schema
(``tracker/data/election-records.schema.json``, a copy of ``../shared/interchange/``): the models accept
exactly what it accepts (``tests/test_shape.py`` checks the examples, every shipped record and generated
ones), and its wording names a fault where a record does not conform.

A field's limit is metadata, not a constraint the models enforce (the schema sets none): the importer
refuses longer text with a message that names the field and the limit.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictFloat, StrictInt, StrictStr

from .. import results
from .format import record_id_for
from .text import TextKind

LONGEST_TEXT = 10_000  # text with no limit of its own (notes): a page's worth
LARGEST_NUMBER = 2**31 - 1  # the database's integers
LONGEST_TERM = 100  # years: a longer term is a typing error


@dataclass(frozen=True)
class Limit:
    """The longest text a field holds (its database column's size), and what kind of text it is
    (:class:`~tracker.records.text.TextKind`: several lines, one line, or a key)."""

    length: int
    kind: TextKind = TextKind.LINE


def _whole(value: Any) -> Any:
    """JSON Schema's integers include 3.0: take it as 3 (never a boolean)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _iso_date(value: Any) -> Any:
    """A JSON Schema ``date``: YYYY-MM-DD that is a calendar day (as jsonschema's format check)."""
    if isinstance(value, str) and not (re.fullmatch(r"\d{4}-\d{2}-\d{2}", value, re.ASCII) and _is_day(value)):
        raise ValueError(f"{value!r} is not a 'date'")
    return value


def _is_day(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def Text(limit: int = LONGEST_TEXT, *, kind: TextKind = TextKind.LINE, min_length: int | None = None, pattern: str | None = None):
    """A string field of at most ``limit`` characters, of ``kind`` (metadata: the importer and the forms
    check both, :mod:`.text`), with the schema's own constraints."""
    return Annotated[StrictStr, Limit(limit, kind), Field(min_length=min_length, pattern=pattern)]


def _whole_from(least: int | None = None):
    """A JSON integer (3.0 taken as 3), at least ``least`` where given."""
    return Annotated[StrictInt, Field(ge=least), BeforeValidator(_whole)]


Whole = _whole_from()
Count = _whole_from(0)
Number = StrictInt | StrictFloat
Percent = Annotated[StrictInt, Field(ge=0, le=100)] | Annotated[StrictFloat, Field(ge=0, le=100)]
Day = Annotated[StrictStr, BeforeValidator(_iso_date)]
Key = Text(80, kind=TextKind.KEY, pattern=r"^[a-z0-9][a-z0-9-]*$")
Notes = Text(kind=TextKind.LINES)
Country = Annotated[StrictStr, Limit(3, TextKind.KEY), Field(pattern=r"^[A-Z]{3}$")]
Names = dict[StrictStr, Text(300, min_length=1)]


def _values(members: type[enum.Enum]):
    """The values of one of the arithmetic's closed sets, as a type: the format knows no other."""
    return Literal[tuple(member.value for member in members)]


Quota = _values(results.Quota)
Base = _values(results.Base)
RoundKind = _values(results.RoundKind)
Status = _values(results.Status)
Relation = Literal["concurrent", "nominates", "appoints", "by_election_for", "shares_term_with"]


class Shape(BaseModel):
    """What every object of the format is: no field beyond its own, JSON's types taken as they are."""

    model_config = ConfigDict(extra="forbid", strict=True)


class Organisation(Shape):
    acronym: Text(40, kind=TextKind.KEY, min_length=1)
    name: Text(300, min_length=1)
    names: Names = {}
    founded: Whole | None = None
    members: Count | None = None


class Post(Shape):
    title: Text(300, kind=TextKind.KEY, min_length=1)
    region: Text(200, kind=TextKind.KEY) | None = None
    term_years: _whole_from(1) | None = None


class Location(Shape):
    city: Text(200) | None = None
    country: Country | None = None


class Term(Shape):
    start: Day | None = None
    end: Day | None = None


class Rule(Shape):
    quota: Quota
    base: Base


class Source(Shape):
    url: Text(2000, min_length=1)
    title: Text(500) | None = None
    publisher: Text(300) | None = None
    language: Text(35) | None = None
    published: Day | None = None
    accessed: Day | None = None


class Candidate(Shape):
    key: Key
    kind: Literal["person", "state"] = "person"
    name: Text(300, min_length=1) | None = None
    names: Names = {}
    aliases: list[Text(300, min_length=1)] = []
    country: Country | None = None
    nominated_by: Text(300) | None = None
    gender: Literal["female", "male", "other"] | None = None
    affiliation: Text(500) | None = None
    declared: bool = True


class Vote(Shape):
    candidate: Text(80)
    votes: Count | None = None
    share: Percent | None = None
    against: Count | None = None


class Disputed(Shape):
    field: Text(80)
    candidate: Text(80) | None = None
    value: Number | None
    source: Text(2000)


class Round(Shape):
    number: _whole_from(1)
    label: Text(200) | None = None
    kind: RoundKind = "ordinary"
    date: Day | None = None
    rule: Rule = None  # absent: the election's rule; never null (the schema's round rule is an object)
    electorate: Count | None = None
    standing: list[Text(80)] = None  # absent: not a restricted round; never null
    withdrawn: list[Text(80)] = []
    ballots_cast: Count | None = None
    invalid: Count | None = None
    abstentions: Count | None = None
    present_and_voting: Count | None = None
    required_majority: Count | None = None
    share_of: Literal[results.Base.VALID_VOTES.value, results.Base.BALLOTS_CAST.value] = "valid_votes"
    votes: list[Vote]
    decided_by_lot: list[Text(80)] = []
    eliminated: list[Text(80)] = []
    derived: list[Text(80)] = []
    sources: list[Text(2000)] = []
    disputed: list[Disputed] = []
    notes: Notes | None = None


class Related(Shape):
    id: Text(120)
    relation: Relation


class ElectionRecord(Shape):
    """One election: who stood, each round's figures, what the sources report, and the sources."""

    id: Text(120, pattern=r"^[a-z0-9][a-z0-9-]*$") = None  # may be absent (made from the record), never null
    status: Status = "held"
    organisation: Organisation
    body: Text(200, min_length=1)
    session: Text(300) | None = None
    post: Post
    date: Annotated[StrictStr, Limit(10), Field(pattern=r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")]
    end_date: Annotated[StrictStr, Limit(10), Field(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")] | None = None
    location: Location | None = None
    electorate: Count | None = None
    seats: _whole_from(1) = 1
    term: Term | None = None
    rule: Rule | None = None
    candidates: list[Candidate]
    unnamed_candidates: Count | None = None
    rounds: list[Round]
    rounds_held: _whole_from(1) | None = None
    reported_elected: list[Text(80)] = None  # absent: not reported; [] reported no one; never null
    related: list[Related] = []
    sources: list[Source] = []
    notes: Notes | None = None


class Document(Shape):
    """An election-records/v1 file."""

    format: Literal["election-records/v1"]
    elections: list[ElectionRecord]


def stored_as_is(model: type[Shape], columns, besides: tuple[str, ...] = ()) -> list[str]:
    """The fields of ``model`` kept in a database column of the same name (``columns``: a table's
    column names), but ``besides``: what storing and reading copy as they are (a day turned to a date
    and back, lists and objects as JSON, by the column's type)."""
    return [name for name in model.model_fields if name in columns and name not in besides]


# The counts of a round, in the shape's order: the ballot's figures the page, the form and the CSV list.
ROUND_COUNTS = [name for name, info in Round.model_fields.items() if info.annotation == Count | None]


# --- limits ----------------------------------------------------------------------------------------


def _limit_of(annotation) -> Limit | None:
    for meta in get_args(annotation)[1:] if get_origin(annotation) is Annotated else ():
        if isinstance(meta, Limit):
            return meta
    for inner in get_args(annotation):
        found = _limit_of(inner)
        if found is not None:
            return found
    return None


def _models_in(annotation) -> list[type[Shape]]:
    if isinstance(annotation, type) and issubclass(annotation, Shape):
        return [annotation]
    return [m for inner in get_args(annotation) for m in _models_in(inner)]


def _collection(annotation) -> str:
    """``"[]"`` for a list, ``".*"`` for a dict of names, ``""`` otherwise (optional wrappers passed)."""
    for inner in (annotation, *get_args(annotation)):
        origin = get_origin(inner)
        if origin is list:
            return "[]"
        if origin is dict:
            return ".*"
    return ""


def _text_fields(model: type[Shape], prefix: str = "") -> dict[str, Limit]:
    found: dict[str, Limit] = {}
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        nested = _models_in(info.annotation)
        if nested:
            for inner in nested:
                found.update(_text_fields(inner, path + _collection(info.annotation).replace(".*", "") + "."))
            continue
        text = _limit_of(info.annotation) or next((m for m in info.metadata if isinstance(m, Limit)), None)
        if text is not None:
            found[path + _collection(info.annotation)] = text
    return found


# path pattern ("candidates[].names.*") -> the longest text it holds and its kind
TEXT_FIELDS: dict[str, Limit] = _text_fields(ElectionRecord)
TEXT_LIMITS = {path: text.length for path, text in TEXT_FIELDS.items()}  # path pattern -> longest text


def limit(path: str) -> int:
    """The longest text the field at ``path`` holds (``"organisation.acronym"`` -> 40,
    ``"candidates[].name"`` -> 300): its database column's size and its form field's limit. Raises
    ``KeyError`` for a path that is no text field of the format."""
    return TEXT_LIMITS[path]


def text_kind(path: str) -> TextKind:
    """What kind of text the field at ``path`` holds (``"organisation.acronym"`` -> KEY, ``"notes"`` ->
    LINES, ``"candidates[].name"`` -> LINE). Raises ``KeyError`` for a path that is no text field."""
    return TEXT_FIELDS[path].kind


# --- the canonical record ------------------------------------------------------------------------


def canonical(record: dict) -> dict:
    """A valid record (an election-records/v1 election object) in the one shape the tracker stores and
    exports: every field of :class:`ElectionRecord` present in its order, defaults filled in, but
    ``reported_elected`` (absent where the sources say nothing of who was elected); a round's ``rule`` and ``standing`` only where given, ``against`` only in a
    for/against round (then in every vote, null where unknown); rounds in number order; votes and
    lists of candidates in the order the candidates are listed; a State candidate's spellings dropped
    (it is named by its code), a person's aliases as a sorted set.
    ``canonical(load_record(...))`` is ``load_record(...)``.
    """
    election = ElectionRecord.model_validate(record)
    order = {c.key: i for i, c in enumerate(election.candidates)}
    data = election.model_dump(exclude={"reported_elected", "rounds", "candidates"})
    data["id"] = election.id or record_id_for(record)
    data["location"] = (election.location or Location()).model_dump()
    data["term"] = (election.term or Term()).model_dump()
    data["candidates"] = [_candidate(c) for c in election.candidates]
    data["rounds"] = [_round(r, order) for r in sorted(election.rounds, key=lambda r: r.number)]
    if election.reported_elected is not None:
        data["reported_elected"] = [c.key for c in election.candidates if c.key in set(election.reported_elected)]
    return {name: data[name] for name in ElectionRecord.model_fields if name in data}


def _candidate(candidate: Candidate) -> dict:
    data = candidate.model_dump()
    if candidate.kind == "state":  # named by its country code, in every language: no spellings kept
        data["names"], data["aliases"] = {}, []
    else:
        data["aliases"] = sorted(set(candidate.aliases))  # a set of spellings: order means nothing
    return data


def _round(rnd: Round, order: dict[str, int]) -> dict:
    def ordered(keys) -> list[str]:
        return sorted(keys, key=lambda key: order.get(key, len(order)))

    for_against = any("against" in v.model_fields_set for v in rnd.votes)
    data = rnd.model_dump(exclude={"votes", "rule", "standing"})
    for name in ("withdrawn", "decided_by_lot", "eliminated"):
        data[name] = ordered(data[name])
    data["votes"] = [
        v.model_dump(exclude=None if for_against else {"against"})
        for v in sorted(rnd.votes, key=lambda v: order.get(v.candidate, len(order)))
    ]
    if rnd.rule is not None:
        data["rule"] = rnd.rule.model_dump()
    if rnd.standing is not None:
        data["standing"] = ordered(rnd.standing)
    return {name: data[name] for name in Round.model_fields if name in data}


def record_hash(record: dict) -> str:
    """A fingerprint of a canonical record: equal records, equal hashes."""
    text = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()
