"""Countries by ISO 3166-1 alpha-3 code, with their names in English (pycountry) and in the other
interface languages (CLDR, through Babel)."""

from __future__ import annotations

from functools import cache, lru_cache

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
def country_search_names(language: str = "en") -> list[tuple[str, str, list[str]]]:
    """``(code, name in language, folded texts)`` of every country, the texts being its code and its
    names in English (official, common) and in every interface language."""
    from .folding import fold

    found = []
    for country in pycountry.countries:
        texts = {country.alpha_3, country.name, getattr(country, "official_name", ""), getattr(country, "common_name", "")}
        texts |= {country_name(country.alpha_3, other) for other in LANGUAGES}
        found.append((country.alpha_3, country_name(country.alpha_3, language), sorted(fold(t) for t in texts if t)))
    return sorted(found, key=lambda item: item[1])


# Names people write for a State that neither ISO 3166 nor CLDR gives as its name (former or short
# names, English abbreviations); folded, as the index below compares them.
OTHER_NAMES = {
    "Turkey": "TUR", "Turkiye": "TUR", "Ivory Coast": "CIV", "Swaziland": "SWZ", "Burma": "MMR",
    "Holland": "NLD", "Great Britain": "GBR", "Britain": "GBR", "UK": "GBR", "USA": "USA", "US": "USA",
    "UAE": "ARE", "DR Congo": "COD", "DRC": "COD", "Congo-Brazzaville": "COG", "East Timor": "TLS",
    "Cape Verde": "CPV", "Macedonia": "MKD", "Czech Republic": "CZE", "Vatican": "VAT", "Palestine": "PSE",
    "Republic of Korea": "KOR", "Russian Federation": "RUS", "Fédération de Russie": "RUS",
    "Kyrgyz Republic": "KGZ", "Lao PDR": "LAO", "Laos": "LAO", "Syria": "SYR", "Iran": "IRN",
}


def _swapped(name: str) -> str | None:
    """ISO's inverted names the way they are said: "Korea, Republic of" -> "Republic of Korea",
    "Russie, Fédération de" -> "Fédération de Russie"."""
    head, comma, tail = name.partition(", ")
    return f"{tail} {head}" if comma and "," not in tail else None


@cache
def _names_index() -> dict[str, str]:
    """Folded name -> alpha-3 code: every country's ISO names (English, and French and Arabic from
    ISO's own translations), CLDR's names in the interface languages (English's "Russia" too), its
    alpha-2 code and :data:`OTHER_NAMES`."""
    import gettext

    from .folding import fold

    iso = {lang: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True) for lang in LANGUAGES}
    index: dict[str, str] = {}
    for country in pycountry.countries:
        texts = {country.alpha_2, country.name, getattr(country, "official_name", ""), getattr(country, "common_name", "")}
        texts |= {country_name(country.alpha_3, lang) for lang in LANGUAGES}
        texts |= {Locale.parse(lang).territories.get(country.alpha_2) for lang in LANGUAGES}
        texts |= {iso[lang].gettext(text) for lang in LANGUAGES for text in list(texts) if text}
        texts |= {_swapped(text) for text in list(texts) if text}
        for text in texts:
            if text and fold(text):
                index.setdefault(fold(text), country.alpha_3)
    for text, code in OTHER_NAMES.items():
        index[fold(text)] = code
    return index


@lru_cache(maxsize=4096)  # a file may write the same wrong name on every row
def suggest_country(text: str) -> str | None:
    """The alpha-3 code ``text`` most likely means, where it is no code: a code in small letters
    ("mar" -> MAR), an alpha-2 code ("MA"), a name in English, French or Arabic ("Russia", "Russian
    Federation", "Türkiye", "Turkey", "Maroc", "المغرب"), or one misspelt by a letter or two
    ("Marocco"). ``None`` when nothing comes close."""
    import difflib

    from .folding import fold

    if not isinstance(text, str) or not text.strip():
        return None
    if is_country(text.strip().upper()):
        return text.strip().upper()
    index = _names_index()
    folded = fold(text)
    if folded in index:
        return index[folded]
    if len(folded) >= 4:
        close = difflib.get_close_matches(folded, [name for name in index if len(name) >= 4], n=1, cutoff=0.85)
        if close:
            return index[close[0]]
    return None
