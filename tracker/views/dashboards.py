"""Dashboards: organisations, post histories, country and person records, comparisons, search.

Each page shows a chart (built in :mod:`tracker.charts`) with its data in a table beneath, and offers
that table as CSV at the page's own URL with ``?download=<table>``, so a filtered view downloads what
it shows.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from flask import Blueprint, abort, redirect, render_template, request, url_for

from .. import charts, dashboards
from ..countries import country_name, is_country
from ..csvformat import table_csv
from ..db import get_session
from ..forms import ElectionFilterForm, YearsForm
from ..records import ElectionFilter
from .data import download

bp = Blueprint("dashboards", __name__)


def _page(template: str, tables: list[dashboards.Table], filename: str, status: int = 200, **context):
    """Render ``template``, or send the table named by ``?download=`` as ``<filename>-<table>.csv``."""
    wanted = request.args.get("download")
    if wanted is not None:
        table = next((t for t in tables if t.name == wanted), None)
        if table is None:
            names = ", ".join(t.name for t in tables)
            abort(404, description=f"This page has no table {wanted!r}; it has: {names}.")
        name = f"{filename}-{table.name}" if filename else table.name
        return download(table_csv(table.columns, table.rows), "csv", name)
    return render_template(template, tables={t.name: t for t in tables}, **context), status


def csv_url(table: str) -> str:
    """This page's URL, with its whole query string (repeated parameters too), asking for ``table`` as CSV."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "download"] + [("download", table)]
    return f"{request.path}?{urlencode(args)}"


bp.add_app_template_global(csv_url)
bp.add_app_template_global(charts.OUTCOME_LABELS, "outcome_labels")  # the words for outcomes, one list


def _dates(rows) -> list[str]:
    return [row.when.isoformat() for row in rows]


def _share_series(label: str, rows: list[dashboards.CandidacyRow], describe) -> dict:
    return {
        "name": label,
        "dates": _dates(rows),
        "shares": [row.share for row in rows],
        "labels": [describe(row) for row in rows],
        "outcomes": [row.outcome for row in rows],
    }


@bp.get("/organisations")
def organisations():
    """Every organisation, with how many posts and elections are recorded."""
    return render_template("dashboards/organisations.html", organisations=dashboards.organisations(get_session()))


@bp.get("/organisations/<acronym>")
def organisation(acronym: str):
    """An organisation: its posts and their holders, a timeline, a map of posts won, its elections
    filtered by the query string (post, region, nominating country, years)."""
    form = ElectionFilterForm(request.args)
    valid = form.validate()
    page = dashboards.organisation_page(get_session(), acronym, form.filters() if valid else ElectionFilter())
    if page is None:
        stored = dashboards.organisation_acronym(get_session(), acronym)
        if stored is None:
            abort(404, description=f"No organisation has the acronym {acronym!r}.")
        query = request.query_string.decode("ascii", "replace")
        return redirect(url_for(".organisation", acronym=stored) + (f"?{query}" if query else ""), 301)
    holders = dashboards.holders_table(page.posts)
    wins = dashboards.wins_table(page.wins_by_country)
    today = date.today().isoformat()
    bars = [
        {
            "post": post, "name": name + (f" ({country})" if country else ""), "start": start,
            "end": end or max(today, start), "end_known": end is not None,
        }
        for post, name, country, start, end, _election in holders.rows
    ]
    figures = {
        "holders": charts.holders_timeline(bars),
        "wins": charts.posts_won_map([r[0] for r in wins.rows], [r[1] for r in wins.rows], [r[2] for r in wins.rows]),
    }
    return _page(
        "dashboards/organisation.html", [holders, wins], page.organisation["acronym"], 200 if valid else 400,
        page=page, figures=figures, filters=form, elections=page.elections if valid else [],
        export_filters={"organisation": page.organisation["acronym"]},
    )


@bp.get("/posts/<int:post_id>")
def post(post_id: int):
    """A post's history: every election, its winner, votes, share, margin and rounds, and a chart."""
    found = dashboards.post_history(get_session(), post_id)
    if found is None:
        abort(404, description=f"No post has the id {post_id}.")
    info, history = found
    winners = [winner for line in history for winner in line.winners]
    figure = None  # nothing to draw where no winner's share or margin is known
    if any(w.share is not None or w.margin is not None for w in winners):
        figure = charts.share_and_margin(
            _dates(winners), [w.name for w in winners], [w.share for w in winners], [w.margin for w in winners]
        )
    return _page(
        "dashboards/post.html", [dashboards.history_table(history)], f"{info.organisation}-{info.label}",
        info=info, history=history, figure=figure,
    )


