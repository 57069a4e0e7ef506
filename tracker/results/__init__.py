"""Election arithmetic: required majorities, who each round elects, and checks on the figures.

Pure functions on plain, immutable data: no Flask, no database. The pages, the API and the importer
build an :class:`Election` from what is stored (:func:`tracker.outcomes.election_from_record`) and call
:func:`election_outcome`.

Conventions, from ``../shared/GLOSSARY.md``:

- A figure is an ``int`` (a count of votes or members) or ``None`` when no source gives it. ``None`` is
  never read as zero: a result that depends on an unknown figure is *undecided* unless the known figures
  already settle it. Where the figure a rule is taken of is unknown but the others bound it, the
  required majority is bounded too (:attr:`RoundOutcome.required_bounds`) and only what the bounds
  settle is computed.
- Shares are percentages (0-100) as published, of valid votes or of ballots cast.
- Candidates are named by their ``key``, unique within the election (election-records/v1).
- The set of quotas, bases, round kinds and statuses is closed: every ``match`` over them ends with
  ``_unknown``, so one added later fails loudly until every place has learnt it.

The modules: :mod:`.model` (the data and the closed sets), :mod:`.figures` (quotas, base figures and
their bounds, derived figures, shares), :mod:`.rounds` (who one round elects), :mod:`.election` (the
whole election, concurrent votes, each candidate's result), :mod:`.checks` (findings on the figures).
"""

from .checks import checks
from .election import candidate_results, concurrent_elected, concurrent_outcome, election_outcome
from .figures import (
    absolute_majority,
    ballots_cast,
    base_bounds,
    base_figure,
    derived_figures,
    present_and_voting,
    required_majority,
    share_basis,
    shares,
    two_thirds,
    valid_votes,
    votes_total,
)
from .model import (
    N_,
    Base,
    Basis,
    Candidate,
    CandidateOutcome,
    CandidateResult,
    Check,
    Disputed,
    Election,
    Outcome,
    Quota,
    Round,
    RoundKind,
    RoundOutcome,
    Rule,
    ShareBasis,
    Status,
    Vote,
)
from .rounds import required_bounds, round_result

__all__ = [
    "N_", "Base", "Basis", "Candidate", "CandidateOutcome", "CandidateResult", "Check", "Disputed", "Election",
    "Outcome", "Quota", "Round", "RoundKind", "RoundOutcome", "Rule", "ShareBasis", "Status", "Vote",
    "absolute_majority", "ballots_cast", "base_bounds", "base_figure", "candidate_results", "checks",
    "concurrent_elected", "concurrent_outcome", "derived_figures", "election_outcome", "present_and_voting",
    "required_bounds", "required_majority", "round_result", "share_basis", "shares", "two_thirds", "valid_votes",
    "votes_total",
]
