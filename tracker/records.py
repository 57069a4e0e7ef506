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
import hashlib
import json
import re
import time
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Callable

import fastjsonschema
from jsonschema import Draft202012Validator, FormatChecker
from sqlalchemy import String, bindparam, cast, delete, func, insert, select, update
from sqlmodel import Session

from . import models, outcomes, results
from .results import N_
from .countries import is_country
from .folding import fold, spellings

FORMAT = "election-records/v1"
_KEY = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Problem:
    """One reason a record cannot be stored: which election, which field, why.

    ``message`` is the reason in English. Where it is ours (not the JSON Schema validator's), ``text``
    is its catalog key with ``%(name)s`` placeholders and ``params`` their values, so pages show it in
    the reader's language (:func:`Problem.of` builds both).
    """

    election: str
    field: str
    message: str
    text: str = ""
    params: dict = field(default_factory=dict, hash=False)

    @classmethod
    def of(cls, election: str, field_path: str, found: Finding) -> Problem:
        """A problem from a :data:`Finding` (text and params), its English message filled in."""
        text, params = found
        return cls(election, field_path, text % params if params else text, text, params)

    def __str__(self) -> str:
        where = f"{self.election}: {self.field}" if self.field else self.election
        return f"{where}: {self.message}"


NOT_A_CANDIDATE = N_("%(key)r is not a candidate")
NOT_JSON = N_("is not valid JSON (%(error)s)")
NOT_A_COUNTRY = N_("%(code)r is not an ISO 3166-1 alpha-3 code")
Finding = tuple[str, dict]  # a reason: its text (a catalog key, marked N_) and the values of its placeholders


def said(text: str, **params) -> Finding:
    """A :data:`Finding`: ``text`` with ``%(name)s`` placeholders, and their values."""
    return text, params


class RecordsInvalid(ValueError):
    """Raised when a file or a form's record fails validation; ``problems`` lists every fault."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


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


def _schema() -> dict:
    return json.loads(resources.files("tracker").joinpath("data/election-records.schema.json").read_text())


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    """The reference validator: slow, and lists every fault."""
    return Draft202012Validator(_schema(), format_checker=FormatChecker())


@lru_cache(maxsize=1)
def _fast_check() -> Callable[[Any], Any]:
    """A compiled validator (fastjsonschema), ten times faster, that stops at the first fault.

    The schema uses nothing beyond draft 7 but ``$defs``, which the compiler resolves as a JSON pointer;
    its ``$id`` is not a URL, so it is dropped for the compiler.
    """
    schema = {**_schema(), "$schema": "http://json-schema.org/draft-07/schema#"}
    del schema["$id"]
    return fastjsonschema.compile(schema)


def _schema_valid(data: Any) -> bool:
    try:
        _fast_check()(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


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


def first_day(text: str) -> dt.date:
    """The first day of a date given as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    Raises ``ValueError`` where it is no calendar date (``2024-02-30``) or not of that shape.
    """
    shape = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text, re.ASCII)
    if shape is None:
        raise ValueError(f"{text!r} is not of the form YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(part) if part else 1 for part in shape.groups())
    return dt.date(year, month, day)


def _real_date(text: str) -> bool:
    try:
        first_day(text)
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
        return [Problem.of("file", "", said(N_("is not a JSON object with 'format' and 'elections'")))]
    errors = [] if _schema_valid(data) else _validator().iter_errors(data)
    faulty: set[int] = set()  # elections with schema faults: their meaning cannot be read safely
    for error in sorted(errors, key=lambda e: list(map(str, e.absolute_path))):
        path = list(error.absolute_path)
        if len(path) >= 2 and path[0] == "elections" and isinstance(path[1], int):
            elections = data.get("elections")
            label = _election_label(elections[path[1]], path[1])
            problems.append(Problem(label, _path(path[2:]), error.message))
            faulty.add(path[1])
        else:
            problems.append(Problem("file", _path(path), error.message))
    if not isinstance(data.get("elections"), list) or any(p.election == "file" for p in problems):
        return problems
    seen_ids: set[str] = set()
    for index, record in enumerate(data["elections"]):
        if index in faulty:
            continue
        label = _election_label(record, index)
        record_id = record.get("id") or record_id_for(record)
        if record_id in seen_ids:
            problems.append(Problem.of(label, "id", said(N_("%(id)r appears twice in the file"), id=record_id)))
        seen_ids.add(record_id)
        problems += [Problem.of(label, f, found) for f, found in _meaning_problems(record)]
        problems += [Problem.of(label, f, found) for f, found in _safety_problems(record)]
    return problems


# Longest text per field (the database's column sizes); other text, such as notes, at most 10,000.
TEXT_LIMITS = {
    "id": 120, "organisation.acronym": 40, "organisation.name": 300, "organisation.names.*": 300,
    "body": 200, "session": 300, "post.title": 300, "post.region": 200, "location.city": 200,
    "candidates[].key": 80, "candidates[].name": 300, "candidates[].names.*": 300, "candidates[].aliases[]": 300,
    "candidates[].nominated_by": 300, "candidates[].affiliation": 500, "rounds[].label": 200,
    "sources[].url": 2000, "rounds[].sources[]": 2000, "sources[].title": 500, "sources[].publisher": 300,
    "sources[].language": 35,
}
LONGEST_TEXT = 10_000
LARGEST_NUMBER = 2**31 - 1  # the database's integers
LONGEST_TERM = 100  # years
# Invisible characters that can disguise text: C0/C1 controls (but tab and line ends), soft hyphen,
# bidirectional embeddings, overrides and isolates, zero-width space, word joiner, invisible operators,
# byte-order mark, Hangul and Mongolian fillers, tag characters. Zero-width (non-)joiners and the
# left-to-right and right-to-left marks stay: Arabic and Persian text, and mixed-direction text, use them.
_DISGUISING = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\u115f\u1160\u180e\u200b\u202a-\u202e\u2060-\u2064\u2066-\u2069"
    "\u3164\ufeff\uffa0\U000e0000-\U000e007f]"
)
_ACRONYM_FORBIDDEN = re.compile(r"[/\\?#%]|^\.")


# Glyphs that draw nothing yet are no control character (the fillers are refused as disguising already).
_BLANK_LOOKING = {"\u2800", "\u17b4", "\u17b5"}


def visible(text: str) -> bool:
    """Whether ``text`` shows anything: not only spaces, marks, format characters or blank glyphs."""
    return any(
        not (ch.isspace() or ch in _BLANK_LOOKING or unicodedata.category(ch) in ("Cf", "Mn", "Me", "Zs"))
        for ch in text
    )


def text_problems(text: str, limit: int = LONGEST_TEXT) -> list[Finding]:
    """What is wrong with ``text`` for storing: longer than ``limit`` characters, or holding an
    invisible character that could disguise it (:data:`_DISGUISING`). Empty when it is fine."""
    problems = []
    if len(text) > limit:
        problems.append(said(N_("is %(length)s characters long; at most %(limit)s are allowed"), length=f"{len(text):,}", limit=f"{limit:,}"))
    if found := _DISGUISING.search(text):
        code = f"U+{ord(found.group()):04X}"
        problems.append(said(N_("contains an invisible control character (%(code)s) that could disguise the text"), code=code))
    return problems


def _leaves(value: Any, path: str = ""):
    """Every (path, value) of strings and numbers in a record."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, f"{path}[{index}]")
    else:
        yield path, value


