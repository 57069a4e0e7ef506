"""The CSV layout of election-records/v1: one row per candidate per round.

Election columns are repeated on every row of the election (rows of one election share its
``election_id``); round columns on every row of the round. A candidate who stood in no round (a
scheduled election, or one who withdrew before it) has a row with an empty ``round_number``. A repeated cell may
be left empty on later rows; a different value there is a fault. Sources
ride along on any row of their election (``source_*`` columns; one source per row, repeated URLs are
the same source). Lists inside one cell (aliases) are separated by ``|``. Yes/no cells take
``yes``/``no`` (empty is no).

The columns come from the record's shape (:mod:`tracker.records.shape`): every field, in the shape's
order, under the name :data:`NAMES` gives it, with the kind of cell its type says. Two JSON fields
are not carried by CSV (:data:`NOT_CARRIED`): the values other sources give for a figure
(``disputed``) and links to related elections (``related``). Use JSON to keep them. ``elected_reported`` says that the sources report who was
elected, so that "no one" (no candidate ``reported_elected``) can be told from "not reported";
``for_against`` that members voted for or against each nominee (an empty ``against`` is then unknown).
The last columns (:data:`COMPUTED_COLUMNS`) carry the tracker's own computed outcome on export and are
ignored on import.

:func:`parse_csv` turns a CSV file into an election-records/v1 document and keeps where each value came
from, so that :func:`locate` can name the row and column of a fault.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from types import UnionType
from typing import Annotated, Union, get_args, get_origin

from ..localnames import LANGUAGES
from ..results import N_
from . import shape
from .format import FORMAT
from .problems import Problem, said, shown

# The layout's name of each field of the shape, by the object it belongs to and its path there; a
# field CSV does not carry is in NOT_CARRIED (tests/test_shape.py holds the two against the shape).
NAMES = {
    "election": {
        "id": "election_id", "status": "status", "organisation.acronym": "organisation_acronym",
        "organisation.name": "organisation_name", "organisation.names": "organisation_name",
        "organisation.founded": "organisation_founded", "organisation.members": "organisation_members",
        "body": "body", "session": "session", "post.title": "post_title", "post.region": "post_region",
        "post.term_years": "post_term_years", "date": "date", "end_date": "end_date", "location.city": "city",
        "location.country": "country", "electorate": "electorate", "seats": "seats", "term.start": "term_start",
        "term.end": "term_end", "rule.quota": "quota", "rule.base": "base",
        "unnamed_candidates": "unnamed_candidates", "rounds_held": "rounds_held", "notes": "election_notes",
    },
    "round": {  # and a count of the ballot (ROUND_COUNTS) under its own name
        "number": "round_number", "label": "round_label", "kind": "round_kind", "date": "round_date",
        "rule.quota": "round_quota", "rule.base": "round_base", "electorate": "round_electorate",
        "share_of": "share_of", "derived": "round_derived", "sources": "round_sources", "notes": "round_notes",
    },
    "candidate": {
        "key": "candidate_key", "kind": "candidate_kind", "name": "candidate_name", "names": "candidate_name",
        "aliases": "candidate_aliases", "country": "candidate_country", "nominated_by": "nominated_by",
        "gender": "gender", "affiliation": "affiliation", "declared": "declared",
    },
    # a round's lists of candidates, yes/no on each candidate's row, and the candidate's figures
    "vote": {
        "standing": "standing", "withdrawn": "withdrawn", "votes.votes": "votes", "votes.share": "share",
        "votes.against": "against", "decided_by_lot": "decided_by_lot", "eliminated": "eliminated",
    },
    "source": {
        "url": "source_url", "title": "source_title", "publisher": "source_publisher",
        "language": "source_language", "published": "source_published", "accessed": "source_accessed",
    },
}
NOT_CARRIED = {"election": {"related"}, "round": {"disputed"}, "vote": {"votes.candidate"}}
NAMES["round"] |= {name: name for name in shape.ROUND_COUNTS if name not in NAMES["round"]}
# Columns that say what a record's shape holds rather than a field of it:
REPORTED = {"election": "elected_reported", "candidate": "reported_elected", "round": "for_against"}
# Written on export, ignored on import: the tracker's own outcome, beside what the sources report.
COMPUTED_COLUMNS = ["outcome_decided", "computed_outcome"]
ROUND_LISTS = ("standing", "withdrawn", "decided_by_lot", "eliminated")  # of candidate keys: yes/no cells


@dataclass(frozen=True)
class Column:
    """One column: its ``name``, the ``level`` whose rows repeat it (election, round, candidate, vote,
    source), the field's ``path`` in its object (``("organisation", "acronym")``; a language for
    names), and its ``kind`` of cell: text, whole, number, yes_no, list (of text, ``|``-separated)."""

    name: str
    level: str
    path: tuple[str, ...]
    kind: str


def _types(annotation) -> set:
    """The plain types a field's annotation allows, Annotated and unions unwrapped, None left out."""
    if get_origin(annotation) is Annotated:
        return _types(get_args(annotation)[0])
    if get_origin(annotation) in (Union, UnionType):
        return {t for arg in get_args(annotation) for t in _types(arg)}
    return set() if annotation is type(None) else {get_origin(annotation) or annotation}


