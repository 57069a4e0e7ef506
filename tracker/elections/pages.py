"""What the election pages show: labels of figures and rules, candidates' names, each round's lines
and outcome words, the outcome box, linked elections. Changing a record from the forms is
:mod:`tracker.elections.editing`."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext, npgettext
from sqlmodel import Session

from .. import outcomes, records, results
from ..countries import country_name
from ..i18n import count_text, language
from ..records.shape import ROUND_COUNTS

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


# The words for each figure of a round (a count of tracker.records.shape.ROUND_COUNTS, a vote's figure,
# or one the tracker computes): the round's page, its form, and the list of figures computed by hand.
FIGURE_LABELS = {
    "electorate": _l("Electorate"),
    "ballots_cast": _l("Ballots cast"),
    "invalid": _l("Invalid ballots"),
    "abstentions": _l("Abstentions"),
    "present_and_voting": _l("Present and voting"),
    "required_majority": _l("Required majority"),
    "valid_votes": _l("Valid votes"),
    "votes": _l("Votes"),
    "share": _l("Share (%)"),
    "against": _l("Votes against"),
}
# The ballot's counts a round's page lists (the electorate and the required majority are shown apart).
BALLOT_FIGURES = [name for name in ROUND_COUNTS if name not in ("electorate", "required_majority")]


def figure_label(name: str) -> str:
    """A figure's name in the reader's language (as stored where it has no label)."""
    return str(FIGURE_LABELS[name]) if name in FIGURE_LABELS else name.replace("_", " ")


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
        if candidate.get("kind") == "state" and country:
            names[candidate["key"]] = country  # a State standing for a seat is named as the State
        elif candidate.get("name"):
            names[candidate["key"]] = (candidate.get("names") or {}).get(language()) or candidate["name"]
        elif country:
            names[candidate["key"]] = str(_l("Unnamed candidate (%(who)s)", who=country))
        else:
            names[candidate["key"]] = str(_l("Unnamed candidate (%(who)s)", who=candidate["key"]))
    return names


class LineOutcome(str, enum.Enum):
    """A candidate's outcome in one round, as the round's table words it. The words are
    :data:`LINE_OUTCOME_LABELS`; templates show ``line.outcome.label``, never match the value."""

    ELECTED = "elected"
    MAJORITY_HERE = "majority in this body"  # one of two concurrent votes: elected only with both
    NOT_ELECTED = "not elected"
    ELIMINATED = "eliminated"
    DID_NOT_STAND_NEXT = "did not stand in the next round"
    WITHDRAWN = "withdrawn"
    ELECTED_EARLIER = "elected earlier"
    TIE_BREAK = "tie-break"
    UNDECIDED = "undecided"
    ELECTED_AS_REPORTED = "elected (as reported)"
    NOT_ELECTED_AS_REPORTED = "not elected (as reported)"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        """The outcome in the reader's language."""
        return str(LINE_OUTCOME_LABELS[self])

    @property
    def css_class(self) -> str:
        """``outcome-elected``, ``outcome-not-elected``...: the rows' colours (site.css)."""
        return "outcome-" + self.value.split(" (")[0].replace(" ", "-")


LINE_OUTCOME_LABELS = {
    LineOutcome.ELECTED: _l("elected"),
    LineOutcome.MAJORITY_HERE: _l("majority in this body"),
    LineOutcome.NOT_ELECTED: _l("not elected"),
    LineOutcome.ELIMINATED: _l("eliminated"),
    LineOutcome.DID_NOT_STAND_NEXT: _l("did not stand in the next round"),
    LineOutcome.WITHDRAWN: _l("withdrawn"),
    LineOutcome.ELECTED_EARLIER: _l("elected earlier"),
    LineOutcome.TIE_BREAK: _l("tie-break"),
    LineOutcome.UNDECIDED: _l("undecided"),
    LineOutcome.ELECTED_AS_REPORTED: _l("elected (as reported)"),
    LineOutcome.NOT_ELECTED_AS_REPORTED: _l("not elected (as reported)"),
    LineOutcome.CANCELLED: _l("cancelled"),
}


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
    for_against: bool
    share: float | None
    share_published: bool
    outcome: LineOutcome

    @property
    def outcome_class(self) -> str:
        """The outcome as a CSS class: ``outcome-elected``, ``outcome-not-elected``..."""
        return self.outcome.css_class

    @property
    def withdrawn(self) -> bool:
        """Stood down before this round: the row shows no figures."""
        return self.outcome is LineOutcome.WITHDRAWN


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
    """A round as the election page shows it, with the sources of its figures and any disagreement.

    ``derived``: figures the tracker computed from the others (present and voting, ballots cast,
    valid votes), shown marked "computed"; ``share_basis``: what the shares are of.
    """

    record: dict
    outcome: results.RoundOutcome
    rule: str
    lines: list[VoteLine]
    sources: list[dict]
    disputes: list[Dispute]
    derived: dict[str, int]
    share_basis: results.ShareBasis | None

    @property
    def figures(self) -> list[tuple[str, int | None, bool]]:
        """The ballot's figures as the page lists them: (label, value, computed by the tracker), a
        computed one only where no source gives it, then the valid votes where computed."""
        found = []
        for name in BALLOT_FIGURES:
            given = self.record.get(name)
            computed = given is None and name in self.derived
            found.append((figure_label(name), self.derived[name] if computed else given, computed))
        if "valid_votes" in self.derived:
            found.append((figure_label("valid_votes"), self.derived["valid_votes"], True))
        return found

    @property
    def plurality(self) -> bool:
        """The round's rule is a plurality: it has no required majority."""
        return self.outcome.rule is not None and self.outcome.rule.quota is results.Quota.PLURALITY

    @property
    def required_text(self) -> str | None:
        """The required majority's bounds in words where only they are known."""
        return required_majority_text(self.outcome)

    @property
    def shares_of_recorded_votes(self) -> bool:
        """The shares are computed from the sum of the recorded votes (no figure of valid votes)."""
        return self.share_basis is results.ShareBasis.RECORDED_VOTES


