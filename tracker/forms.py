"""WTForms classes for entering elections. Each form builds an election-records/v1 fragment; the
whole record is then validated by :func:`tracker.elections.save_record`, as an import would be.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask import current_app
from flask_wtf.file import FileAllowed, FileField, FileRequired
from flask_wtf.i18n import translations as wtforms_translations
from wtforms import (
    BooleanField,
    DecimalField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp, ValidationError
from wtforms.widgets import HiddenInput

from .accounts import password_problem
from .countries import country_choices
from .i18n import language
from .elections import BASE_LABELS, QUOTA_LABELS
from .naming import LANGUAGES, OrganisationNames
from .records import ElectionFilter, first_day, text_problems

MAX_COUNT = 10_000_000  # more than any body's membership or ballots; larger is a typing error



class LocalForm(Form):
    """A form read from the query string or nested in another (FormField): WTForms' own messages ("Not a
    valid integer value.") in the interface language, as a FlaskForm has them."""

    class Meta:
        def get_translations(self, form):
            return wtforms_translations if current_app.config.get("WTF_I18N_ENABLED", True) else None


def _choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


QUOTA_CHOICES = _choices([("", _l("not recorded")), *QUOTA_LABELS.items()])
ROUND_QUOTA_CHOICES = _choices([("", _l("the election's rule")), *QUOTA_LABELS.items()])
BASE_CHOICES = _choices(BASE_LABELS.items())
ROUND_KINDS = _choices(
    [
        ("ordinary", _l("ordinary")), ("restricted", _l("restricted ballot")), ("run_off", _l("run-off")),
        ("tie_break", _l("tie-break ballot")),
    ]
)
SHARE_OF_CHOICES = _choices([("valid_votes", _l("valid votes")), ("ballots_cast", _l("ballots cast"))])
KIND_CHOICES = _choices([("person", _l("a person")), ("state", _l("a member State"))])
GENDER_CHOICES = _choices([("", "—"), ("female", _l("female")), ("male", _l("male")), ("other", _l("other"))])


def _countries() -> list[SelectChoice]:
    return _choices([("", "—"), *country_choices(language())])  # names in the interface language


def _count_field(label, description="") -> IntegerField:
    return IntegerField(
        label,
        validators=[Optional(), NumberRange(min=0, max=MAX_COUNT)],
        description=description or _l("Leave empty if no source gives it."),
    )


def _real_date(form, field) -> None:
    try:
        first_day(field.data or "")
    except ValueError:
        raise ValidationError(_l("This is not a calendar date.")) from None


def _clean(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


class ElectionForm(FlaskForm):
    """A new election: organisation, body, post, date, place, electorate, seats and rule."""

    organisation_acronym = StringField(_l("Organisation (acronym)"), validators=[DataRequired(), Length(max=40)])
    organisation_name = StringField(
        _l("Organisation (full name)"), validators=[Length(max=300)], description=_l("Needed for a new organisation.")
    )
    body = StringField(_l("Body"), validators=[DataRequired(), Length(max=200)], description=_l("e.g. General Assembly"))
    session = StringField(_l("Session"), validators=[Length(max=300)], description=_l("e.g. 92nd General Assembly"))
    post_title = StringField(_l("Post"), validators=[DataRequired(), Length(max=300)], description=_l("e.g. Vice-President"))
    region = StringField(_l("Region"), validators=[Length(max=200)], description=_l("The organisation's own region, if any."))
    date = StringField(
        _l("Date"),
        validators=[
            DataRequired(),
            Regexp(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$", message=_l("Use YYYY, YYYY-MM or YYYY-MM-DD.")),
            _real_date,
        ],
        description=_l("YYYY-MM-DD, or YYYY-MM or YYYY where the day is not known."),
    )
    city = StringField(_l("City"), validators=[Length(max=200)])
    country = SelectField(_l("Country"), choices=_countries, default="")
    electorate = _count_field(_l("Electorate"), _l("Members entitled to vote; leave empty if unknown."))
    seats = IntegerField(_l("Seats"), default=1, validators=[InputRequired(), NumberRange(min=1, max=1000)])
    quota = SelectField(_l("Quota"), choices=QUOTA_CHOICES, default="")
    base = SelectField(_l("Base"), choices=BASE_CHOICES, description=_l("What the quota is taken of."))

    def record(self, organisation_name: str) -> dict:
        """The election-records/v1 record this form describes, with no candidates or rounds yet."""
        return {
            "organisation": {"acronym": self.organisation_acronym.data.strip(), "name": organisation_name},
            "body": self.body.data.strip(),
            "session": _clean(self.session.data),
            "post": {"title": self.post_title.data.strip(), "region": _clean(self.region.data)},
            "date": self.date.data,
            "location": {"city": _clean(self.city.data), "country": self.country.data or None},
            "electorate": self.electorate.data,
            "seats": self.seats.data,
            "rule": {"quota": self.quota.data, "base": self.base.data} if self.quota.data else None,
            "candidates": [],
            "rounds": [],
        }


class VersionedForm(FlaskForm):
    """A form that changes a stored election: carries the version it was opened at (optimistic locking)."""

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired(), NumberRange(min=1, max=2**31 - 1)])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.version.errors:  # a hidden field: say so where the reader looks
            self.form_errors.append(_l("This page's version mark is missing or damaged: reload the page."))
        return valid


