"""Who one round elects: who reaches the required majority (or its bounds, or the majority the body
reported), who has most votes where more reach it than seats remain, and what stays undecided."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction

from .figures import ballots_cast, base_bounds, base_figure, present_and_voting, required_majority
from .model import Base, Quota, Round, RoundKind, Rule, Vote, _unknown


def _share_interval(share: float) -> tuple[Fraction, Fraction]:
    """The true percentage a published (rounded) share stands for: [share - h, share + h)."""
    exact = Decimal(str(share))
    half_unit = Fraction(5, 10) * Fraction(10) ** exact.as_tuple().exponent
    value = Fraction(exact)
    return value - half_unit, value + half_unit


def _share_reaches(share: float, quota: Quota) -> bool | None:
    """Whether a published share meets the quota whatever the rounding: True, False or None.

    Raises ``ValueError`` for plurality (no share reaches it) or a quota the arithmetic does not know.
    """
    low, high = _share_interval(share)
    match quota:
        case Quota.ABSOLUTE_MAJORITY:
            if low > 50:
                return True
            if high <= 50:
                return False
            return None
        case Quota.TWO_THIRDS:
            threshold = Fraction(200, 3)
            if low >= threshold:
                return True
            if high <= threshold:
                return False
            return None
        case Quota.PLURALITY:
            raise ValueError("a share cannot reach a plurality: there is no threshold")
        case _:
            _unknown(quota)


def _shares_sound_for(rnd: Round, rule: Rule, seats: int) -> bool:
    """Shares decide a round only where they are shares of the rule's own base."""
    if rnd.share_of is rule.base:
        return True
    # With one seat, valid votes and members present and voting are the same figure.
    single_seat_same = {Base.VALID_VOTES, Base.PRESENT_AND_VOTING}
    return seats == 1 and {rnd.share_of, rule.base} <= single_seat_same


@dataclass(frozen=True)
class _Standing:
    key: str
    votes: int | None
    share: float | None
    upper: int | None  # most votes the candidate can have had, where votes are unknown
    reaches: bool | None  # meets the required majority: True, False or unknown


def _pool(rnd: Round, seats: int, electorate: int | None) -> int | None:
    """The most votes any one candidate can have had: the smallest known of present and voting,
    ballots cast and the electorate (each member gives a candidate one vote at most)."""
    for figure in (present_and_voting(rnd, seats), ballots_cast(rnd, seats), rnd.electorate, electorate):
        if figure is not None:
            return figure
    return None


def _upper_bound(vote: Vote, rnd: Round, seats: int, pool: int | None) -> int | None:
    """Most votes a candidate can have had: their count, or in a single-seat round the pool less
    everyone else's known votes (one ballot, one vote), or with several seats the pool itself."""
    if vote.votes is not None:
        return vote.votes
    if pool is None:
        return None
    if seats == 1:
        others = [v.votes for v in rnd.votes if v is not vote] + [
            v.against for v in rnd.votes if v.against is not None
        ]
        return pool - sum(x for x in others if x is not None)
    return pool


def _rank_value(s: _Standing):
    return s.votes if s.votes is not None else s.share


def _certain_winners(contenders: list[_Standing], places: int) -> list[_Standing]:
    """Those sure to be among the ``places`` with most votes: fewer than ``places`` others can have
    as many (an unknown count can be as high as its upper bound; unbounded, as high as anyone's)."""
    certain = []
    for s in contenders:
        if s.votes is None:
            continue
        rivals = 0
        for other in contenders:
            if other is s:
                continue
            most = other.votes if other.votes is not None else other.upper
            if most is None or most >= s.votes:
                rivals += 1
        if rivals < places:
            certain.append(s)
    return certain


def _pick_most(
    contenders: list[_Standing], places: int, lots: tuple[str, ...]
) -> tuple[tuple[str, ...], bool]:
    """The ``places`` contenders with most votes; undecided on a tie at the boundary not settled by lot.

    Contenders with unknown votes (and no share) leave the result undecided unless their upper bound is
    below the boundary; the candidates returned are then only those certain to win.
    """
    if places <= 0:
        return (), True
    known = [s for s in contenders if _rank_value(s) is not None]
    unknown = [s for s in contenders if _rank_value(s) is None]
    if len({s.votes is None for s in known}) > 1:
        return (), False  # some counts and some shares only: not comparable
    ranked = sorted(known, key=_rank_value, reverse=True)
    if len(ranked) < places:
        if unknown:
            return tuple(s.key for s in _certain_winners(contenders, places)), False
        return tuple(s.key for s in ranked), True
    boundary = _rank_value(ranked[places - 1])
    above = [s for s in ranked if _rank_value(s) > boundary]
    tied = [s for s in ranked if _rank_value(s) == boundary]
    winners = list(above)
    decided = True
    if len(above) + len(tied) > places:
        open_places = places - len(above)
        by_lot = [s for s in tied if s.key in lots]
        if len(by_lot) == open_places:
            winners += by_lot
        else:
            decided = False
    else:
        winners += tied
    for s in unknown:
        if s.upper is None or s.upper >= boundary:
            decided = False
    if not decided and unknown:
        sure = {s.key for s in _certain_winners(contenders, places)}
        winners = [s for s in winners if s.key in sure]
    return tuple(s.key for s in winners), decided


