"""The search index: every name, alias and label of organisations, posts and persons, in every script,
folded (:func:`tracker.folding.fold`), in an index the database searches by substring.

What is indexed: each row's ``search_text`` (``organisation``, ``post``, ``person``): its folded
spellings between ``|``, without spaces, so that a compound name is found written either way
("عبد الرحمن" and "عبدالرحمن", "Abdul Rahman" and "Abdulrahman"; a query's words are looked for one
by one, so "rahman abdul" finds both too). A post's text holds its title and region in every language
and its organisation's acronym, names and aliases ("INTERPOL Vice-President for Africa").

How it is indexed: on SQLite, an FTS5 table per kind with the trigram tokenizer (``person_fts``...),
kept equal to the rows by triggers; on PostgreSQL, a pg_trgm GIN index on the same expression. Both
answer ``LIKE '%word%'`` from the index for words of three letters or more (shorter ones are checked
on the rows the longer ones found, or, alone, by reading the rows).

How it is kept current: persons' ``search_text`` is set wherever a person is written (the importer,
:mod:`tracker.persons.changes`); organisations' and posts' are set again by :func:`refresh` in the
very transaction that wrote an organisation, post or region, whatever wrote it (a listener on the
engine, :mod:`tracker.freshness`), before it commits: a name just edited is found at once.
"""

from __future__ import annotations

from sqlalchemy import and_, bindparam, column, func, literal_column, select, table, update
from sqlalchemy.engine import Connection

from . import models
from .folding import fold

KINDS = ("organisation", "post", "person")
NAME_TABLES = {"organisation", "post", "region"}  # a write to one of these refreshes organisations' and posts' texts
# Words that join a post to its region in the three languages ("Vice-President for Africa").
REGION_CONNECTORS = ("for", "pour", "عن")


def squashed(texts) -> str:
    """``texts`` folded, each between ``|``, spaces removed: what the index holds for one row."""
    return "|" + "|".join(sorted({fold(t).replace(" ", "") for t in texts if t and fold(t)})) + "|"


def organisation_text(acronym: str, name: str, names: dict, aliases: list) -> str:
    """The searchable text of an organisation."""
    return squashed([acronym, name, *names.values(), *aliases])


def post_text(title: str, names: dict, organisation: tuple, region: tuple | None) -> str:
    """The searchable text of a post: ``organisation`` is (acronym, name, names, aliases), ``region``
    (name, names) or None."""
    texts = [title, *names.values(), *organisation[:2], *organisation[2].values(), *organisation[3]]
    if region:
        texts += [region[0], *(region[1] or {}).values(), *REGION_CONNECTORS]
    return squashed(texts)


def refresh(connection: Connection) -> int:
    """Set every organisation's and post's ``search_text`` that is not what their names make it now,
    in ``connection``'s transaction; returns how many rows changed. Reads every organisation, region
    and post (a few thousand rows at most): called only by transactions that wrote one of them."""
    o, r, p = models.Organisation.__table__, models.Region.__table__, models.Post.__table__
    organisations = {row.id: row for row in connection.execute(select(o.c.id, o.c.acronym, o.c.name, o.c.names, o.c.aliases, o.c.search_text))}
    regions = {row.id: (row.name, row.names) for row in connection.execute(select(r.c.id, r.c.name, r.c.names))}
    changed_organisations = []
    for row in organisations.values():
        text = organisation_text(row.acronym, row.name, row.names or {}, row.aliases or [])
        if text != row.search_text:
            changed_organisations.append({"_id": row.id, "search_text": text})
    changed_posts = []
    for row in connection.execute(select(p.c.id, p.c.title, p.c.names, p.c.organisation_id, p.c.region_id, p.c.search_text)):
        owner = organisations[row.organisation_id]
        text = post_text(
            row.title, row.names or {}, (owner.acronym, owner.name, owner.names or {}, owner.aliases or []),
            regions.get(row.region_id) if row.region_id else None,
        )
        if text != row.search_text:
            changed_posts.append({"_id": row.id, "search_text": text})
    for written, rows in ((o, changed_organisations), (p, changed_posts)):
        if rows:
            connection.execute(update(written).where(written.c.id == bindparam("_id")).values(search_text=bindparam("search_text")), rows)
    return len(changed_organisations) + len(changed_posts)


