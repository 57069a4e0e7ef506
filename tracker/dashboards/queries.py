"""Queries for records across elections: organisations, post histories, countries, persons, search.

Each function issues a fixed number of SQL statements, whatever the data's size, and returns plain
rows (dataclasses and dicts) built from the outcome stored with every candidacy when its election
was stored (:func:`tracker.results.candidate_results`).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date as Date
from functools import cache
from typing import Literal, NamedTuple

from flask_babel import gettext
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import bindparam, case, func, select
from sqlmodel import Session

from .. import models
from ..charts import OUTCOME_LABELS
from ..countries import LANGUAGES, country_name, is_country
from ..localnames import stored_label
from ..records import ElectionFilter, headings
from ..results import CandidateOutcome

OUTCOMES = tuple(outcome.value for outcome in CandidateOutcome)



class Candidacy(BaseModel):
    """One candidacy with its election, as records across elections show it (the API's ``Candidacy``
    too: its fields are what the API says of a candidacy)."""

    model_config = ConfigDict(frozen=True, from_attributes=True)

    election: str
    date: str
    organisation: str
    post: str
    region: str | None
    body: str
    key: str
    name: str
    person_id: int | None
    country: str | None = Field(description="ISO alpha-3 code of the nominating State")
    outcome: Literal[tuple(outcome.value for outcome in CandidateOutcome)]
    elected_round: int | None
    votes: int | None = Field(description="in the round that elected the candidate, else the last they stood in")
    share: float | None = Field(description="percent of valid votes, in that same round")
    margin: int | None = Field(description="an elected candidate's lead over the runner-up, in that same round")
    declared: bool = Field(True, description="whether the candidate stood; false for one who received votes without standing")
    rounds_count: int


class CandidacyRow(Candidacy):
    """A :class:`Candidacy` with what the pages need besides: its day, its post's id, the person's
    names in other languages."""

    when: Date
    post_id: int
    names: dict[str, str] = {}
    kind: str = "person"  # or "state": a State standing for a seat, named as the State

    @property
    def year(self) -> int:
        return self.when.year

    @property
    def elected(self) -> bool:
        return self.outcome == CandidateOutcome.ELECTED

    @property
    def withdrew(self) -> bool:
        return self.outcome == CandidateOutcome.WITHDRAWN

    @property
    def outcome_label(self) -> str:
        """The outcome's word, in English (pages translate it)."""
        return OUTCOME_LABELS[self.outcome]

    @property
    def outcome_class(self) -> str:
        """The outcome as a CSS class: ``outcome-elected``, ``outcome-not-elected``..."""
        return "outcome-" + self.outcome.replace("_", "-")

    @property
    def post_label(self) -> str:
        return stored_label(self.post, self.region)


def _display_name(name: str | None, country: str | None, kind: str) -> tuple[str, dict[str, str]]:
    """A candidacy's name and its names in other languages: a State standing for a seat is named as
    the State (in every language); a person no source names, by the nominating State."""
    if kind == "state" and country_name(country):
        return country_name(country), {lang: country_name(country, lang) for lang in LANGUAGES if lang != "en"}
    if name:
        return name, {}
    return f"Unnamed candidate ({country_name(country) or country or 'unknown'})", {}


# Candidacies in the order of their elections, then of the record; the id last: a whole order, so
# that newest first is the exact reverse of oldest first, and a page of ids reads back in its order.
_ORDER = (models.Election.sort_date, models.Election.record_id, models.Candidacy.position, models.Candidacy.id)


@cache
def _candidacy_query(newest_first: bool = False):
    """The select of every candidacy with its election, post, organisation, region and person, in
    :data:`_ORDER` (or its reverse), built once (a statement is immutable; building it took longer
    than running it)."""
    c, e = models.Candidacy, models.Election
    return (
        select(
            e.record_id, e.date, e.sort_date, models.Organisation.acronym, models.Post.title, models.Region.name,
            e.body, c.key, func.coalesce(models.Person.name, c.name), c.person_id, c.country, c.outcome,
            c.elected_round, c.final_votes, c.final_share, c.margin, e.rounds_count, e.post_id, models.Person.names,
            c.kind, c.declared, c.id,
        )
        .join(e, c.election_id == e.id)
        .join(models.Post, e.post_id == models.Post.id)
        .join(models.Organisation, models.Post.organisation_id == models.Organisation.id)
        .outerjoin(models.Region, models.Post.region_id == models.Region.id)
        .outerjoin(models.Person, c.person_id == models.Person.id)
        .order_by(*(column.desc() for column in _ORDER) if newest_first else _ORDER)
    )