def _pattern(path: str) -> str:
    pattern = re.sub(r"\[\d+\]", "[]", path)
    return re.sub(r"\.names\.[^.\[]+$", ".names.*", pattern)


def _safety_problems(record: dict) -> list[tuple[str, Finding]]:
    """Text that is too long or holds disguising characters, numbers too large to store, terms too
    long to be real, source links that are not web addresses, acronyms that cannot be a URL path."""
    problems = []
    for path, value in _leaves(record):
        if isinstance(value, str):
            problems += [(path, problem) for problem in text_problems(value, TEXT_LIMITS.get(_pattern(path), LONGEST_TEXT))]
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > LARGEST_NUMBER:
            problems.append((path, said(N_("%(value)s is too large; at most %(largest)s"), value=value, largest=LARGEST_NUMBER)))
    term = (record.get("post") or {}).get("term_years")
    if isinstance(term, int) and term > LONGEST_TERM:
        problems.append(("post.term_years", said(N_("a term of %(term)s years is not plausible (at most %(longest)s)"), term=term, longest=LONGEST_TERM)))
    required = {
        "organisation.acronym": (record.get("organisation") or {}).get("acronym"),
        "organisation.name": (record.get("organisation") or {}).get("name"),
        "body": record.get("body"), "post.title": (record.get("post") or {}).get("title"),
    }
    for path, value in required.items():
        if isinstance(value, str) and not visible(value):
            problems.append((path, said(N_("is blank"))))
    for i, candidate in enumerate(record.get("candidates") or []):
        if isinstance(candidate.get("name"), str) and not visible(candidate["name"]):
            problems.append((f"candidates[{i}].name", said(N_("is blank"))))
    acronym = required["organisation.acronym"] or ""
    if _ACRONYM_FORBIDDEN.search(acronym):
        problems.append(("organisation.acronym", said(N_("may not contain / \\ ? # or %, nor start with a dot"))))
    urls = [(f"sources[{i}].url", s.get("url") or "") for i, s in enumerate(record.get("sources") or [])]
    urls += [(f"rounds[{r}].sources[{i}]", u) for r, rnd in enumerate(record.get("rounds") or [])
             for i, u in enumerate(rnd.get("sources") or [])]
    for path, url in urls:
        if not re.match(r"^https?://[^\s/]+", url, re.IGNORECASE):
            problems.append((path, said(N_("%(url)r is not a web address (http:// or https://)"), url=url[:100])))
    return problems


def _full_date(text: str) -> bool:
    """Whether ``text`` is a calendar day written YYYY-MM-DD in ASCII digits."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text, re.ASCII):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _day_fields(record: dict):
    """(path, value) of every field that holds a whole day: end date, term, round dates, sources'."""
    term = record.get("term") or {}
    yield "end_date", record.get("end_date")
    yield "term.start", term.get("start")
    yield "term.end", term.get("end")
    for r, rnd in enumerate(record.get("rounds") or []):
        yield f"rounds[{r}].date", rnd.get("date")
    for i, source in enumerate(record.get("sources") or []):
        yield f"sources[{i}].published", source.get("published")
        yield f"sources[{i}].accessed", source.get("accessed")


