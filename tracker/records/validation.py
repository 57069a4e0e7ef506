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
from .problems import NOT_A_CANDIDATE, NOT_A_COUNTRY, NOT_JSON, Finding, Problem, RecordsInvalid, said
from .shape import LARGEST_NUMBER, LONGEST_TERM, LONGEST_TEXT, TEXT_FIELDS, Limit
from .text import text_problems, visible

DEFAULT_TEXT = Limit(LONGEST_TEXT)  # a text the shape does not list (a disputed value): one line, a page long at most


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
        if not is_web_address(url):
            problems.append((path, said(N_("%(url)r is not a web address (http:// or https://)"), url=url[:100])))
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
