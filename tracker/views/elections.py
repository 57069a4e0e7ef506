"""Election pages: the list, one election, and the forms that enter elections, candidates and rounds."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from .. import records
from ..db import get_session
from ..elections import (
    display_names,
    election_view,
    linked_elections,
    save_record,
    unique_key,
    unique_record_id,
)
from ..forms import CandidateForm, ElectionFilterForm, ElectionForm, RoundForm
from .auth import editor_required

bp = Blueprint("elections", __name__)


def _record_or_404(record_id: str) -> dict:
    record = records.load_record(get_session(), record_id)
    if record is None:
        abort(404)
    return record


def _save(record: dict, form) -> bool:
    """Validate and store ``record``, commit; on failure roll back and put the problems on ``form``."""
    session = get_session()
    try:
        save_record(session, record)
        session.commit()
    except records.RecordsInvalid as error:
        session.rollback()
        form.form_errors.extend(f"{p.field}: {p.message}" if p.field else p.message for p in error.problems)
        return False
    return True


def _form_page(template: str, form, **context):
    status = 400 if form.is_submitted() else 200
    return render_template(template, form=form, **context), status


@bp.get("/")
def index():
    """Every election, newest first, filtered by the query string."""
    filters = ElectionFilterForm(request.args)
    if not filters.validate():
        return render_template("elections/index.html", elections=[], filters=filters), 400
    elections = records.list_elections(get_session(), filters.filters())
    return render_template("elections/index.html", elections=elections, filters=filters)


@bp.get("/elections/<record_id>")
def detail(record_id: str):
    """One election: its figures round by round, the computed outcome, checks, chart and sources."""
    from ..charts import votes_by_round

    view = election_view(_record_or_404(record_id))
    figure = votes_by_round(view.record, view.outcome_json, view.names)
    linked = linked_elections(get_session(), view)
    return render_template(
        "elections/detail.html", view=view, election=view.record, figure=figure, linked=linked
    )


@bp.route("/elections/new", methods=["GET", "POST"])
@editor_required
def new_election():
    """Create an election (no candidates or rounds yet)."""
    form = ElectionForm()
    if form.validate_on_submit():
        session = get_session()
        acronym = form.organisation_acronym.data.strip()
        name = (form.organisation_name.data or "").strip() or records.load_organisation_name(session, acronym)
        if not name:
            form.organisation_name.errors.append("A new organisation needs its full name.")
        else:
            record = form.record(name)
            record["id"] = unique_record_id(session, record)
            if _save(record, form):
                flash("Election created. Now add its candidates.")
                return redirect(url_for(".add_candidate", record_id=record["id"]))
    return _form_page("elections/election_form.html", form)


@bp.route("/elections/<record_id>/candidates/new", methods=["GET", "POST"])
@editor_required
def add_candidate(record_id: str):
    """Add a candidate to an election."""
    record = _record_or_404(record_id)
    form = CandidateForm()
    if form.validate_on_submit():
        key = unique_key(record, form.name.data or form.country.data)
        record["candidates"].append(form.candidate(key))
        if form.reported_elected.data:
            record["reported_elected"] = record.get("reported_elected", []) + [key]
        if _save(record, form):
            flash(f"Candidate added: {display_names(record)[key]}.")
            return redirect(url_for(".add_candidate", record_id=record_id))
    return _form_page(
        "elections/candidate_form.html", form, election=record, names=display_names(record)
    )


@bp.route("/elections/<record_id>/rounds/new", methods=["GET", "POST"])
@editor_required
def add_round(record_id: str):
    """Enter one round's figures; a round with the same number replaces the stored one.

    ``?number=N`` opens stored round N for correction.
    """
    record = _record_or_404(record_id)
    names = display_names(record)
    form = RoundForm()
    if not form.is_submitted():
        stored = next((r for r in record["rounds"] if str(r["number"]) == request.args.get("number")), None)
        withdrawn = {k for r in record["rounds"] for k in r.get("withdrawn", [])}
        keys = [c["key"] for c in record["candidates"] if stored or c["key"] not in withdrawn]
        form.fill(stored, keys)
        if stored is None:
            form.number.data = max((r["number"] for r in record["rounds"]), default=0) + 1
    if not record["candidates"]:
        flash("Add the candidates before entering a round.")
        return redirect(url_for(".add_candidate", record_id=record_id))
    if form.validate_on_submit():
        rnd = form.round()
        record["rounds"] = sorted(
            [r for r in record["rounds"] if r["number"] != rnd["number"]] + [rnd], key=lambda r: r["number"]
        )
        if _save(record, form):
            flash(f"Round {rnd['number']} saved.")
            return redirect(url_for(".detail", record_id=record_id))
    return _form_page("elections/round_form.html", form, election=record, names=names)
