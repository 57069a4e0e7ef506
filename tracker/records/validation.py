"""Validation of election-records/v1 documents: the JSON Schema, then what a schema cannot say (dates
that exist, keys that name candidates, text that disguises itself, implausible figures); every problem
of every record in one list."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from ..countries import is_country
from ..folding import fold
from ..results import N_
from .format import _schema_valid, _validator, first_day, record_id_for
from .problems import (
    NOT_A_CANDIDATE,
    NOT_JSON,
    Finding,
    Problem,
    RecordsInvalid,
    country_finding,
    election_label,
    said,
    shown,
)
from .shape import LARGEST_NUMBER, LONGEST_TERM, LONGEST_TEXT, TEXT_FIELDS, ElectionRecord, Limit, _models_in
from .text import text_problems, visible
from .wording import date_finding, path_parts, path_text, place, schema_findings

DEFAULT_TEXT = Limit(LONGEST_TEXT)  # a text the shape does not list (a disputed value): one line, a page long at most


def _real_date(text: str) -> bool:
    try:
        first_day(text)
    except ValueError:
        return False
    return True


def validate_records(data: Any) -> list[Problem]:
    """Every fault in an election-records/v1 document, schema and meaning alike, in one pass; ``[]``
    if none. Each names the election and the field (in words too, see :class:`Problem`); the
    faults of one election come in the order of the record's fields.

    Beyond the JSON Schema: candidate keys unique per election and every key a round names declared;
    round numbers unique; ISO 3166-1 alpha-3 codes that exist; calendar dates that exist; ids unique
    within the file. These are looked at in every record, even one with faults of shape, wherever
    the part of the record they read has the right shape; a field with a fault of shape has that
    one fault.
    """
    if not isinstance(data, dict):
        return [Problem.of("file", "", said(N_("is not a JSON object with 'format' and 'elections'")))]
    elections = data["elections"] if isinstance(data.get("elections"), list) else []
    found: list[tuple[int, list, Finding]] = []  # (election's index, -1 for the file; path in it; why)
    faulty: set[tuple[int, str]] = set()  # fields with a fault of shape: said once, not looked at again
    for error in [] if _schema_valid(data) else _validator().iter_errors(data):
        for path, finding in schema_findings(error):
            index, inner = (path[1], path[2:]) if len(path) >= 2 and path[0] == "elections" and isinstance(path[1], int) else (-1, path)
            if (index, path_text(inner)) not in faulty:
                faulty.add((index, path_text(inner)))
                found.append((index, inner, finding))
    seen_ids: set[str] = set()
    for index, record in enumerate(elections):
        if not isinstance(record, dict):
            continue
        record_id = record.get("id") if isinstance(record.get("id"), str) else _made_id(record)
        if record_id in seen_ids:
            found.append((index, ["id"], said(N_("“%(id)s” appears twice in the file"), id=shown(record_id))))
        seen_ids.add(record_id)
        for field_path, finding in _meaning_problems(record) + _safety_problems(record):
            if (index, field_path) not in faulty:
                found.append((index, path_parts(field_path), finding))
    found.sort(key=lambda item: (item[0], _order(item[1])))
    return [
        Problem.of("file", path_text(inner), finding) if index < 0
        else Problem.of(election_label(elections[index], index), path_text(inner), finding, place(elections[index], inner))
        for index, inner, finding in found
    ]


def _made_id(record: dict) -> str | None:
    """The id a record without one would be stored under; ``None`` where its fields cannot make one."""
    try:
        return record_id_for(record)
    except (KeyError, TypeError, AttributeError):
        return None


def _field_order(model, order: dict[str, int]) -> dict[str, int]:
    """Each field's place among its object's fields, as the shape lists them (a name of two objects
    keeps its first place): a record's faults come in that order."""
    for position, (name, info) in enumerate(model.model_fields.items()):
        order.setdefault(name, position)
        for inner in _models_in(info.annotation):
            _field_order(inner, order)
    return order


_FIELD_ORDER = _field_order(ElectionRecord, {})


def _order(parts: list) -> tuple:
    return tuple((0, p, "") if isinstance(p, int) else (1, _FIELD_ORDER.get(p, len(_FIELD_ORDER)), str(p)) for p in parts)


def _dicts(value: Any) -> list[tuple[int, dict]]:
    """The objects of a list, with their index; none where ``value`` is not a list."""
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)] if isinstance(value, list) else []


def _texts(value: Any) -> list[str]:
    """The texts of a list; none where ``value`` is not a list."""
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _obj(value: Any) -> dict:
    """``value`` if it is an object, else an empty one."""
    return value if isinstance(value, dict) else {}


