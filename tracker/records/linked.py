"""The outcome of stored records with their concurrent votes (ICJ: the General Assembly's and the
Security Council's), read from the database and kept in the candidacies' stored outcomes."""

from __future__ import annotations

from sqlalchemy import String, cast, select, update
from sqlmodel import Session

from .. import models, outcomes, results
from .loading import load_records


def _concurrent_links(session: Session) -> dict[str, set[str]]:
    """Every stored election's concurrent votes, both ways (a link either record names counts)."""
    table = models.Election.__table__
    links: dict[str, set[str]] = {}
    for record_id, related in session.execute(
        select(table.c.record_id, table.c.related).where(cast(table.c.related, String) != "[]")
    ):
        for link in related:
            if link["relation"] == "concurrent":
                links.setdefault(record_id, set()).add(link["id"])
                links.setdefault(link["id"], set()).add(record_id)
    return links


def refresh_concurrent(session: Session, record_ids: list[str], extra: list[str] = ()) -> None:
    """Store again the computed outcome of every election voted on concurrently with one of
    ``record_ids`` (just changed or created), of those elections themselves, and of ``extra`` (the
    partners of a deleted election): each one's candidacies are elected only with a majority in every
    linked body (:mod:`tracker.outcomes`). Only flushes."""
    links = _concurrent_links(session)
    touched = {r for r in record_ids if r in links}
    affected = sorted(touched | {other for r in touched for other in links[r]} | set(extra))
    if not affected:
        return
    stored = {r["id"]: r for r in load_records(session, sorted(set(affected) | {o for a in affected for o in links.get(a, ())}))}
    election, candidacy = models.Election.__table__, models.Candidacy.__table__
    for record_id in affected:
        record = stored.get(record_id)
        if record is None:
            continue
        outcome = outcomes.record_outcome(record, {i: stored.get(i) for i in outcomes.concurrent_ids(record)})
        session.execute(update(election).where(election.c.record_id == record_id).values(decided=outcome.decided))
        election_id = select(election.c.id).where(election.c.record_id == record_id).scalar_subquery()
        for key, result in outcomes.candidate_outcomes(record, outcome).items():
            session.execute(
                update(candidacy)
                .where(candidacy.c.election_id == election_id, candidacy.c.key == key)
                .values(
                    outcome=result.outcome.value, elected_round=result.elected_round, final_votes=result.votes,
                    final_share=result.share, margin=result.margin,
                )
            )


def computed_outcomes(session: Session, found: list[dict]) -> dict[str, dict]:
    """The tracker's outcome of each of the canonical records ``found``, by id, as the ``computed``
    object exports carry; the records of their concurrent votes are read where ``found`` lacks them."""
    have = {r["id"] for r in found}
    missing = sorted({i for r in found for i in outcomes.concurrent_ids(r)} - have)
    partners = {r["id"]: r for r in load_records(session, missing)} if missing else {}
    return outcomes.computed_for(found, partners)


def linked_outcome(session: Session, record: dict, names: dict[str, str] | None = None) -> results.Outcome:
    """The computed outcome of the stored ``record``, with the records of its concurrent votes read
    from the database (:func:`tracker.outcomes.record_outcome`)."""
    linked = outcomes.concurrent_ids(record)
    partners = {r["id"]: r for r in load_records(session, linked)} if linked else {}
    return outcomes.record_outcome(record, partners, names)
