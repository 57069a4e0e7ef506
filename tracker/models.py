"""Database tables (SQLModel). Tables only: queries live with the area that asks them.

Unknown figures are NULL, never 0. Counts carry ``CHECK (x >= 0)``. Countries are ISO 3166-1 alpha-3
codes; their names come from pycountry (:mod:`tracker.countries`). SQLModel tables do not validate on
``__init__``: the importer and the forms validate before anything is stored.
"""

import datetime as dt
from typing import Optional

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    UniqueConstraint,
    false,
    text,
)
from sqlmodel import Field, Relationship, SQLModel

from .records.shape import limit  # the longest text of each field of a record, written once there

MAX_ID = 2**31 - 1  # ids are 32-bit integers on PostgreSQL: a larger one names no row


def _fk(target: str, nullable: bool = False, ondelete: str = "CASCADE"):
    """An indexed foreign key column to ``target`` (``table.column``)."""
    return Field(
        default=None,
        sa_column=Column(Integer, ForeignKey(target, ondelete=ondelete), nullable=nullable, index=True),
    )


def _count(*, description: str = "") -> Field:
    return Field(default=None, ge=0, description=description)


def _non_negative(table: str, *columns: str) -> list[CheckConstraint]:
    return [CheckConstraint(f"{c} IS NULL OR {c} >= 0", name=f"ck_{table}_{c}_non_negative") for c in columns]


class Organisation(SQLModel, table=True):
    """An international organisation (INTERPOL, FIFA...), known by its acronym."""

    id: int | None = Field(default=None, primary_key=True)
    acronym: str = Field(unique=True, max_length=limit("organisation.acronym"))
    name: str = Field(max_length=limit("organisation.name"))
    names: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    aliases: list[str] = Field(
        default_factory=list,
        sa_column=Column(JSON, nullable=False, server_default="[]"),
        description='other names and spellings it is known by, in any script ("الأنتربول", "OIPC")',
    )
    founded: int | None = None
    members: int | None = _count()
    search_text: str = Field(
        default="", sa_column_kwargs={"server_default": ""},
        description="every name and alias, folded, without spaces, separated by |; for search (tracker.searchindex)",
    )

    __table_args__ = tuple(_non_negative("organisation", "members"))


class Region(SQLModel, table=True):
    """An organisation's own electoral grouping (INTERPOL: Africa, Americas, Asia, Europe)."""

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = _fk("organisation.id")
    name: str = Field(max_length=limit("post.region"))
    names: dict[str, str] = Field(
        default_factory=dict,
        sa_column=Column(JSON, nullable=False, server_default="{}"),
        description='the name in other languages, by BCP 47 tag ({"fr": "Afrique", "ar": "أفريقيا"})',
    )

    __table_args__ = (UniqueConstraint("organisation_id", "name", name="uq_region_name"),)


class Post(SQLModel, table=True):
    """An office filled by election, possibly tied to a region."""

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = _fk("organisation.id")
    region_id: int | None = _fk("region.id", nullable=True, ondelete="RESTRICT")
    title: str = Field(max_length=limit("post.title"))
    names: dict[str, str] = Field(
        default_factory=dict,
        sa_column=Column(JSON, nullable=False, server_default="{}"),
        description='the title in other languages, by BCP 47 tag ({"fr": "Vice-président", "ar": "نائب الرئيس"})',
    )
    seats: int = Field(default=1, ge=1)
    term_years: int | None = None
    search_text: str = Field(
        default="", sa_column_kwargs={"server_default": ""},
        description="its title and region in every language and its organisation's names, folded; for search",
    )
    elections_count: int = Field(
        default=0, sa_column_kwargs={"server_default": "0"},
        description="computed: its elections, kept by the database's triggers (tracker.counters)",
    )

    __table_args__ = (
        UniqueConstraint("organisation_id", "title", "region_id", name="uq_post_title"),
        CheckConstraint("seats >= 1", name="ck_post_seats"),
        CheckConstraint("term_years IS NULL OR term_years >= 1", name="ck_post_term_years"),
    )


