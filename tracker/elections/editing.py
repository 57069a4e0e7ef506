"""Changing a record from the forms: the record with a candidate, a round or the sources changed, the
checks a form makes against the rest of the record, naming a field as a form does, and storing the
result through the importer (the same validation as an import, all or nothing)."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlmodel import Session

from .. import models, records
from ..folding import fold
from .pages import display_names, figure_label

_PATH_PART = re.compile(r"(\w+)(?:\[(\d+)\])?")


def field_words(record: dict, path: str) -> str:
    """A field of ``record`` named by its data path (``"rounds[1].invalid"``) as a form's reader would
    name it (``"Round 2, Invalid ballots"``): rounds by their number, candidates by their name, figures
    by their label. ``""`` for the record as a whole."""
    words, here = [], record
    for name, index in _PATH_PART.findall(path):
        item = here.get(name) if isinstance(here, dict) else None
        if index and isinstance(item, list) and int(index) < len(item):
            here = item[int(index)]
            if name == "rounds":
                words.append(_l("Round %(number)s", number=here.get("number", int(index) + 1)))
            elif name in ("candidates", "votes") and isinstance(here, dict):
                key = here.get("key") or here.get("candidate")
                words.append(f"\u2068{display_names(record).get(key, key)}\u2069")  # isolated: its direction stays its own
            continue
        here = item
        words.append(figure_label(name) if not index else f"{figure_label(name)} {int(index) + 1}")
    return ", ".join(str(w) for w in words)

def save_record(
    session: Session, record: dict, actor: records.Actor = records.SYSTEM, version: int | None = None
) -> None:
    """Validate one record as the importer would, then store it as ``actor``'s change. Only flushes.

    ``version``: the version of the stored election the edit began from, if it is not new.
    Raises :class:`records.RecordsInvalid` with every problem, :class:`records.Conflict` if the
    election changed since ``version``; nothing is stored then.
    """
    expected = {record["id"]: version} if version is not None else None
    records.import_records(session, records.export_document([record]), actor=actor, expected_versions=expected)


def unique_record_id(session: Session, record: dict) -> str:
    """A new election's id: organisation, post, region and date, with a suffix if already taken."""
    base = records.record_id_for(record)
    taken = set(
        session.scalars(select(models.Election.record_id).where(models.Election.record_id.startswith(base)))
    )
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def unique_key(record: dict, text: str) -> str:
    """A candidate key for ``text`` not yet used in ``record``."""
    base = records.slug(text)
    taken = {c["key"] for c in record["candidates"]}
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key

def same_candidate(record: dict, candidate: dict, besides: str | None = None) -> str | None:
    """The key of a candidate of ``record`` who is ``candidate`` again (but ``besides``): the same name
    (case and accents folded), or the same State standing for a seat; ``None`` if there is none."""
    name = fold(candidate["name"]) if candidate.get("name") else None
    for other in record["candidates"]:
        if other["key"] == besides:
            continue
        if name and other.get("name") and fold(other["name"]) == name:
            return other["key"]
        if candidate["kind"] == "state" and other["kind"] == "state" and candidate["country"] == other["country"]:
            return other["key"]
    return None


def corrected_candidate(stored: dict, candidate: dict) -> dict:
    """``candidate``, the correction of the ``stored`` candidate, with the stored name kept among its
    aliases when the name changed: the person stays the one matched before, and searches by the old
    spelling still find them."""
    old = stored.get("name")
    if not old or not candidate.get("name") or fold(old) == fold(candidate["name"]):
        return candidate
    return {**candidate, "aliases": sorted({*candidate.get("aliases", []), old})}


def with_candidate(record: dict, key: str, candidate: dict, reported: bool) -> dict:
    """``record`` with the candidate ``key`` replaced by ``candidate`` (a new key renames them in every
    round) and reported elected or not."""
    def renamed(keys):
        return [candidate["key"] if k == key else k for k in keys]

    rounds = []
    for rnd in record["rounds"]:
        rnd = {**rnd, "votes": [{**v, "candidate": candidate["key"]} if v["candidate"] == key else v for v in rnd["votes"]]}
        for name in ("withdrawn", "eliminated", "decided_by_lot", "standing"):
            if rnd.get(name) is not None:
                rnd[name] = renamed(rnd[name])
        rounds.append(rnd)
    elected = [k for k in record.get("reported_elected", []) if k != key] + ([candidate["key"]] if reported else [])
    changed = {**record, "rounds": rounds, "candidates": [candidate if c["key"] == key else c for c in record["candidates"]]}
    if elected or "reported_elected" in record:
        changed["reported_elected"] = elected
    return changed


def with_round(rounds: list[dict], rnd: dict, original: int | None) -> list[dict]:
    """``rounds`` with ``rnd`` in place of round ``original`` (the round corrected, maybe renumbered;
    ``None`` for a new round), in the order of their numbers."""
    kept = [r for r in rounds if r["number"] not in (original, rnd["number"])]
    return sorted([*kept, rnd], key=lambda r: r["number"])


def with_sources(record: dict, sources: list[dict], moved: dict[str, str | None]) -> dict:
    """``record`` with its ``sources`` replaced; ``moved`` maps a stored address to its corrected one
    (``None``: the source was removed). Rounds citing a moved source follow it, and stop citing a
    removed one; a disputed value keeps its source text unless that was a moved address."""
    def follow(url: str) -> str | None:
        return moved.get(url, url)

    rounds = []
    for rnd in record["rounds"]:
        rnd = {**rnd, "sources": [u for u in map(follow, rnd.get("sources", [])) if u]}
        if rnd.get("disputed"):
            rnd["disputed"] = [{**d, "source": follow(d["source"]) or d["source"]} for d in rnd["disputed"]]
        rounds.append(rnd)
    return {**record, "sources": sources, "rounds": rounds}


def rounds_left_unsourced(before: dict, after: dict) -> list[int]:
    """The numbers of the rounds that cite a source in ``before`` and none in ``after`` (the same
    election with its sources changed): every figure must stay traceable to a source."""
    cited = {r["number"] for r in before["rounds"] if r.get("sources")}
    return [r["number"] for r in after["rounds"] if r["number"] in cited and not r.get("sources")]


def without_candidate(record: dict, key: str) -> dict:
    """``record`` without the candidate ``key`` (one entered by mistake): gone from every round, its
    votes and the values sources disputed about them too."""
    rounds = []
    for rnd in record["rounds"]:
        rnd = {
            **rnd,
            "votes": [v for v in rnd["votes"] if v["candidate"] != key],
            "disputed": [d for d in rnd.get("disputed", []) if d.get("candidate") != key],
        }
        for name in ("withdrawn", "eliminated", "decided_by_lot", "standing"):
            if rnd.get(name) is not None:
                rnd[name] = [k for k in rnd[name] if k != key]
        rounds.append(rnd)
    changed = {**record, "rounds": rounds, "candidates": [c for c in record["candidates"] if c["key"] != key]}
    if "reported_elected" in record:
        changed["reported_elected"] = [k for k in record["reported_elected"] if k != key]
    return changed


def figures_of(record: dict, key: str) -> list[int]:
    """The numbers of the rounds that hold a figure of the candidate ``key`` (a count, share or vote
    against): what removing them would lose."""
    return [
        rnd["number"] for rnd in record["rounds"]
        if any(v["candidate"] == key and any(v.get(f) is not None for f in ("votes", "share", "against")) for v in rnd["votes"])
    ]