class CandidateForm(VersionedForm):
    """A candidate: a person (or a State) and the nominating State."""

    name = StringField(_l("Name"), validators=[Length(max=300)], description=_l("As usually written in Latin script."))
    name_ar = StringField(_l("Name in Arabic"), validators=[Length(max=300)])
    name_fr = StringField(_l("Name in French"), validators=[Length(max=300)])
    country = SelectField(_l("Nominating country"), choices=_countries, default="")
    kind = SelectField(_l("Candidate is"), choices=KIND_CHOICES)
    gender = SelectField(_l("Gender"), choices=GENDER_CHOICES, default="")
    affiliation = StringField(_l("Office held when standing"), validators=[Length(max=500)])
    declared = BooleanField(
        _l("Declared candidate"), default=True, description=_l("Untick for one who received votes without standing.")
    )
    reported_elected = BooleanField(_l("The sources report this candidate elected"))

    def validate_name(self, field) -> None:
        if not _clean(field.data) and not self.country.data:
            raise ValidationError(_l("Give a name, or at least the nominating country."))

    def candidate(self, key: str) -> dict:
        """The election-records/v1 candidate this form describes, under ``key``."""
        names = {lang: _clean(f.data) for lang, f in (("ar", self.name_ar), ("fr", self.name_fr))}
        return {
            "key": key,
            "kind": self.kind.data,
            "name": _clean(self.name.data),
            "names": {lang: name for lang, name in names.items() if name},
            "country": self.country.data or None,
            "gender": self.gender.data or None,
            "affiliation": _clean(self.affiliation.data),
            "declared": self.declared.data,
        }


class VoteEntry(LocalForm):
    """One candidate's figures in a round (a subform: the round form carries the CSRF token)."""

    candidate = HiddenField()
    stood = BooleanField(_l("Stood in this round"), default=True)
    votes = _count_field(_l("Votes"), " ")
    share = DecimalField(_l("Share (%)"), places=None, validators=[Optional(), NumberRange(min=0, max=100)])
    against = _count_field(_l("Votes against"), " ")
    withdrawn = BooleanField(_l("Withdrew before this round"))
    eliminated = BooleanField(_l("Eliminated after this round"))
    by_lot = BooleanField(_l("Chosen by lot"))