def _meaning_problems(record: dict) -> list[tuple[str, Finding]]:
    problems = []
    if not _real_date(record["date"]):
        problems.append(("date", said(N_("%(date)r is not a calendar date"), date=record["date"])))
    for path, value in _day_fields(record):
        if isinstance(value, str) and not _full_date(value):
            problems.append((path, said(N_("%(date)r is not a calendar date written YYYY-MM-DD"), date=value)))
    location = record.get("location") or {}
    if location.get("country") and not is_country(location["country"]):
        problems.append(("location.country", said(NOT_A_COUNTRY, code=location["country"])))
    keys: list[str] = []
    seen: set[tuple[str, str | None]] = set()
    for i, candidate in enumerate(record["candidates"]):
        if candidate["key"] in keys:
            problems.append((f"candidates[{i}].key", said(N_("%(key)r is used twice"), key=candidate["key"])))
        keys.append(candidate["key"])
        who = (fold(candidate.get("name") or ""), candidate.get("country"))
        if who[0] and who in seen:
            country = candidate.get("country") or "-"
            problems.append((f"candidates[{i}]", said(N_("%(name)r (%(country)s) is entered twice"), name=candidate["name"], country=country)))
        seen.add(who)
        if candidate.get("country") and not is_country(candidate["country"]):
            problems.append(
                (f"candidates[{i}].country", said(NOT_A_COUNTRY, code=candidate["country"]))
            )
        if candidate.get("kind", "person") == "person" and not candidate.get("name") and not candidate.get(
            "country"
        ):
            problems.append((f"candidates[{i}]", said(N_("a candidate needs a name or a nominating country"))))
    known = set(keys)
    for name in record.get("reported_elected", []):
        if name not in known:
            problems.append(("reported_elected", said(NOT_A_CANDIDATE, key=name)))
    numbers: set[int] = set()
    for r, rnd in enumerate(record["rounds"]):
        where = f"rounds[{r}]"
        if rnd["number"] in numbers:
            problems.append((f"{where}.number", said(N_("round %(number)s appears twice"), number=rnd["number"])))
        numbers.add(rnd["number"])
        voted: set[str] = set()
        if isinstance(rnd.get("invalid"), int) and isinstance(rnd.get("ballots_cast"), int):
            if rnd["invalid"] > rnd["ballots_cast"]:
                message = said(N_("%(invalid)s is more than the ballots cast, %(ballots_cast)s"), invalid=rnd["invalid"], ballots_cast=rnd["ballots_cast"])
                problems.append((f"{where}.invalid", message))
        for v, vote in enumerate(rnd["votes"]):
            if vote["candidate"] not in known:
                problems.append((f"{where}.votes[{v}].candidate", said(NOT_A_CANDIDATE, key=vote["candidate"])))
            if vote["candidate"] in voted:
                problems.append((f"{where}.votes[{v}].candidate", said(N_("%(key)r has two entries"), key=vote["candidate"])))
            voted.add(vote["candidate"])
        for list_name in ("standing", "withdrawn", "eliminated", "decided_by_lot"):
            for name in rnd.get(list_name) or []:
                if name not in known:
                    problems.append((f"{where}.{list_name}", said(NOT_A_CANDIDATE, key=name)))
        for d, dispute in enumerate(rnd.get("disputed", [])):
            if dispute.get("candidate") and dispute["candidate"] not in known:
                problems.append((f"{where}.disputed[{d}].candidate", said(NOT_A_CANDIDATE, key=dispute["candidate"])))
    return problems


def parse_document(text: str | bytes) -> Any:
    """Parse a JSON document; raises :class:`RecordsInvalid` with the line and column of a syntax error."""
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        where = f"line {error.lineno}, column {error.colno}" if isinstance(error, json.JSONDecodeError) else ""
        raise RecordsInvalid([Problem.of("file", where, said(NOT_JSON, error=str(error)))]) from None
    except ValueError as error:  # NaN or Infinity; an integer of thousands of digits
        raise RecordsInvalid([Problem.of("file", "", said(NOT_JSON, error=str(error)))]) from None
    except RecursionError:
        raise RecordsInvalid([Problem.of("file", "", said(N_("is nested too deeply to be election records")))]) from None


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


# --- the canonical record -------------------------------------------------------------------------


def _canonical_candidate(c: dict) -> dict:
    state = c.get("kind") == "state"  # named by its country code, in every language: no spellings kept
    return {
        "key": c["key"],
        "kind": c.get("kind", "person"),
        "name": c.get("name"),
        "names": {} if state else dict(c.get("names", {})),
        "aliases": [] if state else sorted(set(c.get("aliases", []))),  # a set of spellings: order means nothing
        "country": c.get("country"),
        "nominated_by": c.get("nominated_by"),
        "gender": c.get("gender"),
        "affiliation": c.get("affiliation"),
        "declared": c.get("declared", True),
    }


