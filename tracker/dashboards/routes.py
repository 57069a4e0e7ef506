"""Dashboards: organisations, post histories, country and person records, comparisons, search.

Each page shows a chart (built in :mod:`tracker.charts`) with its data in a table beneath, and offers
that table as CSV at the page's own URL with ``?download=<table>``, so a filtered view downloads what
it shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user
from markupsafe import Markup, escape

from .. import charts, localnames, records
from ..accounts.routes import editor_required
from ..accounts.users import can_edit
from ..charts import OUTCOME_LABELS
from ..countries import country_name, is_country
from ..db import get_session
from ..elections.forms import ElectionFilterForm
from ..files.routes import download
from ..i18n import count_text, date_text, language, percent_text
from ..links import links
from ..paging import requested_page, url_with
from ..persons.history import history as person_history
from ..persons.queries import possible_twins
from ..records.csvformat import table_csv
from . import queries, tables
from . import search as finding
from .forms import OrganisationNamesForm, YearsForm
from .tables import Download

bp = Blueprint("dashboards", __name__)


def _page(template: str, tables: list[tables.Table | tables.Download], filename: str, status: int = 200, **context):
    """Render ``template``, or send the table named by ``?download=`` as ``<filename>-<table>.csv``
    (a :class:`~tracker.dashboards.tables.Download` is built then, and never for the page)."""
    wanted = request.args.get("download")
    if wanted is not None:
        table = next((t for t in tables if t.name == wanted), None)
        if table is None:
            names = ", ".join(t.name for t in tables)
            abort(404, description=gettext("This page has no table %(table)r; it has: %(tables)s.", table=wanted, tables=names))
        if isinstance(table, Download):
            table = table.build()
        name = f"{filename}-{table.name}" if filename else table.name
        return download(table_csv(table.columns, table.rows), "csv", name)
    shown = {t.name: t for t in tables if not isinstance(t, Download)}
    return render_template(template, tables=shown, **context), status


def csv_url(table: str) -> str:
    """This page's URL, with its whole query string (repeated parameters too), asking for ``table`` as CSV."""
    return url_with("download", table)


def post_label(organisation: str, title: str, region: str | None = None) -> str:
    """A post of ``organisation`` (acronym) as the interface's language names it, falling back to the
    stored English: "Vice-President for Africa", "Vice-président (Afrique)", "نائب الرئيس عن أفريقيا"."""
    return post_labeller()(organisation, title, region)


def post_labeller() -> Callable[..., str]:
    """:func:`post_label` for this request, made once a request: the language read and the names of
    posts in other languages loaded once (not at all in English), each post's label made once (a
    list names the same posts again and again; a State's comparison hundreds of them)."""
    found = g.get("post_labeller")
    if found is not None:
        return found
    shown = language()
    glossary = None if shown == "en" else localnames.load_glossary(get_session())
    labels: dict[tuple, str] = {}

    def label(organisation: str, title: str, region: str | None = None) -> str:
        key = (organisation, title, region)
        made = labels.get(key)
        if made is None:
            named = glossary.post_parts(organisation, title, region, shown) if glossary else None
            if named is None:  # as stored, in English, whole
                made = localnames.stored_label(title, region)
            elif region:
                made = gettext("%(post)s for %(region)s", post=named[0], region=named[1])
            else:
                made = named[0]
            labels[key] = made
        return made

    g.post_labeller = label
    return label


def outcome_words() -> dict[str, Markup]:
    """Each outcome's word in the interface's language, by outcome ("elected": "Élu"), as the
    templates' ``_()`` gives it: for lists that show one a row, looked up once rather than per row
    (in a loop, each ``_()`` call also copies the template's context)."""
    return {outcome: Markup(gettext(label)) for outcome, label in OUTCOME_LABELS.items()}