def _kind(annotation) -> str:
    """The kind of cell a field's type takes: whole, number, yes_no, list or text."""
    types = _types(annotation)
    if types == {bool}:
        return "yes_no"
    if types == {int}:
        return "whole"
    if types == {int, float}:
        return "number"
    if types == {list}:
        return "list"
    return "text"


def _columns(model: type[shape.Shape], level: str, prefix: str = "", elsewhere: tuple[str, ...] = ()) -> list[Column]:
    """The columns of ``model``'s fields at ``level``, in the shape's order: a nested object's fields
    in turn, names in other languages one column per language. Raises ``KeyError`` for a field the
    layout has no column for, so that a field added to the shape is not dropped unseen."""
    found = []
    for name, info in model.model_fields.items():
        path = prefix + name
        if path in NOT_CARRIED.get(level, ()) or name in elsewhere:
            continue
        if path in NAMES[level] and get_origin(info.annotation) is dict:
            found += [Column(f"{NAMES[level][path]}_{lang}", level, (*path.split("."), lang), "text") for lang in LANGUAGES]
        elif path in NAMES[level]:
            found.append(Column(NAMES[level][path], level, tuple(path.split(".")), _kind(info.annotation)))
        elif (nested := shape._models_in(info.annotation)) and shape._collection(info.annotation) == "":
            found += _columns(nested[0], level, path + ".")
        else:
            raise KeyError(f"the CSV layout has no column for the {level}'s {path}")
    return found


def _round_columns() -> tuple[list[Column], list[Column]]:
    """The round's own columns, and the vote columns: its lists of candidates (yes/no on a
    candidate's row) and each vote's figures, in the shape's order."""
    own = _columns(shape.Round, "round", elsewhere=(*ROUND_LISTS, "votes"))
    at = next(i for i, c in enumerate(own) if c.name == "share_of") + 1
    own.insert(at, Column(REPORTED["round"], "round", (), "yes_no"))
    votes = []
    for name in shape.Round.model_fields:
        if name in ROUND_LISTS:
            votes.append(Column(NAMES["vote"][name], "vote", (name,), "yes_no"))
        elif name == "votes":
            votes += [Column(c.name, "vote", c.path[1:], c.kind) for c in _columns(shape.Vote, "vote", "votes.")]
    return own, votes


ELECTION = _columns(shape.ElectionRecord, "election", elsewhere=("candidates", "rounds", "sources", "reported_elected"))
ELECTION.append(Column(REPORTED["election"], "election", (), "yes_no"))
ROUND, VOTE = _round_columns()
CANDIDATE = _columns(shape.Candidate, "candidate") + [Column(REPORTED["candidate"], "candidate", (), "yes_no")]
SOURCE = _columns(shape.Source, "source")
ELECTION_COLUMNS = [c.name for c in ELECTION]
ROUND_COLUMNS = [c.name for c in ROUND]
CANDIDATE_COLUMNS = [c.name for c in CANDIDATE]
VOTE_COLUMNS = [c.name for c in VOTE]
SOURCE_COLUMNS = [c.name for c in SOURCE]
COLUMNS = ELECTION_COLUMNS + ROUND_COLUMNS + CANDIDATE_COLUMNS + VOTE_COLUMNS + SOURCE_COLUMNS + COMPUTED_COLUMNS
KINDS = {c.name: c.kind for c in ELECTION + ROUND + CANDIDATE + VOTE + SOURCE} | {
    "outcome_decided": "yes_no", "computed_outcome": "text"
}

