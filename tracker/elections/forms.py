"""WTForms classes for entering elections. Each form builds an election-records/v1 fragment; the
whole record is then validated by :func:`tracker.elections.editing.save_record`, as an import would be.
"""

from __future__ import annotations

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import HiddenInput

from ..countries import country_code
from ..formfields import (
    MAX_ALIASES,
    LocalForm,
    NumberField,
    choices,
    clean,
    count_field,
    countries,
    plain_name,
    real_date,
    safe_text,
    western_digits,
)
from ..records import ElectionFilter, first_day, limit
from .pages import BASE_LABELS, QUOTA_LABELS

QUOTA_CHOICES = choices([("", _l("not recorded")), *QUOTA_LABELS.items()])
ROUND_QUOTA_CHOICES = choices([("", _l("the election's rule")), *QUOTA_LABELS.items()])
BASE_CHOICES = choices(BASE_LABELS.items())
ROUND_KINDS = choices(
    [
        ("ordinary", _l("ordinary")), ("restricted", _l("restricted ballot")), ("run_off", _l("run-off")),
        ("tie_break", _l("tie-break ballot")),
    ]
)
SHARE_OF_CHOICES = choices([("valid_votes", _l("valid votes")), ("ballots_cast", _l("ballots cast"))])
KIND_CHOICES = choices([("person", _l("a person")), ("state", _l("a member State"))])
GENDER_CHOICES = choices([("", "—"), ("female", _l("female")), ("male", _l("male")), ("other", _l("other"))])