def _canonical_round(r: dict, order: dict[str, int]) -> dict:
    """A round in canonical shape; votes and lists of candidates in the order the candidates are
    listed (``order``)."""

    def ordered(keys) -> list[str]:
        return sorted(keys, key=lambda key: order.get(key, len(order)))

    for_against = any("against" in v for v in r["votes"])

    data = {
        "number": r["number"],
        "label": r.get("label"),
        "kind": r.get("kind", "ordinary"),
        "date": r.get("date"),
        "electorate": r.get("electorate"),
        "withdrawn": ordered(r.get("withdrawn", [])),
        "ballots_cast": r.get("ballots_cast"),
        "invalid": r.get("invalid"),
        "abstentions": r.get("abstentions"),
        "present_and_voting": r.get("present_and_voting"),
        "required_majority": r.get("required_majority"),
        "share_of": r.get("share_of", "valid_votes"),
        "votes": [
            {
                "candidate": v["candidate"],
                "votes": v.get("votes"),
                "share": v.get("share"),
                # a for/against vote: every vote has its "against", null where unknown (never 0)
                **({"against": v.get("against")} if for_against else {}),
            }
            for v in sorted(r["votes"], key=lambda v: order.get(v["candidate"], len(order)))
        ],
        "decided_by_lot": ordered(r.get("decided_by_lot", [])),
        "eliminated": ordered(r.get("eliminated", [])),
        "derived": list(r.get("derived", [])),
        "sources": list(r.get("sources", [])),
        "disputed": [
            {"field": d["field"], "candidate": d.get("candidate"), "value": d["value"], "source": d["source"]}
            for d in r.get("disputed", [])
        ],
        "notes": r.get("notes"),
    }
    if r.get("rule"):
        data["rule"] = {"quota": r["rule"]["quota"], "base": r["rule"]["base"]}
    if r.get("standing") is not None:
        data["standing"] = ordered(r["standing"])
    return data


def canonical(record: dict) -> dict:
    """A valid record in the one shape the tracker stores and exports: every field present (but
    ``reported_elected``, absent where the sources say nothing of who was elected, and ``against``,
    present only in a for/against round), defaults filled in, rounds in number order, votes in
    candidate order. ``canonical(load_record(...))`` is ``load_record(...)``."""
    organisation = record["organisation"]
    post = record["post"]
    location = record.get("location") or {}
    term = record.get("term") or {}
    keys = [c["key"] for c in record["candidates"]]
    reported = record.get("reported_elected")
    return {
        "id": record.get("id") or record_id_for(record),
        "status": record.get("status", "held"),
        "organisation": {
            "acronym": organisation["acronym"],
            "name": organisation["name"],
            "names": dict(organisation.get("names", {})),
            "founded": organisation.get("founded"),
            "members": organisation.get("members"),
        },
        "body": record["body"],
        "session": record.get("session"),
        "post": {"title": post["title"], "region": post.get("region"), "term_years": post.get("term_years")},
        "date": record["date"],
        "end_date": record.get("end_date"),
        "location": {"city": location.get("city"), "country": location.get("country")},
        "electorate": record.get("electorate"),
        "seats": record.get("seats", 1),
        "term": {"start": term.get("start"), "end": term.get("end")},
        "rule": {"quota": record["rule"]["quota"], "base": record["rule"]["base"]} if record.get("rule") else None,
        "candidates": [_canonical_candidate(c) for c in record["candidates"]],
        "unnamed_candidates": record.get("unnamed_candidates"),
        "rounds": [
            _canonical_round(r, {key: i for i, key in enumerate(keys)})
            for r in sorted(record["rounds"], key=lambda r: r["number"])
        ],
        "rounds_held": record.get("rounds_held"),
        # absent: the sources say nothing of who was elected; []: they report that no one was
        **({} if reported is None else {"reported_elected": [k for k in keys if k in set(reported)]}),
        "related": [{"id": r["id"], "relation": r["relation"]} for r in record.get("related", [])],
        "sources": [
            {
                "url": s["url"],
                "title": s.get("title"),
                "publisher": s.get("publisher"),
                "language": s.get("language"),
                "published": s.get("published"),
                "accessed": s.get("accessed"),
            }
            for s in record.get("sources", [])
        ],
        "notes": record.get("notes"),
    }


def record_hash(record: dict) -> str:
    """A fingerprint of a canonical record: equal records, equal hashes."""
    text = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


# --- storing ---------------------------------------------------------------------------------------


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


@dataclass(frozen=True)
class PersonMatch:
    """A candidate of an imported record found to be a person already known."""

    election: str
    candidate: str
    name: str
    country: str | None
    person_id: int | None  # None: a person first seen earlier in the same import
    person_name: str


