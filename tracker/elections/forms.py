"""WTForms classes for entering elections. Each form builds an election-records/v1 fragment; the
whole record is then validated by :func:`tracker.elections.pages.save_record`, as an import would be.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

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
from ..records.shape import ROUND_COUNTS
from ..records.validation import is_web_address
from .pages import BASE_LABELS, FIGURE_LABELS, QUOTA_LABELS

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
        _l("Organisation (acronym)"), validators=[DataRequired(), Length(max=limit("organisation.acronym"))]
    )
    organisation_name = StringField(
        _l("Organisation (full name)"), validators=[Length(max=limit("organisation.name"))],
        description=_l("Needed for a new organisation."),
    )
    body = StringField(_l("Body"), validators=[DataRequired(), Length(max=limit("body"))], description=_l("e.g. General Assembly"))
    session = StringField(_l("Session"), validators=[Length(max=limit("session"))], description=_l("e.g. 92nd General Assembly"))
    post_title = StringField(_l("Post"), validators=[DataRequired(), Length(max=limit("post.title"))], description=_l("e.g. Vice-President"))
    region = StringField(_l("Region"), validators=[Length(max=limit("post.region"))], description=_l("The organisation's own region, if any."))
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
    city = StringField(_l("City"), validators=[Length(max=limit("location.city"))])
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
    notes = TextAreaField(_l("Notes"), validators=[Length(max=limit("notes"))])
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

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired(), NumberRange(min=1, max=2**31 - 1)])

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
        _l("Name"), validators=[safe_text(limit("candidates[].name")), plain_name()],
        description=_l("As usually written in Latin script."),
    )
    name_ar = StringField(_l("Name in Arabic"), validators=[safe_text(limit("candidates[].names.*")), plain_name()])
    name_fr = StringField(_l("Name in French"), validators=[safe_text(limit("candidates[].names.*")), plain_name()])
    aliases = TextAreaField(
        _l("Other spellings"), validators=[safe_text(limit("candidates[].aliases[]"), lines=True), plain_name(lines=True)],
        description=_l("One per line, in any script, as sources write the name."),
    )
    country = SelectField(_l("Nominating country"), choices=countries, default="")
    nominated_by = StringField(
        _l("Nominated by (not a State)"), validators=[Length(max=limit("candidates[].nominated_by"))],
        description=_l("A national association, an Olympic committee, a national group of the Permanent Court of Arbitration."),
    )
    kind = SelectField(_l("Candidate is"), choices=KIND_CHOICES)
    gender = SelectField(_l("Gender"), choices=GENDER_CHOICES, default="")
    affiliation = StringField(_l("Office held when standing"), validators=[Length(max=limit("candidates[].affiliation"))])
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


class VoteEntry(LocalForm):
    """One candidate's figures in a round (a subform: the round form carries the CSRF token)."""

    candidate = HiddenField()
    stood = BooleanField(_l("Stood in this round"), default=True)
    votes = count_field(_l("Votes"), " ")
    share = NumberField(_l("Share (%)"), whole=False, validators=[Optional(), NumberRange(min=0, max=100)])
    against = count_field(_l("Votes against"), " ")
    withdrawn = BooleanField(_l("Withdrew before this round"))
    eliminated = BooleanField(_l("Eliminated after this round"))
    by_lot = BooleanField(_l("Chosen by lot"))


