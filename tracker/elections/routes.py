"""Election pages: the list, one election, and the forms that enter elections, candidates and rounds."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from .. import audit, models, records
from ..accounts.routes import actor, editor_required
from ..accounts.users import is_admin
from ..dashboards.queries import latest_results, most_elections, results_of
from ..db import get_session
from ..freshness import framed
from ..i18n import N_, problem_text
from ..paging import requested_page
from ..records.shape import ROUND_COUNTS
from ..review.queries import ReviewMark, listed
from ..upcoming.queries import by_time, scheduled_elections
from .changes import field_label, in_words, written_words
from .editing import (
    corrected_candidate,
    field_words,
    figures_of,
    rounds_left_unsourced,
    same_candidate,
    save_record,
    unique_key,
    unique_record_id,
    with_candidate,
    with_round,
    with_sources,
    without_candidate,
)
from .forms import CandidateForm, DeleteForm, ElectionEditForm, ElectionFilterForm, ElectionForm
from .pages import display_names, election_view, figure_label, linked_elections
from .roundforms import RoundForm, SourcesForm

bp = Blueprint("elections", __name__)
bp.add_app_template_filter(written_words, "written")  # notes and authors the history holds, in words
bp.add_app_template_global(figure_label)
bp.add_app_template_global(field_label)  # a field of the record as the forms name it
bp.add_app_template_global(ROUND_COUNTS, "round_counts")
SIMULTANEOUS = N_(
    "Someone saved the same thing at the same moment; nothing of yours was saved. Reload the page and try again."
)


def _record_or_404(record_id: str) -> dict:
    return _stored_or_404(record_id).record


def _versioned_record_or_404(record_id: str) -> tuple[dict, int]:
    """The election and the version it was read at: an edit form opens at that version, so what the
    form shows and the version it claims are one and the same."""
    stored = _stored_or_404(record_id)
    return stored.record, stored.version


def _stored_or_404(record_id: str) -> records.StoredElection:
    found = records.load_stored_election(get_session(), record_id)
    if found is None:
        if audit.history(get_session(), record_id):  # deleted: say so, and where it can be restored
            abort(make_response(render_template("elections/gone.html", record_id=record_id), 404))
        abort(404)
    return found


def _save(record: dict, form, new: bool = False, then=None) -> bool:
    """Validate and store ``record``, commit; on failure roll back and put the problems on ``form``.

    A form with a ``version`` is an edit of a stored election: if the election changed since that
    version, nothing is stored and ``form.conflict`` says what changed and who changed it. A ``new``
    election that collides with one saved at the same moment (its id, or a new organisation or post
    both create) sets ``form.conflict`` to ``True``: the caller may try again. ``then(session)``, if
    given, runs after the record is stored and before the commit, in the same transaction.
    """
    session = get_session()
    version = 0 if new else form.version.data if hasattr(form, "version") else None
    if version and (current := records.stored_version(session, record["id"])) != version:
        # changed since the form was opened: say so first (the entries were applied to a newer record,
        # whose problems would only confuse); the importer checks again under the row's lock
        _show_conflict(form, records.Conflict(record["id"], version, current))
        return False
    try:
        save_record(session, record, actor(), version)
        if then is not None:
            then(session)
        session.commit()
    except records.RecordsInvalid as error:
        session.rollback()
        form.form_errors.extend(
            problem_text(p, where=False, field=field_words(record, p.field)) for p in error.problems
        )
        return False
    except records.Conflict as conflict:
        session.rollback()
        if new:  # the id was taken meanwhile: the caller picks another
            form.conflict = True
        else:
            _show_conflict(form, conflict)
        return False
    except IntegrityError:  # the same new election, organisation or post saved by another request at this moment
        session.rollback()
        if new:  # the caller tries again: what the other request made now exists and is reused
            form.conflict = True
        else:
            form.form_errors.append(_(SIMULTANEOUS))
        return False
    return True


def _show_conflict(form, conflict: records.Conflict) -> None:
    """Tell the form what changed since the version it was opened at; saving it again applies the
    entry to the current version (the hidden field is moved on to it)."""
    changes, latest = audit.changed_since(get_session(), conflict.record_id, conflict.expected)
    now = records.load_record(get_session(), conflict.record_id)
    words = [in_words(change, None, now) for change in changes]
    form.conflict = {"changes": words, "latest": latest, "deleted": conflict.current is None}
    form.version.data = conflict.current
    form.version.raw_data = [str(conflict.current or "")]


def _form_page(template: str, form, **context):
    status = 409 if getattr(form, "conflict", None) else 400 if form.is_submitted() else 200
    return render_template(template, form=form, **context), status


def sorted_url(order: str) -> str:
    """This list sorted by ``order`` (a name of :data:`tracker.records.ORDERS`, ``-`` for descending),
    from its first page, its filters kept."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k not in ("sort", "page")]
    if order != "-date":
        args.append(("sort", order))
    return url_for(".index") + ("?" + urlencode(args) if args else "")