def candidacy_rows(rows: list, candidate: bool = True, series: bool = False, country: bool = True) -> Markup:
    """The body of the candidacies table (``candidacies`` in templates/dashboards/_tables.html) as
    HTML, a row a line: ``rows`` are :class:`~tracker.dashboards.queries.CandidacyRow`, or with
    ``series`` (label, row, kind) for a comparison, where a person's row leaves the candidate empty
    and a State's the nominating country; ``candidate`` and ``country`` say whether those columns are
    shown. Figures as the templates' ``number`` and ``percentage`` filters write them, "unknown" where
    no source gives one, "—" where there is none (a withdrawal's votes, a loser's margin). Written
    here, not cell by cell in the template: Jinja's dozen calls a row took most of a list's time."""
    link, outcome, label_of, shown = links(), outcome_words(), post_labeller(), language()
    unknown = Markup('<span class="unknown">%s</span>') % gettext("unknown")
    in_round = Markup(gettext("round %(number)s"))
    lines = []
    for item in rows:
        label, row, kind = item if series else (None, item, None)
        cells = [f'<tr class="{row.outcome_class}">']
        if series:
            cells.append(f"<td><bdi>{escape(label)}</bdi></td>")
        cells.append(
            f'<td class="date"><a href="{escape(link.election(row.election))}">{escape(date_text(row.date, shown, "medium"))}</a></td>'
            f'<td><a href="{escape(link.organisation(row.organisation))}">{escape(row.organisation)}</a></td>'
            f'<td><a href="{escape(link.post(row.post_id))}"><bdi>{escape(label_of(row.organisation, row.post, row.region))}</bdi></a></td>'
        )
        if candidate and kind == "person":
            cells.append("<td></td>")
        elif candidate:
            name = escape((row.names or {}).get(shown) or row.name)
            person = f'<a href="{escape(link.person(row.person_id))}"><bdi>{name}</bdi></a>' if row.person_id else f"<bdi>{name}</bdi>"
            cells.append(f"<td>{person}</td>")
        if country and kind == "country":
            cells.append("<td></td>")
        elif country and row.country:
            named = escape(country_name(row.country, shown) or row.country)
            cells.append(f'<td><a href="{escape(link.country(row.country))}">{named}</a></td>')
        elif country:
            cells.append(f"<td>{unknown}</td>")
        elected_in = in_round % {"number": row.elected_round} if row.elected_round and row.rounds_count > 1 else None
        cells.append(f"<td>{outcome[row.outcome]}{f' <small>({elected_in})</small>' if elected_in else ''}</td>")
        votes = "—" if row.withdrew and row.votes is None else unknown if row.votes is None else count_text(row.votes)
        share = "—" if row.withdrew and row.share is None else unknown if row.share is None else percent_text(row.share)
        margin = "—" if not row.elected else unknown if row.margin is None else count_text(row.margin)
        cells.append(f'<td class="num">{votes}</td><td class="num">{share}</td><td class="num">{margin}</td>'
                     f'<td class="num">{row.rounds_count}</td></tr>')
        lines.append("".join(cells))
    return Markup("\n".join(lines))


bp.add_app_template_global(csv_url)
bp.add_app_template_global(candidacy_rows)
bp.add_app_template_global(tables.data_rows)
bp.add_app_template_global(links)
bp.add_app_template_global(post_label)


def _dates(rows) -> list[str]:
    return [row.when.isoformat() for row in rows]


def _share_series(label: str, rows: list[queries.CandidacyRow], describe) -> dict:
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
    return render_template("dashboards/organisations.html", organisations=queries.organisation_list(get_session()))


@bp.get("/organisations/<acronym>")
def organisation(acronym: str):
    """An organisation: its posts and their holders, a timeline, a map of posts won, its elections
    filtered by the query string (post, region, nominating country, years)."""
    form = ElectionFilterForm(request.args)
    valid = form.validate()
    session = get_session()
    page = queries.organisation_page(session, acronym)
    if page is None:
        stored = queries.organisation_acronym(get_session(), acronym)
        if stored is None:
            abort(404, description=gettext("No organisation has the acronym %(acronym)r.", acronym=acronym))
        query = request.query_string.decode("ascii", "replace")
        return redirect(url_for(".organisation", acronym=stored) + (f"?{query}" if query else ""), 301)
    holders = tables.holders_table(page.posts)
    wins = tables.wins_table(page.wins_by_country, language())
    shown = {s.post.label: post_label(s.post.organisation, s.post.title, s.post.region) for s in page.posts}
    persons = {
        (line.election, w.name): w.names.get(language()) or w.name for s in page.posts for line in s.history for w in line.winners
    }
    bars = [
        {
            "post": shown.get(post, post), "name": persons.get((election, name), name) + (f" ({country})" if country else ""),
            "start": start, "end": end,
        }
        for post, name, country, start, end, election in holders.rows
    ]
    figures = {
        "holders": charts.holders_timeline(bars, gettext),
        "wins": charts.posts_won_map([r[0] for r in wins.rows], [r[1] for r in wins.rows], [r[2] for r in wins.rows], gettext),
    }
    elections, listing = [], None
    if valid:
        chosen = replace(form.filters(), organisation=page.organisation["acronym"])
        if chosen == records.ElectionFilter(organisation=chosen.organisation):
            # unfiltered: the elections of its posts, each history holds (no other organisation's
            # acronym is this one in another case: the importer refuses it)
            total = sum(len(summary.history) for summary in page.posts)
        else:
            total = records.count_elections(session, chosen)
        listing = requested_page(total)
        elections = records.list_elections(session, chosen, listing.per_page, listing.offset)
    return _page(
        "dashboards/organisation.html", [holders, wins], page.organisation["acronym"], 200 if valid else 400,
        page=page, figures=figures, filters=form, elections=elections, listing=listing,
        export_filters={"organisation": page.organisation["acronym"]},
    )


