"""Reading stored elections back as canonical records, listing them by filter, and the export document."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict
from sqlalchemy import Row, func, select
from sqlmodel import Session

from .. import models
from .format import FORMAT
from .shape import Candidate, ElectionRecord, Round, Shape, Source, canonical, stored_as_is


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _rule(quota: str | None, base: str | None) -> dict | None:
    return {"quota": quota, "base": base} if quota and base else None


def load_record(session: Session, record_id: str) -> dict | None:
    """The stored election ``record_id`` as a canonical election-records/v1 record; ``None`` if absent.

    Issues five SQL statements, whatever the election's size.
    """
    found = _load_chunk(session, [record_id])
    return found[0][1] if found else None


@dataclass(frozen=True)
class StoredElection:
    """An election as its page and its edit forms read it: the canonical ``record``; the ``version``
    it was read at (what an edit begins from); its post's row id; ``persons``, the person row id of
    each candidate key that names a known person; its review columns (``checked_version``,
    ``checked_by``, ``checked_at``) and the actor and user id of its last change in the audit
    (``None`` where none is recorded)."""

    record: dict
    version: int
    post_id: int
    persons: dict[str, int]
    checked_version: int | None
    checked_by: str | None
    checked_at: dt.datetime | None
    last_actor: str | None
    last_user_id: int | None


def load_stored_election(session: Session, record_id: str) -> StoredElection | None:
    """The stored election ``record_id`` with what its page shows besides the record
    (:class:`StoredElection`); ``None`` if absent. Five SQL statements, whatever its size (its row
    carries its last change: an election's page reads nothing more of it)."""
    found = _load_chunk(session, [record_id], read="election")
    if not found:
        return None
    row, record, persons = found[0]
    return StoredElection(
        record, row.version, row.post_id, persons, row.checked_version, row.checked_by, row.checked_at,
        row.last_actor, row.last_user_id,
    )


LOAD_CHUNK = 500


def load_records(session: Session, record_ids: list[str]) -> list[dict]:
    """The stored elections ``record_ids``, in that order, as canonical records (absent ids skipped).

    Five SQL statements per 500 elections, in the session's transaction: a read session's is one
    snapshot (:mod:`tracker.db`), so an election changed meanwhile is read whole, before or after.
    """
    loaded: dict[str, dict] = {}
    for start in range(0, len(record_ids), LOAD_CHUNK):
        loaded.update((row.record_id, record) for row, record, _ in _load_chunk(session, record_ids[start : start + LOAD_CHUNK]))
    return [loaded[r] for r in record_ids if r in loaded]


_PERSON_COLUMNS = ("name", "names", "aliases", "gender")


@cache
def _reads() -> dict[str, sa.Select]:
    """The statements that read records back, built once (a statement is immutable; building these
    took a fifth of the time to read one election), each of the elections whose ids (record ids for
    ``elections``, row ids for the others) are given as the parameter ``ids``."""
    election, post, organisation, region = (
        models.Election.__table__, models.Post.__table__, models.Organisation.__table__, models.Region.__table__
    )
    candidacy, person, rounds, vote, source = (
        models.Candidacy.__table__, models.Person.__table__, models.Round.__table__, models.RoundVote.__table__,
        models.Source.__table__,
    )
    ids = sa.bindparam("ids", expanding=True)
    elections = (
        select(
            election, post.c.title.label("post_title"), organisation.c.acronym.label("organisation_acronym"),
            organisation.c.name.label("organisation_name"), organisation.c.names.label("organisation_names"),
            organisation.c.founded.label("organisation_founded"), organisation.c.members.label("organisation_members"),
            region.c.name.label("region_name"),
        )
        .join(post, election.c.post_id == post.c.id)
        .join(organisation, post.c.organisation_id == organisation.c.id)
        .outerjoin(region, post.c.region_id == region.c.id)
        .where(election.c.record_id.in_(ids))
    )
    return {
        "elections": elections,
        # One election with its last change (its page's review mark).
        "election": elections.add_columns(*last_change_columns()),
        "candidacies": select(
            candidacy, person.c.id.label("person_row"), *(person.c[name].label(f"person_{name}") for name in _PERSON_COLUMNS)
        )
        .outerjoin(person, candidacy.c.person_id == person.c.id)
        .where(candidacy.c.election_id.in_(ids))
        .order_by(candidacy.c.election_id, candidacy.c.position, candidacy.c.id),
        "rounds": select(rounds).where(rounds.c.election_id.in_(ids)).order_by(rounds.c.number),
        "votes": select(vote.c.round_id, vote.c.candidacy_id, vote.c.votes, vote.c.share, vote.c.against)
        .join(rounds, vote.c.round_id == rounds.c.id)
        .where(rounds.c.election_id.in_(ids))
        .order_by(vote.c.id),
        "sources": select(source).where(source.c.election_id.in_(ids)).order_by(source.c.position),
    }


def last_change_columns() -> tuple:
    """The actor and user id of the last change of an election in the audit, as two subqueries
    correlated with the ``election`` table of the select they are added to, labelled ``last_actor``
    and ``last_user_id`` (``None`` where no change is recorded)."""
    audit, election = models.AuditEntry.__table__, models.Election.__table__
    last = select(audit).where(audit.c.record_id == election.c.record_id).order_by(audit.c.id.desc()).limit(1)
    return (
        last.with_only_columns(audit.c.actor).scalar_subquery().label("last_actor"),
        last.with_only_columns(audit.c.user_id).scalar_subquery().label("last_user_id"),
    )


def _load_chunk(session: Session, record_ids: list[str], read: str = "elections") -> list[tuple[Row, dict, dict[str, int]]]:
    """A chunk of elections by record id, each as its election's row (read by the statement
    ``read`` of :func:`_reads`), its canonical record, and the person row id of each candidate key
    that names a known person.

    Rows of the tables, not ORM objects: what is read is made into plain dicts at once, and ORM
    objects cost more to build (an election page spent a third of its time here) and could be stale
    ones the session held already (a write may have changed them with a Core UPDATE)."""
    reads = _reads()
    rows = session.execute(reads[read], {"ids": record_ids}).all()
    election_ids = [row.id for row in rows]
    candidacies, keys = _candidacies(session, election_ids)
    rounds: dict[int, list] = {}
    for rnd in session.execute(reads["rounds"], {"ids": election_ids}):
        rounds.setdefault(rnd.election_id, []).append(rnd)
    votes = _votes(session, election_ids, keys)
    sources: dict[int, list] = {}
    for source in session.execute(reads["sources"], {"ids": election_ids}):
        sources.setdefault(source.election_id, []).append(source)
    found = []
    for row in rows:
        standing = candidacies.get(row.id, [])
        record = _record(row, standing, [_round(r, votes.get(r.id, [])) for r in rounds.get(row.id, [])], sources.get(row.id, []))
        found.append((row, record, {c.key: c.person_id for c, _ in standing if c.person_id is not None}))
    return found


def _candidacies(session: Session, election_ids: list[int]) -> tuple[dict[int, list], dict[int, str]]:
    """Each election's (candidacy, person) rows in order (a person's row ``None`` where the candidacy
    names none), and every candidacy's key by id."""
    candidacies: dict[int, list] = {}
    keys: dict[int, str] = {}
    for row in session.execute(_reads()["candidacies"], {"ids": election_ids}):
        found = None if row.person_row is None else {name: row._mapping[f"person_{name}"] for name in _PERSON_COLUMNS}
        candidacies.setdefault(row.election_id, []).append((row, found))
        keys[row.id] = row.key
    return candidacies, keys


def _votes(session: Session, election_ids: list[int], keys: dict[int, str]) -> dict[int, list[dict]]:
    """Each round's votes by round id, candidates named by key."""
    votes: dict[int, list[dict]] = {}
    for row in session.execute(_reads()["votes"], {"ids": election_ids}):
        votes.setdefault(row.round_id, []).append(
            {"candidate": keys[row.candidacy_id], "votes": row.votes, "share": row.share, "against": row.against}
        )
    return votes


def _as_read(model: type[Shape], table: sa.Table, row, besides: tuple[str, ...] = ()) -> dict:
    """The fields of the shape ``model`` that ``table`` keeps in a column of the same name (but
    ``besides``), read from ``row`` (one of ``table``'s, perhaps with more columns), a date as a day."""
    found = {}
    for name in stored_as_is(model, table.c.keys(), besides=("id", *besides)):
        value = getattr(row, name)
        found[name] = _iso(value) if isinstance(table.c[name].type, sa.Date) else value
    return found


def _record(election, candidacies, rounds, sources) -> dict:
    """A record from its election's row (with its post's, organisation's and region's columns), its
    candidacies' and persons' rows, its rounds (records' rounds already) and its sources' rows."""
    return canonical(
        {
            **_as_read(ElectionRecord, models.Election.__table__, election),
            "id": election.record_id,
            "organisation": {
                "acronym": election.organisation_acronym,
                "name": election.organisation_name,
                "names": election.organisation_names,
                "founded": election.organisation_founded,
                "members": election.organisation_members,
            },
            "post": {"title": election.post_title, "region": election.region_name, "term_years": election.term_years},
            "location": {"city": election.city, "country": election.country},
            "term": {"start": _iso(election.term_start), "end": _iso(election.term_end)},
            "rule": _rule(election.quota, election.base),
            "candidates": [_candidate(candidacy, person) for candidacy, person in candidacies],
            "rounds": rounds,
            **(
                {"reported_elected": [c.key for c, _ in candidacies if c.reported_elected]}
                if election.elected_reported else {}
            ),
            "sources": [_as_read(Source, models.Source.__table__, s) for s in sources],
        }
    )


def _candidate(candidacy, person: dict | None) -> dict:
    return {
        **_as_read(Candidate, models.Candidacy.__table__, candidacy),
        "name": person["name"] if person else candidacy.name,
        "names": person["names"] if person else {},
        "aliases": person["aliases"] if person else [],
        "gender": person["gender"] if person else None,
    }


def _round(rnd, votes: list[dict]) -> dict:
    """A stored round's row as a record's round (made canonical with its election)."""
    return {
        **_as_read(Round, models.Round.__table__, rnd, besides=("standing",)),
        **({"standing": rnd.standing} if rnd.standing is not None else {}),
        **({"rule": rule} if (rule := _rule(rnd.quota, rnd.base)) else {}),  # absent: the election's
        "votes": votes if rnd.for_against else [{k: v for k, v in vote.items() if k != "against"} for vote in votes],
    }


@dataclass(frozen=True)
class ElectionFilter:
    """Which elections to list or export; ``None`` fields do not filter.

    ``country``: an ISO alpha-3 code of a nominating State (any candidate); ``post``: a post's title
    or its whole label with the region ("Vice-President for Africa"), any case; years are inclusive.
    """

    organisation: str | None = None
    post: str | None = None
    region: str | None = None
    country: str | None = None
    year_from: int | None = None
    year_to: int | None = None

    def where(self) -> list:
        """SQL conditions on Election joined with Post, Organisation and Region."""
        conditions = []
        if self.organisation:  # as the election's posts, so that an index finds its elections among all
            posts = select(models.Post.id).join(models.Organisation, models.Post.organisation_id == models.Organisation.id)
            conditions.append(
                models.Election.post_id.in_(posts.where(func.lower(models.Organisation.acronym) == self.organisation.lower()))
            )
        if self.post:  # its title ("Vice-President") or its whole label ("Vice-President for Africa")
            label = models.Post.title + " for " + func.coalesce(models.Region.name, "")
            conditions.append(sa.or_(func.lower(models.Post.title) == self.post.lower(), func.lower(label) == self.post.lower()))
        if self.region:
            conditions.append(func.lower(models.Region.name) == self.region.lower())
        if self.country:
            conditions.append(
                models.Election.id.in_(
                    select(models.Candidacy.election_id).where(models.Candidacy.country == self.country.upper())
                )
            )
        if self.year_from is not None:
            conditions.append(models.Election.sort_date >= dt.date(self.year_from, 1, 1))
        if self.year_to is not None:
            conditions.append(models.Election.sort_date <= dt.date(self.year_to, 12, 31))
        return conditions


class ElectionHeading(BaseModel):
    """How a list names an election: the elections list, the API's summaries, the upcoming page and
    feed, the editors' lists. Its fields are the columns :func:`headings` selects, by these names."""

    model_config = ConfigDict(frozen=True, from_attributes=True, extra="ignore")

    id: str
    date: str
    organisation: str
    post: str
    region: str | None
    body: str
    session: str | None
    city: str | None
    country: str | None

    @classmethod
    def of_record(cls, record: dict) -> ElectionHeading:
        """The heading of an election-records/v1 record (one deleted, from its history)."""
        location = record.get("location") or {}
        return cls(
            id=record["id"], date=record["date"], organisation=record["organisation"]["acronym"],
            post=record["post"]["title"], region=record["post"].get("region"), body=record["body"],
            session=record.get("session"), city=location.get("city"), country=location.get("country"),
        )


def headings(*more):
    """A select of :class:`ElectionHeading`'s columns (and ``more``) over elections, their posts,
    organisations and regions; the caller adds what selects and orders them."""
    e, p, o, r = models.Election, models.Post, models.Organisation, models.Region
    columns = {
        "id": e.record_id, "date": e.date, "organisation": o.acronym, "post": p.title, "region": r.name,
        "body": e.body, "session": e.session, "city": e.city, "country": e.country,
    }
    return (
        select(*(column.label(name) for name, column in columns.items()), *more)
        .join(p, e.post_id == p.id)
        .join(o, p.organisation_id == o.id)
        .outerjoin(r, p.region_id == r.id)
    )


def _elected(column):
    """A subquery: ``column`` over the candidates elected in each listed election (none: NULL)."""
    c = models.Candidacy
    return (
        select(column)
        .select_from(c)
        .outerjoin(models.Person, c.person_id == models.Person.id)
        .where(c.election_id == models.Election.id, c.outcome == "elected")
        .scalar_subquery()
    )


@cache
def _orders() -> dict:
    """What the elections list sorts by, by the name ``?sort=`` gives (``-name``: descending). The
    winner's name and votes are those of the elected candidates (the first name, the most votes);
    elections with none come last either way. Built once: statements are immutable, and the
    subqueries took longer to build than a short list to run."""
    e, c = models.Election, models.Candidacy
    return {
        "date": [e.sort_date],
        "organisation": [models.Organisation.acronym, e.sort_date],
        "post": [models.Post.title, models.Region.name, e.sort_date],
        "body": [e.body, e.session, e.sort_date],
        "place": [e.city, e.country, e.sort_date],
        "winner": [_elected(func.min(func.coalesce(models.Person.name, c.name, c.country)))],
        "votes": [_elected(func.max(c.final_votes))],
    }


ORDERS = ("date", "organisation", "post", "body", "place", "winner", "votes")  # ?sort= of the elections list


def _listing(filters: ElectionFilter, order: str = "-date"):
    descending = order.startswith("-")
    e = models.Election
    if order.lstrip("-") == "date":  # (never NULL) newest first as ix_election_newest reads, a page off it
        return headings().where(*filters.where()).order_by(e.sort_date.desc() if descending else e.sort_date, e.record_id)
    columns = _orders()[order.lstrip("-")]
    return headings().where(*filters.where()).order_by(
        *((column.desc() if descending else column.asc()).nulls_last() for column in columns),
        e.sort_date.desc(),
        e.record_id,
    )


def list_elections(
    session: Session, filters: ElectionFilter = ElectionFilter(), limit: int | None = None, offset: int = 0,
    order: str = "-date",
) -> list[dict]:
    """Elections matching ``filters``, newest first, as plain rows (the fields of
    :class:`ElectionHeading`). ``order`` sorts them otherwise: a name of :data:`ORDERS`, with a
    leading ``-`` for descending; ties stay newest first."""
    query = _listing(filters, order).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return [dict(row._mapping) for row in session.execute(query)]


def count_elections(session: Session, filters: ElectionFilter = ElectionFilter()) -> int:
    """How many elections match ``filters``."""
    conditions = filters.where()
    if not conditions:  # every election has a post, which keeps its count (tracker.counters)
        return session.scalar(select(func.coalesce(func.sum(models.Post.elections_count), 0)))
    return session.scalar(select(func.count()).select_from(_listing(filters).order_by(None).subquery()))


def export_document(records: list[dict]) -> dict:
    """An election-records/v1 document holding ``records``."""
    return {"format": FORMAT, "elections": records}


def load_organisation_name(session: Session, acronym: str) -> str | None:
    """The stored full name of the organisation ``acronym``."""
    return session.scalar(select(models.Organisation.name).where(models.Organisation.acronym == acronym))


def same_elections(session: Session, record: dict) -> list[dict]:
    """Stored elections of ``record``'s organisation, post, region and date (as listed: id, date,
    body, post...): the same election entered twice, unless the editor says otherwise."""
    post = record["post"]
    year = int(record["date"][:4])
    filters = ElectionFilter(
        organisation=record["organisation"]["acronym"], post=post["title"], region=post.get("region"),
        year_from=year, year_to=year,
    )
    return [row for row in list_elections(session, filters) if row["date"] == record["date"] and row["region"] == post.get("region")]


def suggestions(session: Session) -> dict[str, list[str]]:
    """What is recorded already, to offer while typing (so that "UN" and "United Nations" do not
    become two organisations): organisations' acronyms, bodies, post titles and regions, sorted."""
    def distinct(column) -> list[str]:
        return sorted(session.scalars(select(column).distinct()).all(), key=str.casefold)

    return {
        "organisations": distinct(models.Organisation.acronym), "bodies": distinct(models.Election.body),
        "posts": distinct(models.Post.title), "regions": distinct(models.Region.name),
    }
