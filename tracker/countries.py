"""Countries by ISO 3166-1 alpha-3 code, with their names from pycountry."""

from __future__ import annotations

from functools import lru_cache

import pycountry


@lru_cache(maxsize=None)
def country_name(code: str | None) -> str | None:
    """The English common name of a country (``"MAR"`` -> ``"Morocco"``); ``None`` if not a known code."""
    if not code:
        return None
    country = pycountry.countries.get(alpha_3=code.upper())
    if country is None:
        return None
    return getattr(country, "common_name", None) or country.name


def is_country(code: str | None) -> bool:
    """Whether ``code`` is an ISO 3166-1 alpha-3 code of a current country."""
    return bool(code) and len(code) == 3 and code.isupper() and country_name(code) is not None


@lru_cache(maxsize=1)
def country_choices() -> list[tuple[str, str]]:
    """``(code, name)`` pairs of every country, sorted by name, for select fields."""
    return sorted(((c.alpha_3, country_name(c.alpha_3)) for c in pycountry.countries), key=lambda p: p[1])


@lru_cache(maxsize=1)
def country_search_names() -> list[tuple[str, str, list[str]]]:
    """``(code, name, folded texts)`` of every country, the texts being its code and every English name."""
    from .names import fold

    found = []
    for country in pycountry.countries:
        texts = {country.alpha_3, country.name, getattr(country, "official_name", ""), getattr(country, "common_name", "")}
        found.append((country.alpha_3, country_name(country.alpha_3), sorted(fold(t) for t in texts if t)))
    return sorted(found, key=lambda item: item[1])
