"""Election arithmetic: required majorities, who each round elects, and checks on the figures.

Pure functions on plain, immutable data: no Flask, no database. The pages, the API and the importer
build an :class:`Election` from what is stored and call :func:`election_outcome`.

Conventions, from ``../shared/GLOSSARY.md``:

- A figure is an ``int`` (a count of votes or members) or ``None`` when no source gives it. ``None`` is
  never read as zero: a result that depends on an unknown figure is *undecided* unless the known figures
  already settle it.
- Shares are percentages (0-100) as published, of valid votes or of ballots cast.
- Candidates are named by their ``key``, unique within the election (election-records/v1).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction


def N_(text: str) -> str:
    """Marks ``text`` for the translation catalogs (pybabel's ``-k N_``) without translating it: this
    module knows nothing of languages; pages translate a :class:`Check`'s ``text``."""
    return text


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
    votes for or against a single nominee.
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
    stood down before this round, ``eliminated`` who the rules removed after it, ``decided_by_lot``
    who a drawing of lots chose to break a tie in it. ``required_majority`` is the figure a source
    reports; the tracker computes its own.
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


@dataclass(frozen=True)
class Candidate:
    """A candidate by key; ``declared`` is false for one who received votes without standing."""

    key: str
    declared: bool = True


@dataclass(frozen=True)
class Election:
    """What the arithmetic needs of an election: its seats, rule, electorate, candidates and rounds."""

    candidates: tuple[Candidate, ...]
    rounds: tuple[Round, ...]
    seats: int = 1
    rule: Rule | None = None
    electorate: int | None = None
    reported_elected: tuple[str, ...] = ()
    unnamed_candidates: int | None = None


@dataclass(frozen=True)
class RoundOutcome:
    """What one round settled.

    ``base_figure`` is the N the quota was taken of; ``required_majority`` is the computed figure
    (``None`` for plurality or where N is unknown). ``decided`` is false where the recorded figures do
    not settle who the round elected (an unknown figure, a tie, no rule).
    """

    number: int
    rule: Rule | None
    base_figure: int | None
    required_majority: int | None
    elected: tuple[str, ...]
    decided: bool
    withdrawn: tuple[str, ...]
    eliminated: tuple[str, ...]


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

    ``elected``: computed from the figures where they settle it (``basis == "computed"``), otherwise
    what the sources report (``basis == "reported"``). ``decided``: whether the figures settle it.
    """

    elected: tuple[str, ...]
    decided: bool
    basis: str
    rounds: tuple[RoundOutcome, ...]
    checks: tuple[Check, ...]


# --- quotas -----------------------------------------------------------------------------------------


def absolute_majority(n: int) -> int:
    """More than half of ``n``: floor(n / 2) + 1 (glossary; e.g. 207 -> 104)."""
    return n // 2 + 1


def two_thirds(n: int) -> int:
    """At least two thirds of ``n``: ceil(2n / 3) (glossary; e.g. 207 -> 138)."""
    return -(-2 * n // 3)


def required_majority(quota: Quota, n: int | None) -> int | None:
    """The smallest count of votes that meets ``quota`` of ``n``.

    ``None`` for plurality (no threshold) and where ``n`` is unknown.
    """
    if n is None or quota is Quota.PLURALITY:
        return None
    if quota is Quota.ABSOLUTE_MAJORITY:
        return absolute_majority(n)
    return two_thirds(n)


# --- a round's figures --------------------------------------------------------------------------


def _known_sum(values) -> int | None:
    values = list(values)
    if not values or any(v is None for v in values):
        return None
    return sum(values)


def votes_total(rnd: Round) -> int | None:
    """Sum of every vote in the round (for and against), or ``None`` if any is unknown."""
    figures = []
    for vote in rnd.votes:
        figures.append(vote.votes)
        if vote.against is not None:
            figures.append(vote.against)
    return _known_sum(figures)


def present_and_voting(rnd: Round, seats: int = 1) -> int | None:
    """Members present and voting: as given, or ballots cast - invalid - abstentions.

    In a single-seat round every ballot that is neither void nor blank is a vote for one candidate (or
    for or against the nominee), so the sum of known votes is the figure too.
    """
    if rnd.present_and_voting is not None:
        return rnd.present_and_voting
    if None not in (rnd.ballots_cast, rnd.invalid, rnd.abstentions):
        derived = rnd.ballots_cast - rnd.invalid - rnd.abstentions
        if derived >= 0:
            return derived
    if seats == 1:
        return votes_total(rnd)
    return None


def valid_votes(rnd: Round, seats: int = 1) -> int | None:
    """Valid votes as a base. Single seat: the sum of candidate votes, else present and voting.

    Several seats: one ballot carries several votes, so the base is the number of valid ballots,
    i.e. present and voting.
    """
    if seats == 1:
        total = votes_total(rnd)
        if total is not None:
            return total
    return present_and_voting(rnd, seats)


def ballots_cast(rnd: Round, seats: int = 1) -> int | None:
    """Ballots cast: as given, or present and voting (as given) + invalid + abstentions."""
    if rnd.ballots_cast is not None:
        return rnd.ballots_cast
    if None not in (rnd.present_and_voting, rnd.invalid, rnd.abstentions):
        return rnd.present_and_voting + rnd.invalid + rnd.abstentions
    return None


def base_figure(rnd: Round, base: Base, seats: int = 1, electorate: int | None = None) -> int | None:
    """The N that a rule's quota is taken of in this round; ``None`` when no figure gives it.

    ``electorate`` is the election's; a round's own electorate takes precedence.
    """
    if base is Base.ELECTORATE:
        return rnd.electorate if rnd.electorate is not None else electorate
    if base is Base.BALLOTS_CAST:
        return ballots_cast(rnd, seats)
    if base is Base.PRESENT_AND_VOTING:
        return present_and_voting(rnd, seats)
    return valid_votes(rnd, seats)


# --- who reaches the quota ----------------------------------------------------------------------


def _share_interval(share: float) -> tuple[Fraction, Fraction]:
    """The true percentage a published (rounded) share stands for: [share - h, share + h)."""
    exact = Decimal(str(share))
    half_unit = Fraction(5, 10) * Fraction(10) ** exact.as_tuple().exponent
    value = Fraction(exact)
    return value - half_unit, value + half_unit


def _share_reaches(share: float, quota: Quota) -> bool | None:
    """Whether a published share meets the quota whatever the rounding: True, False or None."""
    low, high = _share_interval(share)
    if quota is Quota.ABSOLUTE_MAJORITY:
        if low > 50:
            return True
        if high <= 50:
            return False
        return None
    threshold = Fraction(200, 3)
    if low >= threshold:
        return True
    if high <= threshold:
        return False
    return None


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


def _pick_most(
    contenders: list[_Standing], places: int, lots: tuple[str, ...]
) -> tuple[tuple[str, ...], bool]:
    """The ``places`` contenders with most votes; undecided on a tie at the boundary not settled by lot.

    Contenders with unknown votes (and no share) leave the result undecided unless their upper bound is
    below the boundary.
    """
    if places <= 0:
        return (), True
    known = [s for s in contenders if _rank_value(s) is not None]
    unknown = [s for s in contenders if _rank_value(s) is None]
    if len({s.votes is None for s in known}) > 1:
        return (), False  # some counts and some shares only: not comparable
    ranked = sorted(known, key=_rank_value, reverse=True)
    if len(ranked) < places:
        return tuple(s.key for s in ranked), not unknown
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
    return tuple(s.key for s in winners), decided


def _standing(
    rnd: Round,
    keys: list[str],
    rule: Rule,
    seats: int,
    required: int | None,
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
            if vote.votes is not None and required is not None:
                reaches = vote.votes >= required
            elif required is not None and upper is not None and upper < required:
                reaches = False
            elif vote.votes is None and vote.share is not None and shares_sound:
                reaches = _share_reaches(vote.share, rule.quota)
        result.append(_Standing(key, vote.votes, vote.share, upper, reaches))
    return result


def round_result(
    rnd: Round,
    rule: Rule | None,
    eligible: list[str],
    seats_open: int,
    seats: int = 1,
    electorate: int | None = None,
) -> tuple[int | None, int | None, tuple[str, ...], bool]:
    """Who one round elects.

    ``eligible``: keys of the candidates who may be elected in this round (standing, not withdrawn,
    eliminated or already elected). ``seats_open``: seats still to fill. Returns ``(base_figure,
    required_majority, elected, decided)``.

    Each elected candidate must reach the required majority; where more do than seats remain, the
    most votes win, and a tie at the boundary is undecided unless the record says lots were drawn.
    Plurality: the most votes win, likewise. A tie-break ballot elects no one.
    """
    if rnd.kind is RoundKind.TIE_BREAK:
        return None, None, (), True
    if rule is None:
        return None, None, (), False
    n = base_figure(rnd, rule.base, seats, electorate)
    required = required_majority(rule.quota, n)
    pool = _pool(rnd, seats, electorate)
    standing = _standing(rnd, eligible, rule, seats, required, pool)
    if rule.quota is Quota.PLURALITY:
        elected, decided = _pick_most(standing, seats_open, rnd.decided_by_lot)
        return n, required, elected, decided
    reached = [s for s in standing if s.reaches]
    unknown = [s for s in standing if s.reaches is None]
    if len(reached) + len(unknown) <= seats_open:
        return n, required, tuple(s.key for s in reached), not unknown
    contenders = reached + unknown
    if len(reached) >= seats_open:
        elected, decided = _pick_most(contenders, seats_open, rnd.decided_by_lot)
        return n, required, elected, decided
    # Fewer reach the majority than seats remain, and some may or may not reach it.
    return n, required, tuple(s.key for s in reached), False


# --- the whole election -------------------------------------------------------------------------


def _stands_in(rnd: Round, key: str) -> bool:
    if rnd.standing is not None:
        return key in rnd.standing
    return any(v.candidate == key for v in rnd.votes)


def _stands_later(rounds: list[Round], index: int, key: str) -> bool:
    """Whether ``key`` stands in the round after ``index`` (or after a tie-break ballot that follows)."""
    for later in rounds[index + 1 :]:
        if key in later.withdrawn:
            return True  # withdrew rather than being eliminated
        if _stands_in(later, key):
            return True
        if later.kind is not RoundKind.TIE_BREAK:
            return False
    return True


def _derived_eliminated(
    rounds: list[Round], index: int, declared: set[str], out_after: set[str]
) -> tuple[str, ...]:
    rnd = rounds[index]
    if rnd.eliminated:
        return rnd.eliminated
    if index + 1 >= len(rounds) or rounds[index + 1].number != rnd.number + 1:
        return ()  # last recorded round, or rounds missing in between: nothing to derive from
    return tuple(
        v.candidate
        for v in rnd.votes
        if v.candidate in declared
        and v.candidate not in out_after
        and not _stands_later(rounds, index, v.candidate)
    )


def _with_unnamed(rnd: Round, unnamed: int | None) -> Round:
    """The round with a vote of unknown count for each candidate no source names (never zero votes).

    Their keys, "(unnamed 1)"..., cannot clash with record keys, which are lower-case slugs.
    """
    if not unnamed or rnd.standing is not None or rnd.kind is not RoundKind.ORDINARY:
        return rnd
    phantoms = tuple(Vote(f"(unnamed {i + 1})") for i in range(unnamed))
    return replace(rnd, votes=rnd.votes + phantoms)


def election_outcome(election: Election, names: dict[str, str] | None = None) -> Outcome:
    """Compute each round's result, the election's result and the checks on the figures.

    ``names``: display names by candidate key, for the checks' messages (keys where absent).

    The rounds are taken in number order. A candidate leaves the contest when elected, when the record
    says they withdrew before a round, and when eliminated after one (as recorded, or derived: they
    stood in a round and do not stand in the next). At most ``election.seats`` are elected in all.
    """
    rounds = [_with_unnamed(r, election.unnamed_candidates) for r in sorted(election.rounds, key=lambda r: r.number)]
    declared = {c.key for c in election.candidates if c.declared}
    elected: list[str] = []
    out: set[str] = set()
    all_decided = True
    round_outcomes = []
    for index, rnd in enumerate(rounds):
        out |= set(rnd.withdrawn)
        rule = rnd.rule or election.rule
        if rnd.standing is not None:
            eligible = [k for k in rnd.standing if k not in out]
        else:
            eligible = [v.candidate for v in rnd.votes if v.candidate not in out]
        seats_open = election.seats - len(elected)
        n, required, newly, decided = round_result(
            rnd, rule, eligible, seats_open, election.seats, election.electorate
        )
        if not all_decided and newly:
            decided = False  # seats filled in an unsettled earlier round are not known
        elected += newly
        out |= set(newly)
        eliminated = _derived_eliminated(rounds, index, declared, out)
        out |= set(eliminated)
        all_decided = all_decided and decided
        round_outcomes.append(
            RoundOutcome(rnd.number, rule, n, required, tuple(newly), decided, rnd.withdrawn, eliminated)
        )
    decided = all_decided and bool(rounds)
    if decided or not election.reported_elected:
        result, basis = tuple(elected), "computed"
    else:
        result, basis = tuple(election.reported_elected), "reported"
    return Outcome(
        result, decided, basis, tuple(round_outcomes), tuple(checks(election, round_outcomes, decided, names))
    )


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


# --- checks ---------------------------------------------------------------------------------------


def checks(
    election: Election, outcomes: list[RoundOutcome], decided: bool, names: dict[str, str] | None = None
) -> list[Check]:
    """Plain-language findings on the figures, in round order.

    ``outcomes`` are the rounds' computed results (from :func:`election_outcome`); ``decided`` whether
    they settle the election; ``names`` display names by key for the messages.
    """
    names = names or {}

    def listed(keys) -> str:
        return ", ".join(sorted(names.get(k, k) for k in keys)) or "no one"

    found: list[Check] = []
    rounds = sorted(election.rounds, key=lambda r: r.number)
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
    for rnd, computed in zip(rounds, outcomes):
        withdrawn |= set(rnd.withdrawn)
        found += _round_checks(election, rnd, computed, withdrawn)
    if decided and election.reported_elected:
        computed_elected = {k for o in outcomes for k in o.elected}
        if computed_elected != set(election.reported_elected):
            found.append(
                Check(
                    N_("The sources report %(reported)s elected; the figures elect %(computed)s."),
                    params={"reported": listed(election.reported_elected), "computed": listed(computed_elected)},
                )
            )
    return found


def _round_checks(
    election: Election, rnd: Round, computed: RoundOutcome, withdrawn: set[str]
) -> list[Check]:
    found = []
    number = rnd.number
    if (
        rnd.required_majority is not None
        and computed.required_majority is not None
        and rnd.required_majority != computed.required_majority
    ):
        found.append(
            Check(
                N_("The reported required majority (%(reported)s) differs from the computed one (%(computed)s)."),
                number,
                params={"reported": rnd.required_majority, "computed": computed.required_majority},
            )
        )
    electorate = rnd.electorate if rnd.electorate is not None else election.electorate
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
    given_pav = rnd.present_and_voting
    if given_pav is None and None not in (rnd.ballots_cast, rnd.invalid, rnd.abstentions):
        given_pav = rnd.ballots_cast - rnd.invalid - rnd.abstentions
    everyone_listed = not election.unnamed_candidates
    if election.seats == 1 and everyone_listed and total is not None and given_pav is not None and total != given_pav:
        found.append(
            Check(
                N_("The votes add up to %(total)s, but %(present_and_voting)s members were present and voting."),
                number,
                params={"total": total, "present_and_voting": given_pav},
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


# --- from an election-records/v1 record ---------------------------------------------------------


def _rule_of(data: dict | None) -> Rule | None:
    return Rule(Quota(data["quota"]), Base(data["base"])) if data else None


def election_from_record(record: dict) -> Election:
    """The arithmetic's view of an election-records/v1 election object (a validated ``dict``)."""
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
        )
        for r in record["rounds"]
    )
    return Election(
        candidates=tuple(Candidate(c["key"], c.get("declared", True)) for c in record["candidates"]),
        rounds=rounds,
        seats=record.get("seats", 1),
        rule=_rule_of(record.get("rule")),
        electorate=record.get("electorate"),
        reported_elected=tuple(record.get("reported_elected", ())),
        unnamed_candidates=record.get("unnamed_candidates"),
    )