class RoundForm(VersionedForm):
    """A round's figures: the counts, an optional rule for this round, and each candidate's votes."""

    number = IntegerField(_l("Round number"), validators=[InputRequired(), NumberRange(min=1, max=1000)])
    label = StringField(
        _l("Label"), validators=[Length(max=200)], description=_l("The body's own name, e.g. “48th ballot”.")
    )
    kind = SelectField(_l("Kind"), choices=ROUND_KINDS)
    quota = SelectField(_l("Quota in this round"), choices=ROUND_QUOTA_CHOICES, default="")
    base = SelectField(_l("Base in this round"), choices=BASE_CHOICES)
    electorate = _count_field(_l("Electorate in this round"), _l("Only where it differs from the election's."))
    ballots_cast = _count_field(_l("Ballots cast"))
    invalid = _count_field(_l("Invalid ballots"))
    abstentions = _count_field(_l("Abstentions"))
    present_and_voting = _count_field(_l("Present and voting"))
    required_majority = _count_field(_l("Required majority (as reported)"))
    share_of = SelectField(
        _l("Shares are percentages of"),
        choices=SHARE_OF_CHOICES,
    )
    votes = FieldList(FormField(VoteEntry))
    notes = TextAreaField(_l("Notes"), validators=[Length(max=5000)])

    election_electorate: int | None = None  # set by the view: the election's electorate, if known

    def validate(self, extra_validators=None) -> bool:
        """The fields, then what typing slips betray: a count above the electorate (no member casts two
        ballots or votes twice for one candidate)."""
        valid = super().validate(extra_validators)
        electorate = self.electorate.data if self.electorate.data is not None else self.election_electorate
        if electorate is None:
            return valid
        counted = [self.ballots_cast, self.present_and_voting] + [entry.form.votes for entry in self.votes]
        for field in counted:
            if isinstance(field.data, int) and field.data > electorate:
                field.errors = [*field.errors, f"{field.data:,} is more than the electorate ({electorate:,})."]
                valid = False
        return valid

    def fill(self, rnd: dict | None, keys: list[str]) -> None:
        """Show a stored round (``rnd``), or a blank one for the candidates ``keys``."""
        rnd = rnd or {"votes": [], "withdrawn": [], "eliminated": [], "decided_by_lot": []}
        for name in ("number", "label", "kind", "electorate", "ballots_cast", "invalid", "abstentions",
                     "present_and_voting", "required_majority", "share_of", "notes"):
            if name in rnd:
                getattr(self, name).data = rnd[name]
        if rnd.get("rule"):
            self.quota.data, self.base.data = rnd["rule"]["quota"], rnd["rule"]["base"]
        by_key = {v["candidate"]: v for v in rnd["votes"]}
        standing = rnd.get("standing")
        for key in keys:
            vote = by_key.get(key, {})
            self.votes.append_entry(
                {
                    "candidate": key,
                    "stood": key in by_key if rnd["votes"] or standing is not None else True,
                    "votes": vote.get("votes"),
                    "share": vote.get("share"),
                    "against": vote.get("against"),
                    "withdrawn": key in rnd["withdrawn"],
                    "eliminated": key in rnd["eliminated"],
                    "by_lot": key in rnd["decided_by_lot"],
                }
            )

    def round(self) -> dict:
        """The election-records/v1 round this form describes.

        A candidate who did not stand, or withdrew, gets no vote line; in a restricted round, a
        run-off or a tie-break ballot, those who stood are the ``standing`` list.
        """
        voting = [e for e in self.votes if e.stood.data and not e.withdrawn.data]
        data = {
            "number": self.number.data,
            "label": _clean(self.label.data),
            "kind": self.kind.data,
            "electorate": self.electorate.data,
            "ballots_cast": self.ballots_cast.data,
            "invalid": self.invalid.data,
            "abstentions": self.abstentions.data,
            "present_and_voting": self.present_and_voting.data,
            "required_majority": self.required_majority.data,
            "share_of": self.share_of.data,
            "withdrawn": [e.candidate.data for e in self.votes if e.withdrawn.data],
            "eliminated": [e.candidate.data for e in self.votes if e.eliminated.data],
            "decided_by_lot": [e.candidate.data for e in self.votes if e.by_lot.data],
            "votes": [
                {
                    "candidate": e.candidate.data,
                    "votes": e.votes.data,
                    "share": float(e.share.data) if e.share.data is not None else None,
                    **({"against": e.against.data} if e.against.data is not None else {}),
                }
                for e in voting
            ],
            "notes": _clean(self.notes.data),
        }
        if self.kind.data != "ordinary":
            data["standing"] = [e.candidate.data for e in voting]
        if self.quota.data:
            data["rule"] = {"quota": self.quota.data, "base": self.base.data}
        return data


class UploadForm(FlaskForm):
    """A data file to import."""

    file = FileField(
        _l("File"),
        validators=[FileRequired(_l("Choose a file.")), FileAllowed(["json", "csv"], _l("A .json or .csv file, please."))],
    )
    format = SelectField(
        _l("Format"), choices=_choices([("", _l("from the file name")), ("json", "JSON"), ("csv", "CSV")]), default=""
    )


class ConfirmImportForm(FlaskForm):
    """Confirms a previewed import (the CSRF token is the point)."""


