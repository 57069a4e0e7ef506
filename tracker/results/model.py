"""What the election arithmetic works on and gives back: plain, immutable data (rules, rounds,
elections, outcomes, checks) and the closed sets of quotas, bases, round kinds, statuses and outcomes."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
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


class ShareBasis(str, enum.Enum):
    """What a round's shares are percentages of, as the tracker shows them."""

    PUBLISHED = "published"  # as a source gives them
    VALID_VOTES = "valid_votes"  # computed from counts and the valid votes the figures give
    RECORDED_VOTES = "recorded_votes"  # computed from counts and the sum of the recorded votes
