"""Invented election records for demonstrations and benchmarks. Nothing here is real.

Every organisation is marked "(invented)" and every record's notes say the data is synthetic.
:func:`generate` is deterministic for a given ``seed``. The data is shaped like the real thing: each
organisation meets once a year in one place; regional posts are contested by States of that region;
persons stand again across years and posts; support holds steady between rounds, the last candidate
drops out and their votes go to the others; some sources publish only the winner's count.
"""

from __future__ import annotations

import random

import pycountry

from .records import FORMAT

# Four electoral groups per organisation, each drawn from one continent's States.
CONTINENTS = {
    "Africa": ["MAR", "NAM", "BEN", "EGY", "NGA", "KEN", "ZAF", "SEN", "TUN", "DZA"],
    "Americas": ["BRA", "ARG", "MEX", "CAN", "USA", "CHL"],
    "Asia-Pacific": ["JPN", "CHN", "IND", "KOR", "IDN", "AUS", "QAT", "JOR", "BHR", "SAU"],
    "Europe": ["FRA", "DEU", "ITA", "ESP", "SWE", "POL", "GBR", "TUR"],
}
ORGANISATIONS = [
    ("DMU", "Demo Maritime Union (invented)", ["Africa", "Americas", "Asia-Pacific", "Europe"]),
    ("IAEX", "International Agency for Examples (invented)", ["Group A", "Group B", "Group C", "Group D"]),
    ("WSO", "World Sample Organisation (invented)", ["South", "West", "East", "North"]),
]
POSTS = ["President", "Secretary-General", "Vice-President"]
COUNTRIES = [code for codes in CONTINENTS.values() for code in codes]
GIVEN = {
    "Amina": "female", "Youssef": "male", "Claire": "female", "Jérôme": "male", "Li": "female",
    "Kenji": "male", "Maria": "female", "João": "male", "Fatima": "female", "Omar": "male",
    "Ingrid": "female", "Piotr": "male", "Ngozi": "female", "Kwame": "male", "Sofía": "female",
    "Hamad": "male", "Layla": "female", "Ahmed": "male", "Elena": "female", "Tomás": "male",
}
FAMILY = ["Benali", "Okafor", "Dupont", "Moreau", "Wang", "Sato", "Silva", "Haddad", "Nilsson",
          "Kowalski", "Mensah", "García", "Al-Mansouri", "Rahman", "Petrova", "Ndiaye", "Costa"]
ARABIC = {"Amina": "أمينة", "Youssef": "يوسف", "Fatima": "فاطمة", "Omar": "عمر", "Hamad": "حمد",
          "Layla": "ليلى", "Ahmed": "أحمد", "Benali": "بن علي", "Haddad": "حداد", "Al-Mansouri": "المنصوري",
          "Rahman": "رحمن"}


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _person(rng: random.Random, states: list[str]) -> dict:
    given, family = rng.choice(sorted(GIVEN)), rng.choice(FAMILY)
    person = {"name": f"{given} {family}", "country": rng.choice(states), "gender": GIVEN[given]}
    if given in ARABIC and family in ARABIC:
        person["names"] = {"ar": f"{ARABIC[given]} {ARABIC[family]}"}
    return person