def outcome_json(outcome: Outcome) -> dict:
    """The API's ``outcome`` object: elected keys, decided, basis, per-round results and the checks."""
    return {
        "elected": list(outcome.elected),
        "decided": outcome.decided,
        "basis": outcome.basis,
        "rounds": [
            {
                "number": r.number,
                "required_majority": r.required_majority,
                "elected": list(r.elected),
                "decided": r.decided,
                "eliminated": list(r.eliminated),
                "withdrawn": list(r.withdrawn),
            }
            for r in outcome.rounds
        ],
        "checks": [{"round": c.round, "candidate": c.candidate, "message": c.message} for c in outcome.checks],
    }


def shares(rnd: Round, seats: int = 1) -> dict[str, float | None]:
    """Each candidate's share of valid votes in percent: as published, or computed from the counts.

    Computed only in a single-seat round where every count is known (the total is then the valid
    votes); ``None`` otherwise. Published shares of ballots cast are converted only where both ballots
    cast and valid votes are known.
    """
    total = votes_total(rnd) if seats == 1 else None
    result: dict[str, float | None] = {}
    for vote in rnd.votes:
        if vote.share is not None and rnd.share_of is Base.VALID_VOTES:
            result[vote.candidate] = vote.share
        elif vote.votes is not None and total:
            result[vote.candidate] = 100 * vote.votes / total
        else:
            result[vote.candidate] = None
    return result