@dataclass
class ImportSummary:
    """What an import did, or would do in a dry run: record ids created, updated and left unchanged,
    and the candidates matched to known persons."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    matches: list[PersonMatch] = field(default_factory=list)
    changes: dict[str, list[str]] = field(default_factory=dict)


@dataclass(eq=False)
class _Person:
    """A person as the importer sees it: stored (``id`` set) or first seen in this import."""

    id: int | None
    name: str
    names: dict[str, str]
    aliases: list[str]
    gender: str | None
    countries: set[str] = field(default_factory=set)
    dirty: bool = False

    def row(self) -> dict:
        search = spellings({"name": self.name, "names": self.names, "aliases": self.aliases})
        return {
            "name": self.name,
            "names": self.names,
            "aliases": self.aliases,
            "gender": self.gender,
            "search_text": "|" + "|".join(sorted(search)) + "|",
        }


class _PersonIndex:
    """Known persons by every folded spelling, with the States that nominated them."""

    def __init__(self, session: Session):
        self.by_spelling: dict[str, list[_Person]] = {}
        person = models.Person.__table__.c
        by_id = {}
        for row in session.execute(
            select(person.id, person.name, person.names, person.aliases, person.gender).order_by(person.id)
        ):
            by_id[row.id] = known = _Person(row.id, row.name, row.names, row.aliases, row.gender)
            self._index(known)
        candidacy = models.Candidacy.__table__.c
        for person_id, country in session.execute(
            select(candidacy.person_id, candidacy.country).where(candidacy.person_id.is_not(None))
        ):
            if country:
                by_id[person_id].countries.add(country)

    def _index(self, person: _Person) -> None:
        for spelling in spellings({"name": person.name, "names": person.names, "aliases": person.aliases}):
            bucket = self.by_spelling.setdefault(spelling, [])
            if not any(p is person for p in bucket):
                bucket.append(person)

    def match(self, candidate: dict, taken: list[_Person]) -> _Person | None:
        """The known person this candidate is: a shared spelling, and a compatible nominating State.

        ``taken``: persons already standing in the same election, who cannot be this candidate too.
        """
        country = candidate.get("country")
        for spelling in sorted(spellings(candidate)):
            for person in self.by_spelling.get(spelling, []):
                if any(person is other for other in taken):
                    continue
                if not person.countries or not country or country in person.countries:
                    return person
        return None

    def add(self, person: _Person, candidate: dict) -> None:
        """Record ``person`` (new or matched) standing as ``candidate``: add the names in languages
        not yet known, new aliases, and a gender where none is known. What is known stays: a matched
        candidate never rewrites a person that other elections show."""
        names = {**candidate.get("names", {}), **person.names}
        # every spelling is kept: a candidate matched by an alias brings its own name as one
        spelt = {candidate["name"]} - {person.name} if candidate.get("name") else set()
        aliases = sorted(set(person.aliases) | set(candidate.get("aliases", [])) | spelt)
        gender = person.gender or candidate.get("gender")
        if (names, aliases, gender) != (person.names, person.aliases, person.gender):
            person.names, person.aliases, person.gender, person.dirty = names, aliases, gender, True
        if candidate.get("country"):
            person.countries.add(candidate["country"])
        self._index(person)


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
                message = said(N_("%(acronym)r is recorded as %(stored)r: use that acronym"), acronym=data["acronym"], stored=same[0])
                raise RecordsInvalid([Problem.of(f"election {record_id!r}", "organisation.acronym", message)])
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
            person = self.persons.match(candidate, taken)
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
        figures = results.election_from_record(record)
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
        """Write the queued records: persons, elections, candidacies, rounds, votes, sources."""
        if self.dry_run or not self.pending:
            self.pending.clear()
            return
        self.session.flush()  # organisations and posts first
        new_persons = [p for p in self.touched.values() if p.id is None]
        for person, person_id in zip(new_persons, self._insert(models.Person, [p.row() for p in new_persons], True)):
            person.id, person.dirty = person_id, False
        updates = [p for p in self.pending if p.election_id is not None]
        table = models.Election.__table__
        for pending in updates:
            if pending.expected is not None:
                _claim(self.session, pending.record["id"], pending.election_id, pending.expected)
        if updates:  # raised in the database, row by row: two writers never give out the same version
            bumped = dict(
                self.session.execute(
                    update(table).where(table.c.id.in_([p.election_id for p in updates]))
                    .values(version=table.c.version + 1).returning(table.c.id, table.c.version)
                ).all()
            )
            for pending in updates:
                pending.version = bumped[pending.election_id]
        # read once the rows are held: what this import replaces is what was there when it wrote
        before = {r["id"]: r for r in load_records(self.session, [p.record["id"] for p in updates])}
        creates = [p for p in self.pending if p.election_id is None]
        _number_new_versions(self.session, creates)
        if updates:
            _clear_children(self.session, [p.election_id for p in updates])
            self.session.execute(
                update(table).where(table.c.id == bindparam("_id")),
                [{"_id": p.election_id, **_election_row(p)} for p in updates],
            )
        for pending, election_id in zip(
            creates, self._insert(models.Election, [_election_row(p) for p in creates], True)
        ):
            pending.election_id = election_id
            self.stored[pending.record["id"]] = (election_id, pending.digest)
        candidacy_rows, round_rows, source_rows = [], [], []
        for pending in self.pending:
            record = pending.record
            for position, (candidate, person) in enumerate(zip(record["candidates"], pending.persons)):
                candidacy_rows.append(_candidacy_row(pending, position, candidate, person))
            for rnd in record["rounds"]:
                round_rows.append(_round_row(pending.election_id, rnd))
            for position, source in enumerate(record["sources"]):
                source_rows.append(_source_row(pending.election_id, position, source))
        candidacy_ids = iter(self._insert(models.Candidacy, candidacy_rows, True))
        round_ids = iter(self._insert(models.Round, round_rows, True))
        vote_rows = []
        for pending in self.pending:
            by_key = {c["key"]: next(candidacy_ids) for c in pending.record["candidates"]}
            for rnd in pending.record["rounds"]:
                round_id = next(round_ids)
                vote_rows += [
                    {
                        "round_id": round_id,
                        "candidacy_id": by_key[v["candidate"]],
                        "votes": v["votes"],
                        "share": v["share"],
                        "against": v.get("against"),
                    }
                    for v in rnd["votes"]
                ]
        self._insert(models.RoundVote, vote_rows)
        self._insert(models.Source, source_rows)
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


def _election_row(pending: _Pending) -> dict:
    record = pending.record
    return {
        "record_id": record["id"],
        "post_id": pending.post_id,
        "status": record["status"],
        "body": record["body"],
        "session": record["session"],
        "date": record["date"],
        "sort_date": first_day(record["date"]),
        "end_date": _date(record["end_date"]),
        "city": record["location"]["city"],
        "country": record["location"]["country"],
        "electorate": record["electorate"],
        "seats": record["seats"],
        "quota": record["rule"]["quota"] if record["rule"] else None,
        "base": record["rule"]["base"] if record["rule"] else None,
        "term_start": _date(record["term"]["start"]),
        "term_end": _date(record["term"]["end"]),
        "term_years": record["post"]["term_years"],
        "unnamed_candidates": record["unnamed_candidates"],
        "rounds_held": record["rounds_held"],
        "notes": record["notes"],
        "related": record["related"],
        "elected_reported": "reported_elected" in record,
        "record_hash": pending.digest,
        "decided": pending.outcome.decided,
        "rounds_count": len(record["rounds"]),
        "version": pending.version,
    }


def _candidacy_row(pending: _Pending, position: int, candidate: dict, person: _Person | None) -> dict:
    result = pending.results[candidate["key"]]
    return {
        "election_id": pending.election_id,
        "person_id": person.id if person else None,
        "key": candidate["key"],
        "name": None if person else candidate["name"],
        "position": position,
        "kind": candidate["kind"],
        "country": candidate["country"],
        "nominated_by": candidate["nominated_by"],
        "affiliation": candidate["affiliation"],
        "declared": candidate["declared"],
        "reported_elected": candidate["key"] in pending.record.get("reported_elected", ()),
        "outcome": result.outcome.value,
        "elected_round": result.elected_round,
        "final_votes": result.votes,
        "final_share": result.share,
        "margin": result.margin,
    }


def _round_row(election_id: int, data: dict) -> dict:
    rule = data.get("rule") or {}
    return {
        "election_id": election_id,
        "number": data["number"],
        "label": data["label"],
        "kind": data["kind"],
        "date": _date(data["date"]),
        "quota": rule.get("quota"),
        "base": rule.get("base"),
        "electorate": data["electorate"],
        "ballots_cast": data["ballots_cast"],
        "invalid": data["invalid"],
        "abstentions": data["abstentions"],
        "present_and_voting": data["present_and_voting"],
        "required_majority": data["required_majority"],
        "share_of": data["share_of"],
        "for_against": any("against" in v for v in data["votes"]),
        "standing": data.get("standing"),
        "withdrawn": data["withdrawn"],
        "eliminated": data["eliminated"],
        "decided_by_lot": data["decided_by_lot"],
        "derived": data["derived"],
        "sources": data["sources"],
        "disputed": data["disputed"],
        "notes": data["notes"],
    }


def _source_row(election_id: int, position: int, source: dict) -> dict:
    return {
        "election_id": election_id,
        "position": position,
        "url": source["url"],
        "title": source["title"],
        "publisher": source["publisher"],
        "language": source["language"],
        "published": _date(source["published"]),
        "accessed": _date(source["accessed"]),
    }


def audit_row(
    record_id: str, action: str, version: int, actor: Actor, before: dict | None, after: dict | None,
    note: str | None = None,
) -> dict:
    """An :class:`~tracker.models.AuditEntry` row: who changed the election, when, from what to what."""
    return {
        "record_id": record_id, "action": action, "version": version, "at": dt.datetime.now(dt.timezone.utc),
        "actor": actor.name[:254], "user_id": actor.user_id, "note": note, "before": before, "after": after,
    }


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


def _concurrent_links(session: Session) -> dict[str, set[str]]:
    """Every stored election's concurrent votes, both ways (a link either record names counts)."""
    table = models.Election.__table__
    links: dict[str, set[str]] = {}
    for record_id, related in session.execute(
        select(table.c.record_id, table.c.related).where(cast(table.c.related, String) != "[]")
    ):
        for link in related:
            if link["relation"] == "concurrent":
                links.setdefault(record_id, set()).add(link["id"])
                links.setdefault(link["id"], set()).add(record_id)
    return links


