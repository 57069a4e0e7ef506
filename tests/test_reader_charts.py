"""Charts that read at a glance (issue 18, point 3): built from plain data, checked without an app."""

from __future__ import annotations

from tracker import charts
from tracker.results import CandidateOutcome


def _election(candidates: int, rounds: int = 2) -> tuple[dict, dict, dict]:
    keys = [f"c{i}" for i in range(candidates)]
    record = {
        "candidates": [{"key": key, "name": key.upper()} for key in keys],
        "rounds": [
            {"number": n, "votes": [{"candidate": key, "votes": 10 * (i + 1) + n} for i, key in enumerate(keys)]}
            for n in range(1, rounds + 1)
        ],
    }
    outcome = {"rounds": [{"required_majority": 40 + n} for n in range(1, rounds + 1)]}
    return record, outcome, {key: key.upper() for key in keys}


def _required(figure: dict) -> dict:
    (line,) = [t for t in figure["data"] if t["name"] == "Required majority"]
    return line


def test_the_required_majority_is_one_neutral_line_whatever_the_candidates():
    colours = set()
    for count in (2, 3, 4, 6):
        figure = charts.votes_by_round(*_election(count))
        line = _required(figure)
        assert line["mode"] == "lines" and line["xaxis"] == "x2" and line.get("showlegend", True)
        colours.add(line["line"]["color"])
        bars = {t["marker"]["color"] for t in figure["data"] if t["type"] == "bar"}
        assert line["line"]["color"] not in bars
    assert colours == {"#505050"}
    assert "#505050" not in charts.COLOURS and "#505050" not in charts.OUTCOME_COLOURS.values()


def test_the_line_crosses_each_rounds_group_and_breaks_between_rounds():
    figure = charts.votes_by_round(*_election(3, rounds=2))
    line = _required(figure)
    assert line["x"] == [-0.45, 0.45, None, 0.55, 1.45, None]
    assert line["y"] == [41, 41, None, 42, 42, None]
    # the hidden axis spans the rounds as the category axis does, so the segments sit on the groups
    assert figure["layout"]["xaxis"]["range"] == figure["layout"]["xaxis2"]["range"] == [-0.5, 1.5]
    record, outcome, names = _election(3, rounds=2)
    outcome["rounds"][0]["required_majority"] = None  # unknown: no segment in that round
    assert _required(charts.votes_by_round(record, outcome, names))["x"] == [0.55, 1.45, None]


def test_chart_text_is_as_large_as_the_body_text():
    figures = [
        charts.votes_by_round(*_election(2)),
        charts.share_and_margin(["2020-01-01", "2024-01-01"], ["A", "B"], [60.0, 55.0], [10, 5]),
        charts.share_over_time([{"name": "A", "dates": ["2020-01-01"], "shares": [50.0], "labels": ["x"], "outcomes": ["elected"]}]),
        charts.wins_and_losses([[2020, "UN", 1, 0]]),
        charts.holders_timeline([{"post": "P", "name": "A", "start": "2020-01-01", "end": "2024-01-01"}]),
    ]
    assert all(f["layout"]["font"]["size"] == 16 for f in figures)


def test_a_chart_of_one_figure_is_a_sentence():
    record, outcome, names = _election(1, rounds=1)
    outcome["rounds"][0]["required_majority"] = None
    figure = charts.votes_by_round(record, outcome, names)
    assert charts.known_figures(figure) == 1
    assert charts.single_figure(figure) == {"name": "C0", "where": "Round 1", "value": 11}
    assert charts.single_figure(charts.votes_by_round(*_election(2))) is None
    assert charts.known_figures(charts.votes_by_round(*_election(2))) == 4  # the line is not counted


def test_a_persons_elections_are_points_not_a_line():
    figure = charts.share_over_time([
        {"name": "A", "dates": ["2010-01-01", "2020-01-01"], "shares": [40.0, 60.0], "labels": ["x", "y"], "outcomes": ["not_elected", "elected"]}
    ])
    assert [t["mode"] for t in figure["data"]] == ["markers"]