def _row(r) -> CandidacyRow:
    name, state_names = _display_name(r[8], r[10], r[19])
    return CandidacyRow.model_construct(  # from the database's own rows: nothing to validate
        election=r[0], date=r[1], when=r[2], organisation=r[3], post=r[4], region=r[5], body=r[6],
        key=r[7], name=name, person_id=r[9], country=r[10], outcome=r[11],
        elected_round=r[12], votes=r[13], share=r[14], margin=r[15], rounds_count=r[16], post_id=r[17],
        names=r[18] or state_names, kind=r[19], declared=r[20],
    )


def _rows(session: Session, *conditions, newest_first: bool = False) -> list[CandidacyRow]:
    return _candidacy_rows(session.execute(_candidacy_query(newest_first).where(*conditions)))


def _candidacy_rows(result) -> list[CandidacyRow]:
    """:class:`CandidacyRow` of each row of :func:`_candidacy_query`'s ``result``."""
    return [_row(r) for r in result]


def candidacies_by_id(session: Session, ids: list[int]) -> dict[int, CandidacyRow]:
    """The candidacies ``ids`` names (a page's worth: they go into the SQL), by id. One SQL statement."""
    if not ids:
        return {}
    return {r[21]: _row(r) for r in session.execute(_candidacy_query().where(models.Candidacy.id.in_(ids)))}


class Point(NamedTuple):
    """A candidacy as a chart and a tally need it, without what only a list shows (its figures but the
    share, its links, names in other languages): hundreds are read for a comparison's chart."""

    id: int
    when: Date
    organisation: str
    post: str
    region: str | None
    name: str
    person_id: int | None
    country: str | None
    outcome: str
    declared: bool
    share: float | None

    @property
    def year(self) -> int:
        return self.when.year


def _points(session: Session, *conditions) -> list[Point]:
    """The candidacies that meet ``conditions`` as :class:`Point`, oldest first. One SQL statement."""
    c, e = models.Candidacy, models.Election
    query = (
        select(
            c.id, e.sort_date, models.Organisation.acronym, models.Post.title, models.Region.name,
            func.coalesce(models.Person.name, c.name), c.person_id, c.country, c.kind, c.outcome, c.declared, c.final_share,
        )
        .join(e, c.election_id == e.id)
        .join(models.Post, e.post_id == models.Post.id)
        .join(models.Organisation, models.Post.organisation_id == models.Organisation.id)
        .outerjoin(models.Region, models.Post.region_id == models.Region.id)
        .outerjoin(models.Person, c.person_id == models.Person.id)
        .where(*conditions)
        .order_by(*_ORDER)
    )
    return [
        Point(
            i, when, organisation, post, region, name if name and kind != "state" else _display_name(name, country, kind)[0],
            person, country, outcome, declared, share,
        )
        for i, when, organisation, post, region, name, person, country, kind, outcome, declared, share in session.execute(query)
    ]


@dataclass(frozen=True)
class ListedResult:
    """What a list of elections says of each one's result: its status (``held``, ``scheduled``,
    ``cancelled``) and the candidates elected, in the record's order (none where no one is known to
    have been elected)."""

    status: str
    winners: list[CandidacyRow]


def results_of(session: Session, record_ids: list[str]) -> dict[str, ListedResult]:
    """The result of each election ``record_ids`` names, by record id. Two SQL statements (its
    status, :func:`winners_of`)."""
    if not record_ids:
        return {}
    e = models.Election
    statuses = dict(session.execute(select(e.record_id, e.status).where(e.record_id.in_(record_ids))).all())
    winners = winners_of(session, record_ids)
    return {record_id: ListedResult(status, winners.get(record_id, [])) for record_id, status in statuses.items()}


def held_results(session: Session, record_ids: list[str]) -> dict[str, ListedResult]:
    """:func:`results_of` elections the caller knows were held (it selected them by their status):
    one SQL statement."""
    winners = winners_of(session, record_ids) if record_ids else {}
    return {record_id: ListedResult("held", winners.get(record_id, [])) for record_id in record_ids}