_ACRONYM_FORBIDDEN = re.compile(r"[/\\?#%]|^\.")


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
            field = TEXT_FIELDS.get(_pattern(path), DEFAULT_TEXT)
            problems += [(path, problem) for problem in text_problems(value, field.length, field.kind)]
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > LARGEST_NUMBER:
            problems.append((path, said(N_("%(value)s is too large; at most %(largest)s"), value=value, largest=LARGEST_NUMBER)))
    term = _obj(record.get("post")).get("term_years")
    if isinstance(term, int) and term > LONGEST_TERM:
        problems.append(("post.term_years", said(N_("a term of %(term)s years is not plausible (at most %(longest)s)"), term=term, longest=LONGEST_TERM)))
    required = {
        "organisation.acronym": _obj(record.get("organisation")).get("acronym"),
        "organisation.name": _obj(record.get("organisation")).get("name"),
        "body": record.get("body"), "post.title": _obj(record.get("post")).get("title"),
    }
    for path, value in required.items():
        if isinstance(value, str) and not visible(value):
            problems.append((path, said(N_("is blank"))))
    for i, candidate in _dicts(record.get("candidates")):
        if isinstance(candidate.get("name"), str) and not visible(candidate["name"]):
            problems.append((f"candidates[{i}].name", said(N_("is blank"))))
    acronym = required["organisation.acronym"]
    if isinstance(acronym, str) and _ACRONYM_FORBIDDEN.search(acronym):
        problems.append(("organisation.acronym", said(N_("may not contain / \\ ? # or %, nor start with a dot"))))
    urls = [(f"sources[{i}].url", s.get("url")) for i, s in _dicts(record.get("sources"))]
    urls += [(f"rounds[{r}].sources[{i}]", u) for r, rnd in _dicts(record.get("rounds"))
             for i, u in enumerate(rnd.get("sources") if isinstance(rnd.get("sources"), list) else [])]
    for path, url in urls:
        if isinstance(url, str) and not is_web_address(url):
            problems.append((path, said(N_("“%(url)s” is not a web address (http:// or https://)"), url=shown(url[:100]))))
    return problems


def is_web_address(url: str) -> bool:
    """Whether ``url`` is a web address a page may link to: ``http://`` or ``https://``, a host, and
    no space, control character, double quote, angle bracket or backslash anywhere (a pasted line
    break is no part of an address)."""
    return bool(re.fullmatch(r"https?://[^\s/?#\"'<>\\]+[^\s\"<>\\]*", url, re.IGNORECASE)) and url.isprintable()


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
    term = _obj(record.get("term"))
    yield "end_date", record.get("end_date")
    yield "term.start", term.get("start")
    yield "term.end", term.get("end")
    for r, rnd in _dicts(record.get("rounds")):
        yield f"rounds[{r}].date", rnd.get("date")
    for i, source in _dicts(record.get("sources")):
        yield f"sources[{i}].published", source.get("published")
        yield f"sources[{i}].accessed", source.get("accessed")


def _meaning_problems(record: dict) -> list[tuple[str, Finding]]:
    """What the schema cannot say, in whatever parts of ``record`` have the shape to be read."""
    problems = []
    if isinstance(record.get("date"), str) and not _real_date(record["date"]):
        problems.append(("date", date_finding(record["date"], whole_day=False)))
    for path, value in _day_fields(record):
        if isinstance(value, str) and not _full_date(value):
            problems.append((path, date_finding(value, whole_day=True)))
    country = _obj(record.get("location")).get("country")
    if isinstance(country, str) and not is_country(country):
        problems.append(("location.country", country_finding(country)))
    candidates = _dicts(record.get("candidates"))
    problems += _candidate_problems(candidates)
    known = {c["key"] for _, c in candidates if isinstance(c.get("key"), str)}
    if not _keys_all_read(record.get("candidates")):
        known = _ANY  # some candidate's key cannot be read: which keys exist is not known
    for name in _texts(record.get("reported_elected")):
        if name not in known:
            problems.append(("reported_elected", said(NOT_A_CANDIDATE, key=shown(name))))
    numbers: set[int] = set()
    for r, rnd in _dicts(record.get("rounds")):
        where = f"rounds[{r}]"
        if isinstance(rnd.get("number"), int):
            if rnd["number"] in numbers:
                problems.append((f"{where}.number", said(N_("round %(number)s appears twice"), number=rnd["number"])))
            numbers.add(rnd["number"])
        voted: set[str] = set()
        if isinstance(rnd.get("invalid"), int) and isinstance(rnd.get("ballots_cast"), int):
            if rnd["invalid"] > rnd["ballots_cast"]:
                message = said(N_("%(invalid)s is more than the ballots cast, %(ballots_cast)s"), invalid=rnd["invalid"], ballots_cast=rnd["ballots_cast"])
                problems.append((f"{where}.invalid", message))
        for v, vote in _dicts(rnd.get("votes")):
            key = vote.get("candidate")
            if not isinstance(key, str):
                continue
            if key not in known:
                problems.append((f"{where}.votes[{v}].candidate", said(NOT_A_CANDIDATE, key=shown(key))))
            if key in voted:
                problems.append((f"{where}.votes[{v}].candidate", said(N_("“%(key)s” has two entries"), key=shown(key))))
            voted.add(key)
        for list_name in ("standing", "withdrawn", "eliminated", "decided_by_lot"):
            for name in _texts(rnd.get(list_name)):
                if name not in known:
                    problems.append((f"{where}.{list_name}", said(NOT_A_CANDIDATE, key=shown(name))))
        for d, dispute in _dicts(rnd.get("disputed")):
            if isinstance(dispute.get("candidate"), str) and dispute["candidate"] not in known:
                problems.append((f"{where}.disputed[{d}].candidate", said(NOT_A_CANDIDATE, key=shown(dispute["candidate"]))))
    return problems


