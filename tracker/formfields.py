"""What every form shares: forms read from the query string or nested in another, select choices,
count fields, dates, the checking of typed names and the cleaning of typed text."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from babel.numbers import NumberFormatError, get_group_symbol, parse_decimal
from flask import current_app
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf.i18n import translations as wtforms_translations
from wtforms import Field, Form, SelectChoice
from wtforms.validators import NumberRange, Optional, StopValidation, ValidationError
from wtforms.widgets import TextInput

from .countries import country_choices
from .i18n import language
from .records import TextKind, first_day, limit, text_kind, text_problems, visible

MAX_COUNT = 10_000_000  # more than any body's membership or ballots; larger is a typing error
TOO_LARGE = 10**15  # beyond any range a form checks: refused as typed, before the ranges compare it


class LocalForm(Form):
    """A form read from the query string or nested in another (FormField): WTForms' own messages ("Not a
    valid integer value.") in the interface language, as a FlaskForm has them."""

    class Meta:
        def get_translations(self, form):
            return wtforms_translations if current_app.config.get("WTF_I18N_ENABLED", True) else None


def choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def countries() -> list[SelectChoice]:
    return choices([("", "—"), *country_choices(language())])  # names in the interface language


# Digits as people type them: Arabic-Indic and Extended Arabic-Indic (Persian) digits, the Arabic
# thousands and decimal separators, read as the Latin ones.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٬٫", "01234567890123456789,.")
_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f]+")


def parse_number(text: str, locale: str) -> Decimal:
    """A number as typed in the language ``locale``: Western, Arabic-Indic or Persian digits, and the
    locale's group separators ("1,234", "1 234", "١٬٢٣٤") and decimal mark ("55,6" in French), read by
    Babel (CLDR). Raises ``ValueError`` for text that is not a number in that locale."""
    cleaned = _SPACES.sub(" ", text.strip().translate(_DIGITS))
    group = get_group_symbol(locale, numbering_system="latn")
    cleaned = cleaned.replace(" ", group if group.isspace() else "")
    if not re.fullmatch(r"[+-]?[\d.,'\u202f]+", cleaned):  # digits and marks only: no "1e3", no "∞"
        raise ValueError(text)
    try:
        return parse_decimal(cleaned, locale=locale, strict=True, numbering_system="latn")
    except (NumberFormatError, InvalidOperation):
        raise ValueError(text) from None


class NumberField(Field):
    """A number typed as text (never ``type=number``, which drops what the browser cannot parse, such
    as Arabic-Indic digits): read with :func:`parse_number` in the page's language; empty is ``None``
    (unknown); text that is not a number is refused with a message, never taken as unknown.
    ``whole``: only whole numbers."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, whole: bool = True, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "numeric" if whole else "decimal", "autocomplete": "off"})
        super().__init__(label, validators, **kwargs)
        self.whole = whole

    def _value(self) -> str:
        if self.raw_data and self.raw_data[0] and self.data is None:
            return self.raw_data[0]  # what was typed, shown back with its error
        return "" if self.data is None else str(self.data)

    def pre_validate(self, form) -> None:
        if self.process_errors:  # not a number: that is the message, not a range besides
            raise StopValidation()

    def process_formdata(self, valuelist) -> None:
        self.data = None
        if not valuelist or not str(valuelist[0]).strip():
            return
        try:
            number = parse_number(str(valuelist[0]), language())
        except ValueError:
            raise ValueError(gettext("“%(text)s” is not a number.", text=str(valuelist[0]).strip()[:40])) from None
        if self.whole and number != number.to_integral_value():
            raise ValueError(gettext("“%(text)s” is not a whole number.", text=str(valuelist[0]).strip()[:40]))
        if abs(number) > TOO_LARGE:  # no range to check: a typing error (and beyond what a float holds)
            raise ValueError(gettext("This number is far too large."))
        self.data = int(number) if self.whole else float(number)


def count_field(label, description="") -> NumberField:
    """A count of votes, ballots or members: a whole number from 0, empty where no source gives it."""
    return NumberField(
        label,
        validators=[Optional(), NumberRange(min=0, max=MAX_COUNT)],
        description=description or _l("Leave empty if no source gives it."),
    )


def western_digits(text: str | None) -> str | None:
    """A field filter: Arabic-Indic and Persian digits typed in a date (٢٠٢٥-١١-٢٠) as Western ones,
    so a date reads the same whatever keyboard typed it."""
    return text.translate(_DIGITS) if isinstance(text, str) else text


def real_date(form, field) -> None:
    try:
        first_day(field.data or "")
    except ValueError:
        raise ValidationError(_l("This is not a calendar date.")) from None


def clean(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


def errors_in_words(form: Form) -> str:
    """A form's errors on one line, for a 400's message: ``"post: This text ...; year_from: ..."``
    (each field by its parameter's name, its errors in the interface language)."""
    return "; ".join(f"{name}: {', '.join(map(str, errors))}" for name, errors in form.errors.items())


def safe_text(field: str | int, lines: bool = False, kind: TextKind | None = None):
    """A validator applying the one text policy (:mod:`tracker.records.text`) to what is typed.

    ``field``: the record's field the text goes to (``"organisation.names.*"``: its limit and kind come
    from the record's shape), or, for text that is no record's field (a filter, a search), the longest
    text taken, with ``kind`` (one line by default). With ``lines`` (a text area listing one value per
    line: other spellings, a notes box), each line is checked on its own. A line or record separator
    (U+000B, U+001E, U+0085...) is refused, never taken for a line break."""
    longest, kind_of_field = (limit(field), text_kind(field)) if isinstance(field, str) else (field, TextKind.LINE)
    kind = kind or kind_of_field

    def check(form, field) -> None:
        text = field.data or ""
        if lines and kind is not TextKind.LINES:
            texts = re.split("\r\n|[\n\r]", text)  # a text area's line ends, and nothing else
        else:
            texts = [text]
        for line in texts:
            if problems := text_problems(line.strip(), longest, kind):
                message, params = problems[0]
                raise ValidationError(_l("This text %(problem)s.", problem=_l(message, **params)))

    return check


MAX_ALIASES = 100  # a person merged a few times gathers spellings; more is a paste gone wrong
_MARKUP = re.compile(r"<\s*[A-Za-z/!?]")  # the start of a tag, a comment or a processing instruction


def plain_name(lines: bool = False):
    """A validator for a name an editor types (a person's, a candidate's): the text (each line, with
    ``lines``) holds no markup, and every name given shows something (an empty line or field is no
    name, and is fine here: whether one is needed is said elsewhere). Imported files keep their text
    as written; pages show it escaped."""

    def check(form, field) -> None:
        for line in (field.data or "").splitlines() if lines else [field.data or ""]:
            if _MARKUP.search(line):
                raise ValidationError(_l("A name is plain text: this one holds markup (“<…>”)."))
            if line.strip() and not visible(line):
                raise ValidationError(_l("This name shows nothing: it is only spaces, marks or blank characters."))

    return check