# record path -> CSV column, for naming the column of a fault found in the assembled record
FIELD_COLUMNS = {".".join(c.path): c.name for c in ELECTION if c.path} | {
    "rule": "quota", "reported_elected": "reported_elected", "organisation.names": "organisation_name_ar",
}
ROUND_FIELD_COLUMNS = {".".join(c.path): c.name for c in ROUND + VOTE if c.path} | {"rule": "round_quota"}
CANDIDATE_FIELD_COLUMNS = {".".join(c.path): c.name for c in CANDIDATE if c.path} | {"names": "candidate_name_ar"}


@dataclass
class RowMap:
    """Where each part of each assembled record came from: CSV row numbers (the header is row 1)."""

    elections: list[int] = field(default_factory=list)
    rounds: dict[tuple[int, int], int] = field(default_factory=dict)
    votes: dict[tuple[int, int, int], int] = field(default_factory=dict)
    candidates: dict[tuple[int, int], int] = field(default_factory=dict)
    labels: list[str] = field(default_factory=list)


# A spreadsheet runs a cell starting with one of these as a formula (CSV injection, OWASP): such text
# is written with a leading apostrophe, which spreadsheets hide and reading a CSV here removes. Text
# that starts with apostrophes before one of these gets one more, so that every text comes back whole.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _guarded(value: str) -> bool:
    return value.lstrip("'").startswith(FORMULA_STARTS)


def _blank(value: str | None) -> str | None:
    value = (value or "").strip()
    if value.startswith("'") and _guarded(value):
        value = value[1:]
    return value or None


def _yes(value: str | None) -> bool:
    return (value or "").strip().lower() in {"yes", "y", "true", "1", "x"}


def parse_csv(text: str) -> tuple[dict, RowMap, list[Problem]]:
    """Parse the CSV layout into an election-records/v1 document.

    Cells may be separated by commas, semicolons (as spreadsheets write CSV where the decimal mark is
    a comma, French Excel among them: a share may then be written 55,6) or tabs: the header says
    which (:func:`delimiter`). A byte-order mark and Windows or old Mac line ends are read.

    Returns ``(document, row_map, problems)``: the problems are those of the CSV itself (a missing
    column, a number that is not a whole number, an election column that differs between rows of one
    election), each naming its row and column; the document is then validated as any other.
    """
    try:
        return _parse_csv(text)
    except csv.Error as error:  # a cell beyond the csv module's limit (128 KiB), a NUL byte...
        return {"format": FORMAT, "elections": []}, RowMap(), [Problem.of("file", "", said(N_("cannot be read as CSV (%(error)s)"), error=str(error)))]


REQUIRED = ("election_id", "organisation_acronym", "body", "post_title", "date", "candidate_key")
DIFFERS = {
    "election": N_("“%(value)s” differs from “%(first)s” in row %(row)s of the same election"),
    "round": N_("“%(value)s” differs from “%(first)s” in row %(row)s of the same round"),
    "candidate": N_("“%(value)s” differs from “%(first)s” in row %(row)s of the same candidate"),
}
DELIMITERS = (",", ";", "\t")


def delimiter(text: str) -> str:
    """What separates the cells of the CSV ``text``: of a comma, a semicolon and a tab, the one that
    splits its header (the first line) into the most columns of the layout; a comma if none does."""
    header = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    counts = {mark: sum(name.strip() in KINDS for name in next(csv.reader([header], delimiter=mark), [])) for mark in DELIMITERS}
    best = max(DELIMITERS, key=counts.get)
    return best if counts[best] else ","


def _number(value: str, kind: str, decimal_comma: bool):
    """A cell of a number column as its number: a whole number, or (``kind`` "number") one with a
    decimal point, or a decimal comma where the cells are not separated by commas; "%" ignored."""
    if kind == "whole":
        return int(value)
    value = value.rstrip("%").strip()
    if decimal_comma and re.fullmatch(r"-?\d+,\d+", value):
        value = value.replace(",", ".")
    return float(value)


def _read_cells(raw: dict, line: int, problems: list[Problem], decimal_comma: bool = False) -> tuple[dict, set[str]]:
    """A row's cells as values of their column's kind, and the columns that could not be read."""
    cells: dict[str, object] = {}
    unreadable: set[str] = set()
    for column in COLUMNS:
        value = _blank(raw.get(column))
        kind = KINDS[column]
        cells[column] = value
        if value is None:
            continue
        if kind in ("whole", "number"):
            try:
                cells[column] = _number(value, kind, decimal_comma)
            except ValueError:
                text = N_("“%(value)s” is not a whole number") if kind == "whole" else N_("“%(value)s” is not a number")
                problems.append(Problem.of(f"row {line}", column, said(text, value=shown(value))))
                cells[column] = None
                unreadable.add(column)
        elif kind == "yes_no":
            cells[column] = _yes(value)
    return cells, unreadable


