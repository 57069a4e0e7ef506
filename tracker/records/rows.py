"""The database rows of a canonical record: its election, candidacies, rounds and sources."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from .format import first_day
from .shape import ROUND_AS_STORED

if TYPE_CHECKING:
    from .importer import _Pending
    from .persons import _Person


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _election_row(pending: _Pending) -> dict:
    record = pending.record
    return {
        "record_id": record["id"],
        "post_id": pending.post_id,
        "status": record["status"],
        "body": record["body"],
        "session": record["session"],
        "date": record["date"],
        "sort_date": first_day(record["date"]),
        "end_date": _date(record["end_date"]),
        "city": record["location"]["city"],
        "country": record["location"]["country"],
        "electorate": record["electorate"],
        "seats": record["seats"],
        "quota": record["rule"]["quota"] if record["rule"] else None,
        "base": record["rule"]["base"] if record["rule"] else None,
        "term_start": _date(record["term"]["start"]),
        "term_end": _date(record["term"]["end"]),
        "term_years": record["post"]["term_years"],
        "unnamed_candidates": record["unnamed_candidates"],
        "rounds_held": record["rounds_held"],
        "notes": record["notes"],
        "related": record["related"],
        "elected_reported": "reported_elected" in record,
        "record_hash": pending.digest,
        "decided": pending.outcome.decided,
        "rounds_count": len(record["rounds"]),
        "version": pending.version,
    }


def _candidacy_row(pending: _Pending, position: int, candidate: dict, person: _Person | None) -> dict:
    result = pending.results[candidate["key"]]
    return {
        "election_id": pending.election_id,
        "person_id": person.id if person else None,
        "key": candidate["key"],
        "name": None if person else candidate["name"],
        "position": position,
        "kind": candidate["kind"],
        "country": candidate["country"],
        "nominated_by": candidate["nominated_by"],
        "affiliation": candidate["affiliation"],
        "declared": candidate["declared"],
        "reported_elected": candidate["key"] in pending.record.get("reported_elected", ()),
        "outcome": result.outcome.value,
        "elected_round": result.elected_round,
        "final_votes": result.votes,
        "final_share": result.share,
        "margin": result.margin,
    }


def _round_row(election_id: int, data: dict) -> dict:
    """A canonical round's row: the shape's fields kept as they are (:data:`~.shape.ROUND_AS_STORED`),
    its date, its rule's quota and base, whether it is a for/against vote, and who may stand."""
    rule = data.get("rule") or {}
    return {
        "election_id": election_id,
        **{name: data[name] for name in ROUND_AS_STORED},
        "date": _date(data["date"]),
        "quota": rule.get("quota"),
        "base": rule.get("base"),
        "for_against": any("against" in v for v in data["votes"]),
        "standing": data.get("standing"),
    }


def _source_row(election_id: int, position: int, source: dict) -> dict:
    return {
        "election_id": election_id,
        "position": position,
        "url": source["url"],
        "title": source["title"],
        "publisher": source["publisher"],
        "language": source["language"],
        "published": _date(source["published"]),
        "accessed": _date(source["accessed"]),
    }
