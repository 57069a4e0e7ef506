"""What the person page offers an editor: other records that may be the same person."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlmodel import Session

from .. import models
from ..folding import fold

TWINS_SHOWN = 8


@dataclass(frozen=True)
class PossibleTwin:
    """Another person who may be this one recorded twice, with the States that nominated them."""

    id: int
    name: str
    countries: list[str]


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def possible_twins(session: Session, person_id: int, name: str) -> list[PossibleTwin]:
    """Persons other than ``person_id`` (not merged) with a spelling that ends with the same family
    name as ``name`` (its last word, case and accents folded, at least 3 letters): "Khaled El-Enany"
    finds "Khaled El Enany" and "K. El-Enany". At most :data:`TWINS_SHOWN`, by name."""
    words = fold(name).split()
    if not words or len(words[-1]) < 3:
        return []
    family = _like(words[-1])
    person = models.Person
    rows = session.execute(
        select(person.id, person.name)
        .where(
            person.id != person_id,
            person.merged_into_id.is_(None),
            or_(person.search_text.like(f"% {family}|%", escape="\\"), person.search_text.like(f"%|{family}|%", escape="\\")),
        )
        .order_by(person.name, person.id)
        .limit(TWINS_SHOWN)
    ).all()
    candidacy = models.Candidacy
    countries: dict[int, set[str]] = {row.id: set() for row in rows}
    for person_ref, country in session.execute(
        select(candidacy.person_id, candidacy.country).where(candidacy.person_id.in_(countries), candidacy.country.is_not(None))
    ):
        countries[person_ref].add(country)
    return [PossibleTwin(row.id, row.name, sorted(countries[row.id])) for row in rows]
