"""The Atom feeds of results: ``/feeds/results.atom``, all of them or those an organisation
(``?organisation=INTERPOL``) or a nominating State (``?country=MAR``) selects, in the reader's
language (``?lang=``, as a feed reader sends no session cookie)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, request, url_for
from flask_babel import gettext as _

from ..countries import country_name
from ..dashboards.queries import ListedResult
from ..dashboards.routes import post_label
from ..db import get_session
from ..i18n import date_text, language, ngettext, percent_text
from ..upcoming.forms import UpcomingFilterForm
from . import atom
from .queries import changed_results

bp = Blueprint("feeds", __name__)


@bp.app_template_global()
def feed_args(**chosen: str) -> dict[str, str]:
    """The query string of the results feed ``chosen`` selects (``organisation=``, ``country=``), in
    the page's language: what a page's feed link gives."""
    return carried(**chosen)


def carried(form: UpcomingFilterForm | None = None, **chosen: str) -> dict[str, str]:
    """The query string a feed's address holds: its filters and the language unless English."""
    return {**(form.chosen() if form else chosen), **({} if language() == "en" else {"lang": language()})}


def _list(parts: list[str]) -> str:
    return _(", ").join(parts)


def winners_text(result: ListedResult) -> str:
    """Who was elected, in words: "Mohamed Dkhissi (Morocco), 96 votes, 55.2%, 10 ahead"."""
    said = []
    for winner in result.winners:
        name = (winner.names or {}).get(language()) or winner.name
        if winner.country and winner.kind != "state":
            name = _("%(name)s (%(country)s)", name=name, country=country_name(winner.country, language()) or winner.country)
        parts = [name]
        parts.append(
            _("votes unknown") if winner.votes is None
            else ngettext("%(num)s vote", "%(num)s votes", winner.votes)
        )
        if winner.share is not None:
            parts.append(percent_text(winner.share))
        if winner.margin is not None:
            parts.append(ngettext("%(num)s ahead", "%(num)s ahead", winner.margin))
        said.append(_list(parts))
    return _("; ").join(said)


def _entry(heading: dict, first, last, result: ListedResult) -> atom.FeedEntry:
    post = post_label(heading["organisation"], heading["post"], heading["region"])
    winners = [(w.names or {}).get(language()) or w.name for w in result.winners]
    election = f"{heading['organisation']} {post}"
    title = (
        ngettext("%(election)s: %(names)s elected", "%(election)s: %(names)s elected", len(winners),
                 election=election, names=_list(winners))
        if winners else _("%(election)s: no winner recorded", election=election)
    )
    place = _list([part for part in (heading["city"], country_name(heading["country"], language())) if part])
    body = heading["body"] + (f" ({heading['session']})" if heading["session"] else "")
    facts = _list([part for part in (body, date_text(heading["date"], language()), place) if part])
    summary = (
        ngettext("Winner: %(winners)s.", "Winners: %(winners)s.", len(winners), winners=winners_text(result))
        if winners else _("No winner recorded.")
    ) + " " + facts
    return atom.FeedEntry(
        url=url_for("elections.detail", record_id=heading["id"], _external=True),
        link=url_for("elections.detail", record_id=heading["id"], _external=True, **carried()),
        title=title, summary=summary, published=first, updated=last,
    )


@bp.get("/feeds/results.atom")
def results():
    """Newly recorded and changed results, the last changed first, as an Atom feed; 400 with the
    form's messages for a bad filter."""
    form = UpcomingFilterForm(request.args)
    if not form.validate():
        abort(400, description=form.problems())
    chosen = form.filters()
    if chosen.country:
        about = _("Results: candidates nominated by %(country)s", country=country_name(chosen.country, language()) or chosen.country)
        page_url = url_for("dashboards.country", code=chosen.country, _external=True, **carried())
    elif chosen.organisation:
        about = _("Results: %(organisation)s", organisation=chosen.organisation.upper())
        page_url = url_for("dashboards.organisation", acronym=chosen.organisation.upper(), _external=True, **carried())
    else:
        about = _("Results of elections to posts in international organisations")
        page_url = url_for("elections.home", _external=True, **carried())
    if chosen.country and chosen.organisation:
        about = _("Results: %(organisation)s, candidates nominated by %(country)s", organisation=chosen.organisation.upper(),
                  country=country_name(chosen.country, language()) or chosen.country)
    document = atom.feed(
        [_entry(*found) for found in changed_results(get_session(), chosen)],
        title=about,
        subtitle=_("Newly recorded and changed results, the last changed first."),
        author=_("Election tracker"),
        language=language(),
        page_url=page_url,
        feed_url=url_for(".results", _external=True, **carried(form)),
    )
    return Response(document, content_type="application/atom+xml; charset=utf-8")