def winners_of(session: Session, record_ids: list[str]) -> dict[str, list[CandidacyRow]]:
    """The candidates elected in each election ``record_ids`` names that elected someone, in the
    record's order, by record id. One SQL statement."""
    winners: dict[str, list[CandidacyRow]] = {}
    for row in _rows(session, models.Election.record_id.in_(record_ids), models.Candidacy.outcome == CandidateOutcome.ELECTED):
        winners.setdefault(row.election, []).append(row)
    return winners


def latest_results(session: Session, count: int) -> list[tuple[dict, ListedResult]]:
    """The ``count`` most recent held elections whose winner is known, newest first: each as its
    heading (:class:`tracker.records.ElectionHeading`'s fields) with its result. Two SQL statements."""
    e, c = models.Election, models.Candidacy
    # EXISTS, not IN: the newest elections are read off ix_election_newest until ``count`` have a winner.
    with_winner = select(c.id).where(c.election_id == e.id, c.outcome == CandidateOutcome.ELECTED).exists()
    rows = [
        dict(row._mapping)
        for row in session.execute(
            headings().where(e.status == "held", with_winner).order_by(e.sort_date.desc(), e.record_id).limit(count)
        )
    ]
    found = held_results(session, [row["id"] for row in rows])
    return [(row, found[row["id"]]) for row in rows]


@dataclass(frozen=True)
class Tally:
    """Declared candidacies by outcome, and the success rate: elected / (elected + not elected +
    eliminated).

    Withdrawals and undecided candidacies are not counted in the rate; ``None`` when nothing counts.
    ``undeclared``: the votes received without standing (a State or person named on a few ballots in
    the UN's elections), counted apart: a stray vote is no candidacy lost.
    """

    counts: dict[str, int]
    undeclared: int = 0

    @property
    def contested(self) -> int:
        return self.counts["elected"] + self.counts["not_elected"] + self.counts["eliminated"]

    @property
    def success_rate(self) -> float | None:
        return 100 * self.counts["elected"] / self.contested if self.contested else None


def tally(rows: list) -> Tally:
    """Count ``rows`` by outcome, those who did not stand (``declared`` false) apart: candidacies
    (:class:`CandidacyRow`, :class:`Point`), or counts of them (:class:`Counted`)."""
    counts = dict.fromkeys(OUTCOMES, 0)
    undeclared = 0
    for row in rows:
        number = row.count if isinstance(row, Counted) else 1
        if getattr(row, "declared", True):
            counts[row.outcome] += number
        else:
            undeclared += number
    return Tally(counts, undeclared)


# --- countries and persons -----------------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    """Every candidacy of a country or a person, with the tally."""

    rows: list[CandidacyRow]
    tally: Tally


class Counted(NamedTuple):
    """How many candidacies of one year and organisation had one outcome, standing (``declared``) or
    not: a State's record counted rather than listed (a tuple: hundreds are made for a page)."""

    year: int
    organisation: str
    outcome: str
    declared: bool
    count: int


@dataclass(frozen=True)
class CountryRecord:
    """A State's candidacies counted by year, organisation and outcome (oldest year first), the tally,
    and the candidacies' ids in order, oldest first: the candidacies themselves are read a page at a
    time (:meth:`candidacies`)."""

    counts: list[Counted]
    tally: Tally
    ids: list[int]

    @property
    def total(self) -> int:
        """Every candidacy counted, those who did not stand too (as a list of them holds them)."""
        return len(self.ids)

    def candidacies(self, session: Session, offset: int, limit: int, newest_first: bool = False) -> list[CandidacyRow]:
        """A page of the candidacies: ``limit`` of them (a page's worth: their ids go into the SQL)
        after the first ``offset``, oldest first or ``newest_first``. One SQL statement."""
        chosen = (self.ids[::-1] if newest_first else self.ids)[offset : offset + limit]
        return _rows(session, models.Candidacy.id.in_(chosen), newest_first=newest_first) if chosen else []