class Person(SQLModel, table=True):
    """A human being, kept once across elections, with names in every script they are known by."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=limit("candidates[].name"), description="as usually written in Latin script")
    names: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    aliases: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    gender: str | None = Field(default=None, max_length=10)
    search_text: str = Field(default="", description="every spelling, folded, separated by |; for search")
    merged_into_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("person.id", ondelete="SET NULL", name="fk_person_merged_into"), nullable=True, index=True
        ),
        description="set when this person was merged into another: the old page redirects there",
    )


class Election(SQLModel, table=True):
    """One contest for one post at one session of a body.

    ``date`` keeps the precision the sources give (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``);
    ``sort_date`` is its first day, for ordering. ``quota`` and ``base`` are NULL where no source gives
    the rule.
    """

    id: int | None = Field(default=None, primary_key=True)
    record_id: str = Field(unique=True, max_length=limit("id"), description="the election-records/v1 id")
    post_id: int = _fk("post.id", ondelete="RESTRICT")
    status: str = Field(default="held", max_length=12)
    body: str = Field(max_length=limit("body"))
    session: str | None = Field(default=None, max_length=limit("session"))
    date: str = Field(max_length=limit("date"))
    sort_date: dt.date = Field(index=True)
    end_date: dt.date | None = None
    city: str | None = Field(default=None, max_length=limit("location.city"))
    country: str | None = Field(default=None, min_length=3, max_length=limit("location.country"))
    electorate: int | None = _count()
    seats: int = Field(default=1, ge=1)
    quota: str | None = Field(default=None, max_length=20)
    base: str | None = Field(default=None, max_length=20)
    term_start: dt.date | None = None
    term_end: dt.date | None = None
    term_years: int | None = Field(
        default=None, description="the record's post.term_years: a post's term may change over the years"
    )
    unnamed_candidates: int | None = _count()
    rounds_held: int | None = None
    notes: str | None = None
    related: list[dict] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    elected_reported: bool = Field(
        default=False,
        sa_column_kwargs={"server_default": false()},
        description="the sources report who was elected (the candidacies' reported_elected), possibly no one",
    )
    record_hash: str | None = Field(default=None, max_length=64, description="of the record as last imported")
    decided: bool = Field(default=False, description="computed: the figures settle the outcome")
    rounds_count: int = Field(default=0, description="computed: rounds recorded")
    version: int = Field(default=1, description="raised by every change; an edit names the one it began from")
    checked_version: int | None = Field(
        default=None, description="the version an editor checked against its sources; a later change outdates it"
    )
    checked_by: str | None = Field(default=None, max_length=254, description="who checked it (an editor's email)")
    checked_at: dt.datetime | None = None

    candidacies: list["Candidacy"] = Relationship(
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "order_by": "Candidacy.position"}
    )
    rounds: list["Round"] = Relationship(
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "order_by": "Round.number"}
    )
    sources: list["Source"] = Relationship(
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "order_by": "Source.position"}
    )

    __table_args__ = (
        CheckConstraint("seats >= 1", name="ck_election_seats"),
        CheckConstraint("rounds_held IS NULL OR rounds_held >= 1", name="ck_election_rounds_held"),
        CheckConstraint("term_years IS NULL OR term_years >= 1", name="ck_election_term_years"),
        CheckConstraint("(quota IS NULL) = (base IS NULL)", name="ck_election_rule_whole"),
        *_non_negative("election", "electorate", "unnamed_candidates"),
        # Newest first, as lists show them: the latest results and the elections list read a page of it.
        Index("ix_election_newest", text("sort_date DESC"), "record_id"),
        # The few elections still to be held, soonest first (the home page, /upcoming).
        Index(
            "ix_election_scheduled", "sort_date", "record_id",
            sqlite_where=text("status = 'scheduled'"), postgresql_where=text("status = 'scheduled'"),
        ),
    )


class Candidacy(SQLModel, table=True):
    """One candidate standing in one election, nominated by a State (``country``) or another member.

    ``person_id`` is NULL where the candidate is a State (``kind == "state"``) or sources name only the
    nominating State.
    """

    id: int | None = Field(default=None, primary_key=True)
    election_id: int = _fk("election.id")
    person_id: int | None = _fk("person.id", nullable=True, ondelete="RESTRICT")
    key: str = Field(max_length=limit("candidates[].key"), description="unique within the election; rounds refer to it")
    name: str | None = Field(default=None, max_length=limit("candidates[].name"), description="where the candidate is no person")
    position: int = Field(default=0, description="order in which the record lists candidates")
    kind: str = Field(default="person", max_length=10)
    country: str | None = Field(default=None, min_length=3, max_length=limit("candidates[].country"), index=True)
    nominated_by: str | None = Field(default=None, max_length=limit("candidates[].nominated_by"))
    affiliation: str | None = Field(default=None, max_length=limit("candidates[].affiliation"))
    declared: bool = True
    reported_elected: bool = False
    # Computed from the election's figures whenever it is stored (tracker.results.candidate_results):
    outcome: str = Field(default="undecided", max_length=12)  # no index: a few values, each held by thousands
    elected_round: int | None = None
    final_votes: int | None = None
    final_share: float | None = None
    margin: int | None = None

    person: Optional["Person"] = Relationship()

    __table_args__ = (
        UniqueConstraint("election_id", "key", name="uq_candidacy_key"),
        UniqueConstraint("election_id", "person_id", name="uq_candidacy_person"),
    )


class Round(SQLModel, table=True):
    """One ballot of an election. ``quota``/``base`` override the election's rule when set.

    ``required_majority`` is the figure a source reports. List-valued fields hold candidacy keys.
    """

    id: int | None = Field(default=None, primary_key=True)
    election_id: int = _fk("election.id")
    number: int = Field(ge=1)
    label: str | None = Field(default=None, max_length=limit("rounds[].label"))
    kind: str = Field(default="ordinary", max_length=12)
    date: dt.date | None = None
    quota: str | None = Field(default=None, max_length=20)
    base: str | None = Field(default=None, max_length=20)
    electorate: int | None = _count()
    ballots_cast: int | None = _count()
    invalid: int | None = _count()
    abstentions: int | None = _count()
    present_and_voting: int | None = _count()
    required_majority: int | None = _count()
    share_of: str = Field(default="valid_votes", max_length=20)
    for_against: bool = Field(
        default=False,
        sa_column_kwargs={"server_default": false()},
        description="members voted for or against each nominee: a NULL against is unknown, not absent",
    )
    standing: list[str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    withdrawn: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    eliminated: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    decided_by_lot: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    derived: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    sources: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    disputed: list[dict] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    notes: str | None = None

    votes: list["RoundVote"] = Relationship(
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "order_by": "RoundVote.id"}
    )

    __table_args__ = (
        UniqueConstraint("election_id", "number", name="uq_round_number"),
        CheckConstraint("number >= 1", name="ck_round_number"),
        CheckConstraint("(quota IS NULL) = (base IS NULL)", name="ck_round_rule_whole"),
        *_non_negative(
            "round",
            "electorate",
            "ballots_cast",
            "invalid",
            "abstentions",
            "present_and_voting",
            "required_majority",
        ),
    )


class RoundVote(SQLModel, table=True):
    """One candidacy's figures in one round: votes, share (percent) or votes against."""

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = _fk("round.id")
    candidacy_id: int = _fk("candidacy.id")
    votes: int | None = _count()
    share: float | None = Field(default=None, ge=0, le=100)
    against: int | None = _count()

    candidacy: Optional["Candidacy"] = Relationship()

    __table_args__ = (
        UniqueConstraint("round_id", "candidacy_id", name="uq_round_vote"),
        CheckConstraint("share IS NULL OR (share >= 0 AND share <= 100)", name="ck_round_vote_share"),
        *_non_negative("round_vote", "votes", "against"),
    )


