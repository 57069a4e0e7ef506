"""The interface in English, French and Arabic (Flask-Babel).

The language comes from ``?lang=`` in the URL (and is then remembered in the session), else from what
was remembered, else from the browser's Accept-Language; English otherwise. The API always answers in
English: its field names and messages are for programs. Arabic pages are right-to-left.

Catalogs live in ``tracker/translations/<lang>/LC_MESSAGES/messages.po``; ``make`` compiles them
(:func:`compile_catalogs`) into the ``.mo`` files Flask-Babel reads.
"""

from __future__ import annotations

import datetime as dt
import re
import weakref
from functools import cache, lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import DateTimePattern, format_date, format_datetime, format_skeleton, get_date_format
from babel.dates import parse_pattern as parse_date_pattern
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import NumberPattern, parse_pattern
from flask import Flask, g, has_request_context, request, session
from flask_babel import Babel, Domain, get_locale, gettext, pgettext
from jinja2 import pass_context
from markupsafe import Markup

from .paging import url_with

LANGUAGES = {"en": "English", "fr": "Français", "ar": "العربية"}
RIGHT_TO_LEFT = {"ar"}
TRANSLATIONS = Path(__file__).resolve().parent / "translations"


class _RequestDomain(Domain):
    """Flask-Babel's message domain, its catalog looked up once a request: Flask-Babel finds it anew
    on every text (the locale, its name, a cache lookup), which added milliseconds to pages with a
    hundred texts. Every gettext goes through it: the templates', the code's, lazy strings'."""

    def get_translations(self):
        try:
            found = g.get("tracker_translations")
        except RuntimeError:  # outside an application context: Flask-Babel's own answer (no translation)
            return super().get_translations()
        if found is None:
            found = g.tracker_translations = super().get_translations()
        return found


babel = Babel()
babel.domain_instance = _RequestDomain()  # instead of the Domain Flask-Babel would make (a cached property)


def N_(text: str) -> str:
    """Marks ``text`` for the catalogs (``pybabel extract -k N_``) where it is translated later, when
    shown (``_(text)`` in a template), and kept as it is elsewhere (CSV headers stay English)."""
    return text


def select_locale() -> str:
    """The interface language of this request (see the module's docstring); English outside a request
    (commands)."""
    if not has_request_context() or request.path.startswith("/api/"):
        return "en"
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        return asked
    if session.get("lang") in LANGUAGES:
        return session["lang"]
    return request.accept_languages.best_match(list(LANGUAGES)) or "en"


def language() -> str:
    """The current interface language code: ``en``, ``fr`` or ``ar``. Looked up once a request (as
    :func:`_request_translations`): pages ask it of every date, count and name they write, and
    Flask-Babel finds the locale and writes its name anew each time."""
    try:
        found = g.get("tracker_language")
    except RuntimeError:  # outside an application context: no request, English (as get_locale says)
        return str(get_locale() or "en")
    if found is None:
        found = g.tracker_language = str(get_locale() or "en")
    return found