def _parse_csv(text: str) -> tuple[dict, RowMap, list[Problem]]:
    problems: list[Problem] = []
    text = text.lstrip("\ufeff")
    if "\r" in text and "\n" not in text:  # old Mac line ends
        text = text.replace("\r", "\n")
    mark = delimiter(text)
    reader = csv.DictReader(io.StringIO(text), delimiter=mark)
    header = [name.strip() for name in reader.fieldnames or []]
    reader.fieldnames = header
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        return {"format": FORMAT, "elections": []}, RowMap(), [_header_problem(text, missing)]
    unknown = [c for c in header if c not in COLUMNS]
    if unknown:
        problems.append(Problem.of("row 1", "", said(N_("unknown column(s): %(columns)s"), columns=", ".join(unknown))))
    rows = RowMap()
    elections: dict[str, dict] = {}
    first_seen: dict[tuple, tuple[int, dict]] = {}  # (election[, round | candidate]) -> first row, cells
    reported: set[tuple] = set()  # (group, column) already said to differ
    reported_somewhere: set[str] = set()  # elections whose elected_reported says yes
    for line, raw in enumerate(reader, start=2):
        cells, unreadable = _read_cells(raw, line, problems, decimal_comma=mark != ",")
        election_id = cells["election_id"]
        if not election_id:
            problems.append(Problem.of(f"row {line}", "election_id", said(N_("is empty"))))
            continue
        if election_id not in elections:
            elections[election_id] = _new_record(cells)
            rows.elections.append(line)
            rows.labels.append(f"election {election_id}")
        groups = [((election_id,), ELECTION_COLUMNS, "election")]
        if cells["round_number"] is not None:
            groups.append(((election_id, "round", cells["round_number"]), ROUND_COLUMNS, "round"))
        if cells["candidate_key"] is not None:
            groups.append(((election_id, "candidate", cells["candidate_key"]), CANDIDATE_COLUMNS[:-1], "candidate"))
        for group, columns, what in groups:
            first_line, first = first_seen.setdefault(group, (line, raw))
            for column in columns:
                mine, theirs = _blank(raw.get(column)), _blank(first.get(column))
                if mine is None or mine == theirs or column in unreadable or (group, column) in reported:
                    continue
                reported.add((group, column))
                problems.append(Problem.of(f"row {line}", column, said(DIFFERS[what], value=shown(mine), first=shown(theirs), row=first_line)))
        _add_row(elections[election_id], cells, list(elections).index(election_id), line, rows)
        if cells["elected_reported"]:
            reported_somewhere.add(election_id)
    for election_id, record in elections.items():
        if not record["reported_elected"] and election_id not in reported_somewhere:
            del record["reported_elected"]  # the sources say nothing of who was elected
    return {"format": FORMAT, "elections": list(elections.values())}, rows, problems


def _header_problem(text: str, missing: list[str]) -> Problem:
    """Why the header lacks columns the layout needs: the file is JSON, its cells are separated by
    something else than a comma, a semicolon or a tab, or the columns are missing indeed."""
    if text.lstrip()[:1] in ("{", "["):
        return Problem.of("file", "", said(N_("seems to be JSON, not CSV: name it .json, or choose the JSON format")))
    line = text.splitlines()[0] if text.strip() else ""
    others = [mark for mark in ("|", ":") if line.count(mark) >= len(REQUIRED) - 1]
    if others:
        return Problem.of("row 1", "", said(N_("the cells seem separated by “%(mark)s”: separate them by commas, semicolons or tabs"), mark=others[0]))
    return Problem.of("row 1", "", said(N_("missing column(s): %(columns)s (the first row names the columns, as in the CSV template)"), columns=", ".join(missing)))


def _put(target: dict, path: tuple[str, ...], value) -> None:
    for part in path[:-1]:
        target = target.setdefault(part, {})
    target[path[-1]] = value


def _object(columns: list[Column], cells: dict) -> dict:
    """The object ``columns`` describe, from a row's cells: every field set (``None`` where empty),
    lists split at ``|``, names in other languages only where given."""
    found: dict = {}
    for column in columns:
        if not column.path:
            continue
        value = _split(cells[column.name]) if column.kind == "list" else cells[column.name]
        if "names" in column.path[:-1]:  # a name in another language
            if value:
                _put(found, column.path, value)
            continue
        _put(found, column.path, value)
    return found


