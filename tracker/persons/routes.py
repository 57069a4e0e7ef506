"""Editors correct persons, merge two records of one person, split a candidacy off a person it was
matched to by mistake; admins revert any of these (tracker.persons.changes). Each view commits once;
what it refuses is a 4xx page that says why, nothing saved."""

from __future__ import annotations

import re

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from .. import models
from ..accounts.routes import actor, admin_required, editor_required
from ..db import get_session
from ..elections.routes import SIMULTANEOUS
from ..i18n import N_
from . import changes
from .forms import MergeForm, PersonForm

bp = Blueprint("persons", __name__, url_prefix="/persons")

CHANGED = N_(
    "Someone changed this person while you had this page open, so nothing was saved. What is stored now "
    "is shown above your entry; save again to replace it with yours."
)


def _person_or_404(person_id: int) -> changes.PersonNames:
    found = changes.person_names(get_session(), person_id)
    if found is None:
        abort(404, description=_("No person has the id %(id)s.", id=person_id))
    return found


_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")  # election ids and candidate keys (tracker.records.shape)


def _refused(error: changes.Refused) -> str:
    return _(error.text, **error.params)


def _refuse(status: int, message: str):
    """A 4xx page saying ``message`` (the error page escapes it)."""
    abort(status, description=message)


@bp.route("/<int:person_id>/edit", methods=["GET", "POST"])
@editor_required
def edit(person_id: int):
    """Correct a person's name, names in French and Arabic, other spellings and gender."""
    session = get_session()
    current = _person_or_404(person_id)
    if current.merged_into is not None:
        return redirect(url_for(".edit", person_id=current.merged_into))
    form = PersonForm.filled(current) if request.method == "GET" else PersonForm()
    status = 200
    if form.validate_on_submit():
        try:
            change = changes.edit_person(session, person_id, form.names(current), actor(), form.fingerprint.data or "")
        except changes.PersonChanged:
            session.rollback()
            stored = _person_or_404(person_id)  # the page shows it above the editor's entry, which is kept
            form.fingerprint.data = stored.fingerprint()
            form.form_errors.append(_(CHANGED))
            return render_template("persons/edit.html", form=form, person=current, stored=stored), 409
        except changes.Refused as error:
            session.rollback()
            form.form_errors.append(_refused(error))
            status = 409
        else:
            session.commit()
            flash(_("Person saved.") if change else _("Nothing changed."))
            return redirect(url_for("dashboards.person", person_id=person_id))
    elif form.errors:
        status = 400
    return render_template("persons/edit.html", form=form, person=current, stored=None), status


def person_number(text: str) -> int | None:
    """The person a merge names: a page address (``https://…/persons/42``, ``/persons/42?lang=ar``) or
    a number typed in any digits (``42``, ``٤٢``); ``None`` if it is neither."""
    found = re.fullmatch(r"\s*(?:\S*/persons/)?(\d{1,12})/?(?:[?#]\S*)?\s*", text[:300])
    number = int(found.group(1)) if found else None
    return number if number is not None and 1 <= number <= models.MAX_ID else None


@bp.route("/<int:person_id>/merge", methods=["GET", "POST"])
@editor_required
def merge(person_id: int):
    """Merge another person (``?other=<id>``) into this one: a confirmation page, then the merge."""
    session = get_session()
    kept = _person_or_404(person_id)
    if kept.merged_into is not None:
        return redirect(url_for(".merge", person_id=kept.merged_into, **request.args))
    form = MergeForm()
    if request.method == "GET":
        other = person_number(request.args.get("other", ""))
        if other is None:
            abort(400, description=_("Give the other person's page address or number: 42 for /persons/42."))
        form.other.data = other
    status = 200
    preview = None
    if form.other.data is not None:
        preview = changes.merge_preview(session, person_id, form.other.data)
        if preview is None:
            abort(404, description=_("No person has the id %(id)s.", id=form.other.data))
        if request.method == "GET":
            form.fingerprint.data = preview.fingerprint()
    if form.validate_on_submit():
        try:
            changes.merge_persons(session, person_id, form.other.data, actor(), form.fingerprint.data or "")
            session.commit()
        except changes.PersonChanged:
            session.rollback()
            preview = changes.merge_preview(session, person_id, form.other.data)
            form.fingerprint.data = preview.fingerprint()
            form.form_errors.append(_(
                "One of these persons changed while you had this page open, so nothing was merged. "
                "Check them as they are now, below, and confirm again."
            ))
            status = 409
        except changes.Refused as error:
            session.rollback()
            form.form_errors.append(_refused(error))
            status = 409
        except IntegrityError:  # a candidacy of one added to an election of the other at this moment
            session.rollback()
            form.form_errors.append(_(SIMULTANEOUS))
            status = 409
        else:
            flash(_("Person #%(merged)s merged into this one.", merged=form.other.data))
            return redirect(url_for("dashboards.person", person_id=person_id))
    elif form.is_submitted():
        status = 400
    return render_template("persons/merge.html", form=form, preview=preview), status


@bp.post("/<int:person_id>/split/<record_id>/<key>")
@editor_required
def split(person_id: int, record_id: str, key: str):
    """Make a new person for the candidacy ``key`` of the election ``record_id``, which was matched to
    this person by mistake."""
    session = get_session()
    _person_or_404(person_id)
    if not (_SLUG.match(record_id) and _SLUG.match(key)):  # no election or candidate is named so
        _refuse(404, _("No election has the id %(id)r.", id=record_id))
    try:
        change = changes.split_candidacy(session, person_id, record_id, key, actor())
        session.commit()
    except changes.Refused as error:
        session.rollback()
        _refuse(409, _refused(error))
    except IntegrityError:
        session.rollback()
        abort(409, description=_(SIMULTANEOUS))
    new = change.after["new"]
    flash(_("A new person was made for this candidacy. Add their other names and gender if the sources give them."))
    return redirect(url_for("dashboards.person", person_id=new))


@bp.post("/<int:person_id>/changes/<int:change_id>/revert")
@admin_required
def revert(person_id: int, change_id: int):
    """Undo one change to persons (admins)."""
    session = get_session()
    change = session.get(models.PersonChange, change_id) if change_id <= models.MAX_ID else None
    if change is None or change.person_id != person_id:
        abort(404, description=_("Person #%(id)s has no change #%(change)s.", id=person_id, change=change_id))
    try:
        changes.revert_change(session, change_id, actor())
        session.commit()
    except changes.Refused as error:
        session.rollback()
        _refuse(409, _("Change #%(change)s cannot be reverted: %(reason)s", change=change_id, reason=_refused(error)))
    except IntegrityError:
        session.rollback()
        abort(409, description=_(SIMULTANEOUS))
    flash(_("Change #%(number)s reverted.", number=change_id))
    return redirect(url_for("dashboards.person", person_id=person_id))
