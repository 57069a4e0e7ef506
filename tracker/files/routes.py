"""Data pages: upload a file with a preview before anything is stored, and download elections."""

from __future__ import annotations

import json
import re
import secrets
import time
import unicodedata
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from .. import records
from ..accounts.routes import actor, editor_required
from ..db import get_session
from ..elections.forms import ElectionFilterForm
from ..formfields import errors_in_words
from ..records import csvformat
from ..records import files as record_files
from .forms import ConfirmImportForm, UploadForm

bp = Blueprint("files", __name__)


def _upload_path(token: str) -> Path:
    if not token.isalnum():
        abort(404)
    return Path(current_app.instance_path) / "uploads" / token


def _run(content: bytes, fmt: str, **options):
    """Import (or preview) ``content``; returns ``(summary, problems)``, rolling back on a fault."""
    session = get_session()
    try:
        summary = record_files.import_file(session, content, fmt, actor=actor(), note="file upload", **options)
    except records.RecordsInvalid as error:
        session.rollback()
        return None, error.problems
    if options.get("dry_run"):
        session.rollback()
    else:
        session.commit()
    return summary, []


PREVIEW_LIFETIME = 3600  # seconds a previewed upload waits for its confirmation


def _forget_old_uploads(folder: Path) -> None:
    """Delete previewed uploads nobody confirmed in time."""
    for old in folder.iterdir():
        if time.time() - old.stat().st_mtime > PREVIEW_LIFETIME:
            old.unlink(missing_ok=True)


@bp.route("/import", methods=["GET", "POST"])
@editor_required
def upload():
    """Upload a JSON or CSV file; show what it would create or change, and every problem in it."""
    form = UploadForm()
    if form.validate_on_submit():
        content = form.file.data.read()
        fmt = form.format.data or record_files.guess_format(form.file.data.filename or "")
        summary, problems = _run(content, fmt, dry_run=True)
        if problems:
            return _upload_page(form, problems), 400
        token = secrets.token_hex(16)
        path = _upload_path(token)
        path.parent.mkdir(exist_ok=True)
        _forget_old_uploads(path.parent)
        path.write_bytes(content)
        path.with_suffix(".format").write_text(fmt)
        return render_template(
            "files/preview.html", summary=summary, token=token, confirm=ConfirmImportForm(), filename=form.file.data.filename
        )
    status = 400 if form.is_submitted() else 200
    return _upload_page(form, []), status


def _upload_page(form: UploadForm, problems: list[records.Problem]) -> str:
    """The upload form, with the problems of the file refused (the first :data:`records.MOST_SHOWN`)."""
    return render_template("files/upload.html", form=form, problems=problems, most_shown=records.MOST_SHOWN)


@bp.post("/import/<token>")
@editor_required
def confirm(token: str):
    """Store a previewed upload; candidates whose match was unticked stay separate persons."""
    form = ConfirmImportForm()
    path = _upload_path(token)
    if not form.validate_on_submit() or not path.exists() or time.time() - path.stat().st_mtime > PREVIEW_LIFETIME:
        flash(_("This preview has expired or was already imported: upload the file again."))
        return redirect(url_for(".upload"))
    refused = set(request.form.getlist("match")) - set(request.form.getlist("keep"))
    separate = frozenset(tuple(item.split("/", 1)) for item in refused if "/" in item)
    summary, problems = _run(path.read_bytes(), path.with_suffix(".format").read_text(), separate=separate)
    path.unlink(missing_ok=True)
    path.with_suffix(".format").unlink(missing_ok=True)
    if problems:  # the database changed since the preview in a way that makes the file fail
        return _upload_page(UploadForm(), problems), 409
    flash(
        _(
            "Imported: %(created)s, %(updated)s, %(unchanged)s.",
            created=ngettext("%(num)s election created", "%(num)s elections created", len(summary.created)),
            updated=ngettext("%(num)s updated", "%(num)s updated", len(summary.updated)),
            unchanged=ngettext("%(num)s unchanged", "%(num)s unchanged", len(summary.unchanged)),
        )
    )
    return redirect(url_for("elections.index"))


def download(text: str, fmt: str, name: str) -> Response:
    """``text`` as a file to save, ``<name>.<fmt>`` (``name`` reduced to letters, digits, - and _)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", ascii_name).strip("-")[:80] or "data"
    mimetype = "text/csv" if fmt == "csv" else "application/json"
    response = Response(text, content_type=f"{mimetype}; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


FILTERS = ("organisation", "post", "region", "country", "year_from", "year_to")


@bp.app_template_global()
def export_url(fmt: str, **fixed) -> str:
    """The download of the elections this page lists: its filters from the query string, and ``fixed``."""
    args = {name: request.args[name] for name in FILTERS if request.args.get(name)}
    return url_for("files.export", fmt=fmt, **{**args, **fixed})


FOUNDING = "interpol-2024-vice-president-africa"  # the election the CSV template holds


def _template_text() -> str:
    shipped = Path(current_app.config["SEED_ELECTIONS"]) / "interpol.json"
    if not shipped.exists():  # a seed folder of one file (the tests')
        shipped = next(Path(current_app.config["SEED_ELECTIONS"]).glob("*.json"))
    elections = json.loads(shipped.read_text(encoding="utf-8"))["elections"]
    founding = next(e for e in elections if e["id"] == FOUNDING)
    return csvformat.to_csv([records.canonical(founding)])


@bp.get("/election-records-template.csv")
def csv_template():
    """The CSV layout, filled with the founding election (made from the layout itself, so that it
    always has every column)."""
    return download(_template_text(), "csv", "election-records-template")


@bp.get("/export.<fmt>")
def export(fmt: str):
    """Every election, or those the filter in the query string selects, as JSON or CSV."""
    if fmt not in record_files.FORMATS:
        abort(404)
    form = ElectionFilterForm(request.args, meta={"csrf": False})
    if not form.validate():
        abort(400, description=errors_in_words(form))
    text, _ = record_files.export_text(get_session(), fmt, form.filters())
    return download(text, fmt, "elections")


@bp.get("/elections/<record_id>/export.<fmt>")
def export_election(record_id: str, fmt: str):
    """One election as JSON or CSV."""
    if fmt not in record_files.FORMATS or records.load_record(get_session(), record_id) is None:
        abort(404)
    found = records.load_records(get_session(), [record_id])
    text = record_files.records_text(found, fmt, records.computed_outcomes(get_session(), found))
    return download(text, fmt, record_id)
