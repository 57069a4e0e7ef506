"""Search: organisations, posts, persons and countries by any of their names, folded for case,
accents and Arabic variants, from the search index (:mod:`tracker.searchindex`)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session

from .. import models
from ..countries import country_search_names
from ..searchindex import matches, words_of
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
    """Organisations, posts, persons and countries whose names hold every word of ``query``, folded
    for case, diacritics and Arabic variants ("Jerome" finds "Jérôme"), a compound name written with
    or without its inner space ("Abdulrahman", "Abdul Rahman"); at most 20 of each, answered from the
    search index (:mod:`tracker.searchindex`)."""
    words = words_of(query)
    if not words:
        return SearchResults([], [], [], [])
    o, p, r, person = models.Organisation, models.Post, models.Region, models.Person
    organisations = [
        {"acronym": row.acronym, "name": row.name, "names": row.names}
        for row in session.execute(
            select(o.acronym, o.name, o.names).where(matches(session, "organisation", words))
            .order_by(o.acronym).limit(SEARCH_LIMIT)
        )
    ]
    posts = [
        PostInfo(
            id=row.id, organisation=row.acronym, organisation_name=row.name, organisation_names=row.names,
            title=row.title, region=row.region, term_years=row.term_years,
        )
        for row in session.execute(
            select(p.id, p.title, p.term_years, o.acronym, o.name, o.names, r.name.label("region"))
            .join(o, p.organisation_id == o.id)
            .outerjoin(r, p.region_id == r.id)
            .where(matches(session, "post", words))
            .order_by(o.acronym, p.title, r.name)
            .limit(SEARCH_LIMIT)
        )
    ]
    found = [
        {"id": row.id, "name": row.name, "names": row.names, "aliases": row.aliases}
        for row in session.execute(
            select(person.id, person.name, person.names, person.aliases)
            .where(matches(session, "person", words), person.merged_into_id.is_(None))
            .order_by(person.name, person.id)
            .limit(SEARCH_LIMIT)
        )
    ]
    nominators = person_countries(session, [p["id"] for p in found])
    persons = [{**p, "countries": nominators.get(p["id"], [])} for p in found]
    countries = [
        (code, name) for code, name, texts in country_search_names()
        if all(any(word in text for text in texts) for word in words)
    ]
    return SearchResults(organisations, posts, persons, countries[:SEARCH_LIMIT])
