"""The faults the JSON Schema finds, said in the tracker's words rather than the validator's ("RUSSIA is
not an ISO 3166 alpha-3 code (did you mean RUS?)", not "'RUSSIA' does not match '^[A-Z]{3}$'"), and a
field's place in a record said in words (round 2, candidate infantino, votes) for
:class:`~.problems.Problem`.

A fault is said by the kind of constraint the schema sets (a type, a least or greatest value, a
pattern, a set of values, a required field) and the value found; the field is named where the problem
is shown, by its label on the forms. Each message is a catalog key with its parameters, translated
where shown.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from jsonschema import ValidationError

from ..results import N_
from .format import first_day, slug
from .problems import Finding, as_json, country_finding, said, shown

# The schema's patterns, by what they stand for.
COUNTRY_PATTERN = "^[A-Z]{3}$"
KEY_PATTERN = "^[a-z0-9][a-z0-9-]*$"
DATE_PATTERN = "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"  # an election's date: a year, a month or a day
DAY_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

NOT_A_DATE = N_("“%(value)s” is not a date written YYYY, YYYY-MM or YYYY-MM-DD")
NOT_A_DAY = N_("“%(value)s” is not a date written YYYY-MM-DD")
NOT_A_CALENDAR_DATE = N_("“%(value)s” is not a calendar date")
TYPES = {  # what a field should be, by the JSON types the schema allows (null aside); the value as JSON writes it
    "integer": N_("%(value)s is not a whole number"),
    "number": N_("%(value)s is not a number"),
    "string": N_("should be text (in double quotes), not %(value)s"),
    "boolean": N_("should be true or false, not %(value)s"),
    "array": N_("should be a list, in square brackets [ ], not %(value)s"),
    "object": N_("should be a group of fields, in braces { }, not %(value)s"),
}


def date_finding(value: Any, whole_day: bool) -> Finding:
    """What is wrong with ``value`` as a date: not written as the format writes dates (YYYY, YYYY-MM
    or YYYY-MM-DD; YYYY-MM-DD alone where ``whole_day``), or no day of the calendar (2024-02-30)."""
    text = value if isinstance(value, str) else ""
    shaped = re.fullmatch(DAY_PATTERN if whole_day else DATE_PATTERN, text, re.ASCII)
    if shaped:
        try:
            first_day(text)
        except ValueError:
            return said(NOT_A_CALENDAR_DATE, value=shown(value))
    return said(NOT_A_DAY if whole_day else NOT_A_DATE, value=shown(value))


def key_finding(value: Any) -> Finding:
    """What is wrong with ``value`` as a key or an id, with one made from it."""
    return said(
        N_("“%(value)s” cannot be used: write small letters a-z, digits and hyphens, starting with a letter or digit (such as %(suggestion)s)"),
        value=shown(value), suggestion=slug(value) if isinstance(value, str) else "x",
    )


def _closest(value: Any, allowed: list) -> str | None:
    """The allowed value ``value`` most likely means: the same but for case or spaces, or close."""
    if not isinstance(value, str):
        return None
    texts = [a for a in allowed if isinstance(a, str)]
    plain = re.sub(r"[\s-]+", "_", value.strip().lower())
    if plain in texts:
        return plain
    within = [a for a in texts if plain and plain in a]
    if len(within) == 1:  # "majority" for absolute_majority
        return within[0]
    close = difflib.get_close_matches(plain, texts, n=1, cutoff=0.7)
    return close[0] if close else None


def _type_finding(error: ValidationError) -> Finding:
    allowed = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
    wanted = [t for t in allowed if t != "null"]
    text = TYPES.get(wanted[0]) if len(wanted) == 1 else None
    if text is None:  # never in this schema; said plainly all the same
        return said(N_("%(value)s is not of the kind this field holds"), value=as_json(error.instance))
    if wanted[0] in ("integer", "number") and isinstance(error.instance, str):
        if _a_number(error.instance):
            return said(N_("%(value)s is text: write the number without quotes"), value=as_json(error.instance))
        quoted = N_("“%(value)s” is not a whole number") if wanted[0] == "integer" else N_("“%(value)s” is not a number")
        return said(quoted, value=shown(error.instance))
    return said(text, value=as_json(error.instance))


def _a_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _pattern_finding(error: ValidationError) -> Finding:
    pattern, value = error.validator_value, error.instance
    if pattern == COUNTRY_PATTERN:
        return country_finding(value)
    if pattern == KEY_PATTERN:
        return key_finding(value)
    if pattern in (DATE_PATTERN, DAY_PATTERN):
        return date_finding(value, whole_day=pattern == DAY_PATTERN)
    return said(N_("“%(value)s” is not written as this field is written"), value=shown(value))


def _enum_finding(error: ValidationError) -> Finding:
    allowed = [v for v in error.validator_value if v is not None]
    listed = ", ".join(str(v) for v in allowed)
    suggestion = _closest(error.instance, allowed)
    if suggestion:
        return said(N_("“%(value)s” is not one of: %(allowed)s (did you mean %(suggestion)s?)"),
                    value=shown(error.instance), allowed=listed, suggestion=suggestion)
    return said(N_("“%(value)s” is not one of: %(allowed)s"), value=shown(error.instance), allowed=listed)


def _unexpected(error: ValidationError) -> list[tuple[list, Finding]]:
    """Fields an object may not have, each with the field of the format it most likely means."""
    known = list((error.schema.get("properties") or {}).keys())
    found = []
    for name in error.instance:
        if name in known:
            continue
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        finding = (
            said(N_("is not a field of the format (did you mean %(suggestion)s?)"), suggestion=close[0])
            if close else said(N_("is not a field of the format"))
        )
        found.append(([name], finding))
    return found


def schema_findings(error: ValidationError) -> list[tuple[list, Finding]]:
    """The faults one JSON Schema error stands for: ``(path, finding)`` pairs, the path (a list of
    names and indexes) from the document's root."""
    path = list(error.absolute_path)
    kind, value = error.validator, error.instance
    if kind in ("anyOf", "oneOf") and error.context:
        # the faults inside the value (a rule's quota), where the value is of a kind one branch takes;
        # else why it is of no kind any branch takes
        deeper = [e for e in error.context if e.path]
        return [found for e in deeper for found in schema_findings(e)] if deeper else schema_findings(error.context[0])
    if kind == "required":
        missing = [name for name in error.validator_value if name not in value]
        return [([*path, name], said(N_("is missing"))) for name in missing]
    if kind == "additionalProperties":
        return [([*path, *extra], finding) for extra, finding in _unexpected(error)]
    if kind == "type":
        return [(path, _type_finding(error))]
    if kind == "minimum":
        if error.validator_value == 0:
            return [(path, said(N_("%(value)s is negative: a count is 0 or more"), value=shown(value)))]
        return [(path, said(N_("%(value)s is less than %(least)s"), value=shown(value), least=error.validator_value))]
    if kind == "maximum":
        return [(path, said(N_("%(value)s is more than %(most)s"), value=shown(value), most=error.validator_value))]
    if kind == "minLength":
        return [(path, said(N_("is empty")))]
    if kind == "pattern":
        return [(path, _pattern_finding(error))]
    if kind == "format" and error.validator_value == "date":
        return [(path, date_finding(value, whole_day=True))]
    if kind == "enum":
        return [(path, _enum_finding(error))]
    if kind == "const":
        return [(path, said(N_("should be “%(expected)s”, not “%(value)s”"), expected=shown(error.validator_value), value=shown(value)))]
    return [(path, said(N_("is not valid here (%(reason)s)"), reason=error.message))]


