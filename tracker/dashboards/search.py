"""Search: organisations, posts, persons and countries by any of their names, folded for case,
accents and Arabic variants."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session

from .. import models
from ..countries import country_search_names
from ..folding import fold
from .queries import PostInfo, person_countries

SEARCH_LIMIT = 20
LONGEST_QUERY = 200  # characters of search text: longer is a paste gone wrong


@dataclass(frozen=True)
class SearchResults:
    organisations: list[dict]
    posts: list[PostInfo]
    persons: list[dict]
    countries: list[tuple[str, str]]

    @property
    def empty(self) -> bool:
        return not (self.organisations or self.posts or self.persons or self.countries)


def search(session: Session, query: str) -> SearchResults:
    """Organisations, posts, persons and countries whose names contain ``query``, folded for case and
    diacritics ("Jerome" finds "Jérôme"); at most 20 of each."""
    needle = fold(query)
    if not needle:
        return SearchResults([], [], [], [])
    organisations = [
        o for o in organisations_index(session) if any(needle in fold(text) for text in o.pop("_texts"))
    ][:SEARCH_LIMIT]
    posts = _search_posts(session, needle.split())
    like = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    found = [
        {"id": p.id, "name": p.name, "names": p.names, "aliases": p.aliases}
        for p in session.scalars(
            select(models.Person)
            .where(models.Person.search_text.like(like, escape="\\"))
            .order_by(models.Person.name, models.Person.id)
            .limit(SEARCH_LIMIT)
        )
    ]
    nominators = person_countries(session, [p["id"] for p in found])
    persons = [{**p, "countries": nominators.get(p["id"], [])} for p in found]
    countries = [(code, name) for code, name, texts in country_search_names() if any(needle in t for t in texts)]
    return SearchResults(organisations, posts, persons, countries[:SEARCH_LIMIT])


# Words that join a post to its region in the three languages ("Vice-President for Africa").
REGION_CONNECTORS = ("for", "pour", "عن")


def _search_posts(session: Session, words: list[str]) -> list[PostInfo]:
    """Posts whose names hold every one of ``words`` (folded): its title and region in every
    language, and its organisation's acronym, names and aliases ("INTERPOL Vice-President for
    Africa", "الإنتربول نائب الرئيس"); at most :data:`SEARCH_LIMIT`, by organisation and title."""
    o, p, r = models.Organisation, models.Post, models.Region
    rows = session.execute(
        select(p.id, p.title, p.names, p.term_years, o.acronym, o.name, o.names, o.aliases, r.name, r.names)
        .join(o, p.organisation_id == o.id)
        .outerjoin(r, p.region_id == r.id)
        .order_by(o.acronym, p.title, r.name)
    )
    found = []
    for post_id, title, names, term, acronym, name, org_names, aliases, region, region_names in rows:
        texts = [title, *names.values(), acronym, name, *org_names.values(), *aliases]
        if region:
            texts += [region, *(region_names or {}).values(), *REGION_CONNECTORS]
        blob = fold(" | ".join(texts))
        if all(word in blob for word in words):
            found.append(
                PostInfo(
                    id=post_id, organisation=acronym, organisation_name=name, organisation_names=org_names,
                    title=title, region=region, term_years=term,
                )
            )
            if len(found) == SEARCH_LIMIT:
                break
    return found


def organisations_index(session: Session) -> list[dict]:
    """Organisations with their searchable texts under ``_texts``."""
    return [
        {"acronym": o.acronym, "name": o.name, "names": o.names, "_texts": [o.acronym, o.name, *o.names.values(), *o.aliases]}
        for o in session.scalars(select(models.Organisation).order_by(models.Organisation.acronym))
    ]
