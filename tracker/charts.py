"""Plotly figures built from plain data. No Flask, no database: each function returns a figure ``dict``
that a template puts into the page with ``|tojson`` and ``static/js/charts.js`` draws. Its texts are
given in the reader's language by the ``_`` it is passed (a view passes Flask-Babel's ``gettext``;
:func:`english`, the default, leaves them in English).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from .results import N_, CandidateOutcome

Translate = Callable[..., str]


def english(text: str, **params) -> str:
    """A chart's text in English, ``%(name)s`` placeholders filled from ``params``."""
    return text % params if params else text


def plain(text: str) -> str:
    """``text`` for a plotly label, where ``<b>``, ``<a href>``, ``<br>`` and the like are markup: the
    characters that start markup or entities are written as entities, which plotly shows as typed."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# Okabe & Ito's palette, distinguishable with the common forms of colour blindness.
COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]


def _round_label(rnd: dict, _: Translate) -> str:
    return plain(rnd.get("label") or _("Round %(number)s", number=rnd["number"]))


# The required majority's line: one neutral colour and dash whatever the candidates, unlike any of
# theirs (COLOURS) and unlike the "elected" green.
REQUIRED_MAJORITY_LINE = {"color": "#505050", "width": 3, "dash": "dash"}
FONT = {"size": 16}  # as large as the pages' body text
# The legend at the foot of the figure, below the axis title whatever the figure's width (placed in
# the plot's fractions, it came over the axis title on a phone).
LEGEND_BELOW = {"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "x": 0}
TITLE_FONT = {"size": 18}


def votes_by_round(record: dict, outcome: dict, names: dict[str, str], _: Translate = english) -> dict:
    """A grouped bar chart: one bar per candidate per round, in votes, and the required majority as a
    dashed line across each round's group of bars (its own legend entry).

    ``record``: an election-records/v1 election; ``outcome``: its outcome object (``outcome_json``);
    ``names``: display name per candidate key. Unknown counts draw no bar (never a zero bar); the
    candidates whose counts are unknown are named under the chart.
    """
    rounds = record["rounds"]
    x = [_round_label(r, _) for r in rounds]
    traces, unknown = _candidate_bars(record, names, x, _)
    required = [r["required_majority"] for r in outcome["rounds"]]
    if any(v is not None for v in required):
        # On a hidden numeric axis laid over the rounds' categories (round i spans i - 0.5 to i + 0.5):
        # a segment across each group, a gap between rounds, none where the figure is unknown.
        line_x, line_y, hover = [], [], []
        for index, (label, value) in enumerate(zip(x, required)):
            if value is None:
                continue
            line_x += [index - 0.45, index + 0.45, None]
            line_y += [value, value, None]
            hover += [label, label, None]
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": _("Required majority"),
                "x": line_x,
                "y": line_y,
                "text": hover,
                "xaxis": "x2",
                "line": REQUIRED_MAJORITY_LINE,
                "hovertemplate": plain(_("Required majority")) + "<br>%{text}: %{y} " + _("votes") + "<extra></extra>",
            }
        )
    annotations = [_unpublished(unknown, len(rounds), _)] if unknown else []
    span = [-0.5, len(rounds) - 0.5]
    return {
        "data": traces,
        "layout": {
            "title": {"text": _("Votes by round"), "font": TITLE_FONT},
            "font": FONT,
            "barmode": "group",
            "showlegend": True,  # even with one candidate's bars: the legend names them
            # no axis title: each tick says "Round 1", and on a phone a title came over the ticks
            "xaxis": {"type": "category", "range": span, "automargin": True},
            "xaxis2": {"overlaying": "x", "range": span, "visible": False, "fixedrange": True},
            "yaxis": {"title": {"text": _("Votes")}, "rangemode": "tozero"},
            "legend": LEGEND_BELOW,
            "margin": {"t": 80 if unknown else 50, "l": 60, "r": 20, "b": 150},
            "annotations": annotations,
        },
    }


def single_figure(figure: dict) -> dict | None:
    """The one figure a chart would draw, as ``{"name", "where", "value"}`` (its trace's name, its
    category or date, its value), or ``None`` where it draws none or several."""
    if known_figures(figure) != 1:
        return None
    for trace in figure["data"]:
        if trace.get("xaxis") == "x2":
            continue
        for where, value in zip(trace.get("x") or [], trace.get("y") or []):
            if value is not None:
                return {"name": trace.get("name"), "where": where, "value": value}
    return None


def known_figures(figure: dict) -> int:
    """How many figures a chart draws (bars and points with a value, the required majority aside): a
    chart of one figure says nothing a sentence would not say better."""
    def values(trace: dict) -> list:
        if trace.get("type") == "choropleth":
            return trace.get("locations") or []  # a State that stood is a figure, even with no post won
        return (trace.get("x") if trace.get("orientation") == "h" else trace.get("y")) or []

    return sum(1 for trace in figure["data"] if trace.get("xaxis") != "x2" for value in values(trace) if value is not None)


def _candidate_bars(record: dict, names: dict[str, str], x: list[str], _: Translate) -> tuple[list[dict], dict[str, list[str]]]:
    """A bar trace per candidate with a known count in some round (declared candidates first), and
    the rounds where each candidate's count is unknown, by name."""
    traces = []
    unknown: dict[str, list[str]] = {}  # name -> labels of the rounds where their count is unknown
    declared = [c for c in record["candidates"] if c.get("declared", True)]
    others = [c for c in record["candidates"] if not c.get("declared", True)]
    for index, candidate in enumerate(declared + others):
        key = candidate["key"]
        y = []
        for rnd, label in zip(record["rounds"], x):
            vote = next((v for v in rnd["votes"] if v["candidate"] == key), None)
            y.append(vote.get("votes") if vote else None)
            if vote and vote.get("votes") is None:
                unknown.setdefault(plain(names[key]), []).append(label)
        if all(v is None for v in y):
            continue
        trace = {
            "type": "bar",
            "name": plain(names[key]) + ("" if candidate.get("declared", True) else f" ({_('not a declared candidate')})"),
            "x": x,
            "y": y,
            "marker": {"color": COLOURS[index % len(COLOURS)]},
            "hovertemplate": "%{fullData.name}<br>%{x}: %{y} " + _("votes") + "<extra></extra>",
        }
        if not candidate.get("declared", True):
            trace["marker"]["pattern"] = {"shape": "/"}
        traces.append(trace)
    return traces, unknown


