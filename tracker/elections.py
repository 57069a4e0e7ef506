"""The elections area: what the election pages show, and the records the entry forms build.

Forms produce election-records/v1 fragments; :func:`save_record` validates the whole record with the
importer's rules and stores it, so a record entered by hand and one imported from a file pass the
same checks.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlmodel import Session

from . import models, records, results
from .countries import country_name
from .i18n import language

QUOTA_LABELS = {
    "plurality": _l("plurality (most votes)"),
    "absolute_majority": _l("absolute majority (more than half)"),
    "two_thirds": _l("two-thirds majority (at least two thirds)"),
}
BASE_LABELS = {
    "valid_votes": _l("of valid votes"),
    "present_and_voting": _l("of members present and voting"),
    "ballots_cast": _l("of ballots cast"),
    "electorate": _l("of the electorate"),
}


def rule_label(rule: dict | None) -> str:
    """``"absolute majority (more than half) of valid votes"``; ``"not recorded"`` for no rule."""
    if not rule:
        return str(_l("not recorded"))
    if rule["quota"] == "plurality":
        return str(QUOTA_LABELS["plurality"])
    return f"{QUOTA_LABELS[rule['quota']]} {BASE_LABELS[rule['base']]}"


def display_names(record: dict) -> dict[str, str]:
    """Each candidate's name for display, by key; unnamed candidates by their nominating State."""
    names = {}
    for candidate in record["candidates"]:
        country = country_name(candidate.get("country"), language()) or candidate.get("country")
        if candidate.get("name"):
            names[candidate["key"]] = (candidate.get("names") or {}).get(language()) or candidate["name"]
        elif candidate.get("kind") == "state" and country:
            names[candidate["key"]] = country
        elif country:
            names[candidate["key"]] = str(_l("Unnamed candidate (%(who)s)", who=country))
        else:
            names[candidate["key"]] = str(_l("Unnamed candidate (%(who)s)", who=candidate["key"]))
    return names


@dataclass(frozen=True)
class VoteLine:
    """One row of a round's table."""

    key: str
    name: str
    country: str | None
    country_name: str | None
    declared: bool
    votes: int | None
    against: int | None
    share: float | None
    share_published: bool
    outcome: str

    @property
    def outcome_class(self) -> str:
        """The outcome as a CSS class: ``outcome-elected``, ``outcome-not-elected``..."""
        return "outcome-" + self.outcome.split(" (")[0].replace(" ", "-")


@dataclass(frozen=True)
class Dispute:
    """A figure on which sources disagree: the accepted value and another source's."""

    figure: str
    accepted: float | None
    other: float | None
    source_url: str
    source_title: str


@dataclass(frozen=True)
class RoundView:
    """A round as the election page shows it, with the sources of its figures and any disagreement."""

    record: dict
    outcome: results.RoundOutcome
    rule: str
    lines: list[VoteLine]
    sources: list[dict]
    disputes: list[Dispute]


@dataclass(frozen=True)
class ElectionView:
    """Everything the election page shows, computed once."""

    record: dict
    names: dict[str, str]
    outcome: results.Outcome
    outcome_json: dict
    rounds: list[RoundView]
    rule: str


def _line_outcome(
    key: str, rnd: dict, computed: results.RoundOutcome, elected_before: set[str], reported: set[str] | None
) -> str:
    """A candidate's outcome in a round; ``reported``: who the sources say won, where the figures of
    this (final) round do not settle it."""
    if key in computed.elected:
        return "elected"
    if key in rnd.get("withdrawn", []):
        return "withdrawn"
    if key in computed.eliminated:
        return "eliminated"
    if key in elected_before:
        return "elected earlier"
    if rnd.get("kind") == "tie_break":
        return "tie-break"
    if computed.decided:
        return "not elected"
    if reported is not None:
        return "elected (as reported)" if key in reported else "not elected (as reported)"
    return "undecided"


def _round_sources(record: dict, rnd: dict) -> list[dict]:
    by_url = {s["url"]: s for s in record["sources"]}
    return [by_url.get(url, {"url": url, "title": None}) for url in rnd.get("sources", [])]


