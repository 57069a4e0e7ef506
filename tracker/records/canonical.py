"""The canonical record: the one shape in which the tracker stores and exports an election (every field
present, defaults filled in, rounds in number order, votes in candidate order), and its fingerprint."""

from __future__ import annotations

import hashlib
import json

from .format import record_id_for


def _canonical_candidate(c: dict) -> dict:
    state = c.get("kind") == "state"  # named by its country code, in every language: no spellings kept
    return {
        "key": c["key"],
        "kind": c.get("kind", "person"),
        "name": c.get("name"),
        "names": {} if state else dict(c.get("names", {})),
        "aliases": [] if state else sorted(set(c.get("aliases", []))),  # a set of spellings: order means nothing
        "country": c.get("country"),
        "nominated_by": c.get("nominated_by"),
        "gender": c.get("gender"),
        "affiliation": c.get("affiliation"),
        "declared": c.get("declared", True),
    }


def _canonical_round(r: dict, order: dict[str, int]) -> dict:
    """A round in canonical shape; votes and lists of candidates in the order the candidates are
    listed (``order``)."""

    def ordered(keys) -> list[str]:
        return sorted(keys, key=lambda key: order.get(key, len(order)))

    for_against = any("against" in v for v in r["votes"])

    data = {
        "number": r["number"],
        "label": r.get("label"),
        "kind": r.get("kind", "ordinary"),
        "date": r.get("date"),
        "electorate": r.get("electorate"),
        "withdrawn": ordered(r.get("withdrawn", [])),
        "ballots_cast": r.get("ballots_cast"),
        "invalid": r.get("invalid"),
        "abstentions": r.get("abstentions"),
        "present_and_voting": r.get("present_and_voting"),
        "required_majority": r.get("required_majority"),
        "share_of": r.get("share_of", "valid_votes"),
        "votes": [
            {
                "candidate": v["candidate"],
                "votes": v.get("votes"),
                "share": v.get("share"),
                # a for/against vote: every vote has its "against", null where unknown (never 0)
                **({"against": v.get("against")} if for_against else {}),
            }
            for v in sorted(r["votes"], key=lambda v: order.get(v["candidate"], len(order)))
        ],
        "decided_by_lot": ordered(r.get("decided_by_lot", [])),
        "eliminated": ordered(r.get("eliminated", [])),
        "derived": list(r.get("derived", [])),
        "sources": list(r.get("sources", [])),
        "disputed": [
            {"field": d["field"], "candidate": d.get("candidate"), "value": d["value"], "source": d["source"]}
            for d in r.get("disputed", [])
        ],
        "notes": r.get("notes"),
    }
    if r.get("rule"):
        data["rule"] = {"quota": r["rule"]["quota"], "base": r["rule"]["base"]}
    if r.get("standing") is not None:
        data["standing"] = ordered(r["standing"])
    return data


def canonical(record: dict) -> dict:
    """A valid record in the one shape the tracker stores and exports: every field present (but
    ``reported_elected``, absent where the sources say nothing of who was elected, and ``against``,
    present only in a for/against round), defaults filled in, rounds in number order, votes in
    candidate order. ``canonical(load_record(...))`` is ``load_record(...)``."""
    organisation = record["organisation"]
    post = record["post"]
    location = record.get("location") or {}
    term = record.get("term") or {}
    keys = [c["key"] for c in record["candidates"]]
    reported = record.get("reported_elected")
    return {
        "id": record.get("id") or record_id_for(record),
        "status": record.get("status", "held"),
        "organisation": {
            "acronym": organisation["acronym"],
            "name": organisation["name"],
            "names": dict(organisation.get("names", {})),
            "founded": organisation.get("founded"),
            "members": organisation.get("members"),
        },
        "body": record["body"],
        "session": record.get("session"),
        "post": {"title": post["title"], "region": post.get("region"), "term_years": post.get("term_years")},
        "date": record["date"],
        "end_date": record.get("end_date"),
        "location": {"city": location.get("city"), "country": location.get("country")},
        "electorate": record.get("electorate"),
        "seats": record.get("seats", 1),
        "term": {"start": term.get("start"), "end": term.get("end")},
        "rule": {"quota": record["rule"]["quota"], "base": record["rule"]["base"]} if record.get("rule") else None,
        "candidates": [_canonical_candidate(c) for c in record["candidates"]],
        "unnamed_candidates": record.get("unnamed_candidates"),
        "rounds": [
            _canonical_round(r, {key: i for i, key in enumerate(keys)})
            for r in sorted(record["rounds"], key=lambda r: r["number"])
        ],
        "rounds_held": record.get("rounds_held"),
        # absent: the sources say nothing of who was elected; []: they report that no one was
        **({} if reported is None else {"reported_elected": [k for k in keys if k in set(reported)]}),
        "related": [{"id": r["id"], "relation": r["relation"]} for r in record.get("related", [])],
        "sources": [
            {
                "url": s["url"],
                "title": s.get("title"),
                "publisher": s.get("publisher"),
                "language": s.get("language"),
                "published": s.get("published"),
                "accessed": s.get("accessed"),
            }
            for s in record.get("sources", [])
        ],
        "notes": record.get("notes"),
    }


def record_hash(record: dict) -> str:
    """A fingerprint of a canonical record: equal records, equal hashes."""
    text = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()