def _rule(rule: dict | None) -> dict | None:
    """A rule read from its cells: none without a quota; the base of valid votes where none is given."""
    if not rule or not rule.get("quota"):
        return None
    return {"quota": rule["quota"], "base": rule.get("base") or "valid_votes"}


def _new_record(cells: dict) -> dict:
    record = _object(ELECTION, cells)
    record.setdefault("organisation", {}).setdefault("names", {})
    record["rule"] = _rule(record.get("rule"))
    record.update(candidates=[], rounds=[], reported_elected=[], sources=[])
    if record.get("seats") is None:
        record["seats"] = 1
    if record.get("status") is None:
        record["status"] = "held"
    return {k: v for k, v in record.items() if v is not None or k == "rule"}


def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


def _add_row(record: dict, cells: dict, e_index: int, line: int, rows: RowMap) -> None:
    key = cells["candidate_key"]
    if key is not None and not any(c["key"] == key for c in record["candidates"]):
        candidate = _object(CANDIDATE, cells)
        candidate.setdefault("names", {})
        candidate["kind"] = candidate.get("kind") or "person"
        candidate["declared"] = candidate["declared"] if candidate.get("declared") is not None else True
        rows.candidates[(e_index, len(record["candidates"]))] = line
        record["candidates"].append(candidate)
    if cells["reported_elected"] and key and key not in record["reported_elected"]:
        record["reported_elected"].append(key)
    if cells["source_url"] and not any(s["url"] == cells["source_url"] for s in record["sources"]):
        record["sources"].append(_object(SOURCE, cells))
    if cells["round_number"] is not None:
        _add_to_round(record, cells, e_index, line, rows)


def _add_to_round(record: dict, cells: dict, e_index: int, line: int, rows: RowMap) -> None:
    """The row's round (made on its first row) and, where the row names a candidate, their vote."""
    rnd = next((r for r in record["rounds"] if r["number"] == cells["round_number"]), None)
    if rnd is None:
        rnd = _object(ROUND, cells)
        rnd["kind"] = rnd.get("kind") or "ordinary"
        rnd["share_of"] = rnd.get("share_of") or "valid_votes"
        rnd["rule"] = _rule(rnd.get("rule"))
        if rnd["rule"] is None:
            del rnd["rule"]
        rnd.update(withdrawn=[], eliminated=[], decided_by_lot=[], votes=[])
        if rnd["kind"] != "ordinary":
            rnd["standing"] = []
        rows.rounds[(e_index, len(record["rounds"]))] = line
        record["rounds"].append(rnd)
    key = cells["candidate_key"]
    if key is None:
        return
    if cells["withdrawn"]:
        rnd["withdrawn"].append(key)
        return
    for name in ("eliminated", "decided_by_lot"):
        if cells[name]:
            rnd[name].append(key)
    if "standing" in rnd and cells["standing"] is not False:
        rnd["standing"].append(key)
    vote = {"candidate": key, **_object([c for c in VOTE if c.path[0] not in ROUND_LISTS], cells)}
    if vote.get("against") is None and not cells["for_against"]:
        vote.pop("against", None)
    rows.votes[(e_index, record["rounds"].index(rnd), len(rnd["votes"]))] = line
    rnd["votes"].append(vote)


_ROUND_PATH = re.compile(r"^rounds\[(\d+)\](?:\.votes\[(\d+)\])?(?:\.(.+))?$")
_CANDIDATE_PATH = re.compile(r"^candidates\[(\d+)\](?:\.(.+))?$")


def locate(problem: Problem, rows: RowMap) -> Problem:
    """The same problem, placed at the CSV row and column its value came from."""
    if problem.election == "file" or problem.election.startswith("row "):
        return problem
    try:
        e_index = rows.labels.index(problem.election)
    except ValueError:
        return problem
    line, column = rows.elections[e_index], FIELD_COLUMNS.get(problem.field, problem.field)
    if match := _ROUND_PATH.match(problem.field):
        r_index, v_index, rest = int(match[1]), match[2], match[3] or "number"
        line = rows.rounds.get((e_index, r_index), line)
        if v_index is not None:
            line = rows.votes.get((e_index, r_index, int(v_index)), line)
            column = {"candidate": "candidate_key"}.get(rest, rest)
        else:
            column = ROUND_FIELD_COLUMNS.get(re.sub(r"\[\d+\]$", "", rest), rest)
    elif match := _CANDIDATE_PATH.match(problem.field):
        line = rows.candidates.get((e_index, int(match[1])), line)
        column = CANDIDATE_FIELD_COLUMNS.get(match[2] or "key", match[2] or "candidate_key")
    return Problem(f"row {line}", column, problem.message, problem.text, problem.params)


