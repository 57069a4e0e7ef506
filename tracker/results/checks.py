"""Checks on the figures: plain-language findings a reader should know of (a rule no source gives,
rounds missing, totals that do not add up, a reported majority that differs from the computed one,
sources that disagree, what the sources report against what the figures elect)."""

from __future__ import annotations

from .figures import (
    base_bounds,
    counts,
    given_present_and_voting,
    has_votes_in,
    required_majority,
    votes_total,
)
from .model import N_, Base, Check, Disputed, Election, Quota, Round, RoundKind, RoundOutcome, Rule, Status


def _listed(keys, names: dict[str, str]) -> str:
    return ", ".join(sorted(names.get(k, k) for k in keys)) or "no one"


def mismatch(reported: tuple[str, ...], computed, names: dict[str, str]) -> Check:
    if not reported:
        return Check(
            N_("The sources report that no one was elected; the figures elect %(computed)s."),
            params={"computed": _listed(computed, names)},
        )
    return Check(
        N_("The sources report %(reported)s elected; the figures elect %(computed)s."),
        params={"reported": _listed(reported, names), "computed": _listed(computed, names)},
    )


def checks(
    election: Election, outcomes: list[RoundOutcome], decided: bool, names: dict[str, str] | None = None
) -> list[Check]:
    """Plain-language findings on the figures, in round order.

    ``outcomes`` are the rounds' computed results (from :func:`election_outcome`); ``decided`` whether
    they settle the election; ``names`` display names by key for the messages.
    """
    names = names or {}
    found: list[Check] = []
    rounds = sorted(election.rounds, key=lambda r: r.number)
    if election.status is Status.CANCELLED:
        if rounds:
            found.append(Check(N_("The election was cancelled: the rounds recorded elect no one.")))
        return found
    if election.status is Status.SCHEDULED and rounds:
        found.append(Check(N_("The election is recorded as scheduled, yet rounds are recorded: no outcome is computed.")))
    if any((r.rule or election.rule) is None and r.kind is not RoundKind.TIE_BREAK for r in rounds):
        found.append(
            Check(N_("No source gives the rule; the outcome rests on what the sources report."))
        )
    numbers = [r.number for r in rounds]
    for before, after in zip(numbers, numbers[1:]):
        if after > before + 1:
            missing = f"{before + 1}" if after == before + 2 else f"{before + 1} to {after - 1}"
            text = N_("Round numbers jump from %(before)s to %(after)s: round %(missing)s not recorded.")
            found.append(Check(text, params={"before": before, "after": after, "missing": missing}))
    withdrawn: set[str] = set()
    eliminated_after: dict[str, int] = {}
    filled = 0
    for rnd, computed in zip(rounds, outcomes):
        withdrawn |= set(rnd.withdrawn)
        if filled >= election.seats and not election.concurrent and rnd.votes:
            found.append(Check(N_("This round is recorded after every seat was filled."), rnd.number))
        filled += len(computed.elected)
        for key, number in eliminated_after.items():
            if has_votes_in(rnd, key):
                found.append(
                    Check(
                        N_("Recorded as eliminated after round %(number)s, but has votes in this round."),
                        rnd.number, key, {"number": number},
                    )
                )
        found += _round_checks(election, rnd, computed, withdrawn)
        for key in rnd.eliminated:
            eliminated_after.setdefault(key, rnd.number)
    reported = election.reported_elected
    if decided and reported is not None and election.status is Status.HELD and not election.concurrent:
        computed_elected = tuple(k for o in outcomes for k in o.elected)
        if set(computed_elected) != set(reported):
            found.append(mismatch(reported, computed_elected, names))
    return found


def _producible(rnd: Round, election: Election, rule: Rule | None, reported: int) -> bool:
    """Whether some rule's quota, taken of some figure the record gives or bounds for this round, can
    give the ``reported`` required majority (the record's quota where it has one, any otherwise)."""
    quotas = [rule.quota] if rule is not None and rule.quota is not Quota.PLURALITY else [
        Quota.ABSOLUTE_MAJORITY, Quota.TWO_THIRDS
    ]
    for quota in quotas:
        for base in Base:
            low, high = base_bounds(rnd, base, election.seats, election.electorate)
            if low is None and high is None:
                continue
            least = required_majority(quota, low) if low is not None else 0
            most = required_majority(quota, high) if high is not None else None
            if least <= reported and (most is None or reported <= most):
                return True
    return False


def _round_checks(election: Election, rnd: Round, computed: RoundOutcome, withdrawn: set[str]) -> list[Check]:
    """Every finding on one round's figures."""
    return [
        *_majority_checks(election, rnd, computed),
        *_electorate_checks(election, rnd),
        *_total_checks(election, rnd),
        *_candidate_checks(rnd, withdrawn),
        *_dispute_checks(rnd),
    ]