DAY = [Optional(), Regexp(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", message=_l("Use YYYY-MM-DD.")), real_date]
STATUS_CHOICES = choices(
    [("held", _l("held: the vote took place")), ("scheduled", _l("scheduled: candidacies known, no vote yet")),
     ("cancelled", _l("cancelled"))]
)


class ElectionForm(FlaskForm):
    """An election's own facts: organisation, body, post, dates, place, electorate, seats, rule, term,
    status, rounds held and notes (its candidates, rounds and sources have forms of their own)."""

    organisation_acronym = StringField(
        _l("Organisation (acronym)"), validators=[DataRequired(), safe_text("organisation.acronym")]
    )
    organisation_name = StringField(
        _l("Organisation (full name)"), validators=[safe_text("organisation.name")],
        description=_l("Needed for a new organisation."),
    )
    body = StringField(_l("Body"), validators=[DataRequired(), safe_text("body")], description=_l("e.g. General Assembly"))
    session = StringField(_l("Session"), validators=[safe_text("session")], description=_l("e.g. 92nd General Assembly"))
    post_title = StringField(_l("Post"), validators=[DataRequired(), safe_text("post.title")], description=_l("e.g. Vice-President"))
    region = StringField(_l("Region"), validators=[safe_text("post.region")], description=_l("The organisation's own region, if any."))
    term_years = NumberField(_l("Term (years)"), validators=[Optional(), NumberRange(min=1, max=100)])
    status = SelectField(_l("Status"), choices=STATUS_CHOICES, default="held")
    date = StringField(
        _l("Date"),
        filters=[western_digits],
        validators=[
            DataRequired(),
            Regexp(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$", message=_l("Use YYYY, YYYY-MM or YYYY-MM-DD.")),
            real_date,
        ],
        description=_l("YYYY-MM-DD, or YYYY-MM or YYYY where the day is not known."),
    )
    end_date = StringField(_l("Last day"), validators=DAY, filters=[western_digits], description=_l("Where the vote spread over several days."))
    city = StringField(_l("City"), validators=[safe_text("location.city")])
    country = SelectField(_l("Venue country"), choices=countries, default="", description=_l("Where the vote was held."))
    electorate = count_field(_l("Electorate"), _l("Members entitled to vote; leave empty if unknown."))
    seats = NumberField(_l("Seats"), default=1, validators=[InputRequired(), NumberRange(min=1, max=1000)])
    quota = SelectField(_l("Quota"), choices=QUOTA_CHOICES, default="")
    base = SelectField(_l("Base"), choices=BASE_CHOICES, description=_l("What the quota is taken of."))
    term_start = StringField(_l("Term starts"), validators=DAY, filters=[western_digits])
    term_end = StringField(_l("Term ends"), validators=DAY, filters=[western_digits])
    rounds_held = NumberField(
        _l("Rounds held"), validators=[Optional(), NumberRange(min=1, max=1000)],
        description=_l("Where the record holds only some of the rounds."),
    )
    notes = TextAreaField(_l("Notes"), validators=[safe_text("notes")])
    same_anyway = BooleanField(_l("Record it anyway: it is another election"))

    def validate_end_date(self, field) -> None:
        if field.data and not field.errors and self.date.data and not self.date.errors and first_day(self.date.data) > first_day(field.data):
            raise ValidationError(_l("The last day comes before the first."))

    def validate_term_end(self, field) -> None:
        start = self.term_start.data
        if field.data and not field.errors and start and not self.term_start.errors and first_day(start) > first_day(field.data):
            raise ValidationError(_l("The term ends before it starts."))

    def record(self, organisation_name: str) -> dict:
        """The election-records/v1 record this form describes, with no candidates or rounds yet."""
        return self.apply({"candidates": [], "rounds": []}, organisation_name)

    def apply(self, record: dict, organisation_name: str) -> dict:
        """``record`` with the facts this form holds (its candidates, rounds and sources kept)."""
        term = {"start": clean(self.term_start.data), "end": clean(self.term_end.data)}
        return {
            **record,
            "status": self.status.data,
            "organisation": self._organisation(record.get("organisation"), organisation_name),
            "body": self.body.data.strip(),
            "session": clean(self.session.data),
            "post": {"title": self.post_title.data.strip(), "region": clean(self.region.data), "term_years": self.term_years.data},
            "date": self.date.data,
            "end_date": clean(self.end_date.data),
            "location": {"city": clean(self.city.data), "country": self.country.data or None},
            "electorate": self.electorate.data,
            "seats": self.seats.data,
            "rule": {"quota": self.quota.data, "base": self.base.data} if self.quota.data else None,
            "term": term if any(term.values()) else None,
            "rounds_held": self.rounds_held.data,
            "notes": clean(self.notes.data),
        }

    def _organisation(self, stored: dict | None, name: str) -> dict:
        """The organisation this form names: the stored one's other facts (names in other languages,
        founding year, members) kept while the acronym stays the same."""
        acronym = self.organisation_acronym.data.strip()
        kept = stored if stored and stored.get("acronym") == acronym else {}
        return {**kept, "acronym": acronym, "name": name}

    def fill(self, record: dict) -> None:
        """Show a stored election's facts."""
        location, term, rule = record["location"] or {}, record["term"] or {}, record["rule"] or {}
        shown = {
            "organisation_acronym": record["organisation"]["acronym"], "organisation_name": record["organisation"]["name"],
            "body": record["body"], "session": record["session"], "post_title": record["post"]["title"],
            "region": record["post"]["region"], "term_years": record["post"]["term_years"], "status": record["status"],
            "date": record["date"], "end_date": record["end_date"], "city": location.get("city"),
            "country": location.get("country") or "", "electorate": record["electorate"], "seats": record["seats"],
            "quota": rule.get("quota", ""), "base": rule.get("base", "valid_votes"), "term_start": term.get("start"),
            "term_end": term.get("end"), "rounds_held": record["rounds_held"], "notes": record["notes"],
        }
        for name, value in shown.items():
            self[name].data = value


class VersionedForm(FlaskForm):
    """A form that changes a stored election: carries the version it was opened at (optimistic locking)."""

    version = NumberField(widget=HiddenInput(), validators=[InputRequired(), NumberRange(min=1, max=2**31 - 1)])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.version.errors:  # a hidden field: say so where the reader looks
            self.form_errors.append(_l("This page's version mark is missing or damaged: reload the page."))
        return valid


class ElectionEditForm(ElectionForm, VersionedForm):
    """A stored election's facts, corrected: the version it was opened at travels with it."""


class CandidateForm(VersionedForm):
    """A candidate: a person (or a State), their names and spellings, and the nominating State."""

    name = StringField(
        _l("Name"), validators=[safe_text("candidates[].name"), plain_name()],
        description=_l("As usually written in Latin script."),
    )
    name_ar = StringField(_l("Name in Arabic"), validators=[safe_text("candidates[].names.*"), plain_name()])
    name_fr = StringField(_l("Name in French"), validators=[safe_text("candidates[].names.*"), plain_name()])
    aliases = TextAreaField(
        _l("Other spellings"), validators=[safe_text("candidates[].aliases[]", lines=True), plain_name(lines=True)],
        description=_l("One per line, in any script, as sources write the name."),
    )
    country = SelectField(_l("Nominating country"), choices=countries, default="")
    nominated_by = StringField(
        _l("Nominated by (not a State)"), validators=[safe_text("candidates[].nominated_by")],
        description=_l("A national association, an Olympic committee, a national group of the Permanent Court of Arbitration."),
    )
    kind = SelectField(_l("Candidate is"), choices=KIND_CHOICES)
    gender = SelectField(_l("Gender"), choices=GENDER_CHOICES, default="")
    affiliation = StringField(_l("Office held when standing"), validators=[safe_text("candidates[].affiliation")])
    declared = BooleanField(
        _l("Declared candidate"), default=True, description=_l("Untick for one who received votes without standing.")
    )
    reported_elected = BooleanField(_l("The sources report this candidate elected"))

    def validate_name(self, field) -> None:
        if not clean(field.data) and not self.country.data:
            raise ValidationError(_l("Give a name, or at least the nominating country."))

    def validate_aliases(self, field) -> None:
        if len([line for line in (field.data or "").splitlines() if line.strip()]) > MAX_ALIASES:
            raise ValidationError(_l("At most %(count)s names and spellings.", count=MAX_ALIASES))

    def candidate(self, key: str) -> dict:
        """The election-records/v1 candidate this form describes, under ``key``."""
        names = {lang: clean(f.data) for lang, f in (("ar", self.name_ar), ("fr", self.name_fr))}
        return {
            "key": key,
            "kind": self.kind.data,
            "name": clean(self.name.data),
            "names": {lang: name for lang, name in names.items() if name},
            "aliases": [line.strip() for line in (self.aliases.data or "").splitlines() if line.strip()],
            "country": self.country.data or None,
            "nominated_by": clean(self.nominated_by.data),
            "gender": self.gender.data or None,
            "affiliation": clean(self.affiliation.data),
            "declared": self.declared.data,
        }

    def fill(self, candidate: dict, reported: bool) -> None:
        """Show a stored candidate."""
        self.name.data, self.kind.data = candidate["name"], candidate["kind"]
        self.name_ar.data, self.name_fr.data = candidate["names"].get("ar"), candidate["names"].get("fr")
        self.aliases.data = "\n".join(candidate["aliases"])
        self.country.data, self.nominated_by.data = candidate["country"] or "", candidate["nominated_by"]
        self.gender.data, self.affiliation.data = candidate["gender"] or "", candidate["affiliation"]
        self.declared.data, self.reported_elected.data = candidate["declared"], reported


def known_country(form, field) -> None:
    """A nominating State's name (any of the three languages, common or official) or ISO code."""
    if clean(field.data) and country_code(clean(field.data)) is None:
        raise ValidationError(
            gettext("No State is called “%(text)s”: give its name in English, French or Arabic, or its ISO code (e.g. MAR).", text=field.data.strip()[:100])
        )


class ElectionFilterForm(LocalForm):
    """Which elections to show or export: a GET form read from the query string."""

    LISTED = ("organisation", "post", "region", "country", "year_from", "year_to", "page", "sort")  # the list's parameters

    organisation = StringField(_l("Organisation"), validators=[Optional(), safe_text(limit("organisation.acronym"))])
    post = StringField(_l("Post"), validators=[Optional(), safe_text(limit("post.title"))])
    region = StringField(_l("Region"), validators=[Optional(), safe_text(limit("post.region"))])
    country = StringField(
        _l("Nominating country"),
        validators=[Optional(), safe_text(100), known_country],
        description=_l("Its name in English, French or Arabic, or its ISO code (MAR)."),
    )
    year_from = NumberField(_l("From year"), validators=[Optional(), NumberRange(min=1800, max=2200)])
    year_to = NumberField(_l("To year"), validators=[Optional(), NumberRange(min=1800, max=2200)])

    def filters(self) -> ElectionFilter:
        """The filter this form describes."""
        return ElectionFilter(
            organisation=clean(self.organisation.data),
            post=clean(self.post.data),
            region=clean(self.region.data),
            country=country_code(clean(self.country.data)),
            year_from=self.year_from.data,
            year_to=self.year_to.data,
        )


class DeleteForm(VersionedForm):
    """Confirm the deletion of an election (the version shown, so a changed one is not deleted unseen)."""