def _rounds(rng: random.Random, keys: list[str], electorate: int, rule: dict) -> tuple[list[dict], list[str]]:
    """Ballots until someone reaches the rule's majority of valid votes. Each candidate's support holds
    steady, give or take a little; the last drops out after each round and their votes go to the others."""
    rounds, standing = [], list(keys)
    support = {key: rng.random() + (0.6 if i == 0 else 0.1) for i, key in enumerate(keys)}
    for number in range(1, 6):
        present = electorate - rng.randint(0, electorate // 10)
        weights = [support[k] * rng.uniform(0.92, 1.08) for k in standing]
        counts = [int(present * w / sum(weights)) for w in weights]
        counts[counts.index(max(counts))] += present - sum(counts)
        votes = [{"candidate": k, "votes": c} for k, c in zip(standing, counts)]
        rounds.append({"number": number, "present_and_voting": present, "votes": votes})
        needed = present // 2 + 1 if rule["quota"] == "absolute_majority" else -(-2 * present // 3)
        best = max(votes, key=lambda v: v["votes"])
        if best["votes"] >= needed or len(standing) == 1:
            return rounds, [best["candidate"]]
        if len(standing) > 2:
            loser = min(votes, key=lambda v: v["votes"])["candidate"]
            standing.remove(loser)
            rounds[-1]["eliminated"] = [loser]
    return rounds, []


def _members(elections: int, per_organisation: int | None) -> tuple[list, list, list]:
    """The organisations, the groups of States their regions hold, and the States candidates come
    from: :data:`ORGANISATIONS` and 34 States; or, with ``per_organisation``, one invented
    organisation per that many elections and every State."""
    if not per_organisation:
        return ORGANISATIONS, list(CONTINENTS.values()), COUNTRIES
    regions = ["Group A", "Group B", "Group C", "Group D"]
    organisations = [
        (f"X{n:04d}", f"Example Organisation {n} (invented)", regions) for n in range(1, -(-elections // per_organisation) + 1)
    ]
    states = sorted(country.alpha_3 for country in pycountry.countries)
    return organisations, [states[i::4] for i in range(4)], states


def _election(rng: random.Random, seed: int, acronym: str, start_year: int, years: int, eligible: list[dict]) -> dict:
    """One election's date, place, electorate, rule, candidates, rounds and who is reported elected."""
    year = start_year + rng.randrange(years)
    meeting = random.Random(f"{seed}-{acronym}-{year}")  # one session a year, in one place, on set days
    month, day, host = meeting.randint(1, 12), meeting.randint(1, 25), meeting.choice(COUNTRIES)
    date = f"{year}-{month:02d}-{day + rng.randint(0, 3):02d}"
    electorate = random.Random(f"{seed}-{acronym}").randint(60, 200)
    rule = {"quota": rng.choice(["absolute_majority", "two_thirds"]), "base": "valid_votes"}
    people = rng.sample(eligible, min(len(eligible), rng.randint(2, 6)))
    candidates = [{"key": f"c{i + 1}", **person} for i, person in enumerate(people)]
    rounds, elected = _rounds(rng, [c["key"] for c in candidates], electorate - rng.randint(0, 5), rule)
    if rng.random() < 0.15:  # a source giving only the winner's count
        for rnd in rounds[-1:]:
            for vote in rnd["votes"]:
                if vote["candidate"] not in elected:
                    vote["votes"] = None
            rnd["present_and_voting"] = None
    return {
        "date": date, "location": {"city": None, "country": host}, "electorate": electorate, "rule": rule,
        "candidates": candidates, "rounds": rounds, "reported_elected": elected,
    }


def generate(
    elections: int,
    seed: int = 1,
    start_year: int = 1990,
    years: int = 35,
    prefix: str = "synthetic",
    per_organisation: int | None = None,
) -> dict:
    """An election-records/v1 document of ``elections`` invented elections, about 5 candidates each.

    Persons stand several times across years and posts; some elections go to several rounds; some
    winners' rivals have unknown counts. Dates fall in ``start_year`` to ``start_year + years - 1``;
    ids are ``<prefix>-000001`` and on. By default the elections belong to the three organisations of
    :data:`ORGANISATIONS` and candidates come from 34 States; with ``per_organisation``, as in the
    benchmarks, there is one invented organisation per that many elections and candidates come from
    every State, as in the real world, where a body holds a few elections a year at most.
    """
    rng = random.Random(seed)
    organisations, groups, states = _members(elections, per_organisation)
    pool = list(
        {(p["name"], p["country"]): p for p in (_person(rng, states) for _ in range(max(24, elections // 2)))}.values()
    )
    by_group = [[p for p in pool if p["country"] in set(group)] or pool for group in groups]
    records = []
    for index in range(elections):
        acronym, org_name, regions = organisations[index % len(organisations)]
        title = rng.choice(POSTS)
        region = rng.choice(regions) if title == "Vice-President" else None
        eligible = by_group[regions.index(region)] if region else pool
        record = _election(rng, seed, acronym, start_year, years, eligible)
        records.append(
            {
                "id": f"{prefix}-{index + 1:06d}",
                "organisation": {"acronym": acronym, "name": org_name},
                "body": "General Assembly",
                "session": f"{_ordinal(int(record['date'][:4]) - start_year + 1)} Session (invented)",
                "post": {"title": title, "region": region, "term_years": 4},
                **record,
                "sources": [],
                "notes": "Invented data for demonstrations and benchmarks: not a real election.",
            }
        )
    return {"format": FORMAT, "elections": records}
