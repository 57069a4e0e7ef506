"""The one text policy: what text the tracker stores or takes as a parameter, by the kind of field.

Every text that comes in — a form's field, an imported record's, a names page entry, a page's or the
API's filter and search text — is checked here, by :func:`text_problems`, with its field's kind
(:class:`TextKind`, given by the record's shape for the format's fields: ``shape.TEXT_FIELDS``):

* :attr:`TextKind.LINES` (notes): any number of lines; no invisible character that could disguise the
  text (:data:`DISGUISING`: controls, bidirectional overrides and isolates, zero-width space, fillers...).
* :attr:`TextKind.LINE` (names, titles, places, a source's title, filters and search text): the same,
  and one line: no line break, tab, or line or paragraph separator (U+2028, U+2029).
* :attr:`TextKind.KEY` (an organisation's acronym, a post's title and region: what tells one
  organisation or post from another, and what its address is made of): the same, and nothing invisible
  or that looks like something else: no joiner, direction mark, combining grapheme joiner, variation
  selector, no-break or other special space (:data:`LOOK_ALIKE`), and no word mixing Latin, Greek and
  Cyrillic letters ("INTERPОL" with a Cyrillic О). Otherwise ``INTER\\u200ePOL`` would be a second
  organisation that displays as "INTERPOL".

Joiners and direction marks stay allowed in names and notes: Arabic and Persian text and mixed-direction
text need them.
"""

from __future__ import annotations

import enum
import re
import unicodedata

from ..results import N_
from .problems import Finding, said


class TextKind(enum.Enum):
    """What a text field may hold: several lines, one line, or a key that names one thing."""

    LINES = "lines"
    LINE = "line"
    KEY = "key"


# Invisible characters that can disguise text: C0/C1 controls (but tab and line ends), soft hyphen,
# bidirectional embeddings, overrides and isolates, zero-width space, word joiner, invisible operators,
# byte-order mark, Hangul and Mongolian fillers, tag characters.
_DISGUISING_CHARACTERS = (
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\u115f\u1160\u180e\u200b\u202a-\u202e\u2060-\u2064\u2066-\u2069"
    "\u3164\ufeff\uffa0\U000e0000-\U000e007f"
)
DISGUISING = re.compile(f"[{_DISGUISING_CHARACTERS}]")
# What ends a line or moves to the next column: none in a one-line field
_LINE_BREAKING = "\t\n\r\u2028\u2029"
LINE_BREAK = re.compile(f"[{_LINE_BREAKING}]")
# Characters that show nothing or pass for another in a key: joiners (ZWNJ, ZWJ), direction marks (LRM,
# RLM, ALM), the combining grapheme joiner, variation selectors, Mongolian free variation selectors,
# every space but the plain one (no-break, thin, ideographic...; line breaks are said as such)
LOOK_ALIKE = re.compile(f"[\u034f\u061c\u115f\u180b-\u180f\u200c-\u200f\ufe00-\ufe0f\U000e0100-\U000e01ef]|[^\\S {_LINE_BREAKING}]")
# Scripts whose letters pass for one another (A, Α, А): a word of a key holds letters of one of them
_CONFUSABLE_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC")

# A text parameter of the API as its OpenAPI document writes it (ECMAScript/Python regular expression):
# one line, no disguising character, something besides spaces (strip() takes U+001C-001F and U+0085 too)
_NOT_IN_A_LINE = _DISGUISING_CHARACTERS + _LINE_BREAKING
ONE_LINE_PATTERN = f"^[^{_NOT_IN_A_LINE}]*[^\\s{_NOT_IN_A_LINE}][^{_NOT_IN_A_LINE}]*$"

# Glyphs that draw nothing yet are no control character (the fillers are refused as disguising already).
_BLANK_LOOKING = {"\u2800", "\u17b4", "\u17b5"}


def visible(text: str) -> bool:
    """Whether ``text`` shows anything: not only spaces, marks, format characters or blank glyphs."""
    return any(
        not (ch.isspace() or ch in _BLANK_LOOKING or unicodedata.category(ch) in ("Cf", "Mn", "Me", "Zs"))
        for ch in text
    )


def scripts(word: str) -> list[str]:
    """The scripts of the letters of ``word`` among Latin, Greek and Cyrillic, in the order first met
    (by the Unicode character names: "LATIN CAPITAL LETTER A")."""
    found = []
    for ch in word:
        if ch.isalpha():
            script = unicodedata.name(ch, "").split(" ")[0]
            if script in _CONFUSABLE_SCRIPTS and script not in found:
                found.append(script)
    return found


def _code(character: str) -> str:
    return f"U+{ord(character):04X}"


def text_problems(text: str, limit: int, kind: TextKind = TextKind.LINE) -> list[Finding]:
    """What is wrong with ``text`` for a field of ``kind`` holding at most ``limit`` characters: longer
    than that, holding an invisible character that could disguise it, a line break or tab in a one-line
    field, an invisible or look-alike character or a word of mixed scripts in a key. Each problem is a
    :class:`~tracker.records.problems.Finding` ("contains a line break or a tab (U+000A): this field
    holds one line"), to be translated where shown. Empty when the text is fine."""
    problems = []
    if len(text) > limit:
        problems.append(said(N_("is %(length)s characters long; at most %(limit)s are allowed"), length=f"{len(text):,}", limit=f"{limit:,}"))
    if found := DISGUISING.search(text):
        problems.append(said(N_("contains an invisible control character (%(code)s) that could disguise the text"), code=_code(found.group())))
    if kind is TextKind.LINES:
        return problems
    if found := LINE_BREAK.search(text):
        problems.append(said(N_("contains a line break or a tab (%(code)s): this field holds one line"), code=_code(found.group())))
    if kind is TextKind.LINE:
        return problems
    if found := LOOK_ALIKE.search(text):
        problems.append(said(N_("contains an invisible or special character (%(code)s): only letters, digits, punctuation and plain spaces name it"), code=_code(found.group())))
    if mixed := next((word for word in text.split() if len(scripts(word)) > 1), None):
        problems.append(said(N_("mixes Latin, Greek or Cyrillic letters in “%(word)s”: letters that look alike are not the same"), word=mixed[:40]))
    return problems
