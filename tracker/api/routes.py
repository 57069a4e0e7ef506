"""The read API under ``/api/v1/``: JSON with stable field names, errors as JSON with a message.

The OpenAPI document describing it is served at ``/api/v1/openapi.json`` (:mod:`tracker.api.openapi`).
"""

from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, abort, jsonify, request, url_for
from werkzeug.exceptions import HTTPException

from .. import outcomes, records
from ..dashboards import queries
from . import openapi
from ..countries import country_name, is_country
from ..db import get_session
from ..elections.forms import ElectionFilterForm
from ..elections.pages import display_names

bp = Blueprint("api", __name__, url_prefix="/api/v1")

MAX_PER_PAGE = 100


def json_error(error: HTTPException):
    """An HTTP error as ``{"error": {"status": ..., "message": ...}}``."""
    return jsonify({"error": {"status": error.code, "message": error.description}}), error.code


bp.register_error_handler(HTTPException, json_error)


def _whole_number(name: str, default: int, low: int, high: int) -> int:
    text = request.args.get(name)
    if text is None:
        return default
    if not (text.isascii() and text.isdigit() and len(text) <= 12) or not low <= int(text) <= high:
        abort(400, description=f"{name} must be a whole number from {low} to {high}.")
    return int(text)


def _candidacy(row: queries.CandidacyRow) -> dict:
    data = asdict(row)
    data.pop("when")
    data.pop("post_id")
    data.pop("names")  # the person's own page (/api/v1/persons/<id>) gives every name
    return data


def _tally(tally: queries.Tally) -> dict:
    return {**tally.counts, "success_rate": tally.success_rate}


@bp.get("/openapi.json")
def openapi_document():
    """The OpenAPI 3.1 description of this API."""
    return jsonify(openapi.document())


@bp.get("/elections")
def elections():
    """Elections, newest first, filtered like the election list, a page at a time."""
    form = ElectionFilterForm(request.args)
    if not form.validate():
        abort(400, description="; ".join(f"{k}: {', '.join(v)}" for k, v in form.errors.items()))
    page = _whole_number("page", 1, 1, 1_000_000)
    per_page = _whole_number("per_page", 20, 1, MAX_PER_PAGE)
    session = get_session()
    filters = form.filters()
    rows = records.list_elections(session, filters, limit=per_page, offset=(page - 1) * per_page)
    for row in rows:
        row["url"] = url_for(".election", record_id=row["id"])
    return jsonify(
        {"elections": rows, "page": page, "per_page": per_page, "total": records.count_elections(session, filters)}
    )


@bp.get("/elections/<record_id>")
def election(record_id: str):
    """One election as an election-records/v1 election object, plus its computed ``outcome``."""
    record = records.load_record(get_session(), record_id)
    if record is None:
        abort(404, description=f"No election has the id {record_id!r}.")
    outcome = records.linked_outcome(get_session(), record, display_names(record))
    return jsonify({**record, "outcome": outcomes.outcome_json(outcome)})


@bp.get("/organisations")
def organisations():
    """Every organisation, with how many posts and elections are recorded."""
    return jsonify({"organisations": queries.organisations(get_session())})


@bp.get("/organisations/<acronym>")
def organisation(acronym: str):
    """An organisation, its posts with their holders, and posts won per nominating State."""
    session = get_session()
    acronym = queries.organisation_acronym(session, acronym) or acronym  # any case, where unambiguous
    page = queries.organisation_page(session, acronym, holders_only=True)  # no elections, no past holders
    if page is None:
        abort(404, description=f"No organisation has the acronym {acronym!r}.")
    posts = []
    for summary in page.posts:
        holder = summary.holder
        posts.append(
            {
                **asdict(summary.post),
                "url": url_for(".post", post_id=summary.post.id),
                "holder": None
                if holder is None
                else {
                    "election": holder.election,
                    "date": holder.date,
                    "term_ends": summary.term_end(holder),
                    "elected": [_candidacy(w) for w in holder.winners],
                },
            }
        )
    won = {code: count for code, count in page.wins_by_country.items() if count}
    return jsonify({**page.organisation, "posts": posts, "posts_won_by_country": won})


@bp.get("/posts/<int:post_id>")
def post(post_id: int):
    """A post and every election for it, oldest first, with the winners' votes, shares and margins."""
    found = queries.post_history(get_session(), post_id)
    if found is None:
        abort(404, description=f"No post has the id {post_id}.")
    info, history = found
    return jsonify(
        {
            **asdict(info),
            "history": [
                {
                    "election": line.election,
                    "date": line.date,
                    "decided": line.decided,
                    "rounds": line.rounds_count,
                    "elected": [_candidacy(w) for w in line.winners],
                }
                for line in history
            ],
        }
    )


@bp.get("/persons/<int:person_id>")
def person(person_id: int):
    """A person, every name they are known by, and every candidacy."""
    found = queries.person_record(get_session(), person_id)
    if found is None:
        abort(404, description=f"No person has the id {person_id}.")
    return jsonify({**found.person, "candidacies": [_candidacy(r) for r in found.rows], "record": _tally(found.tally)})


@bp.get("/countries/<code>")
def country(code: str):
    """Every candidacy a State nominated, by ISO 3166-1 alpha-3 code, with the tally."""
    if not is_country(code):
        abort(404, description=f"{code!r} is not an ISO 3166-1 alpha-3 country code.")
    found = queries.country_record(get_session(), code)
    return jsonify(
        {
            "code": code,
            "name": country_name(code),
            "candidacies": [_candidacy(r) for r in found.rows],
            "record": _tally(found.tally),
        }
    )


@bp.get("/search")
def search():
    """Organisations, posts, persons and countries by any of their names (case and accents folded)."""
    query = (request.args.get("q") or "").strip()
    if not query:
        abort(400, description="Give the text to search for as q.")
    if len(query) > 200:
        abort(400, description="q is longer than 200 characters.")
    found = queries.search(get_session(), query)
    return jsonify(
        {
            "organisations": [{"acronym": o["acronym"], "name": o["name"], "names": o["names"]} for o in found.organisations],
            "posts": [asdict(p) for p in found.posts],
            "persons": found.persons,
            "countries": [{"code": code, "name": name} for code, name in found.countries],
        }
    )