class CheckboxesField(SelectMultipleField):
    """A choice of several, shown as tick boxes (WTForms' own widgets); choices are set by the view."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("choices", [])
        super().__init__(label, validators, **kwargs)


DISPUTED_FIELDS = [*ROUND_COUNTS, "votes", "share", "against"]
CANDIDATE_FIGURES = ("votes", "share", "against")


class DisputedEntry(LocalForm):
    """One value another source gives for a figure of the round; the round's own box holds the
    accepted value. A row left empty is no entry."""

    field = SelectField(_l("Figure"), choices=choices([("", "—"), *((n, FIGURE_LABELS[n]) for n in DISPUTED_FIELDS)]), default="")
    candidate = SelectField(_l("Candidate"), choices=[], default="", validate_choice=False)
    value = NumberField(_l("Value the source gives"), whole=False, validators=[Optional(), NumberRange(min=0, max=10**9)])
    source = StringField(_l("Source (address or citation)"), validators=[Length(max=limit("rounds[].disputed[].source"))])

    def is_empty(self) -> bool:
        return not (self.field.data or self.value.data is not None or clean(self.source.data))

    def validate(self, extra_validators=None) -> bool:
        """A filled row names the figure, the value and the source; a candidate for a candidate's
        figure (votes, share, votes against), none for a figure of the round."""
        valid = super().validate(extra_validators)
        if self.is_empty():
            return valid
        for name in ("field", "source"):
            if not clean(self[name].data):
                self[name].errors = [*self[name].errors, _l("Needed for a disputed value.")]
                valid = False
        if self.value.data is None and not self.value.errors:
            self.value.errors = [*self.value.errors, _l("Needed for a disputed value.")]
            valid = False
        if self.field.data in CANDIDATE_FIGURES and not self.candidate.data:
            self.candidate.errors = [*self.candidate.errors, _l("Whose figure is disputed?")]
            valid = False
        if self.candidate.data and self.candidate.data not in dict(self.candidate.choices):
            self.candidate.errors = [*self.candidate.errors, self.candidate.gettext("Not a valid choice.")]
            valid = False
        return valid

    def disputed(self) -> dict:
        """The election-records/v1 disputed value this row describes."""
        value = self.value.data
        return {
            "field": self.field.data,
            "candidate": (self.candidate.data or None) if self.field.data in CANDIDATE_FIGURES else None,
            "value": int(value) if value is not None and value == int(value) else value,
            "source": clean(self.source.data),
        }


class RoundForm(VersionedForm):
    """A round's figures: the counts, an optional rule for this round, and each candidate's votes."""

    number = NumberField(_l("Round number"), validators=[InputRequired(), NumberRange(min=1, max=1000)])
    original = NumberField(widget=HiddenInput(), validators=[Optional(), NumberRange(min=1, max=1000)])  # the round corrected
    label = StringField(
        _l("Label"), validators=[Length(max=limit("rounds[].label"))], description=_l("The body's own name, e.g. “48th ballot”.")
    )
    kind = SelectField(_l("Kind"), choices=ROUND_KINDS)
    quota = SelectField(_l("Quota in this round"), choices=ROUND_QUOTA_CHOICES, default="")
    base = SelectField(_l("Base in this round"), choices=BASE_CHOICES)
    # the ballot's counts (tracker.records.shape.ROUND_COUNTS): made below, one field each
    share_of = SelectField(
        _l("Shares are percentages of"),
        choices=SHARE_OF_CHOICES,
    )
    votes = FieldList(FormField(VoteEntry))
    date = StringField(_l("Date of the round"), validators=DAY, filters=[western_digits], description=_l("Where it differs from the election's, e.g. a later day of voting."))
    sources = CheckboxesField(_l("Sources of this round's figures"), description=_l("Among the election's sources."))
    derived = CheckboxesField(_l("Figures computed, not given by a source"), choices=choices((n, FIGURE_LABELS[n]) for n in ROUND_COUNTS))
    disputed = FieldList(FormField(DisputedEntry))
    notes = TextAreaField(_l("Notes"), validators=[Length(max=5000)])

    election_electorate: int | None = None  # set by the view: the election's electorate, if known
    BLANK_DISPUTES = 2  # empty rows offered for values other sources give

    def offer(self, record: dict, names: dict[str, str]) -> None:
        """Offer what the election holds: its sources to cite (and any a round cites that the election
        does not list), its candidates (``names``: key → name
        shown) for a disputed value, and blank rows for new disputed values."""
        self.election_electorate = record["electorate"]
        listed = {s["url"]: " · ".join(x for x in (s.get("title"), s.get("publisher")) if x) or s["url"] for s in record["sources"]}
        cited = {url: url for rnd in record["rounds"] for url in rnd.get("sources", []) if url not in listed}
        self.sources.choices = list({**listed, **cited}.items())
        if not self.is_submitted():
            for _ in range(self.BLANK_DISPUTES):
                self.disputed.append_entry()
        for entry in self.disputed:
            entry.form.candidate.choices = [("", "—"), *names.items()]

    def validate(self, extra_validators=None) -> bool:
        """The fields, then what typing slips betray: votes for a candidate who withdrew, a restricted
        round (run-off, tie-break) with no one standing, a count above the electorate (no member casts
        two ballots or votes twice for one candidate)."""
        valid = super().validate(extra_validators)
        for entry in self.votes:
            figures = (entry.votes, entry.share, entry.against)
            if entry.withdrawn.data and any(f.data is not None for f in figures):
                entry.votes.errors = [*entry.votes.errors, _l("A candidate who withdrew before this round has no votes in it: untick “withdrew” or clear the figures.")]
                valid = False
        if self.kind.data != "ordinary" and not any(e.stood.data and not e.withdrawn.data for e in self.votes):
            self.kind.errors = [*self.kind.errors, _l("Tick “stood” for the candidates standing in this round.")]
            valid = False
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
        for name in ("number", "label", "kind", "date", *ROUND_COUNTS, "share_of", "sources", "derived", "notes"):
            if name in rnd:
                getattr(self, name).data = rnd[name]
        for dispute in rnd.get("disputed", []):
            self.disputed.append_entry({**dispute, "candidate": dispute.get("candidate") or ""})
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
            "label": clean(self.label.data),
            "kind": self.kind.data,
            **{name: self[name].data for name in ROUND_COUNTS},
            "share_of": self.share_of.data,
            "withdrawn": [e.candidate.data for e in self.votes if e.withdrawn.data],
            "eliminated": [e.candidate.data for e in self.votes if e.eliminated.data],
            "decided_by_lot": [e.candidate.data for e in self.votes if e.by_lot.data],
            "votes": [
                {
                    "candidate": e.candidate.data,
                    "votes": e.votes.data,
                    "share": e.share.data,
                    **({"against": e.against.data} if e.against.data is not None else {}),
                }
                for e in voting
            ],
            "date": clean(self.date.data),
            "sources": list(self.sources.data or []),
            "derived": list(self.derived.data or []),
            "disputed": [e.form.disputed() for e in self.disputed if not e.form.is_empty()],
            "notes": clean(self.notes.data),
        }
        if self.kind.data != "ordinary":
            data["standing"] = [e.candidate.data for e in voting]
        if self.quota.data:
            data["rule"] = {"quota": self.quota.data, "base": self.base.data}
        return data


FIGURE_HINTS = {
    "electorate": _l("Only where it differs from the election's."),
    "required_majority": _l("As reported; the tracker computes its own."),
}
for _name in ROUND_COUNTS:  # one count field per count of the shape, in its order, before share_of
    setattr(RoundForm, _name, count_field(FIGURE_LABELS[_name], FIGURE_HINTS.get(_name, "")))


class SourceEntry(LocalForm):
    """One published source of the election. ``original`` is the address it was stored under, so
    rounds citing it follow a corrected address. A row left empty is no entry."""

    original = HiddenField()
    url = StringField(_l("Address (URL)"), validators=[Length(max=limit("sources[].url"))])
    title = StringField(_l("Title"), validators=[Length(max=limit("sources[].title"))])
    publisher = StringField(_l("Publisher"), validators=[Length(max=limit("sources[].publisher"))])
    language = StringField(
        _l("Language"), validators=[Optional(), Regexp(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$", message=_l("A language tag, e.g. en, fr, ar."))],
        description=_l("A language tag, e.g. en, fr, ar."),
    )
    published = StringField(_l("Published"), validators=DAY, filters=[western_digits], description=_l("YYYY-MM-DD"))
    accessed = StringField(_l("Accessed"), validators=DAY, filters=[western_digits], description=_l("YYYY-MM-DD"))
    remove = BooleanField(_l("Remove"))

    def is_empty(self) -> bool:
        return not any(clean(self[name].data) for name in ("url", "title", "publisher", "published", "accessed"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        url = clean(self.url.data)
        if self.remove.data or self.is_empty():
            return valid
        if not url:
            self.url.errors = [*self.url.errors, _l("A source needs its address.")]
            return False
        if not url.lower().startswith(("http://", "https://")):
            self.url.errors = [*self.url.errors, _l("A web address starts with http:// or https://.")]
            return False
        if not is_web_address(url):
            self.url.errors = [*self.url.errors, _l("This is not a web address: it holds a space, a line break, a quote or an angle bracket, or names no host.")]
            return False
        return valid

    def source(self) -> dict:
        """The election-records/v1 source this row describes."""
        return {
            "url": clean(self.url.data),
            **{name: clean(self[name].data) for name in ("title", "publisher", "language", "published", "accessed")},
        }


class SourcesForm(VersionedForm):
    """The election's sources: correct, remove, add (blank rows)."""

    sources = FieldList(FormField(SourceEntry))
    BLANK_ROWS = 2

    def fill(self, sources: list[dict]) -> None:
        """Show the stored ``sources`` and blank rows for new ones."""
        for source in sources:
            self.sources.append_entry({**source, "original": source["url"]})
        for _ in range(self.BLANK_ROWS):
            self.sources.append_entry()

    def validate(self, extra_validators=None) -> bool:
        """The rows, then one address once."""
        valid = super().validate(extra_validators)
        seen = set()
        for entry in self.sources:
            url = clean(entry.url.data)
            if url and not entry.remove.data:
                if url in seen:
                    entry.url.errors = [*entry.url.errors, _l("This address is listed twice.")]
                    valid = False
                seen.add(url)
        return valid

    def changes(self) -> tuple[list[dict], dict[str, str | None]]:
        """The sources kept or added, in order, and what became of each stored address: its new
        address, or ``None`` where the source was removed."""
        kept, moved = [], {}
        for entry in self.sources:
            original = clean(entry.original.data)
            if entry.remove.data or entry.is_empty():
                if original:
                    moved[original] = None
                continue
            kept.append(entry.source())
            if original:
                moved[original] = kept[-1]["url"]
        return kept, moved