def _unpublished(unknown: dict[str, list[str]], rounds: int, _: Translate) -> dict:
    """The note naming the candidates whose counts no source gives (and in which rounds)."""
    every_round = rounds == 1 or all(len(labels) == rounds for labels in unknown.values())
    listed = [name if every_round else f"{name} ({', '.join(labels)})" for name, labels in unknown.items()]
    return {
        "text": _("Votes not published: %(names)s", names=", ".join(listed)),
        "xref": "paper", "yref": "paper", "x": 0, "y": 1.0, "yanchor": "bottom", "showarrow": False,
        "xanchor": "left", "font": {"size": 14},
    }


# --- charts across elections ----------------------------------------------------------------------
# Each takes plain lists (dates as ISO strings, figures as numbers or None) and returns a figure dict.
# ``None`` is a gap in a line and no bar or marker: an unknown figure is never drawn as zero.

OUTCOME_COLOURS = {
    CandidateOutcome.ELECTED: "#009E73",
    CandidateOutcome.NOT_ELECTED: "#0072B2",
    CandidateOutcome.ELIMINATED: "#56B4E9",
    CandidateOutcome.WITHDRAWN: "#E69F00",
    CandidateOutcome.UNDECIDED: "#999999",
}
OUTCOME_LABELS = {  # the words for each outcome: English in CSV files; pages and charts translate them
    CandidateOutcome.ELECTED: N_("Elected"),
    CandidateOutcome.NOT_ELECTED: N_("Not elected"),
    CandidateOutcome.ELIMINATED: N_("Eliminated"),
    CandidateOutcome.WITHDRAWN: N_("Withdrew"),
    CandidateOutcome.UNDECIDED: N_("Undecided"),
}


