"""Person matching: which known person a candidate of an imported record is, by any spelling of their
name and a compatible nominating State; every spelling is kept. A person merged into another
(``Person.merged_into_id``) is matched no more: the one it was merged into holds its spellings."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlmodel import Session

from .. import models
from ..folding import spellings


def search_text(person: dict) -> str:
    """What search looks in for a person (``name``, ``names``, ``aliases``): every folded spelling,
    sorted, each between ``|``."""
    return "|" + "|".join(sorted(spellings(person))) + "|"


@dataclass(frozen=True)
class PersonMatch:
    """A candidate of an imported record found to be a person already known."""

    election: str
    candidate: str
    name: str
    country: str | None
    person_id: int | None  # None: a person first seen earlier in the same import
    person_name: str


@dataclass(eq=False)
class _Person:
    """A person as the importer sees it: stored (``id`` set) or first seen in this import."""

    id: int | None
    name: str
    names: dict[str, str]
    aliases: list[str]
    gender: str | None
    countries: set[str] = field(default_factory=set)
    dirty: bool = False

    def row(self) -> dict:
        return {
            "name": self.name,
            "names": self.names,
            "aliases": self.aliases,
            "gender": self.gender,
            "search_text": search_text({"name": self.name, "names": self.names, "aliases": self.aliases}),
        }


class _PersonIndex:
    """Known persons (not merged into another) by every folded spelling, with the States that
    nominated them, and who each stored candidacy is (``stood``: by election id and candidate key)."""

    def __init__(self, session: Session):
        self.by_spelling: dict[str, list[_Person]] = {}
        person = models.Person.__table__.c
        self.by_id: dict[int, _Person] = {}
        for row in session.execute(
            select(person.id, person.name, person.names, person.aliases, person.gender)
            .where(person.merged_into_id.is_(None)).order_by(person.id)
        ):
            self.by_id[row.id] = known = _Person(row.id, row.name, row.names, row.aliases, row.gender)
            self._index(known)
        candidacy = models.Candidacy.__table__.c
        self.stood: dict[tuple[int, str], int] = {}
        for person_id, country, election_id, key in session.execute(
            select(candidacy.person_id, candidacy.country, candidacy.election_id, candidacy.key)
            .where(candidacy.person_id.is_not(None))
        ):
            self.stood[(election_id, key)] = person_id
            if country and person_id in self.by_id:
                self.by_id[person_id].countries.add(country)

    def _index(self, person: _Person) -> None:
        for spelling in spellings({"name": person.name, "names": person.names, "aliases": person.aliases}):
            bucket = self.by_spelling.setdefault(spelling, [])
            if not any(p is person for p in bucket):
                bucket.append(person)

    def match(self, candidate: dict, taken: list[_Person], stored: int | None = None) -> _Person | None:
        """The known person this candidate is: a shared spelling, and a compatible nominating State.

        ``taken``: persons already standing in the same election, who cannot be this candidate too.
        ``stored``: the person the stored election names for this candidate (an update of it); kept
        while they share a spelling, so that an edit of the election never undoes an editor's split
        of namesakes (``tracker.persons``) by matching the candidate to the first namesake again.
        """
        country = candidate.get("country")
        found = spellings(candidate)
        kept = self.by_id.get(stored) if stored is not None else None
        if kept is not None and not any(kept is other for other in taken) and found & spellings(
            {"name": kept.name, "names": kept.names, "aliases": kept.aliases}
        ):
            return kept
        for spelling in sorted(found):
            for person in self.by_spelling.get(spelling, []):
                if any(person is other for other in taken):
                    continue
                if not person.countries or not country or country in person.countries:
                    return person
        return None

    def add(self, person: _Person, candidate: dict) -> None:
        """Record ``person`` (new or matched) standing as ``candidate``: add the names in languages
        not yet known, new aliases, and a gender where none is known. What is known stays: a matched
        candidate never rewrites a person that other elections show."""
        names = {**candidate.get("names", {}), **person.names}
        # every spelling is kept: a candidate matched by an alias brings its own name as one
        spelt = {candidate["name"]} - {person.name} if candidate.get("name") else set()
        aliases = sorted(set(person.aliases) | set(candidate.get("aliases", [])) | spelt)
        gender = person.gender or candidate.get("gender")
        if (names, aliases, gender) != (person.names, person.aliases, person.gender):
            person.names, person.aliases, person.gender, person.dirty = names, aliases, gender, True
        if candidate.get("country"):
            person.countries.add(candidate["country"])
        self._index(person)


def correct_sole_person(session: Session, record_id: str, candidate: dict) -> bool:
    """Give the person behind ``candidate`` of election ``record_id`` the candidate's corrected name,
    names in other scripts and gender, when that person stands in no other election.

    ``candidate``: a candidate of the election-records/v1 format, already stored with the record (the
    importer matched or created its person). The old name is kept as an alias: searches by it still
    find the person. Nothing is committed. Returns False, changing nothing, when the person stands in
    other elections too: their name there is corrected on the person's own page, not by one election.
    """
    candidacy = models.Candidacy.__table__.c
    election = models.Election.__table__.c
    found = session.execute(
        select(candidacy.person_id, candidacy.election_id)
        .join(models.Election.__table__, election.id == candidacy.election_id)
        .where(election.record_id == record_id, candidacy.key == candidate["key"])
    ).first()
    if found is None or found.person_id is None:
        return True
    elsewhere = select(candidacy.id).where(
        candidacy.person_id == found.person_id, candidacy.election_id != found.election_id
    )
    if session.execute(elsewhere).first() is not None:
        return False
    person = session.get(models.Person, found.person_id)
    spelt = {person.name} | set(person.aliases) | set(candidate.get("aliases", []))
    known = _Person(person.id, candidate["name"], dict(candidate.get("names", {})),
                    sorted(spelt - {candidate["name"]}), candidate.get("gender") or person.gender)
    for column, value in known.row().items():
        setattr(person, column, value)
    return True