def to_csv(records: list[dict], computed: dict[str, dict] | None = None) -> str:
    """Canonical records as CSV text in this layout (the inverse of :func:`parse_csv`).

    ``computed``: the tracker's outcome of each record by id, as the ``computed`` object of
    election-records/v1 (:func:`tracker.outcomes.computed_json`), for the :data:`COMPUTED_COLUMNS`.
    """
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    computed = computed or {}
    for record in records:
        sources = list(record["sources"])
        outcome = computed.get(record["id"])
        for cells in _record_rows(record):
            if outcome is not None:
                cells["outcome_decided"] = outcome["decided"]
                if cells.get("candidate_key"):
                    cells["computed_outcome"] = outcome["candidates"].get(cells["candidate_key"])
            if sources:
                cells.update(_cells(SOURCE, sources.pop(0)))
            writer.writerow({k: _cell(v) for k, v in cells.items()})
        for source in sources:  # more sources than rows
            writer.writerow({k: _cell(v) for k, v in {**_election_cells(record), **_cells(SOURCE, source)}.items()})
    return out.getvalue()


def table_csv(columns: list[str], rows: list[list]) -> str:
    """A table as CSV text: a header line, then one line per row; ``None`` is an empty cell."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return out.getvalue()


def _cell(value) -> str:
    """A value as a CSV cell: ``None`` empty, booleans yes/no, text that a spreadsheet would run as a
    formula guarded with a leading apostrophe."""
    if value is None:
        return ""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, str) and _guarded(value):
        return "'" + value
    return str(value)


def _value(obj: dict, path: tuple[str, ...]):
    for part in path:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(part)
    return obj


def _cells(columns: list[Column], obj: dict) -> dict:
    """The cells of ``columns`` for one object (a record, a round, a candidate, a source)."""
    cells = {}
    for column in columns:
        if column.path:
            value = _value(obj, column.path)
            cells[column.name] = ("|".join(value) or None) if column.kind == "list" else value
    return cells


def _election_cells(record: dict) -> dict:
    return {**_cells(ELECTION, record), REPORTED["election"]: "reported_elected" in record}


def _candidate_cells(record: dict, candidate: dict) -> dict:
    return {**_cells(CANDIDATE, candidate), REPORTED["candidate"]: candidate["key"] in record.get("reported_elected", ())}


def _vote_cells(rnd: dict, key: str, vote: dict) -> dict:
    standing = rnd.get("standing")
    cells = {c.name: vote.get(c.path[0]) for c in VOTE if c.path[0] not in ROUND_LISTS}
    for name in ROUND_LISTS:
        cells[NAMES["vote"][name]] = key in (rnd.get(name) or ())
    cells[NAMES["vote"]["standing"]] = (key in standing) if standing is not None else None
    return cells


def _record_rows(record: dict):
    candidates = {c["key"]: c for c in record["candidates"]}
    placed: set[str] = set()
    for rnd in record["rounds"]:
        round_cells = {**_cells(ROUND, rnd), REPORTED["round"]: any("against" in v for v in rnd["votes"])}
        votes = {v["candidate"]: v for v in rnd["votes"]}
        for key in candidates:  # in the record's order, so that the order survives a round trip
            cells = {**_election_cells(record), **round_cells, **_candidate_cells(record, candidates[key])}
            if key in rnd["withdrawn"]:
                placed.add(key)
                yield {**cells, NAMES["vote"]["withdrawn"]: True}
            elif key in votes:
                placed.add(key)
                yield {**cells, **_vote_cells(rnd, key, votes[key])}
        if not rnd["votes"] and not rnd["withdrawn"]:
            yield {**_election_cells(record), **round_cells}
    for key, candidate in candidates.items():
        if key not in placed:
            yield {**_election_cells(record), **_candidate_cells(record, candidate)}
    if not record["rounds"] and not candidates:  # an election just entered: its own row, nothing else
        yield _election_cells(record)
