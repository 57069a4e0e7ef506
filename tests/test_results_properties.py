"""Invariants of the arithmetic, checked on generated elections (hypothesis)."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.results import (
    Base,
    Candidate,
    Election,
    Quota,
    Round,
    Rule,
    Vote,
    election_outcome,
    required_majority,
)

KEYS = ["a", "b", "c", "d", "e"]
rules = st.builds(Rule, st.sampled_from(list(Quota)), st.sampled_from(list(Base)))


@st.composite
def elections(draw, unknowns: bool = True):
    """An election of 2-5 candidates, 1-3 rounds, 1-3 seats; counts within an electorate."""
    keys = KEYS[: draw(st.integers(2, 5))]
    electorate = draw(st.integers(10, 300))
    seats = draw(st.integers(1, 3))
    rounds = []
    for number in range(1, draw(st.integers(1, 3)) + 1):
        budget = electorate
        votes = []
        for key in keys:
            count = draw(st.integers(0, max(0, budget // len(keys) * 2)).filter(lambda n, budget=budget: n <= budget))
            budget -= count  # every count fits the electorate, whatever the seats
            votes.append(Vote(key, None if unknowns and draw(st.booleans()) and draw(st.booleans()) else count))
        rounds.append(Round(number, tuple(votes), rule=draw(st.none() | rules)))
    return Election(
        tuple(Candidate(k) for k in keys), tuple(rounds), seats=seats, rule=draw(rules), electorate=electorate
    )


@given(elections())
def test_never_more_elected_than_seats(election):
    outcome = election_outcome(election)
    assert len(outcome.elected) <= election.seats
    assert sum(len(r.elected) for r in outcome.rounds) <= election.seats
    assert len(set(outcome.elected)) == len(outcome.elected)


@given(st.sampled_from([Quota.ABSOLUTE_MAJORITY, Quota.TWO_THIRDS]), st.integers(0, 100_000))
def test_required_majority_is_the_smallest_count_that_meets_the_quota(quota, n):
    k = required_majority(quota, n)
    share = Fraction(1, 2) if quota is Quota.ABSOLUTE_MAJORITY else Fraction(2, 3)

    def meets(count):
        return count > share * n if quota is Quota.ABSOLUTE_MAJORITY else count >= share * n

    assert meets(k) and (k == 0 or not meets(k - 1))


@given(elections(unknowns=False))
def test_result_does_not_depend_on_the_order_candidates_are_listed_in(election):
    reordered = replace(
        election,
        candidates=tuple(reversed(election.candidates)),
        rounds=tuple(replace(r, votes=tuple(reversed(r.votes))) for r in election.rounds),
    )
    first, second = election_outcome(election), election_outcome(reordered)
    assert set(first.elected) == set(second.elected) and first.decided == second.decided
    for a, b in zip(first.rounds, second.rounds):
        assert set(a.elected) == set(b.elected) and a.required_majority == b.required_majority


@settings(max_examples=200)
@given(elections(), st.data())
def test_a_decided_result_holds_whatever_the_unknown_counts_were(election, data):
    """Unknown never behaves as zero: where a result is decided with unknown counts, filling them in
    with any values the known figures allow does not change it."""
    election = replace(election, seats=1, rounds=election.rounds[:1])
    outcome = election_outcome(election)
    if not outcome.decided:
        return
    (rnd,) = election.rounds
    room = election.electorate - sum(v.votes for v in rnd.votes if v.votes is not None)
    filled = []
    for vote in rnd.votes:
        if vote.votes is None:
            count = data.draw(st.integers(0, room))
            room -= count
            vote = replace(vote, votes=count)
        filled.append(vote)
    known = election_outcome(replace(election, rounds=(replace(rnd, votes=tuple(filled)),)))
    assert known.elected == outcome.elected
