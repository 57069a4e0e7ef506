"""The forms of a round (its figures, each candidate's votes, the sources it cites, values other
sources give) and of the election's sources. Each builds an election-records/v1 fragment that
:func:`tracker.elections.editing.save_record` validates with the whole record."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
)
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from ..formfields import (
    LocalForm,
    NumberField,
    choices,
    clean,
    count_field,
    safe_text,
    western_digits,
)
from ..records.shape import ROUND_COUNTS
from ..records.validation import is_web_address
from .forms import BASE_CHOICES, DAY, ROUND_KINDS, ROUND_QUOTA_CHOICES, SHARE_OF_CHOICES, VersionedForm
from .pages import FIGURE_LABELS


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
    source = StringField(_l("Source (address or citation)"), validators=[safe_text("rounds[].disputed[].source")])

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
        _l("Label"), validators=[safe_text("rounds[].label")], description=_l("The body's own name, e.g. “48th ballot”.")
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
    notes = TextAreaField(_l("Notes"), validators=[Length(max=5000), safe_text("rounds[].notes")])

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
    url = StringField(_l("Address (URL)"), validators=[safe_text("sources[].url")])
    title = StringField(_l("Title"), validators=[safe_text("sources[].title")])
    publisher = StringField(_l("Publisher"), validators=[safe_text("sources[].publisher")])
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