def _date_axis(title: str, dates: list[str]) -> dict:
    """A date axis; around a single date it spans two years, not a fraction of a second."""
    axis = {"title": {"text": title}, "type": "date"}
    known = sorted(set(d for d in dates if d))
    if len(known) == 1:
        day = date.fromisoformat(known[0])
        axis["range"] = [_shift(day, -1).isoformat(), _shift(day, 1).isoformat()]
    return axis


def _shift(day: date, years: int) -> date:
    return day.replace(year=day.year + years, day=min(day.day, 28))


def _layout(title: str, **extra) -> dict:
    return {
        "title": {"text": title, "font": TITLE_FONT},
        "font": FONT,
        "legend": {**LEGEND_BELOW, "traceorder": "normal"},
        "showlegend": True,
        "margin": {"t": 50, "l": 60, "r": 20, "b": 140},
        **extra,
    }


def share_and_margin(
    dates: list[str], labels: list[str], shares: list[float | None], margins: list[int | None], _: Translate = english
) -> dict:
    """A post's history: the winner's share of valid votes (%) above, their margin over the runner-up
    (votes) below, one point per election on a date axis.

    ``dates``, ``labels`` (the winner's name, for hover), ``shares`` and ``margins`` are parallel lists.
    """
    hover = "%{text}<br>%{x|%Y-%m-%d}: "
    labels = [plain(label) for label in labels]
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": _("Winner's share (% of valid votes)"),
                "x": dates,
                "y": shares,
                "text": labels,
                "connectgaps": False,
                "marker": {"color": COLOURS[0], "size": 9},
                "line": {"color": COLOURS[0]},
                "hovertemplate": hover + "%{y:.1f}" + _("% of valid votes") + "<extra></extra>",
            },
            {
                "type": "bar",
                "name": _("Margin over the runner-up (votes)"),
                "x": dates,
                "y": margins,
                "text": labels,
                "textposition": "none",
                "width": 120 * 86_400_000,  # about four months: a bar, not the whole axis
                "marker": {"color": COLOURS[1]},
                "xaxis": "x",
                "yaxis": "y2",
                "hovertemplate": hover + "%{y} " + _("votes ahead") + "<extra></extra>",
            },
        ],
        "layout": _layout(
            _("Winner's share and margin, by election"),
            xaxis={**_date_axis(_("Election date"), dates), "anchor": "y2"},
            yaxis={"title": {"text": _("% of valid votes")}, "domain": [0.45, 1], "range": [0, 100]},
            yaxis2={"title": {"text": _("Margin (votes)")}, "domain": [0, 0.35], "rangemode": "tozero"},
            height=520,
        ),
    }


def _whole_ticks(counts: dict[str, list[int]]) -> dict:
    """A tick per unit where the stacks are short, so no tick reads 0.5 candidacies."""
    tallest = max((sum(column) for column in zip(*counts.values())), default=0)
    return {"dtick": 1} if tallest <= 10 else {"tickformat": "d"}


