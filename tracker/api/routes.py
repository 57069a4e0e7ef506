"""The read API under ``/api/v1/``: JSON with stable field names, errors as JSON with a message.

Each view builds a response model (:mod:`tracker.api.responses`) that gives both the JSON and its
description in the OpenAPI document served at ``/api/v1/openapi.json`` (:mod:`tracker.api.openapi`).
"""

from __future__ import annotations

import re

from flask import Blueprint, abort, jsonify, redirect, request, url_for
from werkzeug.exceptions import HTTPException

from .. import records
from ..countries import country_name, is_country
from ..dashboards import queries
from ..dashboards import search as finding
from ..db import get_session
from ..elections.forms import ElectionFilterForm
from ..elections.pages import display_names
from ..errors import json_error
from ..formfields import errors_in_words
from . import openapi
from .responses import (
    Country,
    ElectionList,
    ElectionSummary,
    ElectionWithOutcome,
    FoundCountry,
    HistoryLine,
    Holder,
    OrganisationList,
    OrganisationWithPosts,
    Outcome,
    Person,
    PostHistory,
    PostWithHolder,
    SearchResults,
    Tally,
    answer,
)

bp = Blueprint("api", __name__, url_prefix="/api/v1")

MAX_PER_PAGE = 100
PER_PAGE = 20
LAST_PAGE = 1_000_000


bp.register_error_handler(HTTPException, json_error)


def _whole_number(name: str, default: int, low: int, high: int) -> int:
    text = request.args.get(name)
    if text is None:
        return default
    if not (text.isascii() and text.isdigit() and len(text) <= 12) or not low <= int(text) <= high:
        abort(400, description=f"{name} must be a whole number from {low} to {high}.")
    return int(text)


def _paging() -> tuple[int, int]:
    """The page asked for (``?page=``, from 1) and how many rows a page holds (``?per_page=``, 20
    unless said). Aborts with 400 where either is no whole number in its range."""
    return _whole_number("page", 1, 1, LAST_PAGE), _whole_number("per_page", PER_PAGE, 1, MAX_PER_PAGE)


@bp.get("/openapi.json")
def openapi_document():
    """The OpenAPI 3.1 description of this API, generated from the response models."""
    return jsonify(openapi.document())


@bp.get("/elections")
def elections():
    """Elections, newest first, filtered like the election list, a page at a time."""
    form = ElectionFilterForm(request.args)
    country = request.args.get("country")
    if country and not re.fullmatch(r"[A-Za-z]{3}", country):  # the API takes codes, pages names too
        abort(400, description="country: an ISO alpha-3 code, e.g. MAR.")
    if not form.validate():
        abort(400, description=errors_in_words(form))
    if empty := sorted(name for name, value in request.args.items() if name in form and not value.strip()):
        # a page's filter form sends its empty boxes; the API's parameters, when given, hold a value
        abort(400, description="; ".join(f"{name}: must not be empty (leave the parameter out)" for name in empty))
    page, per_page = _paging()
    session = get_session()
    filters = form.filters()
    rows = records.list_elections(session, filters, limit=per_page, offset=(page - 1) * per_page)
    listed = [ElectionSummary(**row, url=url_for(".election", record_id=row["id"])) for row in rows]
    return answer(ElectionList(elections=listed, page=page, per_page=per_page, total=records.count_elections(session, filters)))


@bp.get("/elections/<record_id>")
def election(record_id: str):
    """One election as an election-records/v1 election object, plus its computed ``outcome``."""
    record = records.load_record(get_session(), record_id)
    if record is None:
        abort(404, description=f"No election has the id {record_id!r}.")
    outcome = records.linked_outcome(get_session(), record, display_names(record))
    # exclude_unset: the canonical record's own fields, "reported_elected" and "against" only where it has them
    return answer(ElectionWithOutcome.model_validate({**record, "outcome": Outcome.of(outcome)}), exclude_unset=True)


@bp.get("/organisations")
def organisations():
    """Every organisation, with how many posts and elections are recorded."""
    return answer(OrganisationList(organisations=queries.organisation_list(get_session())))


@bp.get("/organisations/<acronym>")
def organisation(acronym: str):
    """An organisation, its posts with their holders, and posts won per nominating State."""
    session = get_session()
    page = queries.organisation_page(session, acronym, holders_only=True)  # no elections, no past holders
    if page is None and (stored := queries.organisation_acronym(session, acronym)):  # any case, where unambiguous
        page = queries.organisation_page(session, stored, holders_only=True)
    if page is None:
        abort(404, description=f"No organisation has the acronym {acronym!r}.")
    posts = []
    for summary in page.posts:
        holder = summary.holder
        held = None if holder is None else Holder(
            election=holder.election, date=holder.date, term_ends=summary.term_end(holder), elected=holder.winners
        )
        posts.append(PostWithHolder.model_validate({**summary.post.model_dump(), "url": url_for(".post", post_id=summary.post.id), "holder": held}))
    won = {code: count for code, count in page.wins_by_country.items() if count}
    return answer(OrganisationWithPosts(**page.organisation, posts=posts, posts_won_by_country=won))


@bp.get("/posts/<int:post_id>")
def post(post_id: int):
    """A post and every election for it, oldest first, with the winners' votes, shares and margins."""
    found = queries.post_history(get_session(), post_id)
    if found is None:
        abort(404, description=f"No post has the id {post_id}.")
    info, history = found
    lines = [
        HistoryLine(election=line.election, date=line.date, decided=line.decided, rounds=line.rounds_count, elected=line.winners)
        for line in history
    ]
    return answer(PostHistory.model_validate({**info.model_dump(), "history": lines}))


@bp.get("/persons/<int:person_id>")
def person(person_id: int):
    """A person, every name they are known by, and every candidacy; a person merged into another
    redirects (301) to that one."""
    found = queries.person_record(get_session(), person_id)
    if found is None:
        abort(404, description=f"No person has the id {person_id}.")
    if found.merged_into is not None:  # recorded twice and merged: the one kept answers
        return redirect(url_for(".person", person_id=found.merged_into), 301)
    return answer(Person(**found.person, candidacies=found.rows, record=Tally.of(found.tally)))


@bp.get("/countries/<code>")
def country(code: str):
    """The candidacies a State nominated, by ISO 3166-1 alpha-3 code, oldest first, a page at a time
    (``?page=``, ``?per_page=``, as the list of elections), with the tally of them all."""
    if not is_country(code):
        abort(404, description=f"{code!r} is not an ISO 3166-1 alpha-3 country code.")
    page, per_page = _paging()
    session = get_session()
    found = queries.country_record(session, code)
    rows = found.candidacies(session, (page - 1) * per_page, per_page)
    return answer(Country(
        code=code, name=country_name(code), candidacies=rows, record=Tally.of(found.tally),
        page=page, per_page=per_page, total=found.total,
    ))


@bp.get("/search")
def search():
    """Organisations, posts, persons and countries by any of their names (case and accents folded)."""
    query = (request.args.get("q") or "").strip()
    if not query:
        abort(400, description="Give the text to search for as q.")
    if problems := records.text_problems(query, finding.LONGEST_QUERY):
        message, params = problems[0]
        abort(400, description=f"q {message % params}.")
    found = finding.search(get_session(), query)
    return answer(
        SearchResults(
            organisations=found.organisations, posts=found.posts, persons=found.persons,
            countries=[FoundCountry(code=code, name=name) for code, name in found.countries],
        )
    )