def country_record(session: Session, code: str, year_from: int | None = None, year_to: int | None = None) -> CountryRecord:
    """The candidacies nominated by the State ``code`` (ISO alpha-3) counted, and their ids in order,
    only those of ``year_from`` to ``year_to`` (inclusive) where given. One SQL statement that reads
    no name or figure: hundreds of candidacies cost little, and a page reads its own
    (:meth:`CountryRecord.candidacies`)."""
    c, e = models.Candidacy, models.Election
    found = session.execute(
        select(c.id, e.sort_date, models.Organisation.acronym, c.outcome, c.declared)
        .join(e, c.election_id == e.id)
        .join(models.Post, e.post_id == models.Post.id)
        .join(models.Organisation, models.Post.organisation_id == models.Organisation.id)
        .where(c.country == code, *ElectionFilter(year_from=year_from, year_to=year_to).where())
        .order_by(*_ORDER)
    )
    ids, by_year = [], {}
    for candidacy_id, day, organisation, outcome, declared in found:
        ids.append(candidacy_id)
        key = (day.year, organisation, outcome, bool(declared))
        by_year[key] = by_year.get(key, 0) + 1
    counts = sorted(Counted(*key, count) for key, count in by_year.items())
    return CountryRecord(counts, tally(counts), ids)


def country_candidacies(session: Session, code: str, year_from: int | None = None, year_to: int | None = None) -> list[CandidacyRow]:
    """Every candidacy :func:`country_record` counts, oldest first (for the whole list's CSV)."""
    return _rows(session, models.Candidacy.country == code, *ElectionFilter(year_from=year_from, year_to=year_to).where())


@dataclass(frozen=True)
class PersonRecord(Record):
    """A person's candidacies, and every name and spelling they are known by. ``merged_into``: the
    person this one was merged into (then it has no candidacies: its page leads there)."""

    person: dict = field(default_factory=dict)
    merged_into: int | None = None


def person_record(session: Session, person_id: int) -> PersonRecord | None:
    """Every candidacy of the person ``person_id``; ``None`` if there is no such person."""
    if not 0 <= person_id <= models.MAX_ID:
        return None
    person = session.get(models.Person, person_id)
    if person is None:
        return None
    if person.merged_into_id is not None:
        return PersonRecord([], tally([]), {}, person.merged_into_id)
    rows = _rows(session, models.Candidacy.person_id == person_id)
    info = {"id": person.id, "name": person.name, "names": person.names, "aliases": person.aliases, "gender": person.gender}
    return PersonRecord(rows, tally(rows), info)


# --- posts and organisations ---------------------------------------------------------------------


class PostInfo(BaseModel):
    """A post of an organisation (the API's too: its fields are what the API says of a post)."""

    model_config = ConfigDict(frozen=True, from_attributes=True)

    id: int
    organisation: str
    organisation_name: str
    organisation_names: dict[str, str]
    title: str
    region: str | None
    term_years: int | None

    @property
    def label(self) -> str:
        return stored_label(self.title, self.region)


@dataclass(frozen=True)
class HistoryLine:
    """One election of a post: who won, by how much, in how many rounds."""

    election: str
    date: str
    when: Date
    decided: bool
    rounds_count: int
    winners: list[CandidacyRow]

    @property
    def year(self) -> int:
        return self.when.year


def _post_info(row) -> PostInfo:
    return PostInfo(**row._mapping)


def _post_query():
    """A select of :class:`PostInfo`'s fields (the columns alone: no ORM objects, no search text)."""
    p, o = models.Post, models.Organisation
    return (
        select(
            p.id, o.acronym.label("organisation"), o.name.label("organisation_name"), o.names.label("organisation_names"),
            p.title, models.Region.name.label("region"), p.term_years,
        )
        .join(o, p.organisation_id == o.id)
        .outerjoin(models.Region, p.region_id == models.Region.id)
    )


