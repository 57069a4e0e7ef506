"""Changes to an election in words, as its forms name things: "Round 1, Russian Federation, Votes:
83 → unknown" rather than ``rounds[0].votes[1].votes: 83 → null``. The history page and the page that
tells an editor what changed while they edited both show changes this way."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms.fields.core import UnboundField

from ..audit import Change
from ..countries import country_name
from ..i18n import count_text, language
from ..records.shape import ROUND_COUNTS
from . import forms, roundforms
from .pages import FIGURE_LABELS, display_names, rule_label

# Where a field of the record is not named as a form field of the same name.
FORM_NAMES = {
    "organisation.acronym": "organisation_acronym", "organisation.name": "organisation_name",
    "post.title": "post_title", "post.region": "region", "post.term_years": "term_years",
    "location.city": "city", "location.country": "country", "term.start": "term_start", "term.end": "term_end",
    "rule.quota": "quota", "rule.base": "base", "names.ar": "name_ar", "names.fr": "name_fr",
}
# The form whose labels name the fields of each list's items; the record itself is the election form.
FORMS = {
    "": forms.ElectionEditForm, "candidates": forms.CandidateForm, "rounds": roundforms.RoundForm,
    "votes": roundforms.VoteEntry, "sources": roundforms.SourceEntry, "disputed": roundforms.DisputedEntry,
}
OTHER_LABELS = {
    "reported_elected": _l("Reported elected"), "unnamed_candidates": _l("Unnamed candidates"),
    "standing": _l("Standing in this round"), "withdrawn": _l("Withdrew before this round"),
    "eliminated": _l("Eliminated after this round"), "decided_by_lot": _l("Chosen by lot"),
    "related": _l("Related elections"), "sources": _l("Sources"), "names": _l("Names in other scripts"),
    "rule": _l("Rule"), "term": _l("Term of office"), "location": _l("Place"), "post": _l("Post"),
    "organisation.founded": _l("Organisation founded in"), "organisation.members": _l("Organisation's members"),
    "organisation.names": _l("Organisation's names in other languages"), "post.names": _l("Post's names in other languages"),
    "id": _l("Election id"), "key": _l("Candidate key"), "relation": _l("Relation"),
    "rounds": _l("Rounds"), "candidates": _l("Candidates"), "organisation": _l("Organisation"),
}
YEARS = {"founded"}  # shown as written, not as a count (1923, not 1,923)
# Lists of candidate keys: shown as the candidates' names.
CANDIDATE_LISTS = {"reported_elected", "standing", "withdrawn", "eliminated", "decided_by_lot"}
FIGURES = {*ROUND_COUNTS, "votes", "share", "against", "value", "seats", "term_years", "rounds_held", "unnamed_candidates"}
_ITEM = re.compile(r"^(\w+)\[(\d+)\]$")


@dataclass(frozen=True)
class ChangeInWords:
    """One change as a reader sees it: where (``"Round 1, Khaled El-Enany, Votes"``), the value before
    and after (``"83"``, ``"unknown"``), and whether it is an item of a list added or removed."""

    where: str
    before: str
    after: str
    added: bool = False
    removed: bool = False


def in_words(change: Change, before: dict | None, after: dict | None) -> ChangeInWords:
    """``change`` (a :class:`tracker.audit.Change` between the records ``before`` and ``after``) in
    the reader's language. Candidates are named as either version names them."""
    names = {**display_names(before or {"candidates": []}), **display_names(after or {"candidates": []})}
    parts, trail, context = change.path.split("."), list(change.trail), ""
    words: list[str] = []
    whole = None
    for position, part in enumerate(parts):
        found = _ITEM.match(part)
        if found:
            name = found.group(1)
            item = trail.pop(0) if trail else {}
            words.append(_item_name(name, item, names, int(found.group(2))))
            context = name
            whole = (name, item) if position == len(parts) - 1 else None
            continue
        rest = ".".join(parts[position:])
        words.append(_label(context, rest))
        last = parts[-1]
        return ChangeInWords(
            ", ".join(words), _value(last, change.before, names), _value(last, change.after, names)
        )
    name, item = whole
    return ChangeInWords(
        ", ".join(words[:-1] + [str(_list_label(name))]),
        _item_summary(name, change.before, names) if change.before is not None else "",
        _item_summary(name, change.after, names) if change.after is not None else "",
        added=change.before is None, removed=change.after is None,
    )


def _item_name(name: str, item: dict, names: dict[str, str], index: int) -> str:
    if name == "rounds":
        return str(_l("Round %(number)s", number=item.get("number", index + 1)))
    if name == "candidates":
        return names.get(item.get("key"), item.get("name") or item.get("key", ""))
    if name == "votes":
        return names.get(item.get("candidate"), item.get("candidate", ""))
    if name == "sources":
        return item.get("url", "")
    return str(_l("%(list)s %(number)s", list=_list_label(name), number=index + 1))


def list_label(name: str) -> str:
    """The words for an item of the record's list ``name`` ("Round", "Candidate", "Disputed value")."""
    return str(_list_label(name))