@bp.route("/organisations/<acronym>/names", methods=["GET", "POST"])
@editor_required
def organisation_names(acronym: str):
    """Editors name an organisation, its post titles and its regions in French and Arabic, and record
    the other names and spellings it goes by (tracker.localnames)."""
    session = get_session()
    current = localnames.organisation_names(session, acronym)
    if current is None:
        abort(404, description=gettext("No organisation has the acronym %(acronym)r.", acronym=acronym))
    if request.method == "GET":
        form = OrganisationNamesForm.filled(current)
    else:
        form = OrganisationNamesForm()
    status = 200
    if form.validate_on_submit():
        try:
            changed = localnames.save_organisation_names(session, form.names(current), form.fingerprint.data or "")
        except localnames.NamesChanged:
            session.rollback()
            form.form_errors.append(gettext(
                "Someone changed these names while you had this page open, so nothing was saved. "
                "Their names are on the organisation's page; save again to replace them with yours."
            ))
            form.fingerprint.data = localnames.organisation_names(session, acronym).fingerprint()
            status = 409
        else:
            session.commit()
            flash(gettext("Names saved.") if changed else gettext("Nothing changed."))
            return redirect(url_for(".organisation", acronym=acronym))
    elif form.errors:
        status = 400
    return render_template("dashboards/organisation_names.html", form=form, current=current), status


@bp.get("/posts/<int:post_id>")
def post(post_id: int):
    """A post's history: every election, its winner, votes, share, margin and rounds, and a chart."""
    found = queries.post_history(get_session(), post_id)
    if found is None:
        abort(404, description=gettext("No post has the id %(id)s.", id=post_id))
    info, history = found
    winners = [winner for line in history for winner in line.winners]
    figure = None  # nothing to draw where no winner's share or margin is known
    if any(w.share is not None or w.margin is not None for w in winners):
        figure = charts.share_and_margin(
            _dates(winners), [w.name for w in winners], [w.share for w in winners], [w.margin for w in winners], gettext
        )
    return _page(
        "dashboards/post.html", [tables.history_table(history)], f"{info.organisation}-{info.label}",
        info=info, history=history, figure=figure,
    )


@bp.get("/countries/<code>")
def country(code: str):
    """Every candidacy a State nominated (ISO alpha-3 code), its success rate, and a chart by year."""
    if not is_country(code):
        if is_country(code.upper()):
            return redirect(url_for(".country", code=code.upper()), 301)
        abort(404, description=gettext("%(code)r is not an ISO 3166-1 alpha-3 country code (e.g. MAR for Morocco).", code=code))
    span_form = YearsForm(request.args)
    valid = span_form.validate()
    span = (span_form.year_from.data, span_form.year_to.data) if valid else (None, None)
    session = get_session()
    record = queries.country_record(session, code, *span)  # counted: the page reads 50 of them
    wins_losses = tables.wins_and_losses(record.counts)
    figure = charts.wins_and_losses(wins_losses.rows, gettext)
    every = Download("candidacies", lambda: tables.candidacies_table("candidacies", queries.country_candidacies(session, code, *span)))
    listing = requested_page(record.total)
    shown = [] if "download" in request.args else record.candidacies(
        session, listing.offset, listing.per_page, newest_first=True  # newest first, as every list
    )
    return _page(
        "dashboards/country.html", [wins_losses, tables.outcomes_by_year(record.counts), every], code,
        200 if valid else 400, code=code, name=country_name(code, language()), record=record, figure=figure, years=span_form,
        listing=listing, shown_rows=shown,
    )