class ElectionFilterForm(LocalForm):
    """Which elections to show or export: a GET form read from the query string."""

    organisation = StringField(_l("Organisation"), validators=[Optional(), Length(max=limit("organisation.acronym"))])
    post = StringField(_l("Post"), validators=[Optional(), Length(max=limit("post.title"))])
    region = StringField(_l("Region"), validators=[Optional(), Length(max=limit("post.region"))])
    country = StringField(
        _l("Nominating country"),
        validators=[Optional(), Regexp(r"^[A-Za-z]{3}$", message="An ISO alpha-3 code, e.g. MAR.")],
    )
    year_from = IntegerField(_l("From year"), validators=[Optional(), NumberRange(min=1800, max=2200)])
    year_to = IntegerField(_l("To year"), validators=[Optional(), NumberRange(min=1800, max=2200)])

    def filters(self) -> ElectionFilter:
        """The filter this form describes."""
        return ElectionFilter(
            organisation=clean(self.organisation.data),
            post=clean(self.post.data),
            region=clean(self.region.data),
            country=(clean(self.country.data) or "").upper() or None,
            year_from=self.year_from.data,
            year_to=self.year_to.data,
        )


class DeleteForm(VersionedForm):
    """Confirm the deletion of an election (the version shown, so a changed one is not deleted unseen)."""