# --- places in words --------------------------------------------------------------------------------

_PART = re.compile(r"\[(\d+)\]|\.?([^.\[]+)")


def path_parts(path: str) -> list:
    """``"rounds[1].votes[0].votes"`` as ``["rounds", 1, "votes", 0, "votes"]``."""
    return [int(index) if index else name for index, name in _PART.findall(path)]


def path_text(parts: list) -> str:
    """``["rounds", 1, "votes", 0, "votes"]`` as ``"rounds[1].votes[0].votes"``."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _number_of(item: Any, index: int) -> Any:
    number = item.get("number") if isinstance(item, dict) else None
    return number if isinstance(number, int) and not isinstance(number, bool) else f"#{index + 1}"


def _key_of(item: Any, name: str, index: int) -> str:
    key = item.get(name) if isinstance(item, dict) else None
    return key if isinstance(key, str) and key else f"#{index + 1}"


def place(record: Any, parts: list) -> tuple:
    """Where the field at ``parts`` (a path in ``record``, as :func:`path_parts` gives) is, in words:
    the round by its number, the candidate by their key, a source by its place, then the field by
    its name and the list whose item holds it (see :class:`~.problems.Problem`'s ``where``)."""
    words: list[tuple] = []
    here, context, position = record, "", 0
    while position < len(parts):
        name = parts[position]
        index = parts[position + 1] if position + 1 < len(parts) and isinstance(parts[position + 1], int) else None
        if not isinstance(name, str):
            break
        item_list = here.get(name) if isinstance(here, dict) else None
        item = item_list[index] if index is not None and isinstance(item_list, list) and index < len(item_list) else None
        if index is None or not isinstance(item, dict) and name in ("rounds", "candidates", "votes"):
            rest = [p for p in parts[position:] if isinstance(p, str)]
            numbered = (index + 1,) if index is not None else ()
            if not (context == "votes" and rest == ["candidate"]):  # a vote's candidate: said already
                words.append(("field", context, ".".join(rest), *numbered))
            return tuple(words)
        if name == "rounds":
            words.append(("round", _number_of(item, index)))
        elif name == "candidates":
            words.append(("candidate", _key_of(item, "key", index)))
        elif name == "votes":
            words.append(("candidate", _key_of(item, "candidate", index)))
        elif name == "sources" and context == "" and isinstance(item, dict):
            words.append(("source", index + 1))
        elif isinstance(item, dict):
            words.append(("item", name, index + 1))
        else:  # an item of a list of texts (aliases, standing, a round's sources...)
            words.append(("field", context, name, index + 1))
            return tuple(words)
        here, context, position = item, name, position + 2
    return tuple(words)