def _majority_checks(election: Election, rnd: Round, computed: RoundOutcome) -> list[Check]:
    """A reported required majority that differs from the computed one, or that no rule and figure
    of the record can give."""
    reported = rnd.required_majority
    if reported is None:
        return []
    if computed.required_majority is not None and reported != computed.required_majority:
        text = N_("The reported required majority (%(reported)s) differs from the computed one (%(computed)s).")
        return [Check(text, rnd.number, params={"reported": reported, "computed": computed.required_majority})]
    if not _producible(rnd, election, rnd.rule or election.rule, reported):
        text = N_("No rule and figure of this record gives the reported required majority (%(reported)s).")
        return [Check(text, rnd.number, params={"reported": reported})]
    return []


def _electorate_checks(election: Election, rnd: Round) -> list[Check]:
    """Votes or ballots above the electorate (no member votes twice)."""
    electorate = rnd.electorate if rnd.electorate is not None else election.electorate
    if electorate is None:
        return []
    found = [
        Check(
            N_("%(votes)s votes exceed the electorate of %(electorate)s."),
            rnd.number, vote.candidate, {"votes": vote.votes, "electorate": electorate},
        )
        for vote in rnd.votes if vote.votes is not None and vote.votes > electorate
    ]
    if rnd.ballots_cast is not None and rnd.ballots_cast > electorate:
        text = N_("%(ballots_cast)s ballots cast exceed the electorate of %(electorate)s.")
        found.append(Check(text, rnd.number, params={"ballots_cast": rnd.ballots_cast, "electorate": electorate}))
    return found


def _total_checks(election: Election, rnd: Round) -> list[Check]:
    """Totals that do not add up: the votes of a single-seat round against present and voting or the
    valid ballots; ballots cast against their parts."""
    found = []
    total = votes_total(rnd)
    given_pav = given_present_and_voting(rnd)
    everyone_listed = not election.unnamed_candidates
    if election.seats == 1 and everyone_listed and total is not None and given_pav is not None and total != given_pav:
        text = N_("The votes add up to %(total)s, but %(present_and_voting)s members were present and voting.")
        found.append(Check(text, rnd.number, params={"total": total, "present_and_voting": given_pav}))
    elif election.seats == 1 and given_pav is None and rnd.ballots_cast is not None:
        known = sum(c for c in counts(rnd) if c is not None)
        valid_ballots = rnd.ballots_cast - (rnd.invalid or 0) - (rnd.abstentions or 0)
        if known > valid_ballots:
            text = N_("The votes add up to %(total)s, more than the %(valid)s valid ballots of a single-seat round.")
            found.append(Check(text, rnd.number, params={"total": known, "valid": valid_ballots}))
    if None not in (rnd.ballots_cast, rnd.invalid, rnd.abstentions, rnd.present_and_voting):
        parts = rnd.invalid + rnd.abstentions + rnd.present_and_voting
        if parts != rnd.ballots_cast:
            text = N_("%(ballots_cast)s ballots cast, but invalid + abstentions + present and voting = %(parts)s.")
            found.append(Check(text, rnd.number, params={"ballots_cast": rnd.ballots_cast, "parts": parts}))
    return found


def _candidate_checks(rnd: Round, withdrawn: set[str]) -> list[Check]:
    """Votes for a candidate who withdrew, or who was not standing in a restricted round."""
    found = []
    for vote in rnd.votes:
        if vote.candidate in withdrawn and (vote.votes or vote.share):
            found.append(Check(N_("A candidate who withdrew has votes."), rnd.number, vote.candidate))
        if rnd.standing is not None and vote.candidate not in rnd.standing and vote.votes:
            found.append(Check(N_("Votes for a candidate who was not standing in this round."), rnd.number, vote.candidate))
    return found


def _dispute_checks(rnd: Round) -> list[Check]:
    """Each value another source gives for a figure of the round, beside the accepted one."""
    found = []
    for dispute in rnd.disputed:
        accepted = _accepted_value(rnd, dispute)
        found.append(
            Check(
                N_("Sources disagree on %(figure)s: accepted %(accepted)s, %(source)s gives %(given)s."),
                rnd.number,
                dispute.candidate,
                {
                    "figure": dispute.field, "source": dispute.source,
                    "given": "unknown" if dispute.value is None else f"{dispute.value:g}",
                    "accepted": "unknown" if accepted is None else f"{accepted:g}",
                },
            )
        )
    return found


def _accepted_value(rnd: Round, dispute: Disputed) -> float | None:
    if dispute.candidate is not None:
        for vote in rnd.votes:
            if vote.candidate == dispute.candidate:
                return getattr(vote, dispute.field, None)
        return None
    return getattr(rnd, dispute.field, None)
