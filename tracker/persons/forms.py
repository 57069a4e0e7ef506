"""The persons' forms: a person's names corrected, and the confirmation of a merge.

Names follow the rules of every name the tracker stores (:func:`tracker.formfields.safe_text`: no
invisible character that could disguise the text, no longer than the record's field), and more, as
an editor types them one by one: a name is plain text (no markup) and shows something (not only
spaces, marks or blank glyphs).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, NumberRange, ValidationError
from wtforms.widgets import HiddenInput

from .. import models
from ..elections.forms import GENDER_CHOICES
from ..formfields import MAX_ALIASES, NumberField, plain_name, safe_text
from ..localnames import LANGUAGES
from .changes import PersonNames


class PersonForm(FlaskForm):
    """A person's name in Latin script, names in French and Arabic, other spellings (one per line) and
    gender. ``fingerprint`` is the names' digest when the page was read, so a save over someone else's
    change is noticed (:meth:`tracker.persons.changes.PersonNames.fingerprint`)."""

    fingerprint = HiddenField()
    name = StringField(
        _l("Name"),
        validators=[DataRequired(), safe_text("candidates[].name"), plain_name()],
        description=_l("As usually written in Latin script."),
    )
    name_fr = StringField(_l("Name in French"), validators=[safe_text("candidates[].names.*"), plain_name()])
    name_ar = StringField(_l("Name in Arabic"), validators=[safe_text("candidates[].names.*"), plain_name()])
    aliases = TextAreaField(
        _l("Other spellings"),
        validators=[safe_text("candidates[].aliases[]", lines=True), plain_name(lines=True)],
        description=_l("One per line, in any script: spellings the sources use. Search finds the person by any of them."),
    )
    gender = SelectField(_l("Gender"), choices=GENDER_CHOICES, default="")

    def validate_aliases(self, field) -> None:
        if len([line for line in (field.data or "").splitlines() if line.strip()]) > MAX_ALIASES:
            raise ValidationError(_l("At most %(count)s names and spellings.", count=MAX_ALIASES))

    @classmethod
    def filled(cls, person: PersonNames) -> PersonForm:
        """The form showing ``person`` as stored."""
        return cls(data={
            "fingerprint": person.fingerprint(), "name": person.name,
            "name_fr": person.names.get("fr", ""), "name_ar": person.names.get("ar", ""),
            "aliases": "\n".join(person.aliases), "gender": person.gender or "",
        })

    def names(self, current: PersonNames) -> PersonNames:
        """``current`` with what the form holds; names in languages the form does not show stay."""
        names = {lang: (self[f"name_{lang}"].data or "").strip() for lang in LANGUAGES}
        return PersonNames(
            (self.name.data or "").strip(),
            {**{k: v for k, v in current.names.items() if k not in names}, **names},
            (self.aliases.data or "").splitlines(),
            self.gender.data or None,
            current.id,
        )


class MergeForm(FlaskForm):
    """Confirm merging the person ``other`` into the page's person; ``fingerprint`` is both persons'
    names when the confirmation was shown (:func:`tracker.persons.changes.merge_fingerprint`)."""

    fingerprint = HiddenField()
    other = NumberField(widget=HiddenInput(), validators=[InputRequired(), NumberRange(min=1, max=models.MAX_ID)])
