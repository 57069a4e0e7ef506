"""Names of organisations, posts and regions in the interface's languages, and organisations' aliases.

The election-records/v1 format carries an organisation's names per language, but no names of posts or
regions and no organisation aliases. Those live in the database only (``Post.names``,
``Region.names``, ``Organisation.aliases``): editors set them on an organisation's names page, ``flask
seed`` sets them for the founding organisations from ``tracker/data/names.json``, and exports leave
them out (the format has no field for them). A post's title is named once per organisation: every
post of that title (Vice-President for Africa, for Europe...) takes the same names.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from sqlalchemy import String, cast, literal, select, union_all, update
from sqlmodel import Session

from . import models

LANGUAGES = ("fr", "ar")  # besides English, in which titles, region names and organisation names are stored


def stored_label(title: str, region: str | None) -> str:
    """A post as stored, in English: "Vice-President for Africa", or its title alone."""
    return f"{title} for {region}" if region else title


@dataclass(frozen=True)
class Glossary:
    """Every post title's and region's names per language, keyed by (organisation acronym, English
    title or name); each value maps a language tag to the name in that language."""

    posts: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    regions: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)

    def post_parts(self, organisation: str, title: str, region: str | None, language: str) -> tuple[str, str | None] | None:
        """The post's title and region in ``language``, or ``None`` unless both (the title alone for a
        post with no region) are named in it: half a name in one language and half in another reads
        badly, and backwards in a right-to-left page."""
        shown_title = self.posts.get((organisation, title), {}).get(language)
        shown_region = self.regions.get((organisation, region), {}).get(language) if region else None
        if not shown_title or (region and not shown_region):
            return None
        return shown_title, shown_region


def load_glossary(session: Session) -> Glossary:
    """Names of every post title and region that has any, in one query whatever the data's size."""
    o, p, r = models.Organisation, models.Post, models.Region
    named = lambda column: cast(column, String) != "{}"  # noqa: E731  (most posts and regions have none)
    posts = select(literal("post"), o.acronym, p.title, p.names).join(o, p.organisation_id == o.id).where(named(p.names))
    regions = select(literal("region"), o.acronym, r.name, r.names).join(o, r.organisation_id == o.id).where(named(r.names))
    glossary = Glossary()
    for kind, acronym, english, names in session.execute(union_all(posts, regions)):
        if names:
            (glossary.posts if kind == "post" else glossary.regions)[(acronym, english)] = names
    return glossary


@dataclass
class OrganisationNames:
    """What an organisation's names page edits: its names per language and aliases, and the names of its
    post titles and regions per language (keyed by their English title or name)."""

    acronym: str
    name: str
    names: dict[str, str]
    aliases: list[str]
    posts: dict[str, dict[str, str]]
    regions: dict[str, dict[str, str]]

    def fingerprint(self) -> str:
        """A digest of the names, so a save can tell whether someone changed them since the page was read."""
        content = [self.names, sorted(self.aliases), self.posts, self.regions]
        return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:32]


def organisation_names(session: Session, acronym: str) -> OrganisationNames | None:
    """The names of the organisation ``acronym`` (as stored, exact case), or None if there is none."""
    organisation = session.scalar(select(models.Organisation).where(models.Organisation.acronym == acronym))
    if organisation is None:
        return None
    posts: dict[str, dict[str, str]] = {}  # by title: the names of its first post with a name in that language
    for post in session.scalars(
        select(models.Post).where(models.Post.organisation_id == organisation.id).order_by(models.Post.title, models.Post.id)
    ):
        held = posts.setdefault(post.title, {})
        for language, name in post.names.items():
            held.setdefault(language, name)
    regions = {
        region.name: dict(region.names)
        for region in session.scalars(
            select(models.Region).where(models.Region.organisation_id == organisation.id).order_by(models.Region.name)
        )
    }
    return OrganisationNames(
        organisation.acronym, organisation.name, dict(organisation.names), list(organisation.aliases), posts, regions
    )


class NamesChanged(Exception):
    """Someone saved other names for the organisation since the page being saved was read."""


def save_organisation_names(session: Session, changed: OrganisationNames, expected: str | None = None) -> bool:
    """Store ``changed`` for its organisation: its names and aliases, every post of each title, each
    region. Titles and regions the organisation does not have are ignored. Flushes, does not commit.
    Returns whether anything changed. Aliases are kept once each (:func:`unique_spellings`), sorted.

    ``expected``: the :meth:`OrganisationNames.fingerprint` the editor's page was made from; raises
    :class:`NamesChanged` if the stored names differ from it. The organisation's row is taken first (an
    update that changes nothing), so of two saves at the same moment the second waits, then finds the
    first's names and is refused: none is lost. Raises ``LookupError`` for an unknown organisation.
    """
    o = models.Organisation
    taken = session.execute(
        update(o).where(o.acronym == changed.acronym).values(aliases=o.aliases).execution_options(synchronize_session=False)
    )
    if taken.rowcount == 0:
        raise LookupError(f"no organisation {changed.acronym!r}")
    session.expire_all()  # what the session read before the row was taken may be stale: read it anew
    before = organisation_names(session, changed.acronym)
    if expected is not None and before.fingerprint() != expected:
        raise NamesChanged(changed.acronym)
    organisation = session.scalar(select(o).where(o.acronym == changed.acronym))
    organisation.names = {k: v for k, v in changed.names.items() if v}
    organisation.aliases = unique_spellings(changed.aliases, also=[organisation.name, organisation.acronym, *organisation.names.values()])
    for post in session.scalars(select(models.Post).where(models.Post.organisation_id == organisation.id)):
        if post.title in changed.posts:
            post.names = {k: v for k, v in changed.posts[post.title].items() if v}
    for region in session.scalars(select(models.Region).where(models.Region.organisation_id == organisation.id)):
        if region.name in changed.regions:
            region.names = {k: v for k, v in changed.regions[region.name].items() if v}
    session.flush()
    return organisation_names(session, changed.acronym) != before


def unique_spellings(aliases: list[str], also: list[str] = ()) -> list[str]:
    """``aliases`` stripped, without blanks, repeats (in any case: the first spelling is kept) or the
    names already held (``also``), sorted."""
    held = {text.strip().casefold() for text in also if text}
    kept = {}
    for alias in (a.strip() for a in aliases):
        if alias and alias.casefold() not in held:
            kept.setdefault(alias.casefold(), alias)
    return sorted(kept.values())


def add_names(session: Session, document: dict) -> None:
    """Add the names in ``document`` (``tracker/data/names.json``'s shape: by acronym, ``names``,
    ``aliases``, ``posts`` and ``regions``) where none is recorded in that language; organisations not
    in the database are skipped. Flushes, does not commit."""
    for acronym, given in document.items():
        current = None if acronym.startswith("_") else organisation_names(session, acronym)  # "_about": a comment
        if current is None:
            continue
        current.names = {**given.get("names", {}), **current.names}
        current.aliases = [*current.aliases, *given.get("aliases", [])]
        for kind in ("posts", "regions"):
            held = getattr(current, kind)
            for english, names in given.get(kind, {}).items():
                if english in held:
                    held[english] = {**names, **held[english]}
        save_organisation_names(session, current)