def _reaches(
    vote: Vote, upper: int | None, rule: Rule, bounds: tuple[int | None, int | None], shares_sound: bool
) -> bool | None:
    """Whether a candidate meets the required majority, whose bounds are ``(at least, at most)``:
    True, False, or ``None`` where the figures do not settle it."""
    low, high = bounds
    if vote.votes is not None:
        if high is not None and vote.votes >= high:
            return True
        if low is not None and vote.votes < low:
            return False
    elif low is not None and upper is not None and upper < low:
        return False
    elif vote.share is not None and shares_sound:
        return _share_reaches(vote.share, rule.quota)
    return None


def _standing(
    rnd: Round,
    keys: list[str],
    rule: Rule,
    seats: int,
    bounds: tuple[int | None, int | None],
    pool: int | None,
) -> list[_Standing]:
    by_key = {v.candidate: v for v in rnd.votes}
    shares_sound = _shares_sound_for(rnd, rule, seats)
    result = []
    for key in keys:
        vote = by_key.get(key, Vote(key))
        upper = _upper_bound(vote, rnd, seats, pool)
        reaches = None
        if rule.quota is not Quota.PLURALITY:
            reaches = _reaches(vote, upper, rule, bounds, shares_sound)
        result.append(_Standing(key, vote.votes, vote.share, upper, reaches))
    return result


def required_bounds(
    rnd: Round, rule: Rule, seats: int = 1, electorate: int | None = None
) -> tuple[int | None, int | None]:
    """``(at least, at most)`` for the round's required majority under ``rule``: the quota of the
    base figure's bounds (:func:`base_bounds`); both the same where the base is known; ``(None, None)``
    for plurality. Raises ``ValueError`` for a quota or base the arithmetic does not know."""
    low, high = base_bounds(rnd, rule.base, seats, electorate)
    return required_majority(rule.quota, low), required_majority(rule.quota, high)


@dataclass(frozen=True)
class _RoundResult:
    base_figure: int | None
    required_majority: int | None
    required_bounds: tuple[int | None, int | None] | None
    required_as_reported: bool
    elected: tuple[str, ...]
    decided: bool


def _effective_bounds(
    rnd: Round, rule: Rule, required: int | None, places: int, electorate: int | None
) -> tuple[tuple[int | None, int | None], bool]:
    """The bounds a candidate's votes are held against, and whether they are the reported figure: the
    computed required majority where known; else the one the body reported, where the recorded
    figures allow it; else the bounds the figures give."""
    if required is not None:
        return (required, required), False
    low, high = required_bounds(rnd, rule, places, electorate)
    reported = rnd.required_majority
    if reported is not None and rule.quota is not Quota.PLURALITY:
        if (low is None or low <= reported) and (high is None or reported <= high):
            return (reported, reported), True
    return (low, high), False


def round_result(
    rnd: Round,
    rule: Rule | None,
    eligible: list[str],
    seats_open: int,
    electorate: int | None = None,
    stands_again: frozenset[str] = frozenset(),
) -> _RoundResult:
    """Who one round elects.

    ``eligible``: keys of the candidates who may be elected in this round (standing, not withdrawn,
    eliminated or already elected). ``seats_open``: seats still to fill, which is also how many
    candidates one ballot may name in this round. ``stands_again``: candidates who stand in a later
    round for the seats left, so were not elected in this one. Where undecided, ``elected`` holds
    only those whom the figures certainly elect.

    Each elected candidate must reach the required majority; where more do than seats remain, the
    most votes win, and a tie at the boundary is undecided unless the record says lots were drawn.
    Where the base figure is unknown, the required majority the body reported is used if the figures
    allow it; otherwise a candidate reaches the majority only if their votes meet it at the highest
    the figures allow. Plurality: the most votes win, likewise. A tie-break ballot elects no one.
    Raises ``ValueError`` for a quota, base or kind the arithmetic does not know.
    """
    match rnd.kind:
        case RoundKind.TIE_BREAK:
            return _RoundResult(None, None, None, False, (), True)
        case RoundKind.ORDINARY | RoundKind.RESTRICTED | RoundKind.RUN_OFF:
            pass
        case _:
            _unknown(rnd.kind)
    if rule is None:
        return _RoundResult(None, None, None, False, (), False)
    places = max(seats_open, 1)
    n = base_figure(rnd, rule.base, places, electorate)
    required = required_majority(rule.quota, n)
    bounds, as_reported = _effective_bounds(rnd, rule, required, places, electorate)
    shown = None if required is not None or rule.quota is Quota.PLURALITY or bounds == (None, None) else bounds
    pool = _pool(rnd, places, electorate)
    standing = _standing(rnd, eligible, rule, places, bounds, pool)
    if rule.quota is Quota.PLURALITY:
        elected, decided = _pick_most(standing, seats_open, rnd.decided_by_lot)
        return _RoundResult(n, required, None, False, elected, decided)
    if places == 1 and any(s.reaches for s in standing):
        stands_again = frozenset(eligible)  # one vote a ballot: no two candidates have a majority
    standing = [replace(s, reaches=False) if s.reaches is None and s.key in stands_again else s for s in standing]
    reached = [s for s in standing if s.reaches]
    unknown = [s for s in standing if s.reaches is None]
    if len(reached) + len(unknown) <= seats_open:
        elected, decided = tuple(s.key for s in reached), not unknown
    elif len(reached) >= seats_open:
        elected, decided = _pick_most(reached + unknown, seats_open, rnd.decided_by_lot)
    else:  # fewer reach the majority than seats remain, and some may or may not reach it
        elected, decided = tuple(s.key for s in reached), False
    return _RoundResult(n, required, shown, as_reported, elected, decided)