bp.add_app_template_global(sorted_url)
LATEST = 8  # results on the home page
SOONEST = 5  # upcoming elections on the home page
MOST_ORGANISATIONS = 24  # organisations on the home page (those with the most elections); the rest: /organisations


@bp.get("/")
def home():
    """The home page: the search box, the latest results with their winners, the elections to come
    and the organisations. The elections list's old address (``/?country=MAR``) leads to the list."""
    if any(name in ElectionFilterForm.LISTED for name in request.args):
        return redirect(url_for(".index", **request.args.to_dict(flat=False)), 301)
    session = get_session()
    coming, _passed = by_time(scheduled_elections(session, records.ElectionFilter()), dt.date.today())
    most = most_elections(session, current_app.config.get("HOME_ORGANISATIONS", MOST_ORGANISATIONS))
    return render_template(
        "elections/home.html", latest=latest_results(session, LATEST), coming=coming[:SOONEST],
        more_coming=len(coming) > SOONEST, organisations=most.shown, all_organisations=most.listed,
        total=most.elections,
    )


@bp.get("/elections")
def index():
    """Every election, newest first or sorted by a column (``?sort=``), filtered by the query string,
    with the winners of each."""
    filters = ElectionFilterForm(request.args)
    order = request.args.get("sort", "-date")
    if order.lstrip("-") not in records.ORDERS:
        filters.validate()
        problem = _("The list cannot be sorted by “%(sort)s”.", sort=order[:40])
        return render_template(
            "elections/index.html", elections=[], filters=filters, listing=None, order="-date", problem=problem
        ), 400
    if not filters.validate():
        return render_template("elections/index.html", elections=[], filters=filters, listing=None, order=order), 400
    chosen = filters.filters()
    listing = requested_page(records.count_elections(get_session(), chosen))
    elections = records.list_elections(get_session(), chosen, listing.per_page, listing.offset, order)
    found = results_of(get_session(), [e["id"] for e in elections])
    return render_template(
        "elections/index.html", elections=elections, results=found, filters=filters, listing=listing, order=order
    )


@bp.get("/elections/<record_id>")
def detail(record_id: str):
    """One election: its figures round by round, the computed outcome, checks, chart and sources."""
    from ..charts import votes_by_round

    stored = _stored_or_404(record_id)
    record = stored.record
    view = election_view(record, records.linked_outcome(get_session(), record, display_names(record)))
    figure = votes_by_round(view.record, view.outcome_json, view.names, _)
    linked = linked_elections(get_session(), view)
    return render_template(
        "elections/detail.html", view=view, election=view.record, figure=figure, linked=linked,
        post_id=stored.post_id, persons=stored.persons, review=ReviewMark.of(stored),
    )


@bp.get("/elections/<record_id>/chart")
def embed_chart(record_id: str):
    """The election's chart alone, for other sites to show in a frame (the only page they may frame)."""
    from ..charts import votes_by_round

    record = _record_or_404(record_id)
    view = election_view(record, records.linked_outcome(get_session(), record, display_names(record)))
    figure = votes_by_round(view.record, view.outcome_json, view.names, _)
    # Shown in another site's frame, the page is the chart alone; opened by itself, it also gives the
    # snippet that frames it (browsers say which: Sec-Fetch-Dest).
    return render_template("elections/embed.html", election=view.record, figure=figure, framed=framed())


