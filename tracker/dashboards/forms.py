"""The dashboards' forms: a span of years, and an organisation's names in other languages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FieldList, FormField, HiddenField, StringField, TextAreaField
from wtforms.validators import NumberRange, Optional, ValidationError

from ..formfields import LocalForm, NumberField, safe_text
from ..localnames import LANGUAGES, OrganisationNames


class YearsForm(LocalForm):
    """A span of years, read from the query string (``year_from``, ``year_to``), both optional."""

    year_from = NumberField(_l("From year"), validators=[Optional(), NumberRange(min=1800, max=2200)])
    year_to = NumberField(_l("To year"), validators=[Optional(), NumberRange(min=1800, max=2200)])

    def validate_year_to(self, field) -> None:
        if field.data is not None and self.year_from.data is not None and field.data < self.year_from.data:
            raise ValidationError(_l("%(year)s is before the first year, %(first)s.", year=field.data, first=self.year_from.data))


MAX_ALIASES = 50


class TermNamesForm(LocalForm):
    """A post title's or a region's names in French and Arabic; ``english`` says which title or region."""

    english = HiddenField()
    fr = StringField(_l("French"), validators=[safe_text("organisation.names.*")])
    ar = StringField(_l("Arabic"), validators=[safe_text("organisation.names.*")])


class OrganisationNamesForm(FlaskForm):
    """An organisation's names in French and Arabic, its other names and spellings (one per line), and
    the names of its post titles and regions (tracker.localnames). ``fingerprint`` is the names' digest when
    the page was read, so a save over someone else's change is noticed."""

    fingerprint = HiddenField()
    name_fr = StringField(_l("Name in French"), validators=[safe_text("organisation.names.*")])
    name_ar = StringField(_l("Name in Arabic"), validators=[safe_text("organisation.names.*")])
    aliases = TextAreaField(
        _l("Other names and spellings"),
        validators=[safe_text("organisation.names.*", lines=True)],
        description=_l("One per line, in any script: short names, former names, spellings used in the press."),
    )
    posts = FieldList(FormField(TermNamesForm))
    regions = FieldList(FormField(TermNamesForm))

    def validate_aliases(self, field) -> None:
        if len([line for line in (field.data or "").splitlines() if line.strip()]) > MAX_ALIASES:
            raise ValidationError(_l("At most %(count)s names and spellings.", count=MAX_ALIASES))

    @classmethod
    def filled(cls, names: OrganisationNames) -> OrganisationNamesForm:
        """The form showing ``names`` as stored."""
        return cls(data={
            "fingerprint": names.fingerprint(),
            "name_fr": names.names.get("fr", ""), "name_ar": names.names.get("ar", ""),
            "aliases": "\n".join(names.aliases),
            "posts": [{"english": title, **given} for title, given in names.posts.items()],
            "regions": [{"english": region, **given} for region, given in names.regions.items()],
        })

    def names(self, current: OrganisationNames) -> OrganisationNames:
        """``current`` with what the form holds; titles and regions the organisation lacks are dropped."""

        def terms(entries, held: dict) -> dict[str, dict[str, str]]:
            return {
                e.english.data: {lang: (e[lang].data or "").strip() for lang in LANGUAGES}
                for e in entries if e.english.data in held
            }

        names = {lang: (self[f"name_{lang}"].data or "").strip() for lang in LANGUAGES}
        return OrganisationNames(
            current.acronym, current.name,
            {**{k: v for k, v in current.names.items() if k not in names}, **names},
            (self.aliases.data or "").splitlines(),
            {**current.posts, **terms(self.posts, current.posts)},
            {**current.regions, **terms(self.regions, current.regions)},
        )
