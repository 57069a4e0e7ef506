"""The whole election: its rounds counted in order (who is elected, withdrawn, eliminated, still
standing), its outcome by status and basis, concurrent votes (ICJ Statute, art. 10), and each
candidate's result across the rounds."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .checks import checks, mismatch
from .figures import has_votes_in, shares
from .model import (
    N_,
    Basis,
    CandidateOutcome,
    CandidateResult,
    Check,
    Election,
    Outcome,
    Round,
    RoundKind,
    RoundOutcome,
    Status,
    Vote,
    _unknown,
)
from .rounds import round_result


def _stands_in(rnd: Round, key: str) -> bool:
    if rnd.standing is not None:
        return key in rnd.standing
    return any(v.candidate == key for v in rnd.votes)


def _following(rounds: list[Round], index: int) -> list[Round]:
    """The rounds that follow round ``index`` up to the next contest: any tie-break ballots, then the
    first round that is not one. Empty where the next round is not recorded (numbered next)."""
    found = []
    for later in rounds[index + 1 :]:
        if later.number != (found[-1].number if found else rounds[index].number) + 1:
            break
        found.append(later)
        if later.kind is not RoundKind.TIE_BREAK:
            break
    return found


def _left_after(rounds: list[Round], index: int, declared: set[str], out: set[str]) -> tuple[str, ...]:
    """Declared candidates who stood in round ``index`` and go on to none of the rounds that follow
    it up to the next contest (:func:`_following`), nor withdrew before them (``out``: already
    elected, withdrawn or eliminated). After a tie-break ballot, only the next contest counts."""
    following = _following(rounds, index)
    if rounds[index].kind is RoundKind.TIE_BREAK:
        following = following[-1:]
    if not following:
        return ()
    return tuple(
        v.candidate
        for v in rounds[index].votes
        if v.candidate in declared
        and v.candidate not in out
        and not any(v.candidate in r.withdrawn or _stands_in(r, v.candidate) for r in following)
    )


def _with_unnamed(rnd: Round, unnamed: int | None) -> Round:
    """The round with a vote of unknown count for each candidate no source names (never zero votes).

    Their keys, "(unnamed 1)"..., cannot clash with record keys, which are lower-case slugs.
    """
    if not unnamed or rnd.standing is not None or rnd.kind is not RoundKind.ORDINARY:
        return rnd
    phantoms = tuple(Vote(f"(unnamed {i + 1})") for i in range(unnamed))
    return replace(rnd, votes=rnd.votes + phantoms)


def _eligible(rnd: Round, out: set[str]) -> list[str]:
    if rnd.standing is not None:
        return [k for k in rnd.standing if k not in out]
    return [v.candidate for v in rnd.votes if v.candidate not in out]




@dataclass
class _Count:
    """What the rounds counted so far have settled: who is elected (``settled``: where the figures
    settle it), who is out of the contest (elected, withdrawn, eliminated), whether every round so far
    was decided."""

    elected: list[str] = field(default_factory=list)
    settled: list[str] = field(default_factory=list)
    out: set[str] = field(default_factory=set)
    all_decided: bool = True


def _not_elected_in(election: Election, rounds: list[Round], index: int, eligible: list[str], seats_open: int) -> frozenset[str]:
    """Candidates whom a later round shows were not elected in round ``index``: those who stand again
    for the seats left, or everyone where one seat was open and another ballot was held. Nothing
    follows in a concurrent election: a later meeting votes again on whoever stands in it."""
    later = [r for r in rounds[index + 1 :] if r.kind is not RoundKind.TIE_BREAK and r.votes]
    if election.concurrent:
        return frozenset()
    if later and seats_open == 1:  # the seat was still open when the next ballot was held
        return frozenset(eligible)
    return frozenset(k for r in later for k in eligible if _stands_in(r, k))


def _count_round(election: Election, rounds: list[Round], index: int, count: _Count, declared: set[str]) -> RoundOutcome:
    """Count round ``index`` into ``count`` and say what it settled."""
    rnd = rounds[index]
    count.out |= set(rnd.withdrawn)
    if election.concurrent:  # a new meeting: its ballots decide again for whoever stands in it
        again = [k for k in count.elected if _stands_in(rnd, k)]
        count.elected = [k for k in count.elected if k not in again]
        count.settled = [k for k in count.settled if k not in again]
        count.out -= set(again)
    rule = rnd.rule or election.rule
    eligible = _eligible(rnd, count.out)
    seats_open = election.seats - len(count.elected)
    not_elected = _not_elected_in(election, rounds, index, eligible, seats_open)
    result = round_result(rnd, rule, eligible, seats_open, election.electorate, not_elected)
    newly, decided = result.elected, result.decided
    if count.all_decided:
        count.settled += newly  # where an earlier round is unsettled, so are the seats left for this one
    elif newly:
        decided = False  # seats filled in an unsettled earlier round are not known
    count.elected += newly
    count.out |= set(newly)
    eliminated = rnd.eliminated
    if rnd.kind is RoundKind.TIE_BREAK and not eliminated:  # the loser does not go on: the rule
        eliminated = _left_after(rounds, index, declared, count.out)
    count.out |= set(eliminated)
    absent = () if rnd.kind is RoundKind.TIE_BREAK else _left_after(rounds, index, declared, count.out)
    count.all_decided = count.all_decided and decided
    return RoundOutcome(
        rnd.number, rule, result.base_figure, result.required_majority, tuple(newly), decided, rnd.withdrawn,
        tuple(eliminated), result.required_bounds, absent, max(seats_open, 1), result.required_as_reported,
    )


def _result(election: Election, elected: list[str], decided: bool) -> tuple[tuple[str, ...], Basis, bool]:
    """Who the election elects, on what basis, and whether that is decided, by its status: no one
    for a cancelled election, no outcome yet for a scheduled one; for one held, the computed result
    where the figures settle it, else what the sources report where they report it. Where the
    recorded rounds settle that seats stay open and the sources report who filled them (everyone the
    figures elected among them), the election went on past its recorded rounds: the report, not
    settled by the figures."""
    match election.status:
        case Status.CANCELLED:
            return (), Basis.CANCELLED, True
        case Status.SCHEDULED:
            return (), Basis.SCHEDULED, False
        case Status.HELD:
            reported = election.reported_elected
            if decided and reported and len(elected) < election.seats and set(elected) <= set(reported):
                # The recorded rounds leave seats open and the sources report who filled them: the
                # election went on past its recorded rounds (a further ballot, or a withdrawal before
                # it, as FIFA 1998), and its outcome rests on the report; the figures contradict nothing.
                return tuple(reported), Basis.REPORTED, False
            if decided or reported is None:
                return tuple(elected), Basis.COMPUTED, decided
            return tuple(reported), Basis.REPORTED, decided
        case _:
            _unknown(election.status)


def election_outcome(election: Election, names: dict[str, str] | None = None) -> Outcome:
    """Compute each round's result, the election's result and the checks on the figures.

    ``names``: display names by candidate key, for the checks' messages (keys where absent).

    The rounds are taken in number order. A candidate leaves the contest when elected, when the record
    says they withdrew before a round, and when eliminated after one (as recorded, or by a tie-break
    ballot they stood in and did not win). One who simply does not stand in the next round is noted
    (``absent_next``), not called eliminated. At most ``election.seats`` are elected in all; in a
    concurrent election, one elected in an earlier meeting who stands again is elected anew or not.
    A cancelled election elects no one; a scheduled one has no outcome yet. Raises ``ValueError``
    for a quota, base, kind or status the arithmetic does not know.
    """
    rounds = [_with_unnamed(r, election.unnamed_candidates) for r in sorted(election.rounds, key=lambda r: r.number)]
    declared = {c.key for c in election.candidates if c.declared}
    count = _Count()
    round_outcomes = [_count_round(election, rounds, index, count, declared) for index in range(len(rounds))]
    elected, basis, decided = _result(election, count.elected, count.all_decided and bool(rounds))
    found = checks(election, round_outcomes, decided, names)
    return Outcome(elected, decided, basis, tuple(round_outcomes), tuple(found), tuple(count.settled), election.seats)


def concurrent_elected(first: Outcome, second: Outcome, seats: int) -> tuple[tuple[str, ...], bool]:
    """Who two bodies voting concurrently on the same seats elect: those elected by both.

    Candidate keys must name the same candidates in both elections. ICJ Statute, Art. 10(1): "Those
    candidates who obtain an absolute majority of votes in the General Assembly and in the Security
    Council shall be considered as elected." Returns ``(elected, decided)``; undecided where either
    election is, or where more candidates than ``seats`` are elected by both.
    """
    second_elected = set(second.elected)
    both = tuple(key for key in first.elected if key in second_elected)
    decided = first.decided and second.decided and len(both) <= seats
    return (both if len(both) <= seats else ()), decided


def concurrent_outcome(
    own: Outcome,
    others: list[Outcome | None],
    reported_elected: tuple[str, ...] | None = None,
    names: dict[str, str] | None = None,
) -> Outcome:
    """The outcome of one of two (or more) concurrent votes on the same seats, given the others'.

    ``own`` is this body's outcome computed alone (from an :class:`Election` with ``concurrent``
    set); ``others`` the other bodies' (``None`` for one not recorded). ICJ Statute, Art. 10(1): a
    candidate is elected by an absolute majority in the General Assembly and in the Security Council;
    so elected here are those elected by every body, and the outcome is decided only where every
    body's figures settle it and no more candidates than seats have both majorities (Art. 11-12 then
    call further meetings). Where it is not decided, the outcome rests on ``reported_elected`` where
    the sources report it. The rounds stay this body's own (who reached a majority here).
    """
    names = names or {}
    found = list(own.checks)
    if any(other is None for other in others):
        both: tuple[str, ...] = ()
        sure: tuple[str, ...] = ()
        decided = False
        found.append(Check(N_("The concurrent vote of the other body is not recorded: no one is elected on this body's figures alone.")))
    else:
        both = tuple(k for k in own.elected if all(k in o.elected for o in others))
        sure = tuple(k for k in own.settled if all(k in o.settled for o in others))
        decided = own.decided and all(o.decided for o in others)
        if len(both) > own.seats:
            decided = False
            found.append(
                Check(
                    N_("%(count)s candidates have a majority in both bodies for %(seats)s seats: further meetings decide."),
                    params={"count": len(both), "seats": own.seats},
                )
            )
            both = sure = ()
    if own.basis in (Basis.CANCELLED, Basis.SCHEDULED):
        return replace(own, checks=tuple(found))
    if decided and reported_elected is not None and set(both) != set(reported_elected):
        found.append(mismatch(reported_elected, both, names))
    if decided or reported_elected is None:
        result, basis = both, Basis.COMPUTED
    else:
        result, basis = tuple(reported_elected), Basis.REPORTED
    return replace(own, elected=result, decided=decided, basis=basis, checks=tuple(found), settled=sure)




def candidate_results(election: Election, outcome: Outcome) -> dict[str, CandidateResult]:
    """Each declared or undeclared candidate's :class:`CandidateResult`, by key."""
    rounds = sorted(election.rounds, key=lambda r: r.number)
    places = {o.number: o.places for o in outcome.rounds}
    elected_in: dict[str, int] = {}
    for o in outcome.rounds:
        for key in o.elected:
            elected_in[key] = o.number  # the last: a concurrent vote may elect anew in a later meeting
    withdrawn = {key for r in rounds for key in r.withdrawn}
    eliminated = {key for o in outcome.rounds for key in o.eliminated}
    settled = outcome.decided or outcome.basis is Basis.REPORTED
    found = {}
    for candidate in election.candidates:
        key = candidate.key
        contests = [r for r in rounds if r.kind is not RoundKind.TIE_BREAK and any(v.candidate == key for v in r.votes)]
        last = contests[-1] if contests else None
        if key in outcome.elected and key in elected_in:
            last = next((r for r in rounds if r.number == elected_in[key]), last)
        votes = share = margin = None
        if last is not None:
            votes = next(v.votes for v in last.votes if v.candidate == key)
            share = shares(last, places.get(last.number, election.seats)).get(key)
        if outcome.basis in (Basis.CANCELLED, Basis.SCHEDULED):
            state = CandidateOutcome.WITHDRAWN if key in withdrawn else (
                CandidateOutcome.NOT_ELECTED if outcome.basis is Basis.CANCELLED else CandidateOutcome.UNDECIDED
            )
        elif key in outcome.elected:
            state = CandidateOutcome.ELECTED
            if last is not None and places.get(last.number, election.seats) == 1:
                others = [v.votes for v in last.votes if v.candidate != key]
                if votes is not None and others and None not in others:
                    margin = votes - max(others)
        elif key in withdrawn:
            state = CandidateOutcome.WITHDRAWN
        elif key in eliminated and not any(has_votes_in(r, key) for r in rounds if r.number > _eliminated_in(outcome, key)):
            state = CandidateOutcome.ELIMINATED
        elif settled and rounds:
            state = CandidateOutcome.NOT_ELECTED
        else:
            state = CandidateOutcome.UNDECIDED
        found[key] = CandidateResult(state, elected_in.get(key) if key in outcome.elected else None, votes, share, margin)
    return found


def _eliminated_in(outcome: Outcome, key: str) -> int:
    return next(o.number for o in outcome.rounds if key in o.eliminated)