def _organisation_name(form) -> str | None:
    """The organisation's full name for ``form``'s acronym: as stored, or as given for a new one;
    ``None`` (with the field's error said) where a new one has none or a known one another."""
    acronym = form.organisation_acronym.data.strip()
    stored = records.load_organisation_name(get_session(), acronym)
    name = (form.organisation_name.data or "").strip() or stored
    if not name:
        form.organisation_name.errors.append(_("A new organisation needs its full name."))
        return None
    if stored and name != stored:
        form.organisation_name.errors.append(
            _("%(acronym)s is recorded as “%(stored)s”: leave the name empty, or give that name.", acronym=acronym, stored=stored)
        )
        return None
    return name


@bp.route("/elections/new", methods=["GET", "POST"])
@editor_required
def new_election():
    """Create an election (no candidates or rounds yet). One of the same organisation, post, region
    and date is shown first, and made only if the editor says it is another election."""
    form = ElectionForm()
    same: list[dict] = []
    if form.validate_on_submit() and (name := _organisation_name(form)):
        session = get_session()
        record = form.record(name)
        same = [] if form.same_anyway.data else records.same_elections(session, record)
        for _attempt in range(3 if not same else 0):  # another editor may take the same id at the same moment
            record["id"] = unique_record_id(session, record)
            if _save(record, form, new=True):
                flash(_("Election created. Now add its candidates."))
                return redirect(url_for(".add_candidate", record_id=record["id"]))
            if not getattr(form, "conflict", None):
                break
            form.conflict = None
        else:
            if not same:
                form.form_errors.append(_(SIMULTANEOUS))
    response, status = _form_page(
        "elections/election_form.html", form, same=same, suggestions=records.suggestions(get_session())
    )
    return response, 409 if same else status


@bp.route("/elections/<record_id>/edit", methods=["GET", "POST"])
@editor_required
def edit_election(record_id: str):
    """Correct an election's own facts (organisation, body, post, dates, place, electorate, seats,
    rule, term, status, rounds held, notes); its candidates, rounds and sources stay."""
    record, version = _versioned_record_or_404(record_id)
    form = ElectionEditForm()
    if not form.is_submitted():
        form.fill(record)
        form.version.data = version
    if form.validate_on_submit() and (name := _organisation_name(form)):
        if _save(form.apply(record, name), form):
            flash(_("Election saved."))
            return redirect(url_for(".detail", record_id=record_id))
    return _form_page(
        "elections/election_form.html", form, election=record, same=[], suggestions=records.suggestions(get_session())
    )


@bp.route("/elections/<record_id>/candidates/new", methods=["GET", "POST"])
@editor_required
def add_candidate(record_id: str):
    """Add a candidate to an election; the same candidate twice is refused."""
    record, version = _versioned_record_or_404(record_id)
    form = CandidateForm()
    if not form.is_submitted():
        form.version.data = version
    if form.validate_on_submit():
        key = unique_key(record, form.name.data or form.country.data)
        candidate = form.candidate(key)
        if (twin := same_candidate(record, candidate)) is not None:
            form.form_errors.append(_("%(name)s is a candidate already.", name=display_names(record)[twin]))
        elif _save(with_candidate({**record, "candidates": [*record["candidates"], candidate]}, key, candidate, form.reported_elected.data), form):
            flash(_("Candidate added: %(name)s.", name=display_names({**record, "candidates": [candidate]})[key]))
            return redirect(url_for(".add_candidate", record_id=record_id))
    return _form_page("elections/candidate_form.html", form, election=record, names=display_names(record))


def _candidate_or_404(record: dict, key: str) -> dict:
    found = next((c for c in record["candidates"] if c["key"] == key), None)
    if found is None:
        abort(404, description=_("This election has no candidate %(key)r.", key=key))
    return found


