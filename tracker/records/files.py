"""Files in and out, for the ``flask data`` commands and the upload and download pages.

A file is election-records/v1 JSON or the CSV layout of :mod:`tracker.records.csvformat`. Reading one gives a
document and the problems found in it, each named by election and field (JSON) or by row and column
(CSV).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from sqlmodel import Session

from ..results import N_
from . import csvformat
from .importer import SYSTEM, Actor, ImportSummary, import_records
from .linked import computed_outcomes
from .loading import ElectionFilter, export_document, list_elections, load_records
from .problems import Problem, RecordsInvalid, said
from .validation import parse_document, validate_records

FORMATS = ("json", "csv")
EVERY_ELECTION = ElectionFilter()  # no filter


def guess_format(filename: str) -> str:
    """``"csv"`` for a ``.csv`` file name, else ``"json"``."""
    return "csv" if filename.lower().endswith(".csv") else "json"


def import_file(
    session: Session,
    content: bytes,
    fmt: str,
    *,
    dry_run: bool = False,
    separate: frozenset[tuple[str, str]] = frozenset(),
    progress: Callable[[int], None] | None = None,
    on_count: Callable[[int], None] | None = None,
    actor: Actor = SYSTEM,
    note: str | None = None,
) -> ImportSummary:
    """Read ``content`` as ``fmt`` and import every election in it, all or nothing.

    ``on_count`` is told how many elections the file holds before the import starts; ``actor`` and
    ``note`` go into the audit history of every election changed. Raises
    :class:`RecordsInvalid` listing every problem (CSV problems by row and column); nothing is
    stored then. Only flushes.
    """
    try:
        text = content.decode("utf-8-sig")  # a byte-order mark, as Excel writes "CSV UTF-8", is no text
    except UnicodeDecodeError as error:
        found = said(N_("is not UTF-8 text: save it again as UTF-8 (in Excel: \"CSV UTF-8\")"))
        raise RecordsInvalid([Problem.of("file", "", found, (("byte", error.start),))]) from None
    if fmt != "csv" and _looks_like_csv(text):
        raise RecordsInvalid([Problem.of("file", "", said(N_("seems to be CSV, not JSON: name it .csv, or choose the CSV format")))])
    if fmt == "csv":
        document, rows, problems = csvformat.parse_csv(text)
        problems += [csvformat.locate(p, rows) for p in validate_records(document)]
        if problems:
            raise RecordsInvalid(sorted(problems, key=_row_order))
    else:
        document = parse_document(text)
    if on_count and isinstance(document, dict) and isinstance(document.get("elections"), list):
        on_count(len(document["elections"]))
    return import_records(
        session, document, dry_run=dry_run, separate=separate, progress=progress, actor=actor, note=note
    )


def _looks_like_csv(text: str) -> bool:
    """Whether ``text``, read as JSON, is rather the CSV layout: its first line names its columns."""
    first = text.lstrip()[:2000].split("\n", 1)[0]
    return not first.startswith(("{", "[")) and "election_id" in first and csvformat.delimiter(first) in first


def _row_order(problem: Problem):
    head = problem.election
    return (0, int(head.split()[1])) if head.startswith("row ") else (1, 0)


def records_text(found: list[dict], fmt: str, computed: dict[str, dict] | None = None) -> str:
    """Canonical records as election-records/v1 JSON or CSV text; with ``computed`` (the tracker's
    outcome of each by id, :func:`tracker.computed_outcomes`), the CSV carries it in its last columns.
    The JSON is the shared format exactly, which has no place for it: the API's election document
    (``outcome``) gives it in JSON."""
    if fmt == "csv":
        return csvformat.to_csv(found, computed)
    return json.dumps(export_document(found), ensure_ascii=False, indent=2) + "\n"


def export_text(session: Session, fmt: str, filters: ElectionFilter = EVERY_ELECTION) -> tuple[str, int]:
    """The elections matching ``filters`` as JSON or CSV text (the CSV with the tracker's computed
    outcome beside what the sources report), and how many there are."""
    ids = [row["id"] for row in list_elections(session, filters)]
    found = load_records(session, ids)
    return records_text(found, fmt, computed_outcomes(session, found)), len(found)
