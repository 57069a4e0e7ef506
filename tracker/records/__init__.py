"""Election records in the election-records/v1 format: its shape, validation, import with person
matching, loading, listing and export.

A *record* is one election as a plain ``dict`` shaped by ``data/election-records.schema.json`` (a copy
of ``../shared/interchange/election-records.schema.json``). The pages, the API, the forms and the
importer all go through records: a form builds a record, :func:`validate_records` checks it, and
:func:`import_records` stores it; :func:`load_record` reads one back in its canonical shape, which is
also what export writes. Storing only flushes; the caller commits (one transaction per import or form).

The modules, by what they do: :mod:`.shape` (the record's fields and limits, written once; the
canonical record), :mod:`.format` (the format, its schema, ids, dates), :mod:`.problems`
(what is wrong, and where), :mod:`.wording` (the schema's faults and a field's place in words),
:mod:`.validation`, :mod:`.persons`
(person matching), :mod:`.rows` and :mod:`.importer` (storing, locking, deleting), :mod:`.loading`
(reading, listing), :mod:`.linked` (outcomes with concurrent votes), :mod:`.csvformat` and
:mod:`.files` (JSON and CSV files). This module names what the rest of the tracker uses.
"""

from .format import FORMAT, first_day, record_id_for, slug
from .importer import (
    SYSTEM,
    Actor,
    Conflict,
    ImportSummary,
    delete_election,
    import_records,
    stored_version,
)
from .linked import computed_outcomes, linked_outcome, refresh_concurrent
from .loading import (
    ORDERS,
    ElectionFilter,
    ElectionHeading,
    StoredElection,
    count_elections,
    export_document,
    headings,
    last_change_columns,
    list_elections,
    load_organisation_name,
    load_record,
    load_records,
    load_stored_election,
    same_elections,
    suggestions,
)
from .persons import PersonMatch, correct_sole_person
from .problems import MOST_SHOWN, Finding, Problem, RecordsInvalid, said
from .shape import (
    LARGEST_NUMBER,
    LONGEST_TERM,
    LONGEST_TEXT,
    TEXT_FIELDS,
    TEXT_LIMITS,
    canonical,
    limit,
    record_hash,
    text_kind,
)
from .text import ONE_LINE_PATTERN, TextKind, text_problems, visible
from .validation import parse_document, validate_records

__all__ = [
    "FORMAT", "LARGEST_NUMBER", "LONGEST_TERM", "LONGEST_TEXT", "MOST_SHOWN", "ONE_LINE_PATTERN", "ORDERS", "SYSTEM", "StoredElection", "TEXT_FIELDS", "TEXT_LIMITS", "TextKind", "Actor", "Conflict",
    "ElectionFilter", "ElectionHeading", "Finding", "ImportSummary", "PersonMatch", "Problem", "RecordsInvalid", "canonical",
    "computed_outcomes", "correct_sole_person", "count_elections", "delete_election", "export_document", "first_day", "headings", "last_change_columns", "import_records",
    "linked_outcome", "list_elections", "load_organisation_name", "load_record", "load_records",
    "load_stored_election", "parse_document", "record_hash", "record_id_for", "refresh_concurrent", "said", "same_elections", "suggestions",
    "limit", "slug", "stored_version", "text_kind", "text_problems", "validate_records", "visible",
]
