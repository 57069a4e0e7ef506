"""Folding names for matching and search: the same person under another spelling.

Latin: case and diacritics are folded ("Jérôme" -> "jerome"), as are hyphens, dots and apostrophes.
Arabic: harakat (short-vowel marks) and tatweel are dropped, and letters that spellings use for one
another are made one: the hamza forms of alef (أ إ آ ٱ) become ا, alef maqsura ى becomes ي, ta
marbuta ة becomes ه, and ؤ ئ become و ي. So "الإنتربول" and "الأنتربول" fold alike.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_.'’`]+")
# After NFKD has split off the hamza and madda marks (and dropped them with the other combining marks).
_ARABIC_LETTERS = str.maketrans({"ٱ": "ا", "ى": "ي", "ة": "ه", "ـ": None})


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """``text`` folded for comparison: NFKD, no combining marks (accents, harakat, hamza marks),
    Arabic letter variants made one, case-folded, separators as one space."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(_ARABIC_LETTERS)
    return _SEPARATORS.sub(" ", bare.casefold()).strip()


def spellings(candidate: dict) -> set[str]:
    """Every folded spelling of an election-records/v1 candidate: name, names per language, aliases."""
    texts = [candidate.get("name") or "", *candidate.get("names", {}).values(), *candidate.get("aliases", [])]
    return {fold(t) for t in texts if t and fold(t)}