def test_each_seat_has_its_own_lane_and_no_term_runs_to_the_edge_unrecorded():
    bars = [
        {"post": "Member", "name": "A", "start": "2020-01-01", "end": "2023-01-01"},
        {"post": "Member", "name": "B", "start": "2020-01-01", "end": "2023-01-01"},
        {"post": "Member", "name": "C", "start": "2023-01-01", "end": "2026-01-01"},
        {"post": "President", "name": "D", "start": "2021-01-01", "end": None},
    ]
    figure = charts.holders_timeline(bars)
    terms, open_ended = figure["data"]
    assert terms["y"] == ["Member, seat 1", "Member, seat 2", "Member, seat 1"]  # two at once: two lanes
    assert figure["layout"]["yaxis"]["categoryarray"] == ["President", "Member, seat 2", "Member, seat 1"]
    assert terms["text"] == ["A", "B", "C"]
    # the term whose end is not recorded is a marker at its start, not a bar to today
    assert open_ended["type"] == "scatter" and open_ended["mode"] == "markers"
    assert open_ended["x"] == ["2021-01-01"] and open_ended["y"] == ["President"]


def test_the_country_chart_folds_the_organisations_past_twenty_into_one_row():
    """A State with candidacies in 25 organisations: the 19 with the most have a row each, the other
    6 one row beneath them, their counts added year by year; the table and CSV keep every one."""
    rows = [[2000 + i, f"ORG{i:02}", i % 3, 1] for i in range(25)]  # ORG24 has 1 + 1, ORG00 0 + 1...
    rows += [[2001, "ORG00", 0, 2]]  # ORG00: 3 in all, among the 19 kept
    figure = charts.wins_and_losses(rows)
    categories = figure["layout"]["yaxis"]["categoryarray"]
    assert len(categories) == 20 and categories[0] == "Other organisations (6)"  # first in the array: drawn lowest
    # kept: the most candidacies first, ties by acronym; folded: ORG01, ORG04... (1 + 1 = 2 or 0 + 1 = 1)
    totals = {f"ORG{i:02}": i % 3 + 1 for i in range(25)} | {"ORG00": 3}
    kept = sorted(totals, key=lambda o: (-totals[o], o))[:19]
    assert sorted(categories[1:]) == sorted(kept)
    folded = [o for o in totals if o not in kept]
    won, lost = figure["data"]
    others_lost = [c for y, c in zip(lost["y"], lost["customdata"]) if y == "Other organisations (6)"]
    assert others_lost == [[2000 + int(o[3:]), 1] for o in sorted(folded)]  # one a year here: none added
    others_won = sum(c[1] for y, c in zip(won["y"], won["customdata"]) if y == "Other organisations (6)")
    assert others_won == sum(int(o[3:]) % 3 for o in folded)
    assert figure["layout"]["height"] == 170 + 40 * 20
    same_year = charts.wins_and_losses([[2010, f"O{i:02}", 1, 0] for i in range(22)], most=20)
    assert [c for y, c in zip(same_year["data"][0]["y"], same_year["data"][0]["customdata"]) if y.startswith("Other")] == [[2010, 3]]
    assert len(charts.wins_and_losses(rows[:20])["layout"]["yaxis"]["categoryarray"]) == 20  # 20: nothing folded


def test_the_country_chart_shows_wins_and_losses_by_year_and_organisation():
    figure = charts.wins_and_losses([[2016, "FIFA", 0, 1], [2017, "UNESCO", 2, 0], [2017, "WHO", 0, 1]])
    won, lost = figure["data"]
    assert won["name"] == "Elected" and won["y"] == ["UNESCO"] and won["customdata"] == [[2017, 2]] and won["text"] == ["2"]
    assert lost["y"] == ["FIFA", "WHO"] and lost["customdata"] == [[2016, 1], [2017, 1]]
    assert won["marker"]["color"] == charts.OUTCOME_COLOURS[CandidateOutcome.ELECTED]
    assert figure["layout"]["yaxis"]["categoryarray"] == ["WHO", "UNESCO", "FIFA"]
