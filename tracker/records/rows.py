"""The database rows of a canonical record: its election, candidacies, rounds and sources."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import sqlalchemy as sa

from .. import models
from .format import first_day
from .shape import Candidate, ElectionRecord, Round, Shape, Source, stored_as_is

if TYPE_CHECKING:
    from .importer import _Pending
    from .persons import _Person


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _as_stored(model: type[Shape], table, data: dict, besides: tuple[str, ...] = ()) -> dict:
    """The fields of a canonical object (``data``, of the shape ``model``) that ``table`` keeps in a
    column of the same name, a day as a date."""
    row = {}
    for name in stored_as_is(model, table.c.keys(), besides):
        row[name] = _date(data[name]) if isinstance(table.c[name].type, sa.Date) else data[name]
    return row


def _election_row(pending: _Pending) -> dict:
    record = pending.record
    return {
        **_as_stored(ElectionRecord, models.Election.__table__, record, besides=("id",)),
        "record_id": record["id"],
        "post_id": pending.post_id,
        "sort_date": first_day(record["date"]),
        "city": record["location"]["city"],
        "country": record["location"]["country"],
        "quota": record["rule"]["quota"] if record["rule"] else None,
        "base": record["rule"]["base"] if record["rule"] else None,
        "term_start": _date(record["term"]["start"]),
        "term_end": _date(record["term"]["end"]),
        "term_years": record["post"]["term_years"],
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
        **_as_stored(Candidate, models.Candidacy.__table__, candidate),
        "name": None if person else candidate["name"],  # a person's name is the person's
        "position": position,
        "reported_elected": candidate["key"] in pending.record.get("reported_elected", ()),
        "outcome": result.outcome.value,
        "elected_round": result.elected_round,
        "final_votes": result.votes,
        "final_share": result.share,
        "margin": result.margin,
    }


def _round_row(election_id: int, data: dict) -> dict:
    """A canonical round's row: the shape's fields kept as they are (:func:`~.shape.stored_as_is`), its
    rule's quota and base, whether it is a for/against vote, and who may stand."""
    rule = data.get("rule") or {}
    return {
        "election_id": election_id,
        **_as_stored(Round, models.Round.__table__, data, besides=("standing",)),
        "quota": rule.get("quota"),
        "base": rule.get("base"),
        "for_against": any("against" in v for v in data["votes"]),
        "standing": data.get("standing"),
    }


def _source_row(election_id: int, position: int, source: dict) -> dict:
    return {"election_id": election_id, "position": position, **_as_stored(Source, models.Source.__table__, source)}
