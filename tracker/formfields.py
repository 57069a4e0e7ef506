"""What every form shares: forms read from the query string or nested in another, select choices,
count fields, dates, the checking of typed names and the cleaning of typed text."""

from __future__ import annotations

import re

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf.i18n import translations as wtforms_translations
from wtforms import Form, IntegerField, SelectChoice
from wtforms.validators import NumberRange, Optional, ValidationError

from .countries import country_choices
from .i18n import language
from .records import first_day, text_problems

MAX_COUNT = 10_000_000  # more than any body's membership or ballots; larger is a typing error


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


def count_field(label, description="") -> IntegerField:
    return IntegerField(
        label,
        validators=[Optional(), NumberRange(min=0, max=MAX_COUNT)],
        description=description or _l("Leave empty if no source gives it."),
    )


def real_date(form, field) -> None:
    try:
        first_day(field.data or "")
    except ValueError:
        raise ValidationError(_l("This is not a calendar date.")) from None


def clean(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


_LINE_BREAK = re.compile("[\n\r\u2028\u2029]")  # what text_problems lets through, as text areas have them
_DISGUISED = "contains an invisible control character (%(code)s) that could disguise the text"  # records' message


def safe_text(longest: int, lines: bool = False):
    """A validator: the text (each line, with ``lines``, for a text area) is at most ``longest`` characters
    and holds no invisible character that could disguise it (records.text_problems). A one-line field's
    text is checked whole: a line or record separator (U+000B, U+001E, U+0085...) is refused there,
    not taken for a line break."""

    def check(form, field) -> None:
        text = field.data or ""
        for line in (text.splitlines() if lines else [text]) or [""]:
            problems = text_problems(line.strip(), longest)
            if not problems and not lines and (found := _LINE_BREAK.search(line.strip())):
                problems = [(_DISGUISED, {"code": f"U+{ord(found.group()):04X}"})]
            if problems:
                text, params = problems[0]
                raise ValidationError(_l("This text %(problem)s.", problem=_l(text, **params)))

    return check