def refresh_concurrent(session: Session, record_ids: list[str], extra: list[str] = ()) -> None:
    """Store again the computed outcome of every election voted on concurrently with one of
    ``record_ids`` (just changed or created), of those elections themselves, and of ``extra`` (the
    partners of a deleted election): each one's candidacies are elected only with a majority in every
    linked body (:mod:`tracker.outcomes`). Only flushes."""
    links = _concurrent_links(session)
    touched = {r for r in record_ids if r in links}
    affected = sorted(touched | {other for r in touched for other in links[r]} | set(extra))
    if not affected:
        return
    stored = {r["id"]: r for r in load_records(session, sorted(set(affected) | {o for a in affected for o in links.get(a, ())}))}
    election, candidacy = models.Election.__table__, models.Candidacy.__table__
    for record_id in affected:
        record = stored.get(record_id)
        if record is None:
            continue
        outcome = outcomes.record_outcome(record, {i: stored.get(i) for i in outcomes.concurrent_ids(record)})
        session.execute(update(election).where(election.c.record_id == record_id).values(decided=outcome.decided))
        election_id = select(election.c.id).where(election.c.record_id == record_id).scalar_subquery()
        for key, result in outcomes.candidate_outcomes(record, outcome).items():
            session.execute(
                update(candidacy)
                .where(candidacy.c.election_id == election_id, candidacy.c.key == key)
                .values(
                    outcome=result.outcome.value, elected_round=result.elected_round, final_votes=result.votes,
                    final_share=result.share, margin=result.margin,
                )
            )


