"""Folding names for matching and search: the same person under another spelling.

Latin: case and diacritics are folded ("Jérôme" -> "jerome"), as are hyphens, dots and apostrophes.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_.'’`]+")


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """``text`` folded for comparison: NFKD, no combining marks, case-folded, separators as one space."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SEPARATORS.sub(" ", bare.casefold()).strip()


def spellings(candidate: dict) -> set[str]:
    """Every folded spelling of an election-records/v1 candidate: name, names per language, aliases."""
    texts = [candidate.get("name") or "", *candidate.get("names", {}).values(), *candidate.get("aliases", [])]
    return {fold(t) for t in texts if t and fold(t)}
