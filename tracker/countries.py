"""Countries by ISO 3166-1 alpha-3 code, with their names in English (pycountry) and in the other
interface languages (CLDR, through Babel)."""

from __future__ import annotations

from functools import cache

import pycountry
from babel import Locale

LANGUAGES = ("en", "fr", "ar")


@cache
def country_name(code: str | None, language: str = "en") -> str | None:
    """The common name of a country in ``language`` (``"MAR"`` -> ``"Morocco"``, ``"Maroc"``,
    ``"المغرب"``); English where CLDR has no name; ``None`` if ``code`` is not a known code."""
    if not code:
        return None
    country = pycountry.countries.get(alpha_3=code.upper())
    if country is None:
        return None
    if language != "en":
        local = Locale.parse(language).territories.get(country.alpha_2)
        if local:
            return local
    return getattr(country, "common_name", None) or country.name


def is_country(code: str | None) -> bool:
    """Whether ``code`` is an ISO 3166-1 alpha-3 code of a current country."""
    return bool(code) and len(code) == 3 and code.isupper() and country_name(code) is not None


@cache
def country_choices(language: str = "en") -> list[tuple[str, str]]:
    """``(code, name)`` pairs of every country, sorted by name in ``language``, for select fields."""
    pairs = ((c.alpha_3, country_name(c.alpha_3, language)) for c in pycountry.countries)
    return sorted(pairs, key=lambda p: p[1])


@cache
@cache
def country_search_names(language: str = "en") -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """``(code, name in language, folded texts)`` of every country, the texts being its code and its
    names in English (official, common) and in every interface language, each also without its
    spaces (search finds "Saudi Arabia" as "saudiarabia"). Made once per process."""
    from .folding import fold

    found = []
    for country in pycountry.countries:
        texts = {country.alpha_3, country.name, getattr(country, "official_name", ""), getattr(country, "common_name", "")}
        texts |= {country_name(country.alpha_3, other) for other in LANGUAGES}
        folded = {fold(t) for t in texts if t}
        found.append((country.alpha_3, country_name(country.alpha_3, language), tuple(sorted(folded | {t.replace(" ", "") for t in folded}))))
    return tuple(sorted(found, key=lambda item: item[1]))
