"""Review: mark an election checked against its sources (a second editor), and the lists editors work
from, one click from the header: recent changes, elections to review, deleted elections."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.routes import editor_required
from ..db import get_session
from ..i18n import N_
from ..paging import requested_page
from . import queries

bp = Blueprint("review", __name__)

REFUSALS = {
    "missing": (404, N_("There is no such election.")),
    "changed": (409, N_("The election changed since you opened it: check the new version, then mark it again.")),
    "own": (403, N_("You made the last change to this election: another editor checks it.")),
}


@bp.post("/elections/<record_id>/check")
@editor_required
def check(record_id: str):
    """Mark the version of an election the editor saw (``version`` in the form) checked against its
    sources; refused (4xx with the reason) for the editor who made its last change, or if it changed."""
    version = request.form.get("version", "")
    if not (version.isascii() and version.isdigit() and len(version) < 10):
        abort(400, description=_("This page's version mark is missing or damaged: reload the page."))
    session = get_session()
    try:
        queries.mark_checked(session, record_id, int(version), current_user.id, current_user.email)
        session.commit()
    except queries.ReviewRefused as refused:
        session.rollback()
        status, message = REFUSALS[refused.reason]
        abort(status, description=_(message))
    flash(_("Marked as checked against its sources."))
    return redirect(url_for("elections.detail", record_id=record_id))


@bp.get("/changes")
@editor_required
def changes():
    """Every change to any election, newest first, a page at a time."""
    session = get_session()
    listing = requested_page(queries.count_changes(session))
    rows = queries.recent_changes(session, listing.per_page, listing.offset)
    return render_template("review/changes.html", rows=rows, listing=listing)


@bp.get("/review")
@editor_required
def to_review():
    """Elections not checked against their sources at their current version, last changed first."""
    session = get_session()
    listing = requested_page(queries.count_to_review(session))
    rows = queries.to_review(session, listing.per_page, listing.offset)
    return render_template("review/to_review.html", rows=rows, listing=listing)


@bp.get("/deleted")
@editor_required
def deleted():
    """Deleted elections, most recent first, each restorable from its history."""
    return render_template("review/deleted.html", rows=queries.deleted_elections(get_session()))