@cache
def _reads() -> dict:
    """The statements of post histories and organisation pages, built once (a statement is
    immutable, and building these took as long as running them); ``ids``, ``post``, ``acronym`` and
    ``organisation`` are their parameters."""
    e, c, p, o = models.Election, models.Candidacy, models.Post, models.Organisation
    ids = bindparam("ids", expanding=True)
    history = select(e.id, e.post_id, e.record_id, e.date, e.sort_date, e.decided, e.rounds_count).order_by(e.sort_date, e.record_id)
    elected = case((c.outcome == "elected", 1), else_=0)
    return {
        # each post's elections that elected someone, light (no names): the last is chosen in Python,
        # cheaper than a window function over every election
        "won": select(e.post_id, e.id, e.sort_date, e.record_id).join(c, c.election_id == e.id).where(e.post_id.in_(ids), c.outcome == CandidateOutcome.ELECTED),
        "elections of posts": history.where(e.post_id.in_(ids)),
        "elections": history.where(e.id.in_(ids)),
        # by candidacy.election_id: these elections' candidacies alone, whatever the size of the data
        "winners": _candidacy_query().where(c.election_id.in_(ids), c.outcome == CandidateOutcome.ELECTED),
        "post": _post_query().where(p.id == bindparam("post")),
        # an organisation with its posts, a row each (one row, without a post, where it has none)
        "organisation": select(
            o.id, o.acronym, o.name, o.names, o.aliases, o.founded, o.members, p.id.label("post_id"),
            p.title.label("post_title"), models.Region.name.label("post_region"), p.term_years.label("post_term_years"),
        )
        .outerjoin(p, p.organisation_id == o.id)
        .outerjoin(models.Region, p.region_id == models.Region.id)
        .where(o.acronym == bindparam("acronym"))
        .order_by(p.title, models.Region.name),
        "wins": select(c.country, func.sum(elected))
        .join(e, c.election_id == e.id)
        .join(p, e.post_id == p.id)
        .where(p.organisation_id == bindparam("organisation"), c.country.is_not(None))
        .group_by(c.country),
    }


def _latest_won(session: Session, post_ids: list[int]) -> list[int]:
    """The id of each post's last election (by date, then id) that elected someone."""
    latest: dict[int, tuple] = {}
    for post_id, election_id, sort_date, record_id in session.execute(_reads()["won"], {"ids": post_ids}):
        if post_id not in latest or (sort_date, record_id) > latest[post_id][:2]:
            latest[post_id] = (sort_date, record_id, election_id)
    return [election_id for _date, _record, election_id in latest.values()]


def _history(session: Session, post_ids: list[int], holders_only: bool = False) -> dict[int, list[HistoryLine]]:
    """Each post's elections, oldest first; with ``holders_only``, only its holder's (the last that
    elected someone), which is all :meth:`PostSummary.holder` and its term's end need."""
    reads = _reads()
    if holders_only:
        elections = session.execute(reads["elections"], {"ids": _latest_won(session, post_ids)}).all()
    else:
        elections = session.execute(reads["elections of posts"], {"ids": post_ids}).all()
    winners: dict[str, list[CandidacyRow]] = {}
    for row in _candidacy_rows(session.execute(reads["winners"], {"ids": [row.id for row in elections]})):
        winners.setdefault(row.election, []).append(row)
    history: dict[int, list[HistoryLine]] = {post_id: [] for post_id in post_ids}
    for _id, post_id, record_id, date, sort_date, decided, rounds_count in elections:
        history[post_id].append(
            HistoryLine(record_id, date, sort_date, decided, rounds_count, winners.get(record_id, []))
        )
    return history


def post_history(session: Session, post_id: int) -> tuple[PostInfo, list[HistoryLine]] | None:
    """A post and every election for it, oldest first; ``None`` if there is no such post."""
    if not 0 <= post_id <= models.MAX_ID:
        return None
    row = session.execute(_reads()["post"], {"post": post_id}).first()
    if row is None:
        return None
    return _post_info(row), _history(session, [post_id])[post_id]


@dataclass(frozen=True)
class PostSummary:
    """A post of an organisation: its history, and its holder (the last elected) with their term."""

    post: PostInfo
    history: list[HistoryLine]

    @property
    def holder(self) -> HistoryLine | None:
        return next((line for line in reversed(self.history) if line.winners), None)

    def term_end_day(self, line: HistoryLine) -> Date | None:
        """The day a winner's term ends: the end of the post's term or the next election that elected
        someone, whichever comes first (an election that elects no one leaves the holder in office);
        ``None`` if neither is known."""
        ends = [h.when for h in self.history if h.winners and h.when > line.when][:1]
        if self.post.term_years:
            ends.append(_add_years(line.when, self.post.term_years))
        return min(ends) if ends else None

    def term_end(self, line: HistoryLine) -> int | None:
        """The year of :meth:`term_end_day`."""
        day = self.term_end_day(line)
        return day.year if day else None