def _disputes(rnd: dict, names: dict[str, str], titles: dict[str, str]) -> list[Dispute]:
    found = []
    for dispute in rnd.get("disputed", []):
        key = dispute.get("candidate")
        if key:
            vote = next((v for v in rnd["votes"] if v["candidate"] == key), {})
            accepted = vote.get(dispute["field"])
            figure = f"{dispute['field'].replace('_', ' ')} for {names.get(key, key)}"
        else:
            accepted = rnd.get(dispute["field"])
            figure = dispute["field"].replace("_", " ")
        source = dispute["source"]
        found.append(Dispute(figure, accepted, dispute["value"], source, titles.get(source, source)))
    return found


def election_view(record: dict) -> ElectionView:
    """Compute the outcome of ``record`` and lay out its rounds for the page."""
    figures = results.election_from_record(record)
    names = display_names(record)
    outcome = results.election_outcome(figures, names)
    titles = {s["url"]: s["title"] or s["url"] for s in record["sources"]}
    candidates = {c["key"]: c for c in record["candidates"]}
    views = []
    elected_before: set[str] = set()
    last = record["rounds"][-1]["number"] if record["rounds"] else None
    reported = set(outcome.elected) if outcome.basis == "reported" else None
    for rnd, fig, computed in zip(record["rounds"], figures.rounds, outcome.rounds):
        share_by_key = results.shares(fig, figures.seats)
        lines = []
        listed = [v["candidate"] for v in rnd["votes"]]
        for vote in rnd["votes"] + [{"candidate": k} for k in rnd.get("withdrawn", []) if k not in listed]:
            key = vote["candidate"]
            candidate = candidates[key]
            lines.append(
                VoteLine(
                    key=key,
                    name=names[key],
                    country=candidate.get("country"),
                    country_name=country_name(candidate.get("country")),
                    declared=candidate.get("declared", True),
                    votes=vote.get("votes"),
                    against=vote.get("against"),
                    share=share_by_key.get(key),
                    share_published=vote.get("share") is not None,
                    outcome=_line_outcome(
                        key, rnd, computed, elected_before, reported if rnd["number"] == last else None
                    ),
                )
            )
        lines.sort(key=lambda line: not line.declared)  # votes for non-candidates shown apart, last
        elected_before |= set(computed.elected)
        rule = rnd.get("rule") or record.get("rule")
        views.append(
            RoundView(rnd, computed, rule_label(rule), lines, _round_sources(record, rnd), _disputes(rnd, names, titles))
        )
    return ElectionView(
        record, names, outcome, results.outcome_json(outcome), views, rule_label(record.get("rule"))
    )


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


RELATION_LABELS = {
    "concurrent": "Voted on concurrently by",
    "nominates": "Nominates for appointment by",
    "appoints": "Appoints the nominee of",
    "by_election_for": "By-election for a vacancy from",
    "shares_term_with": "Shares the term with",
}


@dataclass(frozen=True)
class LinkedElection:
    """Another election this one belongs with, and its result, for the election page.

    ``both_elected``: for a concurrent vote, the candidates elected by both bodies (``None`` otherwise).
    """

    relation: str
    record_id: str
    title: str | None
    elected: list[str]
    decided: bool
    both_elected: list[str] | None
    both_decided: bool


def linked_elections(session: Session, view: ElectionView) -> list[LinkedElection]:
    """The elections ``view.record`` names in ``related``, each with its own computed result.

    A related id that is not stored is listed with ``title=None``.
    """
    linked = []
    for link in view.record.get("related", []):
        other = records.load_record(session, link["id"])
        label = RELATION_LABELS[link["relation"]]
        if other is None:
            linked.append(LinkedElection(label, link["id"], None, [], False, None, False))
            continue
        other_outcome = results.election_outcome(results.election_from_record(other))
        other_names = display_names(other)
        both, both_decided = None, False
        if link["relation"] == "concurrent":
            keys, both_decided = results.concurrent_elected(view.outcome, other_outcome, view.record["seats"])
            both = [view.names.get(k, k) for k in keys]
        title = f"{other['organisation']['acronym']} {other['body']}, {other['date']}"
        linked.append(
            LinkedElection(
                label,
                link["id"],
                title,
                [other_names.get(k, k) for k in other_outcome.elected],
                other_outcome.decided,
                both,
                both_decided,
            )
        )
    return linked