@bp.get("/persons/<int:person_id>")
def person(person_id: int):
    """A person: every name they are known by, every candidacy with votes and shares, a chart, and the
    history of changes to the person (editors correct, merge and split here: tracker.persons). A
    person merged into another leads there (301)."""
    record = queries.person_record(get_session(), person_id)
    if record is None:
        abort(404, description=gettext("No person has the id %(id)s.", id=person_id))
    if record.merged_into is not None:  # recorded twice, merged: the one kept has every candidacy and name
        query = request.query_string.decode("ascii", "replace")
        return redirect(url_for(".person", person_id=record.merged_into) + (f"?{query}" if query else ""), 301)
    figure = None
    if any(row.share is not None for row in record.rows):
        figure = charts.share_over_time([_share_series(record.person["name"], record.rows, _election_label)], gettext)
    return _page(
        "dashboards/person.html", [tables.candidacies_table("candidacies", record.rows)], record.person["name"],
        record=record, person=record.person, figure=figure, history=person_history(get_session(), person_id),
        twins=possible_twins(get_session(), person_id, record.person["name"]) if can_edit(current_user) else [],
    )


def _election_label(row: queries.CandidacyRow, label_of: Callable[..., str] = post_label) -> str:
    """A chart point's election: the organisation and its post (``label_of``: this request's
    :func:`post_labeller`, where the caller labels hundreds of points)."""
    return f"{row.organisation} {label_of(row.organisation, row.post, row.region)}"


@bp.get("/compare")
def compare():
    """Two to six persons (``?person=<id>``) and States (``?country=<code>``) side by side; ``?q=``
    looks for more to add."""
    persons, countries, problems = [], [], []
    for text in request.args.getlist("person"):
        if text.isascii() and text.isdigit() and len(text) <= 12:
            persons.append(int(text))
        else:
            problems.append(gettext("person=%(text)r is not a person's id (a whole number).", text=text))
    countries = [c.strip().upper() for c in request.args.getlist("country")]
    persons, countries = list(dict.fromkeys(persons)), list(dict.fromkeys(countries))
    if len(persons) + len(countries) > queries.MAX_COMPARED:
        problems.append(gettext("Compare at most %(count)s persons and countries at once: the first %(count)s are shown.", count=queries.MAX_COMPARED))
        persons = persons[: queries.MAX_COMPARED]
        countries = countries[: queries.MAX_COMPARED - len(persons)]
    session = get_session()
    series, missing = queries.compare(session, persons, countries, language(), points=True)  # light: the page lists 50
    problems += missing
    query = (request.args.get("q") or "").strip()[: finding.LONGEST_QUERY]
    found = finding.search(session, query) if query else None
    label_of = post_labeller()  # (read once here: a State's comparison labels hundreds of points)

    def describe(row) -> str:
        return f"{row.name}, {_election_label(row, label_of)}"

    figure = charts.share_over_time([_share_series(s.label, s.rows, describe) for s in series], gettext)
    every = Download("compare", lambda: tables.compare_table(queries.compare(session, persons, countries, language())[0]))
    points = [(s.label, point, s.kind) for s in series for point in s.rows[::-1]]  # newest first
    listing = requested_page(len(points))
    shown = listing.rows(points)
    rows = queries.candidacies_by_id(session, [point.id for _label, point, _kind in shown])
    return _page(
        "dashboards/compare.html", [every], "", 400 if problems else 200,
        series=series, problems=problems, figure=figure, query=query, found=found,
        series_rows=[(label, rows[point.id], kind) for label, point, kind in shown], listing=listing,
        persons=[s.ident for s in series if s.kind == "person"],
        countries=[s.ident for s in series if s.kind == "country"],
    )


@bp.get("/search")
def search():
    """Organisations, posts, persons and countries by any of their names, case and accents folded."""
    query = (request.args.get("q") or "").strip()
    if problems := records.text_problems(query, finding.LONGEST_QUERY):
        message, params = problems[0]
        abort(400, description=gettext("The search text %(problem)s.", problem=gettext(message, **params)))
    found = finding.search(get_session(), query) if query else None
    return render_template("dashboards/search.html", query=query, found=found)