@dataclass(frozen=True)
class ElectionView:
    """Everything the election page shows, computed once."""

    record: dict
    names: dict[str, str]
    outcome: results.Outcome
    outcome_json: dict
    rounds: list[RoundView]
    rule: str
    summary: OutcomeSummary

    @property
    def concurrent(self) -> bool:
        """One of two concurrent votes (ICJ): a majority here elects only with one in the other body."""
        return any(link["relation"] == "concurrent" for link in self.record.get("related", ()))

    def check_text(self, check: results.Check) -> str:
        """A check on the figures in the reader's language, its figures named by their labels, an
        unknown value as "unknown" and a source by its title."""
        titles = {s["url"]: s.get("title") or s["url"] for s in self.record.get("sources", [])}
        params = dict(check.params)
        if "figure" in params:
            params["figure"] = figure_label(params["figure"])
        for name in ("given", "accepted"):
            if params.get(name) == "unknown":
                params[name] = _("unknown")
        if "source" in params:
            params["source"] = titles.get(params["source"], params["source"])
        return _(check.text, **params)


@dataclass(frozen=True)
class OutcomeSummary:
    """The outcome box of an election page: a lead, the candidates it names (keys), what follows
    them, and on what the outcome rests, each in the reader's language (``None`` where not said)."""

    lead: str
    keys: tuple[str, ...]
    after: str | None
    basis: str | None


def _elected_lead(elected: tuple[str, ...]) -> str:
    """"Elected:" in the plural form for the number elected (French "Élu :" / "Élus :", Arabic
    "الفائز:" / "الفائزان:" / "الفائزون:")."""
    return npgettext("outcome", "Elected:", "Elected:", len(elected))


def outcome_summary(record: dict, outcome: results.Outcome) -> OutcomeSummary:
    """Say who ``outcome`` elects and how sure that is: "Elected: A, B" where the figures settle it;
    "A elected; 1 more seat is not settled by the recorded figures" where they settle part of it;
    as the sources report it otherwise; no one for a cancelled election; the declared candidates of
    a scheduled one."""
    match outcome.basis:
        case results.Basis.CANCELLED:
            return OutcomeSummary(_("The election was cancelled: no one was elected."), (), None, None)
        case results.Basis.SCHEDULED:
            keys = tuple(c["key"] for c in record["candidates"] if c.get("declared", True))
            lead = _("The vote has not taken place yet. Declared candidates:") if keys else _("The vote has not taken place yet.")
            return OutcomeSummary(lead, keys, None, None)
        case results.Basis.REPORTED:
            basis = (
                _("As reported by the sources: the recorded figures do not settle the outcome (the rule is not recorded).")
                if not record.get("rule") else _("As reported by the sources: the recorded figures do not settle the outcome.")
            )
            if not outcome.elected:
                return OutcomeSummary(_("No one was elected, as the sources report."), (), None, basis)
            return OutcomeSummary(_elected_lead(outcome.elected), outcome.elected, None, basis)
        case results.Basis.COMPUTED:
            if outcome.decided:
                if not outcome.elected:
                    return OutcomeSummary(_("No one is elected by the recorded rounds."), (), None, _("Computed from the recorded figures."))
                return OutcomeSummary(_elected_lead(outcome.elected), outcome.elected, None, _("Computed from the recorded figures."))
            undecided = _("Undecided: the recorded figures do not settle the outcome.")
            if not outcome.settled:
                return OutcomeSummary(_("No one is elected on the recorded figures."), (), None, undecided)
            after = ngettext(
                "elected; %(num)s more seat is not settled by the recorded figures.",
                "elected; %(num)s more seats are not settled by the recorded figures.",
                outcome.unsettled_seats,
            ) if outcome.unsettled_seats else _("elected; the other candidates' outcome is not settled by the recorded figures.")
            return OutcomeSummary("", outcome.settled, after, undecided)
        case _:
            results._unknown(outcome.basis)


