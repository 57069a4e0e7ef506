"""What is wrong with a record, said so that a reader can mend it: the election, the field, the reason
(in English, and as a catalog key with parameters for the pages to translate)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..results import N_


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