@dataclass(frozen=True)
class CandidateResult:
    """How one candidate fared in an election, for records across elections.

    ``outcome``: ``elected``, ``not_elected``, ``withdrawn``, ``eliminated`` or ``undecided``.
    ``votes`` and ``share`` (percent of valid votes) are from the last round the candidate stood in;
    ``margin`` is an elected candidate's lead over the best other candidate in the round that elected
    them, where every count of that round is known.
    """

    outcome: str
    elected_round: int | None
    votes: int | None
    share: float | None
    margin: int | None


def candidate_results(election: Election, outcome: Outcome) -> dict[str, CandidateResult]:
    """Each declared or undeclared candidate's :class:`CandidateResult`, by key."""
    rounds = sorted(election.rounds, key=lambda r: r.number)
    elected_in = {key: o.number for o in outcome.rounds for key in o.elected}
    withdrawn = {key for r in rounds for key in r.withdrawn}
    eliminated = {key for o in outcome.rounds for key in o.eliminated}
    settled = outcome.decided or outcome.basis == "reported"
    found = {}
    for candidate in election.candidates:
        key = candidate.key
        last = next(
            (r for r in reversed(rounds) if r.kind is not RoundKind.TIE_BREAK and any(v.candidate == key for v in r.votes)),
            None,
        )
        votes = share = margin = None
        if last is not None:
            votes = next(v.votes for v in last.votes if v.candidate == key)
            share = shares(last, election.seats).get(key)
        if key in outcome.elected:
            state = "elected"
            rnd = next((r for r in rounds if r.number == elected_in.get(key)), last)
            if rnd is not None and election.seats == 1:
                own = next((v.votes for v in rnd.votes if v.candidate == key), None)
                others = [v.votes for v in rnd.votes if v.candidate != key]
                if own is not None and others and None not in others:
                    margin = own - max(others)
        elif key in withdrawn:
            state = "withdrawn"
        elif key in eliminated:
            state = "eliminated"
        elif settled and rounds:
            state = "not_elected"
        else:
            state = "undecided"
        found[key] = CandidateResult(state, elected_in.get(key), votes, share, margin)
    return found