class _Anything:
    """Holds every key: stands for a list of candidates too broken to tell which keys it has."""

    def __contains__(self, _key) -> bool:
        return True


_ANY = _Anything()


def _keys_all_read(candidates: Any) -> bool:
    """Whether every candidate's key can be read (it may be badly written still)."""
    return isinstance(candidates, list) and all(isinstance(c, dict) and isinstance(c.get("key"), str) for c in candidates)


def _candidate_problems(candidates: list[tuple[int, dict]]) -> list[tuple[str, Finding]]:
    """Keys used twice, a person entered twice, codes that are no country, candidates with neither a
    name nor a country."""
    problems = []
    keys: set[str] = set()
    seen: set[tuple[str, str | None]] = set()
    for i, candidate in candidates:
        key, name, country = candidate.get("key"), candidate.get("name"), candidate.get("country")
        if isinstance(key, str):
            if key in keys:
                problems.append((f"candidates[{i}].key", said(N_("“%(key)s” is used twice"), key=shown(key))))
            keys.add(key)
        who = (fold(name) if isinstance(name, str) else "", country if isinstance(country, str) else None)
        if who[0] and who in seen:
            problems.append((f"candidates[{i}]", said(N_("“%(name)s” (%(country)s) is entered twice"), name=shown(name), country=who[1] or "-")))
        seen.add(who)
        if isinstance(country, str) and not is_country(country):
            problems.append((f"candidates[{i}].country", country_finding(country)))
        if candidate.get("kind", "person") == "person" and not name and not country:
            problems.append((f"candidates[{i}]", said(N_("a candidate needs a name or a nominating country"))))
    return problems


# The JSON parser's own words, said for a reader who edits the file by hand.
_JSON_FAULTS = {
    "Expecting value": N_("is not valid JSON: a value is missing here, or is not written as JSON writes values"),
    "Expecting ',' delimiter": N_("is not valid JSON: a comma is missing"),
    "Expecting ':' delimiter": N_("is not valid JSON: a colon is missing after a field's name"),
    "Expecting property name enclosed in double quotes": N_(
        "is not valid JSON: a field's name must be in double quotes (or a comma is left before a closing brace)"
    ),
    "Unterminated string starting at": N_("is not valid JSON: a text is not closed by a double quote"),
    "Extra data": N_("is not valid JSON: something follows the end of the document"),
    "Invalid control character at": N_("is not valid JSON: a text holds a line break or a tab (write it \\n or \\t)"),
    "Invalid \\escape": N_("is not valid JSON: a backslash starts no escape JSON knows"),
}


def parse_document(text: str | bytes) -> Any:
    """Parse a JSON document; raises :class:`RecordsInvalid` saying what is wrong, at which line and
    column for a syntax error."""
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        found = said(_JSON_FAULTS[error.msg]) if error.msg in _JSON_FAULTS else said(NOT_JSON, error=error.msg)
        raise RecordsInvalid([Problem.of("file", "", found, (("line", error.lineno, error.colno),))]) from None
    except UnicodeDecodeError as error:
        raise RecordsInvalid([Problem.of("file", "", said(NOT_JSON, error=str(error)))]) from None
    except ValueError as error:  # NaN or Infinity; an integer of thousands of digits
        raise RecordsInvalid([Problem.of("file", "", said(NOT_JSON, error=str(error)))]) from None
    except RecursionError:
        raise RecordsInvalid([Problem.of("file", "", said(N_("is nested too deeply to be election records")))]) from None


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")