@dataclass(frozen=True)
class OrganisationPage:
    """An organisation, its posts and ``wins_by_country``: posts won per State whose candidates stood
    for any of its posts (0 for a State that stood and never won). Its elections are listed, a page at
    a time, by :func:`tracker.records.list_elections`."""

    organisation: dict
    posts: list[PostSummary]
    wins_by_country: dict[str, int]


def organisation_page(session: Session, acronym: str, holders_only: bool = False) -> OrganisationPage | None:
    """An organisation: its posts with their holders and histories, and the posts won per nominating
    State. ``holders_only``: each post's history holds only its holder's election (enough for
    :meth:`PostSummary.holder` and its term's end). ``None`` if there is no such organisation."""
    reads = _reads()
    rows = session.execute(reads["organisation"], {"acronym": acronym}).all()
    if not rows:
        return None
    organisation = rows[0]
    posts = [
        PostInfo(
            id=row.post_id, organisation=organisation.acronym, organisation_name=organisation.name,
            organisation_names=organisation.names, title=row.post_title, region=row.post_region,
            term_years=row.post_term_years,
        )
        for row in rows if row.post_id is not None
    ]
    history = _history(session, [p.id for p in posts], holders_only) if posts else {}
    wins = dict(session.execute(reads["wins"], {"organisation": organisation.id}).all())
    info = {name: getattr(organisation, name) for name in ("acronym", "name", "names", "aliases", "founded", "members")}
    return OrganisationPage(info, [PostSummary(p, history[p.id]) for p in posts], wins)


def organisation_acronym(session: Session, acronym: str) -> str | None:
    """The stored acronym that ``acronym`` spells in other case ("interpol" -> "INTERPOL"), if exactly
    one does; else ``None``."""
    folded = acronym.casefold()
    matches = [a for a in session.scalars(select(models.Organisation.acronym)) if a.casefold() == folded]
    return matches[0] if len(matches) == 1 else None


@dataclass(frozen=True)
class OrganisationCounts:
    """An organisation in the list of them: its names, and how many posts and elections it has."""

    acronym: str
    name: str
    names: dict[str, str]
    founded: int | None
    members: int | None
    posts: int
    elections: int


def _per_organisation(ids: Collection[int] | None = None):
    """A statement of each organisation's posts and elections, by organisation id (``ids`` only,
    where given): its posts counted and their kept counts of elections summed (:mod:`tracker.counters`),
    not every election counted (PostgreSQL took 6–10 ms for that)."""
    p = models.Post
    query = select(p.organisation_id, func.count().label("posts"), func.sum(p.elections_count).label("elections"))
    if ids is not None:
        query = query.where(p.organisation_id.in_(ids))
    return query.group_by(p.organisation_id)


@dataclass(frozen=True)
class MostElections:
    """The organisations with the most elections (``shown``, by acronym), how many organisations have
    an election (``listed``) and how many elections there are."""

    shown: list[OrganisationCounts]
    listed: int
    elections: int


def most_elections(session: Session, count: int) -> MostElections:
    """The ``count`` organisations with the most elections (ties: the first acronyms), by acronym.
    One SQL statement, whatever the number of organisations: window functions count the
    organisations with an election and sum their elections before the limit."""
    o = models.Organisation
    counted = _per_organisation().subquery()
    query = (
        select(
            *_organisation_counts(o, counted),
            func.count().over().label("listed"), func.sum(counted.c.elections).over().label("total"),
        )
        .join(counted, counted.c.organisation_id == o.id)
        .where(counted.c.elections > 0)
        .order_by(counted.c.elections.desc(), o.acronym)
        .limit(count)
    )
    rows = session.execute(query).all()
    shown = sorted((OrganisationCounts(*row[:-2]) for row in rows), key=lambda found: found.acronym)
    return MostElections(shown, rows[0].listed if rows else 0, int(rows[0].total) if rows else 0)


def _organisation_counts(o, counted) -> tuple:
    """The columns of :class:`OrganisationCounts`, in its order, from an organisation and its row of
    :func:`_per_organisation` (none where it has no post)."""
    return (
        o.acronym, o.name, o.names, o.founded, o.members,
        func.coalesce(counted.c.posts, 0), func.coalesce(counted.c.elections, 0),
    )