class ElectionFilterForm(LocalForm):
    """Which elections to show or export: a GET form read from the query string."""

    organisation = StringField(_l("Organisation"), validators=[Optional(), Length(max=40)])
    post = StringField(_l("Post"), validators=[Optional(), Length(max=300)])
    region = StringField(_l("Region"), validators=[Optional(), Length(max=200)])
    country = StringField(
        _l("Nominating country"),
        validators=[Optional(), Regexp(r"^[A-Za-z]{3}$", message="An ISO alpha-3 code, e.g. MAR.")],
    )
    year_from = IntegerField(_l("From year"), validators=[Optional(), NumberRange(min=1800, max=2200)])
    year_to = IntegerField(_l("To year"), validators=[Optional(), NumberRange(min=1800, max=2200)])

    def filters(self) -> ElectionFilter:
        """The filter this form describes."""
        return ElectionFilter(
            organisation=_clean(self.organisation.data),
            post=_clean(self.post.data),
            region=_clean(self.region.data),
            country=(_clean(self.country.data) or "").upper() or None,
            year_from=self.year_from.data,
            year_to=self.year_to.data,
        )


class SignInForm(FlaskForm):
    """Sign in with an email and a password."""

    email = StringField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1000)])


class UserForm(FlaskForm):
    """An admin adds an account."""

    email = StringField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired()], description=_l("At least 12 characters."))

    def validate_password(self, field) -> None:
        problem = password_problem(field.data)
        if problem:
            raise ValidationError(problem)
    role = SelectField(
        "Role",
        choices=_choices([("editor", _l("Editor: enters and changes data")), ("admin", _l("Admin: also manages accounts"))]),
    )


class DeleteForm(VersionedForm):
    """Confirm the deletion of an election (the version shown, so a changed one is not deleted unseen)."""


class UserChangeForm(FlaskForm):
    """An admin changes an account's role, or closes or reopens it."""

    role = SelectField(_l("Role"), choices=_choices([("editor", _l("Editor")), ("admin", _l("Admin"))]))
    active = BooleanField(_l("May sign in"))


class YearsForm(LocalForm):
    """A span of years, read from the query string (``year_from``, ``year_to``), both optional."""

    year_from = IntegerField(_l("From year"), validators=[Optional(), NumberRange(min=1800, max=2200)])
    year_to = IntegerField(_l("To year"), validators=[Optional(), NumberRange(min=1800, max=2200)])

    def validate_year_to(self, field) -> None:
        if field.data is not None and self.year_from.data is not None and field.data < self.year_from.data:
            raise ValidationError(_l("%(year)s is before the first year, %(first)s.", year=field.data, first=self.year_from.data))


MAX_ALIASES = 50
_LINE_BREAK = re.compile("[\n\r\u2028\u2029]")  # what text_problems lets through, as text areas have them
_DISGUISED = "contains an invisible control character (%(code)s) that could disguise the text"  # records' message


def _safe_text(limit: int, lines: bool = False):
    """A validator: the text (each line, with ``lines``, for a text area) is at most ``limit`` characters
    and holds no invisible character that could disguise it (records.text_problems). A one-line field's
    text is checked whole: a line or record separator (U+000B, U+001E, U+0085...) is refused there,
    not taken for a line break."""

    def check(form, field) -> None:
        text = field.data or ""
        for line in (text.splitlines() if lines else [text]) or [""]:
            problems = text_problems(line.strip(), limit)
            if not problems and not lines and (found := _LINE_BREAK.search(line.strip())):
                problems = [(_DISGUISED, {"code": f"U+{ord(found.group()):04X}"})]
            if problems:
                text, params = problems[0]
                raise ValidationError(_l("This text %(problem)s.", problem=_l(text, **params)))

    return check


class TermNamesForm(LocalForm):
    """A post title's or a region's names in French and Arabic; ``english`` says which title or region."""

    english = HiddenField()
    fr = StringField(_l("French"), validators=[_safe_text(300)])
    ar = StringField(_l("Arabic"), validators=[_safe_text(300)])


class OrganisationNamesForm(FlaskForm):
    """An organisation's names in French and Arabic, its other names and spellings (one per line), and
    the names of its post titles and regions (tracker.naming). ``fingerprint`` is the names' digest when
    the page was read, so a save over someone else's change is noticed."""

    fingerprint = HiddenField()
    name_fr = StringField(_l("Name in French"), validators=[_safe_text(300)])
    name_ar = StringField(_l("Name in Arabic"), validators=[_safe_text(300)])
    aliases = TextAreaField(
        _l("Other names and spellings"),
        validators=[_safe_text(300, lines=True)],
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
