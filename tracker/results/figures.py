"""A round's figures: required majorities (glossary: absolute majority = floor(n/2) + 1, two-thirds =
ceil(2n/3)), the base figure each rule is taken of, its bounds where the base is unknown, figures
derived from the others, and shares of the votes."""

from __future__ import annotations

from .model import Base, Quota, Round, ShareBasis, _unknown


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


def _known_sum(values) -> int | None:
    values = list(values)
    if not values or any(v is None for v in values):
        return None
    return sum(values)


def counts(rnd: Round) -> list[int | None]:
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
    return _known_sum(counts(rnd))


def _complete_contest(rnd: Round, seats: int) -> bool:
    """Whether the recorded votes are every valid vote of the round, so their sum is the valid votes:
    a single-seat round with every count known and a contest recorded (two candidates or more, or for
    and against a nominee). A lone candidate's votes alone do not say how many voted for others or
    left their ballot blank."""
    return seats == 1 and (len(rnd.votes) >= 2 or rnd.votes_for_and_against) and votes_total(rnd) is not None


def given_present_and_voting(rnd: Round) -> int | None:
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
    given = given_present_and_voting(rnd)
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
    known = [c for c in counts(rnd) if c is not None]
    voted_low = (sum(known) if seats == 1 else max(known)) if known else None
    given_pav = given_present_and_voting(rnd)
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


def share_basis(rnd: Round, seats: int = 1) -> ShareBasis | None:
    """How :func:`shares` computes this round's shares; ``None`` where it computes none (several
    seats; a lone candidate with no figure of the valid votes: not "100 %")."""
    if any(v.share is not None for v in rnd.votes):
        return ShareBasis.PUBLISHED
    if seats != 1:
        return None
    if given_present_and_voting(rnd):
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
        total = given_present_and_voting(rnd)
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


def has_votes_in(rnd: Round, key: str) -> bool:
    """Whether ``key`` has votes (or a share) above zero in the round."""
    return any(v.candidate == key and (v.votes or v.share) for v in rnd.votes)
