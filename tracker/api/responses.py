"""What the read API answers, written once: pydantic models that both produce each response's JSON
(a view builds one and :func:`answer` serialises it) and describe it in the OpenAPI document
(:mod:`tracker.api.openapi`). A model names its fields: a field added to one of the tracker's own
dataclasses does not reach the API until a model here names it.
"""

from __future__ import annotations

from typing import Literal

from flask import Response, jsonify
from pydantic import BaseModel, ConfigDict, Field

from ..dashboards import queries
from ..outcomes import outcome_json
from ..records import ElectionHeading, shape
from ..results import Basis, CandidateOutcome

Outcome_ = Literal[tuple(outcome.value for outcome in CandidateOutcome)]


class Answer(BaseModel):
    """A response's part: its declared fields only, read from attributes or keys alike."""

    model_config = ConfigDict(from_attributes=True, extra="ignore")


def answer(model: BaseModel, status: int = 200, **dump) -> tuple[Response, int]:
    """``model`` as the JSON response it describes."""
    return jsonify(model.model_dump(mode="json", **dump)), status


class ErrorBody(Answer):
    status: int
    message: str


class Error(Answer):
    """Any 4xx (and the 503 of a database out of reach): what is wrong, in words."""

    error: ErrorBody


class Candidacy(queries.Candidacy, Answer):
    """One candidacy with its election, as records across elections list it."""

    model_config = ConfigDict(from_attributes=True, extra="ignore", frozen=False)


class Tally(Answer):
    """Candidacies by outcome; success rate = elected / (elected + not elected + eliminated), in percent."""

    elected: int
    not_elected: int
    eliminated: int
    withdrawn: int
    undecided: int
    undeclared: int = Field(description="votes received without standing, not counted as candidacies")
    success_rate: float | None

    @classmethod
    def of(cls, tally) -> Tally:
        """From :class:`tracker.dashboards.queries.Tally`."""
        return cls(**tally.counts, undeclared=tally.undeclared, success_rate=tally.success_rate)


class PostInfo(queries.PostInfo, Answer):
    """A post of an organisation."""

    model_config = ConfigDict(from_attributes=True, extra="ignore", frozen=False)


class ElectionSummary(ElectionHeading, Answer):
    """An election in a list, with the address of its whole record."""

    url: str


class ElectionList(Answer):
    elections: list[ElectionSummary]
    page: int = Field(ge=1)
    per_page: int = Field(ge=1, le=100)
    total: int = Field(ge=0)


class RoundResult(Answer):
    number: int
    required_majority: int | None
    required_majority_at_least: int | None = Field(description="where only bounds of the required majority are known")
    required_majority_at_most: int | None
    elected: list[str]
    decided: bool
    eliminated: list[str]
    withdrawn: list[str]
    did_not_stand_next: list[str] = Field(description="stood in this round and not in the next, no reason recorded")


class CheckAnswer(Answer):
    round: int | None
    candidate: str | None
    message: str


class Outcome(Answer):
    """The tracker's computed outcome (an ICJ election's with the other body's concurrent vote)."""

    elected: list[str]
    decided: bool = Field(description="whether the recorded figures settle it")
    basis: Literal[tuple(basis.value for basis in Basis)]
    settled: list[str] = Field(description="those whose election the figures settle, where the whole is not")
    rounds: list[RoundResult]
    checks: list[CheckAnswer]

    @classmethod
    def of(cls, outcome) -> Outcome:
        """From :class:`tracker.results.Outcome` (its plain form: :func:`tracker.outcomes.outcome_json`)."""
        return cls.model_validate(outcome_json(outcome))


class ElectionWithOutcome(shape.ElectionRecord):
    """One election as an election-records/v1 election object (its canonical shape), with the
    tracker's computed ``outcome`` beside it."""

    id: str
    outcome: Outcome


class OrganisationSummary(Answer):
    acronym: str
    name: str
    names: dict[str, str]
    founded: int | None
    members: int | None
    posts: int
    elections: int


class OrganisationList(Answer):
    organisations: list[OrganisationSummary]


class Holder(Answer):
    election: str
    date: str
    term_ends: int | None = Field(description="the year the holder's term ends, where known")
    elected: list[Candidacy]


class PostWithHolder(PostInfo):
    url: str
    holder: Holder | None


class OrganisationWithPosts(Answer):
    acronym: str
    name: str
    names: dict[str, str]
    aliases: list[str]
    founded: int | None
    members: int | None
    posts: list[PostWithHolder]
    posts_won_by_country: dict[str, int]


class HistoryLine(Answer):
    election: str
    date: str
    decided: bool
    rounds: int
    elected: list[Candidacy]


class PostHistory(PostInfo):
    history: list[HistoryLine]


class Person(Answer):
    id: int
    name: str
    names: dict[str, str]
    aliases: list[str]
    gender: str | None
    candidacies: list[Candidacy]
    record: Tally


class Country(Answer):
    """A page of a State's candidacies, paged as the list of elections is (``page``, ``per_page``,
    ``total``), and the tally of them all."""

    code: str
    name: str
    candidacies: list[Candidacy] = Field(description="this page's, oldest first")
    record: Tally = Field(description="every candidacy counted, not only this page's")
    page: int = Field(ge=1)
    per_page: int = Field(ge=1, le=100)
    total: int = Field(ge=0, description="candidacies in all, on every page")


class FoundOrganisation(Answer):
    acronym: str
    name: str
    names: dict[str, str]


class FoundPerson(Answer):
    id: int
    name: str
    names: dict[str, str]
    aliases: list[str]
    countries: list[str] = Field(description="ISO alpha-3 codes of the States that nominated the person")


class FoundCountry(Answer):
    code: str
    name: str


class SearchResults(Answer):
    organisations: list[FoundOrganisation]
    posts: list[PostInfo]
    persons: list[FoundPerson]
    countries: list[FoundCountry]


# Every model the document describes, by the name it is known by there.
COMPONENTS = [
    Error, Candidacy, Tally, PostInfo, ElectionList, Outcome, ElectionWithOutcome, OrganisationList, OrganisationWithPosts,
    PostHistory, Person, Country, SearchResults,
]