def organisation_list(session: Session, ids: Collection[int] | None = None) -> list[OrganisationCounts]:
    """Every organisation (or those ``ids`` names) by acronym, with its names and how many posts and
    elections it has (as attributes: a template reads those sooner than a dict's keys). One SQL
    statement (:func:`_per_organisation`)."""
    o = models.Organisation
    counted = _per_organisation(ids).subquery()
    query = (
        select(*_organisation_counts(o, counted))
        .outerjoin(counted, counted.c.organisation_id == o.id)
        .order_by(o.acronym)
    )
    if ids is not None:
        query = query.where(o.id.in_(ids))
    return [OrganisationCounts(*row) for row in session.execute(query)]


# --- comparing -----------------------------------------------------------------------------------

MAX_COMPARED = 6


@dataclass(frozen=True)
class Series:
    """The candidacies of one person (``kind == "person"``, ``ident`` their id) or one State
    (``kind == "country"``, ``ident`` its ISO alpha-3 code), for comparisons."""

    kind: str
    ident: int | str
    label: str
    rows: list[CandidacyRow] | list[Point]

    @property
    def tally(self) -> Tally:
        return tally(self.rows)


def compare(
    session: Session, persons: list[int], countries: list[str], language: str = "en", points: bool = False
) -> tuple[list[Series], list[str]]:
    """Each person and country side by side: their :class:`Series` in the order asked (persons first),
    labelled in ``language`` where a name in it is recorded, and a message (translated) for each id or
    code that names no person or country. The series hold :class:`CandidacyRow`, or with ``points``
    the lighter :class:`Point` (a page reads the rows it lists by id: :func:`candidacies_by_id`)."""
    known = {}
    possible = [p for p in persons if 0 <= p <= models.MAX_ID]
    if possible:
        query = select(models.Person.id, models.Person.name, models.Person.names).where(models.Person.id.in_(possible))
        known = {i: names.get(language) or name for i, name, names in session.execute(query)}
    missing = [gettext("No person has the id %(id)s.", id=p) for p in persons if p not in known]
    missing += [
        gettext("%(code)r is not an ISO 3166-1 alpha-3 country code (e.g. MAR for Morocco).", code=c)
        for c in countries if not is_country(c)
    ]
    persons = [p for p in persons if p in known]
    countries = [c for c in countries if is_country(c)]
    found: dict[tuple[str, int | str], list] = {("person", p): [] for p in persons}
    found.update({("country", c): [] for c in countries})
    read = _points if points else _rows
    if persons:  # persons and States apart: two plain lookups by index cost less than one with OR
        for row in read(session, models.Candidacy.person_id.in_(persons)):
            found[("person", row.person_id)].append(row)
    if countries:
        for row in read(session, models.Candidacy.country.in_(countries)):
            found[("country", row.country)].append(row)

    def label(kind: str, ident) -> str:
        if kind == "country":
            return country_name(ident, language)
        # the States that nominated the person, in order of first nomination (as person_countries)
        codes = list(dict.fromkeys(row.country for row in found[(kind, ident)] if row.country))
        return f"{known[ident]} ({', '.join(codes)})" if codes else known[ident]

    series = [Series(kind, ident, label(kind, ident), rows) for (kind, ident), rows in found.items()]
    return series, missing


def _add_years(day: Date, years: int) -> Date:
    """``day`` moved on ``years`` years (29 February to 28 February; never past 31 December 9999)."""
    year = min(day.year + years, Date.max.year)
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)


def person_countries(session: Session, person_ids: list[int]) -> dict[int, list[str]]:
    """The States that nominated each person, by code, in order of first nomination; tells apart
    persons of the same name."""
    if not person_ids:
        return {}
    c, e = models.Candidacy, models.Election
    found: dict[int, list[str]] = {}
    rows = session.execute(
        select(c.person_id, c.country).join(e, c.election_id == e.id)
        .where(c.person_id.in_(person_ids), c.country.is_not(None)).order_by(e.sort_date)
    )
    for person_id, country in rows:
        if country not in found.setdefault(person_id, []):
            found[person_id].append(country)
    return found