def outcomes_by_year(years: list[int], counts: dict[str, list[int]], _: Translate = english) -> dict:
    """Candidacies per year, stacked by outcome. ``counts`` maps an outcome (``elected``,
    ``not_elected``, ``eliminated``, ``withdrawn``, ``undecided``) to a count per year in ``years``."""
    traces = [
        {
            "type": "bar",
            "name": _(OUTCOME_LABELS[outcome]),
            "x": years,
            "y": values,
            "marker": {"color": OUTCOME_COLOURS[outcome]},
            "hovertemplate": "%{x}: %{y} " + _(OUTCOME_LABELS[outcome]).lower() + "<extra></extra>",
        }
        for outcome, values in counts.items()
        if any(values)
    ]
    return {
        "data": traces,
        "layout": _layout(
            _("Candidacies by year and outcome"),
            barmode="stack",
            xaxis={
                "title": {"text": _("Year")}, "type": "linear", "dtick": 1, "tickformat": "d",
                "range": [years[0] - 1, years[-1] + 1] if years else None,
            },
            yaxis={"title": {"text": _("Candidacies")}, "rangemode": "tozero", **_whole_ticks(counts)},
        ),
    }


CHARTED_ORGANISATIONS = 20  # rows of a State's chart of wins and losses; the others are one row together


def wins_and_losses(rows: list[list], _: Translate = english, most: int = CHARTED_ORGANISATIONS) -> dict:
    """A State's candidacies won and lost, by year and organisation: a row per organisation, a filled
    marker for the years it had a candidate elected, a hollow one for the years one was not elected
    or eliminated, the count written beside where more than one. ``rows``: ``[year, organisation,
    elected, lost]`` (the table beneath the chart). Withdrawals and undecided candidacies are in
    neither. Past ``most`` organisations, the ``most - 1`` with the most of these candidacies (ties:
    by acronym) have a row each and the others one row together, "Other organisations (N)", their
    counts added year by year: a chart of hundreds of rows is thousands of pixels tall and slow to
    draw (the table beneath and the CSV keep every organisation)."""
    rows, others = _fold_organisations(rows, most, _)
    organisations = sorted({plain(row[1]) for row in rows if row[1] != others})
    if others:
        organisations.append(plain(others))  # the last, drawn lowest
    traces = []
    for column, offset, name, symbol, colour in (
        (2, -0.18, _("Elected"), "circle", OUTCOME_COLOURS[CandidateOutcome.ELECTED]),
        (3, 0.18, _("Not elected or eliminated"), "x-thin-open", OUTCOME_COLOURS[CandidateOutcome.NOT_ELECTED]),
    ):
        chosen = [row for row in rows if row[column]]
        if not chosen:
            continue
        traces.append(
            {
                "type": "scatter",
                "mode": "markers+text",
                "name": name,
                "x": [row[0] + offset for row in chosen],
                "y": [plain(row[1]) for row in chosen],
                "text": [str(row[column]) if row[column] > 1 else "" for row in chosen],
                "textposition": "top center",
                "customdata": [[row[0], row[column]] for row in chosen],
                "marker": {"symbol": symbol, "size": 14, "color": colour, "line": {"width": 3, "color": colour}},
                "hovertemplate": "%{y} %{customdata[0]}: %{customdata[1]} " + name.lower() + "<extra></extra>",
            }
        )
    years = [row[0] for row in rows]
    return {
        "data": traces,
        "layout": _layout(
            _("Won and lost, by year and organisation"),
            xaxis={
                "title": {"text": _("Year")}, "type": "linear", "tickformat": "d",
                "range": [min(years) - 1, max(years) + 1] if years else None,
            },
            yaxis={"type": "category", "categoryorder": "array", "categoryarray": organisations[::-1], "automargin": True},
            height=170 + 40 * len(organisations),
            # room for the acronyms, set here: plotly measures them short on right-to-left pages
            margin={"t": 50, "l": min(240, 30 + 11 * max(map(len, organisations), default=0)), "r": 20, "b": 140},
        ),
    }