def required_majority_text(computed: results.RoundOutcome) -> str | None:
    """The required majority where it could not be computed: "128 (as reported)" where the body's
    figure was used, else its bounds: "at least 127", "at most 129", "127 to 129"; ``None`` where it
    is computed or unbounded (the page shows the figure or "unknown")."""
    if computed.required_majority is not None or not computed.required_bounds:
        return None
    low, high = computed.required_bounds
    if computed.required_as_reported:
        return _("%(number)s (as reported)", number=count_text(low))
    if low is not None and high is not None:
        return _("%(low)s to %(high)s", low=count_text(low), high=count_text(high))
    if low is not None:
        return _("at least %(number)s", number=count_text(low))
    return _("at most %(number)s", number=count_text(high))


def _line_outcome(
    key: str,
    rnd: dict,
    computed: results.RoundOutcome,
    elected_before: set[str],
    reported: set[str] | None,
    outcome: results.Outcome,
    concurrent: bool,
) -> LineOutcome:
    """A candidate's outcome in a round; ``reported``: who the sources say won, where the figures of
    this (final) round do not settle it."""
    if outcome.basis is results.Basis.CANCELLED:
        return LineOutcome.WITHDRAWN if key in rnd.get("withdrawn", []) else LineOutcome.CANCELLED
    if key in computed.elected:
        return LineOutcome.MAJORITY_HERE if concurrent else LineOutcome.ELECTED
    if key in rnd.get("withdrawn", []):
        return LineOutcome.WITHDRAWN
    if key in computed.eliminated:
        return LineOutcome.ELIMINATED
    if key in elected_before:
        return LineOutcome.ELECTED_EARLIER
    if rnd.get("kind") == results.RoundKind.TIE_BREAK:
        return LineOutcome.TIE_BREAK
    if key in computed.absent_next:
        return LineOutcome.DID_NOT_STAND_NEXT
    if computed.decided:
        return LineOutcome.NOT_ELECTED
    if reported is not None:
        return LineOutcome.ELECTED_AS_REPORTED if key in reported else LineOutcome.NOT_ELECTED_AS_REPORTED
    return LineOutcome.UNDECIDED


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
            figure = _("%(figure)s of %(candidate)s", figure=figure_label(dispute["field"]), candidate=names.get(key, key))
        else:
            accepted = rnd.get(dispute["field"])
            figure = figure_label(dispute["field"])
        source = dispute["source"]
        found.append(Dispute(figure, accepted, dispute["value"], source, titles.get(source, source)))
    return found


def election_view(record: dict, outcome: results.Outcome | None = None) -> ElectionView:
    """Lay out ``record``'s rounds for the page with its ``outcome`` (from
    :func:`tracker.records.linked_outcome`, which takes concurrent votes into account; computed from
    the record alone where not given)."""
    figures = outcomes.election_from_record(record)
    names = display_names(record)
    if outcome is None:
        outcome = results.election_outcome(figures, names)
    titles = {s["url"]: s["title"] or s["url"] for s in record["sources"]}
    candidates = {c["key"]: c for c in record["candidates"]}
    concurrent = any(link["relation"] == "concurrent" for link in record.get("related", ()))
    views = []
    elected_before: set[str] = set()
    last = record["rounds"][-1]["number"] if record["rounds"] else None
    reported = set(outcome.elected) if outcome.basis is results.Basis.REPORTED else None
    for rnd, fig, computed in zip(record["rounds"], figures.rounds, outcome.rounds):
        share_by_key = results.shares(fig, computed.places)
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
                    for_against=fig.votes_for_and_against,
                    share=share_by_key.get(key),
                    share_published=vote.get("share") is not None,
                    outcome=_line_outcome(
                        key, rnd, computed, elected_before, reported if rnd["number"] == last else None,
                        outcome, concurrent,
                    ),
                )
            )
        lines.sort(key=lambda line: not line.declared)  # votes for non-candidates shown apart, last
        elected_before |= set(computed.elected)
        rule = rnd.get("rule") or record.get("rule")
        views.append(
            RoundView(
                rnd, computed, rule_label(rule), lines, _round_sources(record, rnd), _disputes(rnd, names, titles),
                results.derived_figures(fig, computed.places), results.share_basis(fig, computed.places),
            )
        )
    return ElectionView(
        record, names, outcome, outcomes.outcome_json(outcome), views, rule_label(record.get("rule")),
        outcome_summary(record, outcome),
    )


RELATION_LABELS = {
    "concurrent": _l("Voted on concurrently by"),
    "nominates": _l("Nominates for appointment by"),
    "appoints": _l("Appoints the nominee of"),
    "by_election_for": _l("By-election for a vacancy from"),
    "shares_term_with": _l("Shares the term with"),
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
        label = str(RELATION_LABELS[link["relation"]])
        if other is None:
            linked.append(LinkedElection(label, link["id"], None, [], False, None, False))
            continue
        other_outcome = results.election_outcome(outcomes.election_from_record(other))  # that body alone
        other_names = display_names(other)
        both, both_decided = None, False
        if link["relation"] == "concurrent":  # view.outcome already takes both bodies into account
            keys = view.outcome.elected if view.outcome.decided else view.outcome.settled
            both, both_decided = [view.names.get(k, k) for k in keys], view.outcome.decided
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
