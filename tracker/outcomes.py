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
from .results import Base, Candidate, Disputed, Election, Outcome, Quota, Round, RoundKind, Rule, Status, Vote


def _rule_of(data: dict | None) -> Rule | None:
    return Rule(Quota(data["quota"]), Base(data["base"])) if data else None


def election_from_record(record: dict) -> Election:
    """The arithmetic's view of an election-records/v1 election object (a validated ``dict``).

    A round is a for/against vote where any of its votes carries ``against`` (``null`` = unknown);
    ``reported_elected`` absent means the sources say nothing of who was elected, ``[]`` that no one
    was; a ``concurrent`` relation in ``related`` marks one of two concurrent votes.
    """
    rounds = tuple(
        Round(
            number=r["number"],
            votes=tuple(
                Vote(v["candidate"], v.get("votes"), v.get("share"), v.get("against")) for v in r["votes"]
            ),
            kind=RoundKind(r.get("kind", "ordinary")),
            rule=_rule_of(r.get("rule")),
            electorate=r.get("electorate"),
            ballots_cast=r.get("ballots_cast"),
            invalid=r.get("invalid"),
            abstentions=r.get("abstentions"),
            present_and_voting=r.get("present_and_voting"),
            required_majority=r.get("required_majority"),
            share_of=Base(r.get("share_of", "valid_votes")),
            standing=tuple(r["standing"]) if r.get("standing") is not None else None,
            withdrawn=tuple(r.get("withdrawn", ())),
            eliminated=tuple(r.get("eliminated", ())),
            decided_by_lot=tuple(r.get("decided_by_lot", ())),
            disputed=tuple(
                Disputed(d["field"], d["value"], d["source"], d.get("candidate")) for d in r.get("disputed", ())
            ),
            for_against=any("against" in v for v in r["votes"]),
        )
        for r in record["rounds"]
    )
    reported = record.get("reported_elected")
    return Election(
        candidates=tuple(Candidate(c["key"], c.get("declared", True)) for c in record["candidates"]),
        rounds=rounds,
        seats=record.get("seats", 1),
        rule=_rule_of(record.get("rule")),
        electorate=record.get("electorate"),
        reported_elected=None if reported is None else tuple(reported),
        unnamed_candidates=record.get("unnamed_candidates"),
        status=Status(record.get("status", "held")),
        concurrent=any(link["relation"] == "concurrent" for link in record.get("related", ())),
    )


def outcome_json(outcome: Outcome) -> dict:
    """The API's ``outcome`` object: elected keys, decided, basis, settled, per-round results (with
    the required majority's bounds where only they are known) and the checks."""
    return {
        "elected": list(outcome.elected),
        "decided": outcome.decided,
        "basis": outcome.basis.value,
        "settled": list(outcome.settled),
        "rounds": [
            {
                "number": r.number,
                "required_majority": r.required_majority,
                "required_majority_at_least": r.required_bounds[0] if r.required_bounds else None,
                "required_majority_at_most": r.required_bounds[1] if r.required_bounds else None,
                "elected": list(r.elected),
                "decided": r.decided,
                "eliminated": list(r.eliminated),
                "withdrawn": list(r.withdrawn),
                "did_not_stand_next": list(r.absent_next),
            }
            for r in outcome.rounds
        ],
        "checks": [{"round": c.round, "candidate": c.candidate, "message": c.message} for c in outcome.checks],
    }


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
    election = election_from_record(record)
    own = results.election_outcome(election, names)
    linked = concurrent_ids(record)
    if not linked:
        return own
    partners = partners or {}
    others = [
        None if partners.get(other) is None else results.election_outcome(election_from_record(partners[other]))
        for other in linked
    ]
    return results.concurrent_outcome(own, others, election.reported_elected, names)


def candidate_outcomes(record: dict, outcome: results.Outcome) -> dict[str, results.CandidateResult]:
    """Each candidate's result in ``record`` under ``outcome`` (from :func:`record_outcome`), by key."""
    return results.candidate_results(election_from_record(record), outcome)


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