def computed_outcomes(session: Session, found: list[dict]) -> dict[str, dict]:
    """The tracker's outcome of each of the canonical records ``found``, by id, as the ``computed``
    object exports carry; the records of their concurrent votes are read where ``found`` lacks them."""
    have = {r["id"] for r in found}
    missing = sorted({i for r in found for i in outcomes.concurrent_ids(r)} - have)
    partners = {r["id"]: r for r in load_records(session, missing)} if missing else {}
    return outcomes.computed_for(found, partners)


def linked_outcome(session: Session, record: dict, names: dict[str, str] | None = None) -> results.Outcome:
    """The computed outcome of the stored ``record``, with the records of its concurrent votes read
    from the database (:func:`tracker.outcomes.record_outcome`)."""
    linked = outcomes.concurrent_ids(record)
    partners = {r["id"]: r for r in load_records(session, linked)} if linked else {}
    return outcomes.record_outcome(record, partners, names)


# --- loading ---------------------------------------------------------------------------------------


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _rule(quota: str | None, base: str | None) -> dict | None:
    return {"quota": quota, "base": base} if quota and base else None


def load_record(session: Session, record_id: str) -> dict | None:
    """The stored election ``record_id`` as a canonical election-records/v1 record; ``None`` if absent.

    Issues seven SQL statements, whatever the election's size (more only if it changes meanwhile).
    """
    found = load_versioned_record(session, record_id)
    return found[0] if found else None


def load_versioned_record(session: Session, record_id: str) -> tuple[dict, int] | None:
    """The stored election ``record_id`` and the version it was read at (what an edit begins from);
    ``None`` if absent."""
    chunk, versions = _load_consistent(session, [record_id])
    return (chunk[record_id], versions[record_id]) if record_id in chunk else None


LOAD_CHUNK = 500


def load_records(session: Session, record_ids: list[str]) -> list[dict]:
    """The stored elections ``record_ids``, in that order, as canonical records (absent ids skipped).

    Seven SQL statements per 500 elections (more only if they change meanwhile).
    """
    loaded: dict[str, dict] = {}
    for start in range(0, len(record_ids), LOAD_CHUNK):
        loaded.update(_load_consistent(session, record_ids[start : start + LOAD_CHUNK])[0])
    return [loaded[r] for r in record_ids if r in loaded]


def _load_consistent(
    session: Session, record_ids: list[str], attempts: int = 12
) -> tuple[dict[str, dict], dict[str, int]]:
    """A chunk of records, and the version each was read at. Read again if an election changed
    between its five statements (each statement sees the latest commit, not one snapshot): its
    version must be the same before and after."""
    table = models.Election.__table__
    for _attempt in range(attempts):
        current = select(table.c.record_id, table.c.version).where(table.c.record_id.in_(record_ids))
        versions = dict(session.execute(current).all())
        try:
            chunk = _load_chunk(session, record_ids)
        except KeyError:  # a row of a newer version of the election than the rows read before it
            chunk = None
        after = dict(session.execute(current).all())
        if chunk is not None and versions == after and set(chunk) == set(after):
            return chunk, versions
        session.expire_all()  # read the objects afresh, not from the session's identity map
        time.sleep(0.002 * 2**_attempt)  # let the writer finish (2 ms, 4 ms, ... about 8 s in all)
    raise RuntimeError(f"elections {record_ids[:3]}... kept changing while being read")


def _load_chunk(session: Session, record_ids: list[str]) -> dict[str, dict]:
    rows = session.execute(
        select(models.Election, models.Post, models.Organisation, models.Region)
        .join(models.Post, models.Election.post_id == models.Post.id)
        .join(models.Organisation, models.Post.organisation_id == models.Organisation.id)
        .outerjoin(models.Region, models.Post.region_id == models.Region.id)
        .where(models.Election.record_id.in_(record_ids))
    ).all()
    election_ids = [election.id for election, *_ in rows]
    candidacies: dict[int, list] = {}
    keys: dict[int, str] = {}
    for candidacy, person in session.execute(
        select(models.Candidacy, models.Person)
        .outerjoin(models.Person, models.Candidacy.person_id == models.Person.id)
        .where(models.Candidacy.election_id.in_(election_ids))
        .order_by(models.Candidacy.election_id, models.Candidacy.position, models.Candidacy.id)
    ):
        candidacies.setdefault(candidacy.election_id, []).append((candidacy, person))
        keys[candidacy.id] = candidacy.key
    rounds: dict[int, list[models.Round]] = {}
    for rnd in session.scalars(
        select(models.Round).where(models.Round.election_id.in_(election_ids)).order_by(models.Round.number)
    ):
        rounds.setdefault(rnd.election_id, []).append(rnd)
    votes: dict[int, list[dict]] = {}
    vote = models.RoundVote.__table__.c
    for row in session.execute(
        select(vote.round_id, vote.candidacy_id, vote.votes, vote.share, vote.against)
        .join(models.Round.__table__, vote.round_id == models.Round.__table__.c.id)
        .where(models.Round.__table__.c.election_id.in_(election_ids))
        .order_by(vote.id)
    ):
        votes.setdefault(row.round_id, []).append(
            {"candidate": keys[row.candidacy_id], "votes": row.votes, "share": row.share, "against": row.against}
        )
    sources: dict[int, list[models.Source]] = {}
    for source in session.scalars(
        select(models.Source).where(models.Source.election_id.in_(election_ids)).order_by(models.Source.position)
    ):
        sources.setdefault(source.election_id, []).append(source)
    return {
        election.record_id: _record(
            election,
            post,
            organisation,
            region,
            candidacies.get(election.id, []),
            [_round(r, votes.get(r.id, [])) for r in rounds.get(election.id, [])],
            sources.get(election.id, []),
        )
        for election, post, organisation, region in rows
    }


