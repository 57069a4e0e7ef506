"""What is wrong with a record, said so that a reader can mend it: where (the election or the CSV row,
and the field in words: round, candidate, field) and why (in English, and as a catalog key with
parameters for the pages to translate)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from ..results import N_

MOST_SHOWN = 200  # problems listed for one file; "and N more" after them


@dataclass(frozen=True)
class Problem:
    """One reason a record cannot be stored: which election, which field, why.

    ``election`` says where in the file: ``"file"``, ``"row 12"`` (CSV), ``"election <id>"`` or
    ``"election #3"`` (the third, which has no id). ``field`` is the data's own name of the field:
    its path in the record (``"rounds[1].votes[0].votes"``) or the CSV column. ``where`` names the
    same place in words, as parts: ``("round", 2)``, ``("candidate", "infantino")``, ``("source",
    1)``, ``("item", list, n)``, ``("field", context, name[, n])`` (context: the list whose item
    holds the field, ``""`` for the election), ``("line", line, column)``, ``("byte", n)``; pages
    say them in the reader's language (:func:`tracker.i18n.problem_text`), :meth:`__str__` in
    English.

    ``message`` is the reason in English; ``text`` is its catalog key with ``%(name)s``
    placeholders and ``params`` their values, so pages show it in the reader's language
    (:func:`Problem.of` builds both).
    """

    election: str
    field: str
    message: str
    text: str = ""
    params: dict = field(default_factory=dict, hash=False)
    where: tuple = ()

    @classmethod
    def of(cls, election: str, field_path: str, found: Finding, where: tuple = ()) -> Problem:
        """A problem from a :data:`Finding` (text and params), its English message filled in."""
        text, params = found
        return cls(election, field_path, text % params if params else text, text, params, tuple(where))

    def place(self) -> str:
        """Where, in plain English: ``"election fifa-2016-president, round 2, candidate infantino,
        votes"``, ``"row 12, column votes"``."""
        words = [self.election] if self.election != "file" else ["the file"]
        words += [_plain(part) for part in self.where]
        if self.field and not self.where:
            words.append(f"column {self.field}" if self.election.startswith("row ") else self.field)
        return ", ".join(words)

    def __str__(self) -> str:
        return f"{self.place()}: {self.message}"


def _plain(part: tuple) -> str:
    kind, *values = part
    if kind == "field":
        _context, name, *number = values
        return f"{name} {number[0]}" if number else name
    if kind == "item":
        return f"{values[0]} {values[1]}"
    if kind == "line":
        return f"line {values[0]}, column {values[1]}"
    return f"{kind} {values[0]}"


def election_label(record: Any, index: int) -> str:
    """How problems name an election of a file: by its id, else by its place in the file."""
    if isinstance(record, dict) and isinstance(record.get("id"), str):
        return f"election {record['id']}"
    return f"election #{index + 1}"


def shown(value: Any, longest: int = 60) -> str:
    """A value as a message quotes it (between “ ”, in the message's text): text as it is, anything
    else as JSON writes it (a whole number without ".0"), cut at ``longest`` characters."""
    text = _CONTROLS.sub(_escaped, value) if isinstance(value, str) else as_json(value, longest)
    return text if len(text) <= longest else text[: longest - 1] + "…"


_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _escaped(found: re.Match) -> str:
    """A control character as JSON escapes it (a line break as \\n): seen, not acted on."""
    return json.dumps(found.group())[1:-1]


def as_json(value: Any, longest: int = 60) -> str:
    """A value as JSON writes it (text in double quotes), where the kind of value is the point."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= longest else text[: longest - 1] + "…"


NOT_A_CANDIDATE = N_("“%(key)s” is not the key of a candidate of this election")
NOT_JSON = N_("is not valid JSON (%(error)s)")
NOT_A_COUNTRY = N_("%(code)s is not an ISO 3166 alpha-3 code (three capital letters, such as MAR for Morocco)")
COUNTRY_MEANT = N_("%(code)s is not an ISO 3166 alpha-3 code (did you mean %(suggestion)s?)")
Finding = tuple[str, dict]  # a reason: its text (a catalog key, marked N_) and the values of its placeholders


def said(text: str, **params) -> Finding:
    """A :data:`Finding`: ``text`` with ``%(name)s`` placeholders, and their values."""
    return text, params


def country_finding(code: Any) -> Finding:
    """What is wrong with ``code`` as an ISO 3166 alpha-3 code, with the code it most likely means."""
    from ..countries import suggest_country

    if code == "":
        return said(N_("is empty"))
    if isinstance(code, str) and (suggestion := suggest_country(code)):
        return said(COUNTRY_MEANT, code=code, suggestion=suggestion)
    return said(NOT_A_COUNTRY, code=code if isinstance(code, str) else shown(code))


class RecordsInvalid(ValueError):
    """Raised when a file or a form's record fails validation; ``problems`` lists every fault."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems[:MOST_SHOWN]))
        self.problems = problems