@bp.route("/elections/<record_id>/candidates/<key>/edit", methods=["GET", "POST"])
@editor_required
def edit_candidate(record_id: str, key: str):
    """Correct a candidate: names, spellings, kind, nominating State, office, gender, declared, and
    whether the sources report them elected. The key stays: rounds refer to it."""
    record, version = _versioned_record_or_404(record_id)
    stored = _candidate_or_404(record, key)
    form = CandidateForm()
    if not form.is_submitted():
        form.fill(stored, key in record.get("reported_elected", []))
        form.version.data = version
    renamed: list[bool] = []
    if form.validate_on_submit():
        candidate = corrected_candidate(stored, form.candidate(key))
        if (twin := same_candidate(record, candidate, besides=key)) is not None:
            form.form_errors.append(_("%(name)s is a candidate already.", name=display_names(record)[twin]))
        elif _save(with_candidate(record, key, candidate, form.reported_elected.data), form,
                   then=lambda session: renamed.append(records.correct_sole_person(session, record_id, candidate))):
            flash(_("Candidate saved."))
            if renamed == [False] and (candidate["name"], candidate.get("names")) != (stored["name"], stored.get("names")):
                flash(_("%(name)s stands in other elections too: the name kept for them all is corrected on "
                        "the person's page.", name=candidate["name"]))
            return redirect(url_for(".detail", record_id=record_id))
    return _form_page(
        "elections/candidate_form.html", form, election=record, names=display_names(record), candidate=stored
    )


@bp.route("/elections/<record_id>/candidates/<key>/remove", methods=["GET", "POST"])
@editor_required
def remove_candidate(record_id: str, key: str):
    """Ask, then remove a candidate entered by mistake, and their figures in every round."""
    record, version = _versioned_record_or_404(record_id)
    _candidate_or_404(record, key)
    form = DeleteForm()
    if not form.is_submitted():
        form.version.data = version
    elif form.validate_on_submit() and _save(without_candidate(record, key), form):
        flash(_("Candidate removed: %(name)s.", name=display_names(record)[key]))
        return redirect(url_for(".detail", record_id=record_id))
    return _form_page(
        "elections/remove_candidate.html", form, election=record, name=display_names(record)[key],
        rounds=figures_of(record, key),
    )


@bp.route("/elections/<record_id>/sources", methods=["GET", "POST"])
@editor_required
def edit_sources(record_id: str):
    """Add, correct or remove the election's published sources; rounds citing one follow it."""
    record, version = _versioned_record_or_404(record_id)
    form = SourcesForm()
    if not form.is_submitted():
        form.fill(record["sources"])
        form.version.data = version
    if form.validate_on_submit():
        changed = with_sources(record, *form.changes())
        if unsourced := rounds_left_unsourced(record, changed):
            form.form_errors.append(_(
                "Round %(numbers)s would cite no source any more: tick another source in the round first, or keep this one.",
                numbers=", ".join(map(str, unsourced)),
            ))
        elif _save(changed, form):
            flash(_("Sources saved."))
            return redirect(url_for(".detail", record_id=record_id))
    return _form_page("elections/sources_form.html", form, election=record)


@bp.route("/elections/<record_id>/rounds/new", methods=["GET", "POST"])
@editor_required
def add_round(record_id: str):
    """Enter one round's figures; a round with the same number replaces the stored one.

    ``?number=N`` opens stored round N for correction.
    """
    record, version = _versioned_record_or_404(record_id)
    names = display_names(record)
    form = RoundForm()
    if not form.is_submitted():
        asked = request.args.get("number")
        stored = next((r for r in record["rounds"] if str(r["number"]) == asked), None)
        withdrawn = {k for r in record["rounds"] for k in r.get("withdrawn", [])}
        keys = [c["key"] for c in record["candidates"] if stored or c["key"] not in withdrawn]
        form.fill(stored, keys)
        form.version.data = version
        if stored is None:
            form.number.data = max((r["number"] for r in record["rounds"]), default=0) + 1
            if asked is not None:
                flash(_("No round %(number)s is recorded: this is a new round.", number=asked[:12]))
        else:
            form.original.data = stored["number"]
    form.offer(record, names)
    if not record["candidates"]:
        flash(_("Add the candidates before entering a round."))
        return redirect(url_for(".add_candidate", record_id=record_id))
    if form.validate_on_submit():
        rnd, original = form.round(), form.original.data
        if rnd["number"] != original and any(r["number"] == rnd["number"] for r in record["rounds"]):
            form.number.errors = [_("Round %(number)s is recorded already: correct it from the election's page (“Correct this round”).", number=rnd["number"])]
        elif _save({**record, "rounds": with_round(record["rounds"], rnd, original)}, form):
            flash(_("Round %(number)s saved.", number=rnd["number"]))
            return redirect(url_for(".detail", record_id=record_id))
    return _form_page("elections/round_form.html", form, election=record, names=names)