class Source(SQLModel, table=True):
    """Where an election's figures come from."""

    id: int | None = Field(default=None, primary_key=True)
    election_id: int = _fk("election.id")
    position: int = 0
    url: str = Field(max_length=limit("sources[].url"))
    title: str | None = Field(default=None, max_length=limit("sources[].title"))
    publisher: str | None = Field(default=None, max_length=limit("sources[].publisher"))
    language: str | None = Field(default=None, max_length=limit("sources[].language"))
    published: dt.date | None = None
    accessed: dt.date | None = None

    __table_args__ = (UniqueConstraint("election_id", "url", name="uq_source_url"),)


class User(SQLModel, table=True):
    """Someone who may sign in: an editor changes election data, an admin also manages accounts.

    ``password_hash`` is an Argon2id hash (:mod:`tracker.accounts.users`); the password itself is never stored.
    """

    __tablename__ = "app_user"  # "user" is reserved in PostgreSQL

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(unique=True, max_length=254, description="lower case")
    password_hash: str = Field(max_length=200)
    role: str = Field(max_length=10, description="editor or admin")
    active: bool = Field(default=True)
    created_at: dt.datetime
    session_token: str = Field(max_length=64, description="in every session cookie; changed at sign-out")

    __table_args__ = (CheckConstraint("role IN ('editor', 'admin')", name="ck_user_role"),)


