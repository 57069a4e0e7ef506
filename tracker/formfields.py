"""What every form shares: forms read from the query string or nested in another, select choices,
count fields, dates and the cleaning of typed text."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf.i18n import translations as wtforms_translations
from wtforms import Form, IntegerField, SelectChoice
from wtforms.validators import NumberRange, Optional, ValidationError

from .countries import country_choices
from .i18n import language
from .records import first_day

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