def compile_catalogs(directory: Path = TRANSLATIONS) -> list[Path]:
    """Compile every ``messages.po`` under ``directory`` whose ``.mo`` is missing or older; returns
    the files written. (What ``pybabel compile`` does, callable from tests and commands.)"""
    written = []
    for po in sorted(directory.glob("*/LC_MESSAGES/messages.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as source:
            catalog = read_po(source, locale=po.parent.parent.name)
        with mo.open("wb") as target:
            write_mo(target, catalog)
        written.append(mo)
    return written


@lru_cache(maxsize=16384)  # (as _count_text)
def date_text(value, language: str, style: str = "long") -> str:
    """``value`` (a ``date``, or "YYYY", "YYYY-MM", "YYYY-MM-DD") written for ``language``; see the
    ``day`` template filter. Text that is no date is returned unchanged."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):
        return _day_text(value, style, language)
    text = str(value)
    try:
        if len(text) == 10:
            return _day_text(dt.date.fromisoformat(text), style, language)
        if len(text) == 7:
            return format_skeleton("yMMMM" if style == "long" else "yMMM", dt.date.fromisoformat(text + "-01"), locale=language)
    except ValueError:
        pass
    return text


def _day_text(day: dt.date, style: str, language: str) -> str:
    """Babel's ``format_date(day, style, locale=language)``, its locale and pattern found once: pages
    write dozens of dates, and Babel looks both up on each."""
    if isinstance(day, dt.datetime) or style not in ("full", "long", "medium", "short"):
        return format_date(day, style, locale=language)
    locale, pattern = _date_pattern(language, style)
    return pattern.apply(day, locale)


@cache
def _date_pattern(language: str, style: str) -> tuple[Locale, DateTimePattern]:
    """``language``'s locale and its date pattern of ``style`` ("long", "medium"...), from CLDR."""
    locale = Locale.parse(language)
    return locale, parse_date_pattern(get_date_format(style, locale=locale))


@cache
def _percent_pattern(language: str) -> str:
    """CLDR's percent pattern for ``language`` with one decimal ("#,##0.0%", "#,##0.0\u00a0%")."""
    return re.sub(r"0(?=[\s\u00a0\u202f]*%)", "0.0", Locale.parse(language).percent_formats[None].pattern, count=1)


def problem_text(problem, where: bool = True, field: str | None = None) -> str:
    """A :class:`tracker.records.Problem` in the interface language: where (:func:`problem_place`,
    or ``field`` as a form names it) and why. ``where=False`` leaves out the election."""
    reason = gettext(problem.text, **problem.params) if problem.text else problem.message
    if not where:
        field = problem.field if field is None else field
        return f"{field}: {reason}" if field else reason
    return gettext("%(place)s: %(reason)s", place=problem_place(problem), reason=reason)


_ROW = re.compile(r"row (\d+)")
_ELECTION = re.compile(r"election (.+)")


def problem_place(problem) -> str:
    """Where a problem is, in the interface language: the election by its id (or the CSV row), then
    the round by its number, the candidate by their key, and the field as the forms name it, with
    its path in the file in brackets ("election fifa-2016-president, round 2, candidate infantino,
    Votes (rounds[1].votes[0].votes)"); a CSV row's column by its name ("row 12, column votes")."""
    from .elections.changes import field_label, list_label  # the forms' labels; those forms use this module

    row, election = _ROW.fullmatch(problem.election), _ELECTION.fullmatch(problem.election)
    if row:
        words = [gettext("row %(number)s", number=row.group(1))]
    elif election:
        words = [gettext("election %(id)s", id=election.group(1))]
    else:
        words = [gettext("the file")]
    for kind, *values in problem.where:
        if kind == "round":
            words.append(gettext("round %(number)s", number=values[0]))
        elif kind == "candidate":
            words.append(gettext("candidate %(key)s", key=values[0]))
        elif kind == "source":
            words.append(gettext("source %(number)s", number=values[0]))
        elif kind == "item":
            words.append(gettext("%(list)s %(number)s", list=list_label(values[0]), number=values[1]))
        elif kind == "field":
            label = field_label(values[0], values[1])
            words.append(gettext("%(list)s %(number)s", list=label, number=values[2]) if len(values) > 2 else label)
        elif kind == "line":
            words.append(gettext("line %(line)s, column %(column)s", line=values[0], column=values[1]))
        elif kind == "byte":
            words.append(gettext("byte %(number)s", number=values[0]))
    if problem.field and row and not problem.where:
        words.append(gettext("column %(name)s", name=problem.field))
    elif problem.field and election:
        words[-1] = f"{words[-1]} ({problem.field})"
    elif problem.field and not problem.where:
        words.append(problem.field)
    return pgettext("between the parts of a place", ", ").join(words)


def plotly_locale(language: str) -> dict | None:
    """plotly.js's locale for ``language``, from CLDR (Babel): month and day names for date axes and
    hover labels, decimal and group separators for numbers (Latin digits). ``None`` for English, which
    plotly.js has built in. Passed to plotly.js as ``config.locales`` (static/js/charts.js)."""
    if language == "en":
        return None
    locale = Locale.parse(language)
    sunday_first = [6, 0, 1, 2, 3, 4, 5]  # CLDR counts days from Monday, d3 (plotly) from Sunday
    months, days = locale.months["stand-alone"], locale.days["stand-alone"]
    symbols = locale.number_symbols["latn"]
    return {
        "format": {
            "months": [months["wide"][m] for m in range(1, 13)],
            "shortMonths": [months["abbreviated"][m] for m in range(1, 13)],
            "days": [days["wide"][d] for d in sunday_first],
            "shortDays": [days["abbreviated"][d] for d in sunday_first],
            "decimal": symbols["decimal"],
            "thousands": symbols["group"],
        }
    }


def _request_translations():
    """This request's catalog (:class:`_RequestDomain`), for the templates' texts: straight from the
    domain, without Flask-Babel's look-up of the request's domain (the app has only the one)."""
    return babel.domain_instance.get_translations()


def _template_gettext(text: str, **variables) -> str:
    """Templates' ``_()``/``gettext()``: as Flask-Babel's, with the catalog looked up once a request."""
    translated = _request_translations().ugettext(text)
    return translated % variables if variables else translated


@pass_context
def _page_gettext(__context, __string: str, **variables) -> str:
    """The templates' ``_()`` and ``gettext()``: what Jinja's new-style gettext of
    :func:`_template_gettext` gives (the text in the request's catalog, as Markup where the template
    escapes, then ``%`` filled in, the variables escaped), in one call rather than three a text (its
    alias, its wrapper, the function: a page has a hundred texts). A text without variables is the
    same every time in a catalog: kept with the catalog once made."""
    translations = _request_translations()
    if not __context.eval_ctx.autoescape:
        return translations.ugettext(__string) % variables
    if variables:
        return Markup(translations.ugettext(__string)) % variables
    made = _MADE.get(translations)
    if made is None:
        made = _MADE[translations] = {}
    found = made.get(__string)
    if found is None:
        found = Markup(translations.ugettext(__string)) % variables
        if len(made) < _MADE_MOST:  # the templates' own texts; a text from the data is not kept
            made[__string] = found
    return found


# The texts without variables as pages show them, per catalog (one a language, for the process's life)
_MADE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_MADE_MOST = 5000  # about twice the catalog


def _template_ngettext(singular: str, plural: str, num: int) -> str:
    """Templates' ``ngettext()``: the form for ``num``, in the request's catalog. Jinja's new-style
    gettext fills in the placeholders (``%(num)s`` and the keywords given) afterwards."""
    return _request_translations().ungettext(singular, plural, num)


def ngettext(singular: str, plural: str, num: int, **variables) -> str:
    """The form for ``num`` in the request's catalog (Arabic has six), its ``%(num)s`` written as the
    pages write counts (Latin digits, the language's separators) and the other placeholders filled
    from ``variables``. Flask-Babel's own would write Arabic-Indic digits in Arabic."""
    return _request_translations().ungettext(singular, plural, num) % {"num": count_text(num), **variables}


@cache
def _number_formats(language: str) -> tuple[Locale, NumberPattern, NumberPattern]:
    """``language``'s locale and its patterns for counts and for shares, read once: what
    ``format_decimal`` and ``format_percent`` look up and parse anew on every call."""
    locale = Locale.parse(language)
    return locale, parse_pattern(locale.decimal_formats[None]), parse_pattern(_percent_pattern(language))


def count_text(value) -> str:
    """A count in the interface's style (1,234 / 1 234), in Latin digits, as the charts have them
    (the templates' ``number`` filter): Babel's ``format_decimal``, its locale and pattern read once."""
    return _count_text(value, language())


def percent_text(value: float) -> str:
    """A share given in percent (55.56) with one decimal, in the interface's style (55.6% / 55,6 %)
    (the templates' ``percentage`` filter): Babel's ``format_percent``, its locale and pattern read once."""
    return _percent_text(value, language())


# Figures written once per value and language a process (a bounded memo): Babel takes some 10
# microseconds a figure even with its pattern parsed, and a list writes the same counts, shares and
# dates again and again.
@lru_cache(maxsize=16384)
def _count_text(value, language: str) -> str:
    locale, pattern, _ = _number_formats(language)
    return pattern.apply(value, locale, numbering_system="latn")


@lru_cache(maxsize=16384)
def _percent_text(value: float, language: str) -> str:
    locale, _, pattern = _number_formats(language)
    return pattern.apply(value / 100, locale, numbering_system="latn")


def init_app(app: Flask) -> None:
    """Flask-Babel, the remembered choice of language, and ``lang``/``dir`` for templates."""
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.install_gettext_callables(_template_gettext, _template_ngettext, newstyle=True)
    app.jinja_env.globals["_"] = app.jinja_env.globals["gettext"] = _page_gettext

    @app.before_request
    def remember_language():
        asked = request.args.get("lang")
        if asked in LANGUAGES and session.get("lang") != asked:
            session["lang"] = asked

    app.add_template_filter(count_text, "number")

    app.add_template_filter(percent_text, "percentage")

    @app.template_filter("day")
    def day(value, style: str = "long") -> str:
        """A date in the interface's language: a day (``date`` or "YYYY-MM-DD") in Babel's ``style``
        ("November 7, 2024", "7 novembre 2024", "7 نوفمبر 2024"), a month ("YYYY-MM") as month and year,
        a year as itself; anything else unchanged. Latin digits, as everywhere."""
        return date_text(value, language(), style)

    @app.template_filter("moment")
    def moment(value: dt.datetime) -> str:
        """A moment (an aware datetime) in the interface's language, in UTC, to the second."""
        return format_datetime(value, "medium", tzinfo=dt.UTC, locale=language()) + " UTC"

    app.add_template_global(problem_text)

    @app.template_global()
    def local_name(name: str, names: dict[str, str] | None) -> str:
        """``name`` as written in the interface's language where ``names`` (by language tag) has it."""
        return (names or {}).get(language()) or name

    @app.template_global()
    def language_url(code: str) -> str:
        """This page in the language ``code``: the same path and query, with ``lang=code``."""
        return url_with("lang", code)

    @app.context_processor
    def _language():
        code = language()
        return {
            "current_language": code,
            "text_direction": "rtl" if code in RIGHT_TO_LEFT else "ltr",
            "languages": LANGUAGES,
            "plotly_locale": plotly_locale(code),
        }
