"""Plotly figures built from plain data. No Flask, no database: each function returns a figure ``dict``
that a template puts into the page with ``|tojson`` and ``static/js/charts.js`` draws.
"""

from __future__ import annotations

# Okabe & Ito's palette, distinguishable with the common forms of colour blindness.
COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]


def _round_label(rnd: dict) -> str:
    return rnd.get("label") or f"Round {rnd['number']}"


def votes_by_round(record: dict, outcome: dict, names: dict[str, str]) -> dict:
    """A grouped bar chart: one bar per candidate per round, in votes, and the required majority.

    ``record``: an election-records/v1 election; ``outcome``: its outcome object (``outcome_json``);
    ``names``: display name per candidate key. Unknown counts draw no bar (never a zero bar); the
    candidates whose counts are unknown are named under the chart.
    """
    rounds = record["rounds"]
    x = [_round_label(r) for r in rounds]
    traces = []
    unknown: list[str] = []
    declared = [c for c in record["candidates"] if c.get("declared", True)]
    others = [c for c in record["candidates"] if not c.get("declared", True)]
    for index, candidate in enumerate(declared + others):
        key = candidate["key"]
        y = []
        for rnd in rounds:
            vote = next((v for v in rnd["votes"] if v["candidate"] == key), None)
            y.append(vote.get("votes") if vote else None)
            if vote and vote.get("votes") is None and names[key] not in unknown:
                unknown.append(names[key])
        if all(v is None for v in y):
            continue
        trace = {
            "type": "bar",
            "name": names[key] + ("" if candidate.get("declared", True) else " (not a declared candidate)"),
            "x": x,
            "y": y,
            "marker": {"color": COLOURS[index % len(COLOURS)]},
            "hovertemplate": "%{fullData.name}<br>%{x}: %{y} votes<extra></extra>",
        }
        if not candidate.get("declared", True):
            trace["marker"]["pattern"] = {"shape": "/"}
        traces.append(trace)
    required = [r["required_majority"] for r in outcome["rounds"]]
    if any(v is not None for v in required):
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",  # a bar across each round's group; rounds are not joined by a line
                "name": "Required majority",
                "x": x,
                "y": required,
                "marker": {"symbol": "line-ew-open", "size": 70, "line": {"width": 3, "color": "#000000"}},
                "hovertemplate": "Required majority<br>%{x}: %{y} votes<extra></extra>",
            }
        )
    annotations = []
    if unknown:
        annotations.append(
            {
                "text": "Votes not published: " + ", ".join(unknown),
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": -0.42,
                "showarrow": False,
                "xanchor": "left",
            }
        )
    return {
        "data": traces,
        "layout": {
            "title": {"text": "Votes by round"},
            "barmode": "group",
            "xaxis": {"title": {"text": "Round"}, "type": "category"},
            "yaxis": {"title": {"text": "Votes"}, "rangemode": "tozero"},
            "legend": {"orientation": "h", "y": -0.25},
            "margin": {"t": 50, "b": 140},
            "annotations": annotations,
        },
    }
