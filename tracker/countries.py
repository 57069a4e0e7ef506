"""Countries by ISO 3166-1 alpha-3 code, with their names in English (pycountry) and in the other
interface languages (CLDR, through Babel)."""

from __future__ import annotations

from functools import cache, lru_cache

import pycountry
from babel import Locale

LANGUAGES = ("en", "fr", "ar")

# Short common names where ISO's (pycountry) or CLDR's read as an index entry or a code of their own
# ("Congo, The Democratic Republic of the", "Congo - Kinshasa").
SHORT_NAMES = {
    "en": {
        "COD": "Democratic Republic of the Congo", "COG": "Republic of the Congo", "FSM": "Micronesia",
        "PSE": "Palestine", "VGB": "British Virgin Islands", "VIR": "United States Virgin Islands",
        "BES": "Caribbean Netherlands",
    },
    "fr": {"COD": "République démocratique du Congo", "COG": "République du Congo"},
    "ar": {"COD": "جمهورية الكونغو الديمقراطية", "COG": "جمهورية الكونغو"},
}
# Names readers still use for a State that has renamed itself, and other common ones, by which a
# filter finds it ("Turkey" -> TUR, shown as "Türkiye").
OTHER_NAMES = {
    "TUR": ["Turkey", "Republic of Turkey", "Turquie"], "CIV": ["Ivory Coast", "Cote d'Ivoire"],
    "SWZ": ["Swaziland"], "CZE": ["Czech Republic", "République tchèque"], "MKD": ["Macedonia"],
    "MMR": ["Burma"], "CPV": ["Cape Verde"], "TLS": ["East Timor"], "NLD": ["Holland"],
    "COD": ["DR Congo", "DRC", "Zaire", "Congo-Kinshasa"], "COG": ["Congo-Brazzaville"],
    "GBR": ["UK", "Britain", "Great Britain"], "USA": ["US", "United States of America"],
    "KOR": ["Republic of Korea"], "PRK": ["DPRK"], "VAT": ["Holy See", "Vatican"],
    "RUS": ["Russian Federation", "Fédération de Russie"], "ARE": ["UAE"], "LAO": ["Laos", "Lao PDR"],
    "SYR": ["Syria"], "IRN": ["Iran"], "KGZ": ["Kyrgyz Republic"], "PSE": ["Palestine"],
}


@cache
def country_name(code: str | None, language: str = "en") -> str | None:
    """The common name of a country in ``language`` (``"MAR"`` -> ``"Morocco"``, ``"Maroc"``,
    ``"المغرب"``); English where CLDR has no name; ``None`` if ``code`` is not a known code."""
    if not code:
        return None
    country = pycountry.countries.get(alpha_3=code.upper())
    if country is None:
        return None
    if country.alpha_3 in SHORT_NAMES.get(language, {}):
        return SHORT_NAMES[language][country.alpha_3]
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
    """``(code, name)`` pairs of every country, sorted by name in ``language`` as a reader of it
    expects: letters with accents among the others (Åland, Côte d'Ivoire, Türkiye under A, C, T),
    Arabic hamza forms with their alef, for select fields and suggestions."""
    from .folding import fold

    pairs = ((c.alpha_3, country_name(c.alpha_3, language)) for c in pycountry.countries)
    return sorted(pairs, key=lambda p: (fold(p[1]), p[1]))


def _own_names(country) -> set[str]:
    """A State's names (a pycountry country): ISO's name, official and common names, and its name in
    every interface language (:func:`country_name`); empty ones left out."""
    texts = {country.name, getattr(country, "official_name", ""), getattr(country, "common_name", "")}
    texts |= {country_name(country.alpha_3, language) for language in LANGUAGES}
    return {text for text in texts if text}


def _swapped(name: str) -> str | None:
    """ISO's inverted names the way they are said: "Korea, Republic of" -> "Republic of Korea",
    "Russie, Fédération de" -> "Fédération de Russie"."""
    head, comma, tail = name.partition(", ")
    return f"{tail} {head}" if comma and "," not in tail else None


@cache
def _codes_by_name() -> dict[str, str]:
    """Every name a State goes by (English, French and Arabic, ISO's and CLDR's, the short and other
    common ones, ISO's inverted names the way they are said), folded, and its code; a name two States
    share is left out."""
    import gettext

    from .folding import fold

    iso = {lang: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True) for lang in LANGUAGES}
    found: dict[str, set[str]] = {}
    for country in pycountry.countries:
        code = country.alpha_3
        texts = _own_names(country) | set(OTHER_NAMES.get(code, []))
        texts |= {Locale.parse(language).territories.get(country.alpha_2, "") for language in LANGUAGES}
        texts |= {iso[lang].gettext(text) for lang in LANGUAGES for text in list(texts) if text}  # ISO's own French and Arabic
        texts |= {_swapped(text) for text in list(texts) if text}
        for text in texts:
            if text:
                found.setdefault(fold(text), set()).add(code)
    return {name: codes.pop() for name, codes in found.items() if len(codes) == 1}


def country_code(text: str | None) -> str | None:
    """The ISO alpha-3 code ``text`` names: a code (three letters, any case, returned in capitals),
    or a State's name in English, French or Arabic, common or official, current or former
    ("Turkey", "Ivory Coast", "المغرب"), case and accents aside; ``None`` for no State."""
    from .folding import fold

    if not text or not text.strip():
        return None
    text = text.strip()
    if len(text) == 3 and text.isascii() and text.isalpha():
        return text.upper()
    return _codes_by_name().get(fold(text))


@cache
def country_search_names(language: str = "en") -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """``(code, name in language, folded texts)`` of every country, the texts being its code and its
    names in English (official, common) and in every interface language, each also without its
    spaces (search finds "Saudi Arabia" as "saudiarabia"). Made once per process."""
    from .folding import fold

    found = []
    for country in pycountry.countries:
        texts = _own_names(country) | {country.alpha_3}
        folded = {fold(t) for t in texts if t}
        found.append((country.alpha_3, country_name(country.alpha_3, language), tuple(sorted(folded | {t.replace(" ", "") for t in folded}))))
    return tuple(sorted(found, key=lambda item: item[1]))

@lru_cache(maxsize=4096)  # a file may write the same wrong name on every row
def suggest_country(text: str) -> str | None:
    """The alpha-3 code ``text`` most likely means, where it is no code: a code in small letters
    ("mar" -> MAR), an alpha-2 code ("MA"), a name in English, French or Arabic ("Russia", "Russian
    Federation", "Türkiye", "Turkey", "Maroc", "المغرب": :func:`country_code`), or one misspelt by a
    letter or two ("Marocco"). ``None`` when nothing comes close."""
    import difflib

    from .folding import fold

    if not isinstance(text, str) or not text.strip():
        return None
    if is_country(code := country_code(text) or ""):
        return code
    two = pycountry.countries.get(alpha_2=text.strip().upper()) if len(text.strip()) == 2 else None
    if two is not None:
        return two.alpha_3
    folded, index = fold(text), _codes_by_name()
    if len(folded) >= 4:
        close = difflib.get_close_matches(folded, [name for name in index if len(name) >= 4], n=1, cutoff=0.85)
        if close:
            return index[close[0]]
    return None