class AuditEntry(SQLModel, table=True):
    """One change to an election: who made it, when, and the whole record before and after.

    ``action``: ``create``, ``update`` or ``delete``. ``before`` is NULL for a creation, ``after`` for a
    deletion; both are canonical election-records/v1 records. ``record_id`` is not a foreign key, so
    the history of a deleted election stays. ``version`` is the election's version after the change
    (for a deletion, the version deleted).
    """

    id: int | None = Field(default=None, primary_key=True)
    record_id: str = Field(max_length=limit("id"), index=True)
    action: str = Field(max_length=10)
    version: int
    at: dt.datetime = Field(index=True)
    actor: str = Field(max_length=254, description="the user's email, or how the change was made")
    user_id: int | None = _fk("app_user.id", nullable=True, ondelete="SET NULL")
    note: str | None = Field(default=None, max_length=300)
    before: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    after: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))

    __table_args__ = (CheckConstraint("action IN ('create', 'update', 'delete')", name="ck_audit_action"),)


class PersonChange(SQLModel, table=True):
    """One change to persons that no election record holds: names corrected, two persons merged, a
    candidacy split off a person it was matched to by mistake. ``before`` and ``after`` hold what is
    needed to undo it (the persons' rows, the candidacies moved), so it can be reverted.

    ``action``: ``edit``, ``merge``, ``split`` or ``revert``.
    """

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(index=True, description="the person the change is about (kept, or merged into)")
    action: str = Field(max_length=10)
    at: dt.datetime = Field(index=True)
    actor: str = Field(max_length=254)
    user_id: int | None = _fk("app_user.id", nullable=True, ondelete="SET NULL")
    before: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    after: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    reverted_by: int | None = Field(default=None, description="the change that undid this one")

    __table_args__ = (CheckConstraint("action IN ('edit', 'merge', 'split', 'revert')", name="ck_person_change_action"),)


class DataVersion(SQLModel, table=True):
    """One row: a counter that every transaction writing data raises (:mod:`tracker.freshness`). Pages
    and API answers are cached, and their ETags made, under the version they show."""

    __tablename__ = "data_version"

    id: int = Field(default=1, primary_key=True)
    version: int = Field(default=1)