@bp.get("/countries/<code>")
def country(code: str):
    """Every candidacy a State nominated (ISO alpha-3 code), its success rate, and a chart by year."""
    if not is_country(code):
        if is_country(code.upper()):
            return redirect(url_for(".country", code=code.upper()), 301)
        abort(404, description=f"{code!r} is not an ISO 3166-1 alpha-3 country code (e.g. MAR for Morocco).")
    years = YearsForm(request.args)
    valid = years.validate()
    span = (years.year_from.data, years.year_to.data) if valid else (None, None)
    record = dashboards.country_record(get_session(), code, *span)
    outcomes = dashboards.outcomes_by_year(record.rows)
    figure = charts.outcomes_by_year(
        [r[0] for r in outcomes.rows],
        {outcome: [r[1 + i] for r in outcomes.rows] for i, outcome in enumerate(dashboards.OUTCOMES)},
    )
    return _page(
        "dashboards/country.html", [outcomes, dashboards.candidacies_table("candidacies", record.rows)], code,
        200 if valid else 400, code=code, name=country_name(code), record=record, figure=figure, years=years,
    )


@bp.get("/persons/<int:person_id>")
def person(person_id: int):
    """A person: every name they are known by, every candidacy with votes and shares, and a chart."""
    record = dashboards.person_record(get_session(), person_id)
    if record is None:
        abort(404, description=f"No person has the id {person_id}.")
    figure = None
    if any(row.share is not None for row in record.rows):
        figure = charts.share_over_time([_share_series(record.person["name"], record.rows, _election_label)])
    return _page(
        "dashboards/person.html", [dashboards.candidacies_table("candidacies", record.rows)], record.person["name"],
        record=record, person=record.person, figure=figure,
    )


def _election_label(row: dashboards.CandidacyRow) -> str:
    return f"{row.organisation} {row.post_label}"


@bp.get("/compare")
def compare():
    """Two to six persons (``?person=<id>``) and States (``?country=<code>``) side by side; ``?q=``
    looks for more to add."""
    persons, countries, problems = [], [], []
    for text in request.args.getlist("person"):
        if text.isascii() and text.isdigit() and len(text) <= 12:
            persons.append(int(text))
        else:
            problems.append(f"person={text!r} is not a person's id (a whole number).")
    countries = [c.strip().upper() for c in request.args.getlist("country")]
    persons, countries = list(dict.fromkeys(persons)), list(dict.fromkeys(countries))
    if len(persons) + len(countries) > dashboards.MAX_COMPARED:
        problems.append(f"Compare at most {dashboards.MAX_COMPARED} persons and countries at once: the first six are shown.")
        persons = persons[: dashboards.MAX_COMPARED]
        countries = countries[: dashboards.MAX_COMPARED - len(persons)]
    series, missing = dashboards.compare(get_session(), persons, countries)
    problems += missing
    query = (request.args.get("q") or "").strip()[:200]
    found = dashboards.search(get_session(), query) if query else None
    figure = charts.share_over_time(
        [_share_series(s.label, s.rows, lambda row: f"{row.name}, {_election_label(row)}") for s in series]
    )
    return _page(
        "dashboards/compare.html", [dashboards.compare_table(series)], "", 400 if problems else 200,
        series=series, problems=problems, figure=figure, query=query, found=found,
        series_rows=[(s.label, row) for s in series for row in s.rows],
        persons=[s.ident for s in series if s.kind == "person"],
        countries=[s.ident for s in series if s.kind == "country"],
    )


@bp.get("/search")
def search():
    """Organisations, posts, persons and countries by any of their names, case and accents folded."""
    query = (request.args.get("q") or "").strip()
    if len(query) > 200:
        abort(400, description="The search text is longer than 200 characters.")
    found = dashboards.search(get_session(), query) if query else None
    return render_template("dashboards/search.html", query=query, found=found)