def _fold_organisations(rows: list[list], most: int, _: Translate) -> tuple[list[list], str | None]:
    """``rows`` (``[year, organisation, elected, lost]``) with the organisations past the ``most - 1``
    with the most candidacies folded into one row, and its label (``None``: nothing folded)."""
    totals: dict[str, int] = {}
    for _year, organisation, elected, lost in rows:
        totals[organisation] = totals.get(organisation, 0) + elected + lost
    if len(totals) <= most:
        return rows, None
    kept = set(sorted(totals, key=lambda o: (-totals[o], o))[: most - 1])
    label = _("Other organisations (%(count)s)", count=len(totals) - len(kept))
    folded: dict[int, list[int]] = {}
    for year, organisation, elected, lost in rows:
        if organisation not in kept:
            pair = folded.setdefault(year, [0, 0])
            pair[0] += elected
            pair[1] += lost
    return [row for row in rows if row[1] in kept] + [[year, label, *pair] for year, pair in sorted(folded.items())], label


def share_over_time(series: list[dict], _: Translate = english) -> dict:
    """Vote share per election for one or more persons or countries.

    ``series``: ``{"name": str, "dates": [...], "shares": [...], "labels": [...], "outcomes": [...]}``
    per person or country; an elected candidacy is drawn as a filled marker, any other as hollow.
    Shares are in % of valid votes in the last round the candidate stood in. Points are not joined:
    two elections, of other posts or bodies, are not a trend.
    """
    traces = []
    for index, item in enumerate(series):
        colour = COLOURS[index % len(COLOURS)]
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": plain(item["name"]),
                "x": item["dates"],
                "y": item["shares"],
                "text": [plain(label) for label in item["labels"]],
                "marker": {
                    "color": colour,
                    "size": 10,
                    "symbol": ["circle" if o == "elected" else "circle-open" for o in item["outcomes"]],
                    "line": {"width": 2, "color": colour},
                },
                "hovertemplate": "%{fullData.name}<br>%{text}<br>%{x|%Y-%m-%d}: %{y:.1f}" + _("% of valid votes") + "<extra></extra>",
            }
        )
    return {
        "data": traces,
        "layout": _layout(
            _("Share of valid votes, by election (filled: elected)"),
            xaxis=_date_axis(_("Election date"), [d for item in series for d in item["dates"]]),
            yaxis={"title": {"text": _("% of valid votes")}, "range": [0, 100]},
        ),
    }


def _lanes(bars: list[dict]) -> list[int]:
    """A lane for each bar within its post, so that terms held at the same time (posts of several
    seats) lie side by side, not on top of each other: the first lane free at the bar's start."""
    ends: dict[str, list[str]] = {}  # post -> the last day taken in each of its lanes
    lanes = []
    for bar in sorted(range(len(bars)), key=lambda i: bars[i]["start"]):
        taken = ends.setdefault(bars[bar]["post"], [])
        last = bars[bar]["end"] or bars[bar]["start"]
        lane = next((n for n, day in enumerate(taken) if day <= bars[bar]["start"]), len(taken))
        if lane == len(taken):
            taken.append(last)
        else:
            taken[lane] = last
        lanes.append((bar, lane))
    return [lane for _bar, lane in sorted(lanes)]