def words_of(query: str) -> list[str]:
    """The folded words of ``query`` (LIKE's wildcards and escape taken out: no name holds them)."""
    folded = fold(query)
    for wildcard in "%_\\":
        folded = folded.replace(wildcard, " ")
    return folded.split()


def matches(connection_or_session, kind: str, words: list[str]):
    """A condition on the rows of ``kind`` (``organisation``, ``post`` or ``person``): their names
    hold every one of ``words`` (folded, as :func:`words_of` gives them), answered from the index. On
    PostgreSQL a condition on the row itself, which its trigram index answers (as ``id IN (...)``
    of the same table, the planner joined every person to the few found); on SQLite, the row's id
    among those the FTS5 table finds."""
    rows = {"organisation": models.Organisation, "post": models.Post, "person": models.Person}[kind].__table__
    # the very expression of the index, constants written out (bound parameters would not match it)
    indexed = func.replace(rows.c.search_text, literal_column("' '"), literal_column("''"))
    if connection_or_session.get_bind().dialect.name != "sqlite":
        return and_(*[indexed.like(f"%{word}%") for word in sorted(words, key=len, reverse=True)])
    # FTS5's trigrams find words of three letters or more; a shorter one is checked on the rows they
    # found (SQLite 3.40 takes a word of two Arabic letters, four bytes, for a trigram and finds nothing)
    trigrams = [word for word in words if len(word) >= 3]
    short = [indexed.like(f"%{word}%") for word in words if len(word) < 3]
    if not trigrams:
        return and_(*short)
    fts = table(f"{kind}_fts", column("rowid"), column("text"))
    found = select(fts.c.rowid).where(*[fts.c.text.like(f"%{word}%") for word in trigrams])
    return and_(rows.c.id.in_(found), *short)


# --- the index itself, made by migration 0006 --------------------------------------------------------


def create_index(connection: Connection) -> None:
    """Make the index for the database of ``connection`` (and fill it from the rows)."""
    if connection.dialect.name == "sqlite":
        for kind in KINDS:
            text = "replace({row}.search_text, ' ', '')"
            connection.exec_driver_sql(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {kind}_fts USING fts5(text, tokenize = 'trigram')"
            )
            connection.exec_driver_sql(f"DELETE FROM {kind}_fts")
            connection.exec_driver_sql(f"INSERT INTO {kind}_fts (rowid, text) SELECT id, {text.format(row=kind)} FROM {kind}")
            connection.exec_driver_sql(
                f"CREATE TRIGGER IF NOT EXISTS {kind}_fts_insert AFTER INSERT ON {kind} BEGIN "
                f"INSERT INTO {kind}_fts (rowid, text) VALUES (new.id, {text.format(row='new')}); END"
            )
            connection.exec_driver_sql(
                f"CREATE TRIGGER IF NOT EXISTS {kind}_fts_update AFTER UPDATE OF search_text ON {kind} BEGIN "
                f"UPDATE {kind}_fts SET text = {text.format(row='new')} WHERE rowid = old.id; END"
            )
            connection.exec_driver_sql(
                f"CREATE TRIGGER IF NOT EXISTS {kind}_fts_delete AFTER DELETE ON {kind} BEGIN "
                f"DELETE FROM {kind}_fts WHERE rowid = old.id; END"
            )
    elif connection.dialect.name == "postgresql":
        connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for kind in KINDS:
            connection.exec_driver_sql(
                f"CREATE INDEX IF NOT EXISTS ix_{kind}_search_trgm ON {kind} "
                f"USING gin ((replace(search_text, ' ', '')) gin_trgm_ops)"
            )


def drop_index(connection: Connection) -> None:
    """Drop what :func:`create_index` made (the pg_trgm extension stays: other databases' tables may use it)."""
    for kind in KINDS:
        if connection.dialect.name == "sqlite":
            for trigger in ("insert", "update", "delete"):
                connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {kind}_fts_{trigger}")
            connection.exec_driver_sql(f"DROP TABLE IF EXISTS {kind}_fts")
        elif connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"DROP INDEX IF EXISTS ix_{kind}_search_trgm")


def is_index_object(name: str | None) -> bool:
    """Whether ``name`` is a table or index of the search index (which the models do not describe)."""
    return bool(name) and (name.endswith("_search_trgm") or any(name.startswith(f"{kind}_fts") for kind in KINDS))
