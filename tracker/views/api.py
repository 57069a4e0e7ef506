"""The read API under ``/api/v1/``: JSON in election-records/v1 shapes, errors as JSON."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify
from werkzeug.exceptions import HTTPException

from .. import records, results
from ..db import get_session
from ..elections import display_names

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def json_error(error: HTTPException):
    """An HTTP error as ``{"error": {"status": ..., "message": ...}}``."""
    return jsonify({"error": {"status": error.code, "message": error.description}}), error.code


bp.register_error_handler(HTTPException, json_error)


@bp.get("/elections/<record_id>")
def election(record_id: str):
    """One election as an election-records/v1 election object, plus its computed ``outcome``."""
    record = records.load_record(get_session(), record_id)
    if record is None:
        abort(404, description=f"No election has the id {record_id!r}.")
    outcome = results.election_outcome(results.election_from_record(record), display_names(record))
    return jsonify({**record, "outcome": results.outcome_json(outcome)})
