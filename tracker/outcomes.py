"""The tracker's computed outcome of an election-records/v1 record, its concurrent votes included.

The arithmetic (:mod:`tracker.results`) computes one election from its own figures. An ICJ election
is two records, the General Assembly's and the Security Council's votes on the same seats, linked by
a ``concurrent`` relation: a candidate is elected only with a majority in both (ICJ Statute, art.
10). Every place that shows or stores an outcome (the election page, the API, the candidacy rows
behind the dashboards, the downloads) computes it here, with the linked records, so none shows a
candidate elected by one body alone. No Flask, no database: callers load the linked records.
"""

from __future__ import annotations

from . import results


def concurrent_ids(record: dict) -> list[str]:
    """The ids of the records voted on concurrently with ``record`` (its ``related`` links)."""
    return [link["id"] for link in record.get("related", ()) if link["relation"] == "concurrent"]


def record_outcome(
    record: dict, partners: dict[str, dict | None] | None = None, names: dict[str, str] | None = None
) -> results.Outcome:
    """The outcome of ``record`` (a canonical election-records/v1 election).

    ``partners``: the records its concurrent links name, by id (``None`` or absent: not recorded,
    and the outcome then stays undecided or rests on what the sources report). ``names``: display
    names by candidate key, for the checks' messages. Raises ``ValueError`` for a quota, base, kind or
    status the arithmetic does not know.
    """
    election = results.election_from_record(record)
    own = results.election_outcome(election, names)
    linked = concurrent_ids(record)
    if not linked:
        return own
    partners = partners or {}
    others = [
        None if partners.get(other) is None else results.election_outcome(results.election_from_record(partners[other]))
        for other in linked
    ]
    return results.concurrent_outcome(own, others, election.reported_elected, names)


def candidate_outcomes(record: dict, outcome: results.Outcome) -> dict[str, results.CandidateResult]:
    """Each candidate's result in ``record`` under ``outcome`` (from :func:`record_outcome`), by key."""
    return results.candidate_results(results.election_from_record(record), outcome)


def computed_json(outcome: results.Outcome, candidates: dict[str, results.CandidateResult]) -> dict:
    """The ``computed`` object of an exported election-records/v1 record: the tracker's outcome,
    beside (never instead of) what the sources report."""
    return {
        "elected": list(outcome.elected),
        "decided": outcome.decided,
        "basis": outcome.basis.value,
        "candidates": {key: result.outcome.value for key, result in candidates.items()},
    }


def computed_for(found: list[dict], partners: dict[str, dict]) -> dict[str, dict]:
    """:func:`computed_json` of each record of ``found`` by id; ``partners``: records their
    concurrent links name that ``found`` does not hold."""
    known = {**partners, **{r["id"]: r for r in found}}
    computed = {}
    for record in found:
        outcome = record_outcome(record, {i: known.get(i) for i in concurrent_ids(record)})
        computed[record["id"]] = computed_json(outcome, candidate_outcomes(record, outcome))
    return computed