def holders_timeline(bars: list[dict], _: Translate = english) -> dict:
    """Holders of an organisation's posts as horizontal bars along time, one lane per seat held at
    the same time (a post of two seats has two lanes).

    ``bars``: ``{"post", "name", "start", "end"}`` with ISO dates, ``end`` ``None`` where the term's
    end is not recorded: such a term is a marker at its start, not a bar to the chart's edge.
    Names too long for their bar are hidden; hovering shows them.
    """
    bars = [{**bar, "post": plain(bar["post"]), "name": plain(bar["name"])} for bar in bars]
    lanes = _lanes(bars)
    count = {}
    for bar, lane in zip(bars, lanes):
        count[bar["post"]] = max(count.get(bar["post"], 0), lane + 1)

    def lane_label(post: str, lane: int) -> str:
        return post if count[post] == 1 else _("%(post)s, seat %(number)s", post=post, number=lane + 1)

    rows = [lane_label(post, lane) for post in dict.fromkeys(bar["post"] for bar in bars) for lane in range(count[post])]
    for bar, lane in zip(bars, lanes):
        bar["lane"] = lane_label(bar["post"], lane)
    known = [bar for bar in bars if bar["end"]]
    open_ended = [bar for bar in bars if not bar["end"]]
    traces = []
    if known:
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": _("Term"),
                "y": [bar["lane"] for bar in known],
                "base": [bar["start"] for bar in known],
                "x": [_days_ms(bar["start"], bar["end"]) for bar in known],
                "text": [bar["name"] for bar in known],
                "customdata": [[bar["start"], bar["end"]] for bar in known],
                "textposition": "inside",
                "insidetextanchor": "start",
                "textfont": {"color": "#ffffff"},
                "marker": {"color": [COLOURS[i % 2 * 4] for i in range(len(known))], "line": {"color": "#ffffff", "width": 1}},
                "hovertemplate": "%{y}<br>%{text}<br>%{customdata[0]} – %{customdata[1]}<extra></extra>",
            }
        )
    if open_ended:
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": _("Elected; end of term not recorded"),
                "y": [bar["lane"] for bar in open_ended],
                "x": [bar["start"] for bar in open_ended],
                "text": [bar["name"] for bar in open_ended],
                "marker": {"symbol": "diamond", "size": 12, "color": "#0072B2"},
                "hovertemplate": "%{y}<br>%{text}<br>%{x|%Y-%m-%d} – " + _("end of term not recorded") + "<extra></extra>",
            }
        )
    per_lane = 45 if len(rows) <= 12 else 30
    return {
        "data": traces,
        "layout": _layout(
            _("Holders of each post"),
            barmode="overlay",
            uniformtext={"minsize": 12, "mode": "hide"},
            showlegend=len(traces) > 1,
            xaxis=_date_axis(_("Year"), [bar["start"] for bar in bars] + [bar["end"] for bar in bars]),
            yaxis={"type": "category", "categoryorder": "array", "categoryarray": rows[::-1], "automargin": True},
            height=170 + per_lane * len(rows),
            # Room for the post labels, set here: plotly's automargin measures right-to-left labels
            # (Arabic) too short on right-to-left pages, and they were cut off.
            margin={"t": 50, "l": min(340, 30 + 9 * max(map(len, rows), default=0)), "r": 20, "b": 120 if len(traces) > 1 else 60},
        ),
    }


def _days_ms(start: str, end: str) -> int:
    return (date.fromisoformat(end) - date.fromisoformat(start)).days * 86_400_000


def posts_won_map(codes: list[str], names: list[str], wins: list[int], _: Translate = english) -> dict:
    """A world map of the States whose candidates stood, coloured by posts won.

    ``codes`` are ISO 3166-1 alpha-3; the outlines come from the app (``topojsonURL`` in the page's
    plot config), never from another host. States with no candidate are left uncoloured.
    """
    top = max(wins, default=0)
    step = 0.5 / max(top, 1)
    return {
        "data": [
            {
                "type": "choropleth",
                "locationmode": "ISO-3",
                "locations": codes,
                "z": wins,
                "text": [plain(name) for name in names],
                "zmin": 0,
                "zmax": max(top, 1),
                # 0 (stood, never won) a mid grey, unlike the white of States with no candidate; 1 and up in blues
                "colorscale": [[0, "#a0a0a0"], [step, "#a0a0a0"], [step, "#c6dbef"], [1, "#08306b"]],
                "colorbar": {"title": {"text": _("Posts won")}, "dtick": 1, "tickformat": "d"},
                "marker": {"line": {"color": "#888888", "width": 0.5}},
                "hovertemplate": "%{text}<br>" + _("Posts won") + ": %{z}<extra></extra>",
            }
        ],
        "layout": {
            "title": {"text": _("Posts won by nominating State (States whose candidates stood)")},
            "geo": {"projection": {"type": "natural earth"}, "showframe": False, "showcountries": True, "countrycolor": "#cccccc"},
            "margin": {"t": 50, "l": 0, "r": 0, "b": 0},
            "height": 460,
        },
    }