def _record(election, post, organisation, region, candidacies, rounds, sources) -> dict:
    return canonical(
        {
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
            "post": {"title": post.title, "region": region.name if region else None, "term_years": election.term_years},
            "date": election.date,
            "end_date": _iso(election.end_date),
            "location": {"city": election.city, "country": election.country},
            "electorate": election.electorate,
            "seats": election.seats,
            "term": {"start": _iso(election.term_start), "end": _iso(election.term_end)},
            "rule": _rule(election.quota, election.base),
            "candidates": [_candidate(candidacy, person) for candidacy, person in candidacies],
            "unnamed_candidates": election.unnamed_candidates,
            "rounds": rounds,
            "rounds_held": election.rounds_held,
            **(
                {"reported_elected": [c.key for c, _ in candidacies if c.reported_elected]}
                if election.elected_reported else {}
            ),
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
    )


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
    return {
        "number": rnd.number,
        "label": rnd.label,
        "kind": rnd.kind,
        "date": _iso(rnd.date),
        "rule": _rule(rnd.quota, rnd.base),
        "electorate": rnd.electorate,
        "standing": rnd.standing,
        "withdrawn": rnd.withdrawn,
        "ballots_cast": rnd.ballots_cast,
        "invalid": rnd.invalid,
        "abstentions": rnd.abstentions,
        "present_and_voting": rnd.present_and_voting,
        "required_majority": rnd.required_majority,
        "share_of": rnd.share_of,
        "votes": votes if rnd.for_against else [{k: v for k, v in vote.items() if k != "against"} for vote in votes],
        "decided_by_lot": rnd.decided_by_lot,
        "eliminated": rnd.eliminated,
        "derived": rnd.derived,
        "sources": rnd.sources,
        "disputed": rnd.disputed,
        "notes": rnd.notes,
    }


@dataclass(frozen=True)
class ElectionFilter:
    """Which elections to list or export; ``None`` fields do not filter.

    ``country``: an ISO alpha-3 code of a nominating State (any candidate); years are inclusive.
    """

    organisation: str | None = None
    post: str | None = None
    region: str | None = None
    country: str | None = None
    year_from: int | None = None
    year_to: int | None = None

    def where(self) -> list:
        """SQL conditions on Election joined with Post, Organisation and Region."""
        conditions = []
        if self.organisation:  # as the election's posts, so that an index finds its elections among all
            posts = select(models.Post.id).join(models.Organisation, models.Post.organisation_id == models.Organisation.id)
            conditions.append(
                models.Election.post_id.in_(posts.where(func.lower(models.Organisation.acronym) == self.organisation.lower()))
            )
        if self.post:
            conditions.append(func.lower(models.Post.title) == self.post.lower())
        if self.region:
            conditions.append(func.lower(models.Region.name) == self.region.lower())
        if self.country:
            conditions.append(
                models.Election.id.in_(
                    select(models.Candidacy.election_id).where(models.Candidacy.country == self.country.upper())
                )
            )
        if self.year_from is not None:
            conditions.append(models.Election.sort_date >= dt.date(self.year_from, 1, 1))
        if self.year_to is not None:
            conditions.append(models.Election.sort_date <= dt.date(self.year_to, 12, 31))
        return conditions


def _listing(filters: ElectionFilter):
    return (
        select(
            models.Election.record_id.label("id"),
            models.Election.date,
            models.Election.body,
            models.Election.session,
            models.Election.city,
            models.Election.country,
            models.Post.title.label("post"),
            models.Region.name.label("region"),
            models.Organisation.acronym.label("organisation"),
        )
        .join(models.Post, models.Election.post_id == models.Post.id)
        .join(models.Organisation, models.Post.organisation_id == models.Organisation.id)
        .outerjoin(models.Region, models.Post.region_id == models.Region.id)
        .where(*filters.where())
        .order_by(models.Election.sort_date.desc(), models.Election.record_id)
    )


def list_elections(
    session: Session, filters: ElectionFilter = ElectionFilter(), limit: int | None = None, offset: int = 0
) -> list[dict]:
    """Elections matching ``filters``, newest first, as plain rows (id, date, body, session, city,
    country, post, region, organisation)."""
    query = _listing(filters).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return [dict(row._mapping) for row in session.execute(query)]


def count_elections(session: Session, filters: ElectionFilter = ElectionFilter()) -> int:
    """How many elections match ``filters``."""
    return session.scalar(select(func.count()).select_from(_listing(filters).order_by(None).subquery()))


def export_document(records: list[dict]) -> dict:
    """An election-records/v1 document holding ``records``."""
    return {"format": FORMAT, "elections": records}


def load_organisation_name(session: Session, acronym: str) -> str | None:
    """The stored full name of the organisation ``acronym``."""
    return session.scalar(select(models.Organisation.name).where(models.Organisation.acronym == acronym))