def _list_label(name: str) -> str:
    return {
        "rounds": _l("Round"), "candidates": _l("Candidate"), "votes": _l("Votes"), "sources": _l("Source"),
        "disputed": _l("Disputed value"), "related": _l("Related election"),
    }.get(name, name)


def field_label(context: str, path: str) -> str:
    """The label of field ``path`` of an item of the list ``context`` ("" for the election), as the
    forms name it ("Nominating country" for a candidate's ``country``); the field's own name where no
    form has it."""
    return _label(context, path)


def _label(context: str, path: str) -> str:
    """The label of field ``path`` of an item of the list ``context`` ("" for the election)."""
    if path in FIGURE_LABELS and context in ("", "rounds", "votes", "disputed"):
        return str(FIGURE_LABELS[path])
    field = getattr(FORMS.get(context), FORM_NAMES.get(path, path), None)
    if isinstance(field, UnboundField) and field.args:
        return str(field.args[0])
    if path.startswith("names."):
        return str(_l("Name in %(language)s", language=path.split(".", 1)[1]))
    for known in (path, ".".join(path.split(".")[:2]), path.split(".")[0]):
        if known in OTHER_LABELS:
            return str(OTHER_LABELS[known])
    return path.replace("_", " ")


def _value(name: str, value: Any, names: dict[str, str]) -> str:
    """A field's value as the page shows it: "unknown" for a figure no source gives."""
    if value is None or value == "":
        return str(_l("unknown")) if name in FIGURES else "—"
    if isinstance(value, bool):
        return str(_l("yes") if value else _l("no"))
    if name in CANDIDATE_LISTS and isinstance(value, list):
        return ", ".join(names.get(k, k) for k in value) or str(_l("no one"))
    if name == "country":
        return country_name(value, language()) or value
    if name == "rule":
        return rule_label(value)
    if isinstance(value, (int, float)):
        return str(value) if name in YEARS else count_text(value)
    choices = _CHOICES.get(name)
    if choices and value in choices:
        return str(choices[value])
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    if isinstance(value, dict):
        return "; ".join(f"{_label('', f'{name}.{k}')}: {_value(k, v, names)}" for k, v in value.items() if v is not None) or "—"
    return str(value)


_CHOICES = {
    "status": {c.value: c.label for c in forms.STATUS_CHOICES},
    "kind": {c.value: c.label for c in [*forms.ROUND_KINDS, *forms.KIND_CHOICES]},
    "quota": {c.value: c.label for c in forms.QUOTA_CHOICES},
    "base": {c.value: c.label for c in forms.BASE_CHOICES},
    "share_of": {c.value: c.label for c in forms.SHARE_OF_CHOICES},
    "gender": {c.value: c.label for c in forms.GENDER_CHOICES},
}


def _item_summary(name: str, item: Any, names: dict[str, str]) -> str:
    """A whole item added or removed, in a few words."""
    if not isinstance(item, dict):
        return str(item)
    if name == "candidates":
        return names.get(item.get("key"), item.get("name") or item.get("key", ""))
    if name == "rounds":
        return str(_l("Round %(number)s", number=item.get("number")))
    if name == "votes":
        return f"{names.get(item.get('candidate'), item.get('candidate'))}: {_value('votes', item.get('votes'), names)}"
    if name == "sources":
        return " · ".join(x for x in (item.get("title"), item.get("publisher"), item.get("url")) if x)
    if name == "disputed":
        who = names.get(item.get("candidate"), item.get("candidate"))
        field = _label("rounds", item.get("field", ""))
        return f"{field}{f' ({who})' if who else ''}: {_value('value', item.get('value'), names)} — {item.get('source')}"
    return json.dumps(item, ensure_ascii=False)


# What the history records as a change's note or author, as written by the tracker itself (English,
# stored once), and how each reads in the reader's language.
_WRITTEN = [
    (re.compile(r"revert of change #(?P<number>\d+)"), _l("revert of change #%(number)s")),
    (re.compile(r"person corrected \(person change #(?P<number>\d+)\)"), _l("person corrected (person change #%(number)s)")),
    (re.compile(r"persons merged \(person change #(?P<number>\d+)\)"), _l("persons merged (person change #%(number)s)")),
    (re.compile(r"candidacy split off a person \(person change #(?P<number>\d+)\)"),
     _l("candidacy split off a person (person change #%(number)s)")),
    (re.compile(r"person change #(?P<number>\d+) reverted \(person change #(?P<other>\d+)\)"),
     _l("person change #%(number)s reverted (person change #%(other)s)")),
    (re.compile(r"file upload"), _l("file upload")),
    (re.compile(r"command line \((?P<command>.+)\)"), _l("command line (%(command)s)")),
    (re.compile(r"system"), _l("the tracker")),
]


def written_words(text: str | None) -> str:
    """A note or author the tracker wrote in the history ("revert of change #12", "command line (flask
    seed)") in the reader's language; anything else (an editor's email) as it is."""
    for pattern, words in _WRITTEN:
        found = pattern.fullmatch(text or "")
        if found:
            return str(words) % found.groupdict() if found.groupdict() else str(words)
    return text or ""
