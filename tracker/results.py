"""Election arithmetic: required majorities, who each round elects, and checks on the figures.

Pure functions on plain, immutable data: no Flask, no database. The pages, the API and the importer
build an :class:`Election` from what is stored and call :func:`election_outcome`.

Conventions, from ``../shared/GLOSSARY.md``:

- A figure is an ``int`` (a count of votes or members) or ``None`` when no source gives it. ``None`` is
  never read as zero: a result that depends on an unknown figure is *undecided* unless the known figures
  already settle it. Where the figure a rule is taken of is unknown but the others bound it, the
  required majority is bounded too (:attr:`RoundOutcome.required_bounds`) and only what the bounds
  settle is computed.
- Shares are percentages (0-100) as published, of valid votes or of ballots cast.
- Candidates are named by their ``key``, unique within the election (election-records/v1).
- The set of quotas, bases, round kinds and statuses is closed: every ``match`` over them ends with
  :func:`_unknown`, so one added later fails loudly until every place has learnt it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction
from typing import Never, NoReturn


def N_(text: str) -> str:
    """Marks ``text`` for the translation catalogs (pybabel's ``-k N_``) without translating it: this
    module knows nothing of languages; pages translate a :class:`Check`'s ``text``."""
    return text


def _unknown(value: Never) -> NoReturn:
    """Refuse a quota, base, kind or status the arithmetic has not learnt. Raises ``ValueError``.

    Every ``match`` over one of this module's enums ends with ``case _: _unknown(x)``: a member added
    later fails loudly there (and type checkers flag the match) instead of being answered like another.
    """
    raise ValueError(f"{value!r} is not known to the election arithmetic")


class Quota(str, enum.Enum):
    """How many votes a candidate needs, as a fraction of the rule's base."""

    PLURALITY = "plurality"
    ABSOLUTE_MAJORITY = "absolute_majority"
    TWO_THIRDS = "two_thirds"


class Base(str, enum.Enum):
    """The figure a quota is taken of."""

    VALID_VOTES = "valid_votes"
    PRESENT_AND_VOTING = "present_and_voting"
    BALLOTS_CAST = "ballots_cast"
    ELECTORATE = "electorate"


class RoundKind(str, enum.Enum):
    """What a round is for (election-records/v1 ``round.kind``)."""

    ORDINARY = "ordinary"
    RESTRICTED = "restricted"
    RUN_OFF = "run_off"
    TIE_BREAK = "tie_break"


class Status(str, enum.Enum):
    """Whether the vote took place (election-records/v1 ``status``)."""

    HELD = "held"
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class Basis(str, enum.Enum):
    """What an :class:`Outcome`'s ``elected`` rests on."""

    COMPUTED = "computed"  # the recorded figures (settled where the outcome is ``decided``)
    REPORTED = "reported"  # what the sources report, the figures not settling it
    CANCELLED = "cancelled"  # the election was cancelled: it elects no one
    SCHEDULED = "scheduled"  # the vote has not taken place yet


class CandidateOutcome(str, enum.Enum):
    """How a candidate fared in a whole election (records across elections, the dashboards)."""

    ELECTED = "elected"
    NOT_ELECTED = "not_elected"
    ELIMINATED = "eliminated"
    WITHDRAWN = "withdrawn"
    UNDECIDED = "undecided"


@dataclass(frozen=True)
class Rule:
    """A quota taken of a base, e.g. two-thirds of members present and voting."""

    quota: Quota
    base: Base

    @classmethod
    def from_names(cls, quota: str | None, base: str | None) -> Rule | None:
        """Build a rule from its stored names; ``None`` when either is missing.

        Raises ``ValueError`` for a name that is not a quota or a base.
        """
        if quota is None or base is None:
            return None
        return cls(Quota(quota), Base(base))


@dataclass(frozen=True)
class Vote:
    """One candidate's figures in one round.

    ``votes``: votes for the candidate (``None`` if unknown). ``share``: percent of the round's
    ``share_of`` figure, where only shares were published. ``against``: votes against, where the body
    votes for or against a single nominee (``None`` there if unknown: see :attr:`Round.for_against`).
    """

    candidate: str
    votes: int | None = None
    share: float | None = None
    against: int | None = None


@dataclass(frozen=True)
class Disputed:
    """A value that another source gives for a figure of a round; the round holds the accepted one."""

    field: str
    value: float | None
    source: str
    candidate: str | None = None


@dataclass(frozen=True)
class Round:
    """One round (ballot) as recorded.

    ``rule`` and ``electorate`` override the election's for this round. ``standing`` lists who may
    receive votes in a restricted round or run-off (``None``: not restricted). ``withdrawn`` lists who
    stood down before this round, ``eliminated`` who the rules removed after it (as recorded),
    ``decided_by_lot`` who a drawing of lots chose to break a tie in it. ``required_majority`` is the
    figure a source reports; the tracker computes its own. ``for_against``: members voted for or
    against each nominee, so each vote's ``against`` is a figure (unknown where ``None``), not absent.
    """

    number: int
    votes: tuple[Vote, ...] = ()
    kind: RoundKind = RoundKind.ORDINARY
    rule: Rule | None = None
    electorate: int | None = None
    ballots_cast: int | None = None
    invalid: int | None = None
    abstentions: int | None = None
    present_and_voting: int | None = None
    required_majority: int | None = None
    share_of: Base = Base.VALID_VOTES
    standing: tuple[str, ...] | None = None
    withdrawn: tuple[str, ...] = ()
    eliminated: tuple[str, ...] = ()
    decided_by_lot: tuple[str, ...] = ()
    disputed: tuple[Disputed, ...] = ()
    for_against: bool = False

    @property
    def votes_for_and_against(self) -> bool:
        """Members voted for or against a nominee: recorded so, or some vote against is given."""
        return self.for_against or any(v.against is not None for v in self.votes)


@dataclass(frozen=True)
class Candidate:
    """A candidate by key; ``declared`` is false for one who received votes without standing."""

    key: str
    declared: bool = True


@dataclass(frozen=True)
class Election:
    """What the arithmetic needs of an election: its seats, rule, electorate, candidates and rounds.

    ``reported_elected``: who the sources say was elected; ``()`` is a report that no one was,
    ``None`` that the sources say nothing of it. ``concurrent``: the election is one of two votes on
    the same seats by two bodies (ICJ judges), so a candidate who reached a majority in one meeting
    stands again in the next until both bodies agree (:func:`concurrent_outcome`).
    """

    candidates: tuple[Candidate, ...]
    rounds: tuple[Round, ...]
    seats: int = 1
    rule: Rule | None = None
    electorate: int | None = None
    reported_elected: tuple[str, ...] | None = None
    unnamed_candidates: int | None = None
    status: Status = Status.HELD
    concurrent: bool = False


@dataclass(frozen=True)
class RoundOutcome:
    """What one round settled.

    ``base_figure`` is the N the quota was taken of; ``required_majority`` is the computed figure
    (``None`` for plurality or where N is unknown). Where N is unknown but bounded by the other
    figures, ``required_bounds`` is ``(at least, at most)`` (either may be ``None``). ``decided`` is
    false where the recorded figures do not settle who the round elected (an unknown figure, a tie, no
    rule). ``eliminated``: removed after this round, as the record says or as a tie-break ballot
    decides; ``absent_next``: stood in this round and not in the next, with no record of why (never
    called eliminated). ``places``: seats open in the round (how many candidates a ballot may name).
    Where the required majority could not be computed, ``required_bounds`` is what was used to decide:
    ``(r, r)`` with ``required_as_reported`` where it is the figure the body reported.
    """

    number: int
    rule: Rule | None
    base_figure: int | None
    required_majority: int | None
    elected: tuple[str, ...]
    decided: bool
    withdrawn: tuple[str, ...]
    eliminated: tuple[str, ...]
    required_bounds: tuple[int | None, int | None] | None = None
    absent_next: tuple[str, ...] = ()
    places: int = 1
    required_as_reported: bool = False


@dataclass(frozen=True)
class Check:
    """A plain-language finding on the figures, with the round and candidate it concerns.

    ``text`` is the finding in English with ``%(name)s`` placeholders filled from ``params`` (it is
    also the key of its translation: pages show it in the reader's language); ``message`` is it filled.
    """

    text: str
    round: int | None = None
    candidate: str | None = None
    params: dict = field(default_factory=dict, hash=False, compare=True)

    @property
    def message(self) -> str:
        """The finding in English."""
        return self.text % self.params if self.params else self.text


@dataclass(frozen=True)
class Outcome:
    """The election's result.

    ``elected``: computed from the figures where they settle it (``basis`` COMPUTED), otherwise what
    the sources report (REPORTED); no one for a cancelled or scheduled election. ``decided``: whether
    the figures settle it. ``settled``: the candidates whose election the figures settle even where
    the whole outcome is not (one seat of two settled); ``seats`` the seats to fill.
    """

    elected: tuple[str, ...]
    decided: bool
    basis: Basis
    rounds: tuple[RoundOutcome, ...]
    checks: tuple[Check, ...]
    settled: tuple[str, ...] = ()
    seats: int = 1

    @property
    def unsettled_seats(self) -> int:
        """Seats the recorded figures leave open or unsettled (0 where decided)."""
        return 0 if self.decided else max(self.seats - len(self.settled), 0)


# --- quotas -----------------------------------------------------------------------------------------


def absolute_majority(n: int) -> int:
    """More than half of ``n``: floor(n / 2) + 1 (glossary; e.g. 207 -> 104)."""
    return n // 2 + 1


def two_thirds(n: int) -> int:
    """At least two thirds of ``n``: ceil(2n / 3) (glossary; e.g. 207 -> 138)."""
    return -(-2 * n // 3)


def required_majority(quota: Quota, n: int | None) -> int | None:
    """The smallest count of votes that meets ``quota`` of ``n`` (glossary: absolute majority =
    floor(n/2) + 1; two-thirds = ceil(2n/3)).

    ``None`` for plurality (no threshold) and where ``n`` is unknown. Raises ``ValueError`` for a
    quota the arithmetic does not know.
    """
    match quota:
        case Quota.PLURALITY:
            return None
        case Quota.ABSOLUTE_MAJORITY:
            return None if n is None else absolute_majority(n)
        case Quota.TWO_THIRDS:
            return None if n is None else two_thirds(n)
        case _:
            _unknown(quota)


# --- a round's figures --------------------------------------------------------------------------


def _known_sum(values) -> int | None:
    values = list(values)
    if not values or any(v is None for v in values):
        return None
    return sum(values)


def _counts(rnd: Round) -> list[int | None]:
    """Every count of the round that is one member's vote: votes for each candidate, and votes
    against each nominee of a for/against vote (unknown there if not given)."""
    figures: list[int | None] = []
    for vote in rnd.votes:
        figures.append(vote.votes)
        if rnd.votes_for_and_against:
            figures.append(vote.against)
    return figures


def votes_total(rnd: Round) -> int | None:
    """Sum of every vote in the round (for and against), or ``None`` if any is unknown."""
    return _known_sum(_counts(rnd))


def _complete_contest(rnd: Round, seats: int) -> bool:
    """Whether the recorded votes are every valid vote of the round, so their sum is the valid votes:
    a single-seat round with every count known and a contest recorded (two candidates or more, or for
    and against a nominee). A lone candidate's votes alone do not say how many voted for others or
    left their ballot blank."""
    return seats == 1 and (len(rnd.votes) >= 2 or rnd.votes_for_and_against) and votes_total(rnd) is not None


def _given_present_and_voting(rnd: Round) -> int | None:
    """Present and voting as given, or ballots cast - invalid - abstentions where all three are."""
    if rnd.present_and_voting is not None:
        return rnd.present_and_voting
    if None not in (rnd.ballots_cast, rnd.invalid, rnd.abstentions):
        derived = rnd.ballots_cast - rnd.invalid - rnd.abstentions
        if derived >= 0:
            return derived
    return None


def present_and_voting(rnd: Round, seats: int = 1) -> int | None:
    """Members present and voting: as given, or ballots cast - invalid - abstentions.

    In a single-seat contest every ballot that is neither void nor blank is a vote for one candidate
    (or for or against the nominee), so the sum of the recorded votes is the figure too.
    """
    given = _given_present_and_voting(rnd)
    if given is not None:
        return given
    return votes_total(rnd) if _complete_contest(rnd, seats) else None


def valid_votes(rnd: Round, seats: int = 1) -> int | None:
    """Valid votes as a base. Single seat: the sum of the votes of a recorded contest, else present
    and voting. Several seats: one ballot carries several votes, so the base is the number of valid
    ballots, i.e. present and voting.
    """
    if _complete_contest(rnd, seats):
        return votes_total(rnd)
    return present_and_voting(rnd, seats)


def ballots_cast(rnd: Round, seats: int = 1) -> int | None:
    """Ballots cast: as given, or present and voting (as given) + invalid + abstentions."""
    if rnd.ballots_cast is not None:
        return rnd.ballots_cast
    if None not in (rnd.present_and_voting, rnd.invalid, rnd.abstentions):
        return rnd.present_and_voting + rnd.invalid + rnd.abstentions
    return None


def _electorate(rnd: Round, electorate: int | None) -> int | None:
    return rnd.electorate if rnd.electorate is not None else electorate


def base_figure(rnd: Round, base: Base, seats: int = 1, electorate: int | None = None) -> int | None:
    """The N that a rule's quota is taken of in this round; ``None`` when no figure gives it.

    ``electorate`` is the election's; a round's own electorate takes precedence. Raises ``ValueError``
    for a base the arithmetic does not know.
    """
    match base:
        case Base.ELECTORATE:
            return _electorate(rnd, electorate)
        case Base.BALLOTS_CAST:
            return ballots_cast(rnd, seats)
        case Base.PRESENT_AND_VOTING:
            return present_and_voting(rnd, seats)
        case Base.VALID_VOTES:
            return valid_votes(rnd, seats)
        case _:
            _unknown(base)


def _min_known(*figures: int | None) -> int | None:
    known = [f for f in figures if f is not None]
    return min(known) if known else None


def base_bounds(
    rnd: Round, base: Base, seats: int = 1, electorate: int | None = None
) -> tuple[int | None, int | None]:
    """``(at least, at most)`` for the base figure N of a round, from the figures recorded; both are N
    where N itself is known. Either is ``None`` where nothing bounds it.

    Valid votes and present and voting are at least the known votes (their sum with one seat, where
    each ballot is one vote; the largest count with several, where a ballot gives a candidate one vote
    at most), and at most ballots cast less the known invalid ballots and abstentions, or the
    electorate. Ballots cast are at least those, plus known invalid ballots and abstentions, and at
    most the electorate. Raises ``ValueError`` for a base the arithmetic does not know.
    """
    exact = base_figure(rnd, base, seats, electorate)
    if exact is not None:
        return exact, exact
    known = [c for c in _counts(rnd) if c is not None]
    voted_low = (sum(known) if seats == 1 else max(known)) if known else None
    given_pav = _given_present_and_voting(rnd)
    if given_pav is not None:
        voted_low = given_pav
    room = _electorate(rnd, electorate)
    match base:
        case Base.ELECTORATE:
            return None, None
        case Base.BALLOTS_CAST:
            low = None if voted_low is None else voted_low + (rnd.invalid or 0) + (rnd.abstentions or 0)
            return low, room
        case Base.PRESENT_AND_VOTING | Base.VALID_VOTES:
            cast = ballots_cast(rnd, seats)
            high = _min_known(
                None if cast is None else cast - (rnd.invalid or 0) - (rnd.abstentions or 0),
                None if room is None else room - (rnd.invalid or 0) - (rnd.abstentions or 0),
            )
            return voted_low, high
        case _:
            _unknown(base)


# --- who reaches the quota ----------------------------------------------------------------------


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


# --- the whole election -------------------------------------------------------------------------


def _stands_in(rnd: Round, key: str) -> bool:
    if rnd.standing is not None:
        return key in rnd.standing
    return any(v.candidate == key for v in rnd.votes)


def _has_votes_in(rnd: Round, key: str) -> bool:
    return any(v.candidate == key and (v.votes or v.share) for v in rnd.votes)


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
    elected: list[str] = []
    settled: list[str] = []
    out: set[str] = set()
    all_decided = True
    round_outcomes = []
    for index, rnd in enumerate(rounds):
        out |= set(rnd.withdrawn)
        if election.concurrent:  # a new meeting: its ballots decide again for whoever stands in it
            again = [k for k in elected if _stands_in(rnd, k)]
            elected = [k for k in elected if k not in again]
            settled = [k for k in settled if k not in again]
            out -= set(again)
        rule = rnd.rule or election.rule
        eligible = _eligible(rnd, out)
        seats_open = election.seats - len(elected)
        later = [r for r in rounds[index + 1 :] if r.kind is not RoundKind.TIE_BREAK and r.votes]
        if election.concurrent:  # a later meeting votes again on whoever stands in it: nothing follows
            again: frozenset[str] = frozenset()
        elif later and seats_open == 1:  # the seat was still open when the next ballot was held
            again = frozenset(eligible)
        else:
            again = frozenset(k for r in later for k in eligible if _stands_in(r, k))
        result = round_result(rnd, rule, eligible, seats_open, election.electorate, again)
        newly, decided = result.elected, result.decided
        if all_decided:
            settled += newly  # where an earlier round is unsettled, so are the seats left for this one
        elif newly:
            decided = False  # seats filled in an unsettled earlier round are not known
        elected += newly
        out |= set(newly)
        eliminated = rnd.eliminated
        if rnd.kind is RoundKind.TIE_BREAK and not eliminated:  # the loser does not go on: the rule
            eliminated = _left_after(rounds, index, declared, out)
        out |= set(eliminated)
        absent = () if rnd.kind is RoundKind.TIE_BREAK else _left_after(rounds, index, declared, out)
        all_decided = all_decided and decided
        round_outcomes.append(
            RoundOutcome(
                rnd.number, rule, result.base_figure, result.required_majority, tuple(newly), decided,
                rnd.withdrawn, tuple(eliminated), result.required_bounds, absent, max(seats_open, 1),
                result.required_as_reported,
            )
        )
    decided = all_decided and bool(rounds)
    match election.status:
        case Status.CANCELLED:
            result, basis, decided = (), Basis.CANCELLED, True
        case Status.SCHEDULED:
            result, basis, decided = (), Basis.SCHEDULED, False
        case Status.HELD:
            if decided or election.reported_elected is None:
                result, basis = tuple(elected), Basis.COMPUTED
            else:
                result, basis = tuple(election.reported_elected), Basis.REPORTED
        case _:
            _unknown(election.status)
    found = checks(election, round_outcomes, decided, names)
    return Outcome(result, decided, basis, tuple(round_outcomes), tuple(found), tuple(settled), election.seats)


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
        found.append(_mismatch(reported_elected, both, names))
    if decided or reported_elected is None:
        result, basis = both, Basis.COMPUTED
    else:
        result, basis = tuple(reported_elected), Basis.REPORTED
    return replace(own, elected=result, decided=decided, basis=basis, checks=tuple(found), settled=sure)


# --- checks ---------------------------------------------------------------------------------------


def _listed(keys, names: dict[str, str]) -> str:
    return ", ".join(sorted(names.get(k, k) for k in keys)) or "no one"


def _mismatch(reported: tuple[str, ...], computed, names: dict[str, str]) -> Check:
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
            if _has_votes_in(rnd, key):
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
            found.append(_mismatch(reported, computed_elected, names))
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


def _round_checks(
    election: Election, rnd: Round, computed: RoundOutcome, withdrawn: set[str]
) -> list[Check]:
    found = []
    number = rnd.number
    if rnd.required_majority is not None:
        if computed.required_majority is not None and rnd.required_majority != computed.required_majority:
            found.append(
                Check(
                    N_("The reported required majority (%(reported)s) differs from the computed one (%(computed)s)."),
                    number,
                    params={"reported": rnd.required_majority, "computed": computed.required_majority},
                )
            )
        elif not _producible(rnd, election, rnd.rule or election.rule, rnd.required_majority):
            found.append(
                Check(
                    N_("No rule and figure of this record gives the reported required majority (%(reported)s)."),
                    number,
                    params={"reported": rnd.required_majority},
                )
            )
    electorate = _electorate(rnd, election.electorate)
    if electorate is not None:
        for vote in rnd.votes:
            if vote.votes is not None and vote.votes > electorate:
                found.append(
                    Check(
                        N_("%(votes)s votes exceed the electorate of %(electorate)s."),
                        number,
                        vote.candidate,
                        {"votes": vote.votes, "electorate": electorate},
                    )
                )
        if rnd.ballots_cast is not None and rnd.ballots_cast > electorate:
            found.append(
                Check(
                    N_("%(ballots_cast)s ballots cast exceed the electorate of %(electorate)s."),
                    number,
                    params={"ballots_cast": rnd.ballots_cast, "electorate": electorate},
                )
            )
    total = votes_total(rnd)
    given_pav = _given_present_and_voting(rnd)
    everyone_listed = not election.unnamed_candidates
    if election.seats == 1 and everyone_listed and total is not None and given_pav is not None and total != given_pav:
        found.append(
            Check(
                N_("The votes add up to %(total)s, but %(present_and_voting)s members were present and voting."),
                number,
                params={"total": total, "present_and_voting": given_pav},
            )
        )
    elif election.seats == 1 and given_pav is None and rnd.ballots_cast is not None:
        known = sum(c for c in _counts(rnd) if c is not None)
        valid_ballots = rnd.ballots_cast - (rnd.invalid or 0) - (rnd.abstentions or 0)
        if known > valid_ballots:
            found.append(
                Check(
                    N_("The votes add up to %(total)s, more than the %(valid)s valid ballots of a single-seat round."),
                    number,
                    params={"total": known, "valid": valid_ballots},
                )
            )
    if None not in (rnd.ballots_cast, rnd.invalid, rnd.abstentions, rnd.present_and_voting):
        parts = rnd.invalid + rnd.abstentions + rnd.present_and_voting
        if parts != rnd.ballots_cast:
            found.append(
                Check(
                    N_("%(ballots_cast)s ballots cast, but invalid + abstentions + present and voting = %(parts)s."),
                    number,
                    params={"ballots_cast": rnd.ballots_cast, "parts": parts},
                )
            )
    for vote in rnd.votes:
        if vote.candidate in withdrawn and (vote.votes or vote.share):
            found.append(Check(N_("A candidate who withdrew has votes."), number, vote.candidate))
        if rnd.standing is not None and vote.candidate not in rnd.standing and vote.votes:
            found.append(
                Check(N_("Votes for a candidate who was not standing in this round."), number, vote.candidate)
            )
    for dispute in rnd.disputed:
        accepted = _accepted_value(rnd, dispute)
        shown = "unknown" if dispute.value is None else f"{dispute.value:g}"
        found.append(
            Check(
                N_("Sources disagree on %(figure)s: accepted %(accepted)s, %(source)s gives %(given)s."),
                number,
                dispute.candidate,
                {
                    "figure": dispute.field.replace("_", " "), "source": dispute.source, "given": shown,
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


# --- figures for display -------------------------------------------------------------------------


def derived_figures(rnd: Round, seats: int = 1) -> dict[str, int]:
    """The round's figures the tracker can compute where no source gives them, by field name:
    ``present_and_voting`` (ballots cast - invalid - abstentions, or the votes of a single-seat
    contest), ``ballots_cast`` (present and voting + invalid + abstentions) and ``valid_votes`` (the
    votes of a single-seat contest). Figures that sources give are not repeated here."""
    found = {}
    if rnd.present_and_voting is None:
        computed = present_and_voting(rnd, seats)
        if computed is not None:
            found["present_and_voting"] = computed
    if rnd.ballots_cast is None:
        computed = ballots_cast(rnd, seats)
        if computed is not None:
            found["ballots_cast"] = computed
    if _complete_contest(rnd, seats):
        found["valid_votes"] = votes_total(rnd)
    return found


class ShareBasis(str, enum.Enum):
    """What a round's shares are percentages of, as the tracker shows them."""

    PUBLISHED = "published"  # as a source gives them
    VALID_VOTES = "valid_votes"  # computed from counts and the valid votes the figures give
    RECORDED_VOTES = "recorded_votes"  # computed from counts and the sum of the recorded votes


def share_basis(rnd: Round, seats: int = 1) -> ShareBasis | None:
    """How :func:`shares` computes this round's shares; ``None`` where it computes none (several
    seats; a lone candidate with no figure of the valid votes: not "100 %")."""
    if any(v.share is not None for v in rnd.votes):
        return ShareBasis.PUBLISHED
    if seats != 1:
        return None
    if _given_present_and_voting(rnd):
        return ShareBasis.VALID_VOTES
    if _complete_contest(rnd, seats) and votes_total(rnd):
        return ShareBasis.RECORDED_VOTES
    return None


def shares(rnd: Round, seats: int = 1) -> dict[str, float | None]:
    """Each candidate's share of valid votes in percent: as published, or computed from the counts.

    Computed only in a single-seat round: of present and voting where the figures give it, else of
    the sum of the recorded votes where every count of a contest is known (:func:`share_basis` says
    which); ``None`` otherwise. Published shares of ballots cast are not converted.
    """
    basis = share_basis(rnd, seats)
    total = None
    if basis is ShareBasis.VALID_VOTES:
        total = _given_present_and_voting(rnd)
    elif basis is ShareBasis.RECORDED_VOTES:
        total = votes_total(rnd)
    result: dict[str, float | None] = {}
    for vote in rnd.votes:
        if vote.share is not None and rnd.share_of is Base.VALID_VOTES:
            result[vote.candidate] = vote.share
        elif vote.votes is not None and total:
            result[vote.candidate] = 100 * vote.votes / total
        else:
            result[vote.candidate] = None
    return result


# --- from an election-records/v1 record ---------------------------------------------------------


def _rule_of(data: dict | None) -> Rule | None:
    return Rule(Quota(data["quota"]), Base(data["base"])) if data else None


def election_from_record(record: dict) -> Election:
    """The arithmetic's view of an election-records/v1 election object (a validated ``dict``).

    A round is a for/against vote where any of its votes carries ``against`` (``null`` = unknown);
    ``reported_elected`` absent means the sources say nothing of who was elected, ``[]`` that no one
    was; a ``concurrent`` relation in ``related`` marks one of two concurrent votes.
    """
    rounds = tuple(
        Round(
            number=r["number"],
            votes=tuple(
                Vote(v["candidate"], v.get("votes"), v.get("share"), v.get("against")) for v in r["votes"]
            ),
            kind=RoundKind(r.get("kind", "ordinary")),
            rule=_rule_of(r.get("rule")),
            electorate=r.get("electorate"),
            ballots_cast=r.get("ballots_cast"),
            invalid=r.get("invalid"),
            abstentions=r.get("abstentions"),
            present_and_voting=r.get("present_and_voting"),
            required_majority=r.get("required_majority"),
            share_of=Base(r.get("share_of", "valid_votes")),
            standing=tuple(r["standing"]) if r.get("standing") is not None else None,
            withdrawn=tuple(r.get("withdrawn", ())),
            eliminated=tuple(r.get("eliminated", ())),
            decided_by_lot=tuple(r.get("decided_by_lot", ())),
            disputed=tuple(
                Disputed(d["field"], d["value"], d["source"], d.get("candidate")) for d in r.get("disputed", ())
            ),
            for_against=any("against" in v for v in r["votes"]),
        )
        for r in record["rounds"]
    )
    reported = record.get("reported_elected")
    return Election(
        candidates=tuple(Candidate(c["key"], c.get("declared", True)) for c in record["candidates"]),
        rounds=rounds,
        seats=record.get("seats", 1),
        rule=_rule_of(record.get("rule")),
        electorate=record.get("electorate"),
        reported_elected=None if reported is None else tuple(reported),
        unnamed_candidates=record.get("unnamed_candidates"),
        status=Status(record.get("status", "held")),
        concurrent=any(link["relation"] == "concurrent" for link in record.get("related", ())),
    )


def outcome_json(outcome: Outcome) -> dict:
    """The API's ``outcome`` object: elected keys, decided, basis, settled, per-round results (with
    the required majority's bounds where only they are known) and the checks."""
    return {
        "elected": list(outcome.elected),
        "decided": outcome.decided,
        "basis": outcome.basis.value,
        "settled": list(outcome.settled),
        "rounds": [
            {
                "number": r.number,
                "required_majority": r.required_majority,
                "required_majority_at_least": r.required_bounds[0] if r.required_bounds else None,
                "required_majority_at_most": r.required_bounds[1] if r.required_bounds else None,
                "elected": list(r.elected),
                "decided": r.decided,
                "eliminated": list(r.eliminated),
                "withdrawn": list(r.withdrawn),
                "did_not_stand_next": list(r.absent_next),
            }
            for r in outcome.rounds
        ],
        "checks": [{"round": c.round, "candidate": c.candidate, "message": c.message} for c in outcome.checks],
    }


@dataclass(frozen=True)
class CandidateResult:
    """How one candidate fared in an election, for records across elections.

    ``outcome``: a :class:`CandidateOutcome`. ``votes`` and ``share`` (percent of valid votes) are from
    the round that elected the candidate, else the last round they stood in; ``margin`` is an elected
    candidate's lead over the best other candidate in that same round, where every count of it is
    known. All three come from one round, never mixed.
    """

    outcome: CandidateOutcome
    elected_round: int | None
    votes: int | None
    share: float | None
    margin: int | None


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
        elif key in eliminated and not any(_has_votes_in(r, key) for r in rounds if r.number > _eliminated_in(outcome, key)):
            state = CandidateOutcome.ELIMINATED
        elif settled and rounds:
            state = CandidateOutcome.NOT_ELECTED
        else:
            state = CandidateOutcome.UNDECIDED
        found[key] = CandidateResult(state, elected_in.get(key) if key in outcome.elected else None, votes, share, margin)
    return found


def _eliminated_in(outcome: Outcome, key: str) -> int:
    return next(o.number for o in outcome.rounds if key in o.eliminated)
