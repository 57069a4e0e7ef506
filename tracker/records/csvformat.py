"""The CSV layout of election-records/v1: one row per candidate per round.

Election columns are repeated on every row of the election (rows of one election share its
``election_id``); round columns on every row of the round. A candidate who stood in no round (a
scheduled election, or one who withdrew before it) has a row with an empty ``round_number``. A repeated cell may
be left empty on later rows; a different value there is a fault. Sources
ride along on any row of their election (``source_*`` columns; one source per row, repeated URLs are
the same source). Lists inside one cell (aliases) are separated by ``|``. Yes/no cells take
``yes``/``no`` (empty is no).

Two JSON fields are not carried by CSV: the values other sources give for a figure (``disputed``) and
links to related elections (``related``). Use JSON to keep them. ``elected_reported`` says that the
sources report who was elected, so that "no one" (no candidate ``reported_elected``) can be told from
"not reported"; ``for_against`` that members voted for or against each nominee (an empty ``against``
is then unknown). The last columns (:data:`COMPUTED_COLUMNS`) carry the tracker's own computed outcome
on export and are ignored on import.

:func:`parse_csv` turns a CSV file into an election-records/v1 document and keeps where each value came
from, so that :func:`locate` can name the row and column of a fault.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from ..results import N_
from .format import FORMAT
from .problems import Problem, said

ELECTION_COLUMNS = [
    "election_id", "status", "organisation_acronym", "organisation_name", "organisation_name_ar",
    "organisation_name_fr", "organisation_founded", "organisation_members", "body", "session", "post_title",
    "post_region", "post_term_years", "date", "end_date", "city", "country", "electorate", "seats",
    "quota", "base", "term_start", "term_end", "unnamed_candidates", "rounds_held", "election_notes",
    "elected_reported",
]
ROUND_COLUMNS = [
    "round_number", "round_label", "round_kind", "round_date", "round_quota", "round_base",
    "round_electorate", "ballots_cast", "invalid", "abstentions", "present_and_voting", "required_majority",
    "share_of", "for_against", "round_sources", "round_derived", "round_notes",
]
CANDIDATE_COLUMNS = [
    "candidate_key", "candidate_kind", "candidate_name", "candidate_name_ar", "candidate_name_fr",
    "candidate_aliases", "candidate_country", "nominated_by", "gender", "affiliation", "declared",
    "reported_elected",
]
VOTE_COLUMNS = ["standing", "votes", "share", "against", "withdrawn", "eliminated", "decided_by_lot"]
SOURCE_COLUMNS = [
    "source_url", "source_title", "source_publisher", "source_language", "source_published", "source_accessed",
]
# Written on export, ignored on import: the tracker's own outcome, beside what the sources report.
COMPUTED_COLUMNS = ["outcome_decided", "computed_outcome"]
COLUMNS = ELECTION_COLUMNS + ROUND_COLUMNS + CANDIDATE_COLUMNS + VOTE_COLUMNS + SOURCE_COLUMNS + COMPUTED_COLUMNS

INTEGERS = {
    "organisation_founded", "organisation_members", "post_term_years", "electorate", "seats", "unnamed_candidates", "rounds_held", "round_number",
    "round_electorate", "ballots_cast", "invalid", "abstentions", "present_and_voting", "required_majority",
    "votes", "against",
}
YES_NO = {
    "declared", "reported_elected", "elected_reported", "for_against", "standing", "withdrawn", "eliminated",
    "decided_by_lot", "outcome_decided",
}

# record path -> CSV column, for naming the column of a fault found in the assembled record
FIELD_COLUMNS = {
    "id": "election_id", "status": "status", "organisation.acronym": "organisation_acronym",
    "organisation.name": "organisation_name", "body": "body", "session": "session", "post.title": "post_title",
    "post.region": "post_region", "post.term_years": "post_term_years", "date": "date", "end_date": "end_date",
    "location.city": "city", "location.country": "country", "electorate": "electorate", "seats": "seats",
    "rule.quota": "quota", "rule.base": "base", "rule": "quota", "unnamed_candidates": "unnamed_candidates",
    "rounds_held": "rounds_held", "notes": "election_notes", "reported_elected": "reported_elected",
}
ROUND_FIELD_COLUMNS = {
    "number": "round_number", "label": "round_label", "kind": "round_kind", "date": "round_date",
    "rule.quota": "round_quota", "rule.base": "round_base", "rule": "round_quota", "electorate": "round_electorate",
    "ballots_cast": "ballots_cast", "invalid": "invalid", "abstentions": "abstentions",
    "present_and_voting": "present_and_voting", "required_majority": "required_majority",
    "share_of": "share_of", "notes": "round_notes", "standing": "standing", "withdrawn": "withdrawn",
    "eliminated": "eliminated", "decided_by_lot": "decided_by_lot",
}
CANDIDATE_FIELD_COLUMNS = {
    "key": "candidate_key", "kind": "candidate_kind", "name": "candidate_name", "names": "candidate_name_ar",
    "aliases": "candidate_aliases", "country": "candidate_country", "nominated_by": "nominated_by",
    "gender": "gender", "affiliation": "affiliation", "declared": "declared",
}


@dataclass
class RowMap:
    """Where each part of each assembled record came from: CSV row numbers (the header is row 1)."""

    elections: list[int] = field(default_factory=list)
    rounds: dict[tuple[int, int], int] = field(default_factory=dict)
    votes: dict[tuple[int, int, int], int] = field(default_factory=dict)
    candidates: dict[tuple[int, int], int] = field(default_factory=dict)
    labels: list[str] = field(default_factory=list)


# A spreadsheet runs a cell starting with one of these as a formula (CSV injection, OWASP): such text
# is written with a leading apostrophe, which spreadsheets hide and reading a CSV here removes.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _blank(value: str | None) -> str | None:
    value = (value or "").strip()
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        value = value[1:]
    return value or None


def _yes(value: str | None) -> bool:
    return (value or "").strip().lower() in {"yes", "y", "true", "1", "x"}


def parse_csv(text: str) -> tuple[dict, RowMap, list[Problem]]:
    """Parse the CSV layout into an election-records/v1 document.

    Returns ``(document, row_map, problems)``: the problems are those of the CSV itself (a missing
    column, a number that is not a whole number, an election column that differs between rows of one
    election), each naming its row and column; the document is then validated as any other.
    """
    try:
        return _parse_csv(text)
    except csv.Error as error:  # a cell beyond the csv module's limit (128 KiB), a NUL byte...
        return {"format": FORMAT, "elections": []}, RowMap(), [Problem.of("file", "", said(N_("cannot be read as CSV (%(error)s)"), error=str(error)))]


def _parse_csv(text: str) -> tuple[dict, RowMap, list[Problem]]:
    problems: list[Problem] = []
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = reader.fieldnames or []
    missing = [c for c in ("election_id", "organisation_acronym", "body", "post_title", "date", "candidate_key") if c not in header]
    if missing:
        return {"format": FORMAT, "elections": []}, RowMap(), [
            Problem.of("file", "row 1", said(N_("missing column(s): %(columns)s"), columns=", ".join(missing)))
        ]
    unknown = [c for c in header if c not in COLUMNS]
    if unknown:
        problems.append(Problem.of("file", "row 1", said(N_("unknown column(s): %(columns)s"), columns=", ".join(unknown))))
    rows = RowMap()
    elections: dict[str, dict] = {}
    first_seen: dict[tuple, tuple[int, dict]] = {}  # (election[, round | candidate]) -> first row, cells
    reported: set[tuple] = set()  # (group, column) already said to differ
    reported_somewhere: set[str] = set()  # elections whose elected_reported says yes
    for line, raw in enumerate(reader, start=2):
        cells: dict[str, object] = {}
        unreadable: set[str] = set()
        for column in COLUMNS:
            value = _blank(raw.get(column))
            if column in INTEGERS and value is not None:
                try:
                    cells[column] = int(value)
                except ValueError:
                    problems.append(Problem.of(f"row {line}", column, said(N_("%(value)r is not a whole number"), value=value)))
                    cells[column] = None
                    unreadable.add(column)
            elif column == "share" and value is not None:
                try:
                    cells[column] = float(value.rstrip("%"))
                except ValueError:
                    problems.append(Problem.of(f"row {line}", column, said(N_("%(value)r is not a number"), value=value)))
                    cells[column] = None
                    unreadable.add(column)
            elif column in YES_NO:
                cells[column] = _yes(value) if value is not None else None
            else:
                cells[column] = value
        election_id = cells["election_id"]
        if not election_id:
            problems.append(Problem.of(f"row {line}", "election_id", said(N_("is empty"))))
            continue
        if election_id not in elections:
            elections[election_id] = _new_record(cells)
            rows.elections.append(line)
            rows.labels.append(f"election {election_id!r}")
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
                differs = {
                    "election": N_("%(value)r differs from %(first)r in row %(row)s of the same election"),
                    "round": N_("%(value)r differs from %(first)r in row %(row)s of the same round"),
                    "candidate": N_("%(value)r differs from %(first)r in row %(row)s of the same candidate"),
                }[what]
                problems.append(Problem.of(f"row {line}", column, said(differs, value=mine, first=theirs, row=first_line)))
        record = elections[election_id]
        e_index = list(elections).index(election_id)
        _add_row(record, cells, e_index, line, rows)
        if cells["elected_reported"]:
            reported_somewhere.add(election_id)
    for election_id, record in elections.items():
        if not record["reported_elected"] and election_id not in reported_somewhere:
            del record["reported_elected"]  # the sources say nothing of who was elected
    return {"format": FORMAT, "elections": list(elections.values())}, rows, problems


def _new_record(cells: dict) -> dict:
    rule = {"quota": cells["quota"], "base": cells["base"] or "valid_votes"} if cells["quota"] else None
    record = {
        "id": cells["election_id"],
        "status": cells["status"] or "held",
        "organisation": {
            "acronym": cells["organisation_acronym"],
            "name": cells["organisation_name"],
            "names": {
                lang: cells[f"organisation_name_{lang}"] for lang in ("ar", "fr") if cells[f"organisation_name_{lang}"]
            },
            "founded": cells["organisation_founded"],
            "members": cells["organisation_members"],
        },
        "body": cells["body"],
        "session": cells["session"],
        "post": {"title": cells["post_title"], "region": cells["post_region"], "term_years": cells["post_term_years"]},
        "date": cells["date"],
        "end_date": cells["end_date"],
        "location": {"city": cells["city"], "country": cells["country"]},
        "electorate": cells["electorate"],
        "seats": cells["seats"] if cells["seats"] is not None else 1,
        "rule": rule,
        "term": {"start": cells["term_start"], "end": cells["term_end"]},
        "candidates": [],
        "unnamed_candidates": cells["unnamed_candidates"],
        "rounds": [],
        "rounds_held": cells["rounds_held"],
        "reported_elected": [],
        "sources": [],
        "notes": cells["election_notes"],
    }
    return {k: v for k, v in record.items() if v is not None or k in ("rule",)}


def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


def _add_row(record: dict, cells: dict, e_index: int, line: int, rows: RowMap) -> None:
    key = cells["candidate_key"]
    if key is not None and not any(c["key"] == key for c in record["candidates"]):
        names = {lang: cells[f"candidate_name_{lang}"] for lang in ("ar", "fr") if cells[f"candidate_name_{lang}"]}
        candidate = {
            "key": key,
            "kind": cells["candidate_kind"] or "person",
            "name": cells["candidate_name"],
            "names": names,
            "aliases": _split(cells["candidate_aliases"]),
            "country": cells["candidate_country"],
            "nominated_by": cells["nominated_by"],
            "gender": cells["gender"],
            "affiliation": cells["affiliation"],
            "declared": cells["declared"] if cells["declared"] is not None else True,
        }
        rows.candidates[(e_index, len(record["candidates"]))] = line
        record["candidates"].append(candidate)
    if cells["reported_elected"] and key and key not in record["reported_elected"]:
        record["reported_elected"].append(key)
    if cells["source_url"] and not any(s["url"] == cells["source_url"] for s in record["sources"]):
        record["sources"].append(
            {
                "url": cells["source_url"],
                "title": cells["source_title"],
                "publisher": cells["source_publisher"],
                "language": cells["source_language"],
                "published": cells["source_published"],
                "accessed": cells["source_accessed"],
            }
        )
    number = cells["round_number"]
    if number is None:
        return
    rnd = next((r for r in record["rounds"] if r["number"] == number), None)
    if rnd is None:
        rnd = {
            "number": number,
            "label": cells["round_label"],
            "kind": cells["round_kind"] or "ordinary",
            "date": cells["round_date"],
            "electorate": cells["round_electorate"],
            "ballots_cast": cells["ballots_cast"],
            "invalid": cells["invalid"],
            "abstentions": cells["abstentions"],
            "present_and_voting": cells["present_and_voting"],
            "required_majority": cells["required_majority"],
            "share_of": cells["share_of"] or "valid_votes",
            "withdrawn": [],
            "eliminated": [],
            "decided_by_lot": [],
            "votes": [],
            "sources": _split(cells["round_sources"]),
            "derived": _split(cells["round_derived"]),
            "notes": cells["round_notes"],
        }
        if cells["round_quota"]:
            rnd["rule"] = {"quota": cells["round_quota"], "base": cells["round_base"] or "valid_votes"}
        if rnd["kind"] != "ordinary":
            rnd["standing"] = []
        rows.rounds[(e_index, len(record["rounds"]))] = line
        record["rounds"].append(rnd)
    if key is None:
        return
    r_index = record["rounds"].index(rnd)
    if cells["withdrawn"]:
        rnd["withdrawn"].append(key)
        return
    if cells["eliminated"]:
        rnd["eliminated"].append(key)
    if cells["decided_by_lot"]:
        rnd["decided_by_lot"].append(key)
    if "standing" in rnd and cells["standing"] is not False:
        rnd["standing"].append(key)
    vote = {"candidate": key, "votes": cells["votes"], "share": cells["share"]}
    if cells["against"] is not None:
        vote["against"] = cells["against"]
    rows.votes[(e_index, r_index, len(rnd["votes"]))] = line
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
            source = sources.pop(0) if sources else None
            if source:
                cells.update({f"source_{k}": v for k, v in source.items()})
            writer.writerow({k: _cell(v) for k, v in cells.items()})
        for source in sources:  # more sources than rows
            cells = _election_cells(record)
            cells.update({f"source_{k}": v for k, v in source.items()})
            writer.writerow({k: _cell(v) for k, v in cells.items()})
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
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return str(value)


def _election_cells(record: dict) -> dict:
    rule = record["rule"] or {}
    return {
        "election_id": record["id"], "status": record["status"],
        "organisation_acronym": record["organisation"]["acronym"], "organisation_name": record["organisation"]["name"],
        "organisation_name_ar": record["organisation"]["names"].get("ar"),
        "organisation_name_fr": record["organisation"]["names"].get("fr"),
        "organisation_founded": record["organisation"]["founded"],
        "organisation_members": record["organisation"]["members"],
        "body": record["body"], "session": record["session"], "post_title": record["post"]["title"],
        "post_region": record["post"]["region"], "post_term_years": record["post"]["term_years"],
        "date": record["date"], "end_date": record["end_date"], "city": record["location"]["city"],
        "country": record["location"]["country"], "electorate": record["electorate"], "seats": record["seats"],
        "quota": rule.get("quota"), "base": rule.get("base"), "term_start": record["term"]["start"],
        "term_end": record["term"]["end"], "unnamed_candidates": record["unnamed_candidates"],
        "rounds_held": record["rounds_held"], "election_notes": record["notes"],
        "elected_reported": "reported_elected" in record,
    }


def _candidate_cells(record: dict, candidate: dict) -> dict:
    return {
        "candidate_key": candidate["key"], "candidate_kind": candidate["kind"], "candidate_name": candidate["name"],
        "candidate_name_ar": candidate["names"].get("ar"), "candidate_name_fr": candidate["names"].get("fr"),
        "candidate_aliases": "|".join(candidate["aliases"]) or None, "candidate_country": candidate["country"],
        "nominated_by": candidate["nominated_by"], "gender": candidate["gender"],
        "affiliation": candidate["affiliation"], "declared": candidate["declared"],
        "reported_elected": candidate["key"] in record.get("reported_elected", ()),
    }


def _record_rows(record: dict):
    candidates = {c["key"]: c for c in record["candidates"]}
    placed: set[str] = set()
    for rnd in record["rounds"]:
        rule = rnd.get("rule") or {}
        round_cells = {
            "round_number": rnd["number"], "round_label": rnd["label"], "round_kind": rnd["kind"],
            "round_date": rnd["date"], "round_quota": rule.get("quota"), "round_base": rule.get("base"),
            "round_electorate": rnd["electorate"], "ballots_cast": rnd["ballots_cast"], "invalid": rnd["invalid"],
            "abstentions": rnd["abstentions"], "present_and_voting": rnd["present_and_voting"],
            "required_majority": rnd["required_majority"], "share_of": rnd["share_of"],
            "for_against": any("against" in v for v in rnd["votes"]),
            "round_sources": "|".join(rnd["sources"]) or None, "round_derived": "|".join(rnd["derived"]) or None,
            "round_notes": rnd["notes"],
        }
        standing = rnd.get("standing")
        votes = {v["candidate"]: v for v in rnd["votes"]}
        for key in candidates:  # in the record's order, so that the order survives a round trip
            cells = {**_election_cells(record), **round_cells, **_candidate_cells(record, candidates[key])}
            if key in rnd["withdrawn"]:
                placed.add(key)
                yield {**cells, "withdrawn": True}
            elif key in votes:
                placed.add(key)
                vote = votes[key]
                yield {
                    **cells,
                    "standing": (key in standing) if standing is not None else None,
                    "votes": vote["votes"], "share": vote["share"], "against": vote.get("against"),
                    "eliminated": key in rnd["eliminated"], "decided_by_lot": key in rnd["decided_by_lot"],
                }
        if not rnd["votes"] and not rnd["withdrawn"]:
            yield {**_election_cells(record), **round_cells}
    for key, candidate in candidates.items():
        if key not in placed:
            yield {**_election_cells(record), **_candidate_cells(record, candidate)}
    if not record["rounds"] and not candidates:  # an election just entered: its own row, nothing else
        yield _election_cells(record)
