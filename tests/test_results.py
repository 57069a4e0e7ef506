"""Election arithmetic, with values checked by hand."""

from __future__ import annotations

import pytest

from tracker.outcomes import election_from_record
from tracker.results import (
    Base,
    Candidate,
    Election,
    Quota,
    Round,
    Rule,
    Vote,
    absolute_majority,
    base_figure,
    election_outcome,
    required_majority,
    two_thirds,
)

from .conftest import example

ABS_VALID = Rule(Quota.ABSOLUTE_MAJORITY, Base.VALID_VOTES)


def votes(**counts):
    return tuple(Vote(key, count) for key, count in counts.items())


@pytest.mark.parametrize(
    "n, absolute, thirds",
    [(207, 104, 138), (206, 104, 138), (0, 1, 0), (1, 1, 1), (2, 2, 2), (3, 2, 2), (4, 3, 3), (193, 97, 129)],
)
def test_quotas_by_hand(n, absolute, thirds):
    # 207 voting: two-thirds 138, absolute majority 104 (FIFA Congress 2016, glossary);
    # 193 UN members: two-thirds 129 (UN General Assembly, 2/3 of all members).
    assert absolute_majority(n) == absolute
    assert two_thirds(n) == thirds


def test_plurality_and_unknown_base_have_no_required_majority():
    assert required_majority(Quota.PLURALITY, 100) is None
    assert required_majority(Quota.ABSOLUTE_MAJORITY, None) is None


def test_each_base_comes_from_its_figure():
    rnd = Round(1, votes(a=60, b=30), ballots_cast=100, invalid=4, abstentions=6, electorate=120)
    assert base_figure(rnd, Base.VALID_VOTES) == 90
    assert base_figure(rnd, Base.PRESENT_AND_VOTING) == 90  # 100 - 4 - 6
    assert base_figure(rnd, Base.BALLOTS_CAST) == 100
    assert base_figure(rnd, Base.ELECTORATE) == 120
    assert base_figure(Round(1, votes(a=60)), Base.ELECTORATE, electorate=150) == 150
    # present and voting given wins over the derivation
    assert base_figure(Round(1, votes(a=1), present_and_voting=95), Base.PRESENT_AND_VOTING) == 95


def test_unknown_base_is_unknown_not_zero():
    rnd = Round(1, votes(a=60, b=None))
    assert base_figure(rnd, Base.VALID_VOTES) is None
    assert base_figure(rnd, Base.BALLOTS_CAST) is None
    assert base_figure(rnd, Base.ELECTORATE) is None


def test_fifa_2016_reproduces_the_announced_figures():
    outcome = election_outcome(election_from_record(example("fifa-2016-president")["elections"][0]))
    first, second = outcome.rounds
    assert (first.required_majority, first.elected, first.decided) == (138, (), True)
    assert first.withdrawn == ("sexwale",)
    assert (second.required_majority, second.elected, second.decided) == (104, ("infantino",), True)
    assert outcome.elected == ("infantino",) and outcome.decided and outcome.basis == "computed"
    assert outcome.checks == ()


def test_founding_election_rests_on_the_sources():
    outcome = election_outcome(
        election_from_record(example("interpol-2024-vice-president-africa")["elections"][0])
    )
    (only,) = outcome.rounds
    assert only.required_majority is None and not only.decided and only.elected == ()
    assert outcome.elected == ("dkhissi",) and outcome.basis == "reported" and not outcome.decided
    assert [c.message for c in outcome.checks] == [
        "No source gives the rule; the outcome rests on what the sources report."
    ]


def test_unknown_votes_leave_a_round_undecided_unless_the_known_figures_settle_it():
    # 96 votes of an electorate of 150: absolute majority 76 is reached whatever the others had.
    settled = Election(
        (Candidate("a"), Candidate("b")),
        (Round(1, votes(a=96, b=None)),),
        rule=Rule(Quota.ABSOLUTE_MAJORITY, Base.ELECTORATE),
        electorate=150,
    )
    outcome = election_outcome(settled)
    assert outcome.rounds[0].required_majority == 76
    assert outcome.elected == ("a",) and outcome.decided
    # Of valid votes, the base itself is unknown: undecided, and b is not taken as 0.
    unsettled = Election((Candidate("a"), Candidate("b")), (Round(1, votes(a=96, b=None)),), rule=ABS_VALID)
    outcome = election_outcome(unsettled)
    assert outcome.rounds[0].required_majority is None
    assert not outcome.decided and outcome.elected == ()


def test_present_and_voting_bounds_an_unknown_count():
    # 150 present and voting, a has 96: b has at most 54, below the majority of 76.
    election = Election(
        (Candidate("a"), Candidate("b")),
        (Round(1, votes(a=96, b=None), present_and_voting=150),),
        rule=ABS_VALID,
    )
    outcome = election_outcome(election)
    assert outcome.rounds[0].required_majority == 76
    assert outcome.elected == ("a",) and outcome.decided


def test_plurality_tie_is_undecided_and_most_votes_wins():
    rule = Rule(Quota.PLURALITY, Base.VALID_VOTES)
    tie = Election((Candidate("a"), Candidate("b")), (Round(1, votes(a=40, b=40)),), rule=rule)
    assert not election_outcome(tie).decided
    win = Election((Candidate("a"), Candidate("b")), (Round(1, votes(a=41, b=40)),), rule=rule)
    assert election_outcome(win).elected == ("a",)