@bp.route("/elections/<record_id>/delete", methods=["GET", "POST"])
@editor_required
def delete(record_id: str):
    """Ask, then delete an election; its history keeps it, so the deletion can be undone."""
    record, version = _versioned_record_or_404(record_id)
    form = DeleteForm()
    if not form.is_submitted():
        form.version.data = version
    elif form.validate_on_submit():
        session = get_session()
        try:
            records.delete_election(session, record_id, actor(), form.version.data)
            session.commit()
        except records.Conflict as conflict:
            session.rollback()
            _show_conflict(form, conflict)
        except LookupError:  # deleted by another request a moment ago
            session.rollback()
            flash(_("The election was already deleted."))
            return redirect(url_for(".history", record_id=record_id))
        else:
            flash(_("Election deleted. Its history below keeps it: it can be restored."))
            return redirect(url_for(".history", record_id=record_id))
    return _form_page("elections/delete.html", form, election=record)


@bp.get("/elections/<record_id>/history")
def history(record_id: str):
    """Every change to an election: who, when, what changed, in words; also after it was deleted."""
    entries = audit.history(get_session(), record_id)
    if not entries:
        abort(404, description=_("No election has the id %(id)r, and none had.", id=record_id))
    exists = records.stored_version(get_session(), record_id) is not None
    shown = [
        {
            "entry": e.entry, "words": [in_words(c, e.entry.before, e.entry.after) for c in e.changes],
            "by_person_change": audit.person_change_of(e.entry) is not None,
        }
        for e in entries
    ]
    latest = entries[0].entry
    election = listed(latest.after or latest.before, record_id)
    return render_template("elections/history.html", record_id=record_id, entries=shown, exists=exists, election=election)


@bp.post("/elections/<record_id>/history/<int:entry_id>/revert")
@editor_required
def revert(record_id: str, entry_id: int):
    """Undo one change (admins), or restore a deleted election (any editor). Where later changes
    exist, reverting undoes them too: the page shows what it would change and asks first."""
    session = get_session()
    entry = session.get(models.AuditEntry, entry_id) if entry_id <= models.MAX_ID else None
    if entry is None or entry.record_id != record_id:
        abort(404, description=_("Election %(id)r has no change #%(change)s.", id=record_id, change=entry_id))
    if entry.action != "delete" and not is_admin(current_user):
        abort(403, description=_("Only an admin may revert a change; an editor may restore a deleted election."))
    if audit.person_change_of(entry) is not None:
        abort(409, description=_("This change followed a change to a person (their names, a merge or a split): revert that on the person's page."))
    later = audit.later_changes(session, entry)
    if later and entry.action != "delete" and request.form.get("latest") != str(later[0].id):
        current = records.load_record(session, record_id)
        words = [in_words(c, current, entry.before) for c in audit.differences(current, entry.before)]
        page = render_template("elections/revert.html", entry=entry, later=later, words=words, exists=current is not None)
        return page, 409
    try:
        done = audit.revert(session, entry_id, actor())
        session.commit()
    except audit.RevertError as error:
        session.rollback()
        abort(409, description=_("Change #%(number)s cannot be reverted: %(reason)s", number=entry_id, reason=_(str(error))))
    except records.RecordsInvalid as error:
        session.rollback()
        reasons = "; ".join(problem_text(p) for p in error.problems)
        abort(409, description=_("Change #%(number)s cannot be reverted: %(reason)s", number=entry_id, reason=reasons))
    except IntegrityError:  # another request made the same change at the same moment
        session.rollback()
        abort(409, description=_(SIMULTANEOUS))
    messages = {
        "deleted": _("Change reverted: the election is deleted."),
        "restored": _("Election restored."),
        "reverted": _("Change #%(number)s reverted.", number=entry_id),
        "unchanged": _(
            "Nothing to revert: the election already is as it was before change #%(number)s.", number=entry_id
        ),
    }
    flash(messages[done])
    if done == "deleted":
        return redirect(url_for(".history", record_id=record_id))
    return redirect(url_for(".detail", record_id=record_id))
