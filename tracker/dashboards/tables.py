"""The dashboards' tables: each chart's data as rows and columns, shown beneath the chart and offered
as CSV (``?download=<table>``); empty cells are unknown figures."""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Number

from markupsafe import Markup, escape

from ..charts import OUTCOME_LABELS
from ..countries import country_name
from ..i18n import N_
from .queries import OUTCOMES, CandidacyRow, HistoryLine, PostSummary, Series


@dataclass(frozen=True)
class Table:
    """Rows under named columns: a chart's data, shown beneath the chart and offered as CSV.

    Cells are strings or numbers; ``None`` is an unknown figure (an empty CSV cell, never 0).
    """

    name: str
    columns: list[str]
    rows: list[list]


def data_rows(table: Table, unknown: str, yes: str, no: str) -> Markup:
    """``table``'s rows as the HTML of a data table's body (``templates/dashboards/_tables.html``,
    ``data_table``): each cell a ``<td>``, a number's classed ``num``, text and numbers in ``<bdi>``;
    ``None`` is ``unknown``, ``True`` and ``False`` are ``yes`` and ``no`` (the words in the reader's
    language, from the template). Built here, not by a loop in the template: the tables of an
    organisation's holders and of its posts won run to hundreds of rows, and the template's tests
    cost microseconds a cell."""
    unknown_cell = Markup('<td><span class="unknown">%s</span></td>') % unknown
    yes_cell, no_cell = Markup("<td>%s</td>") % yes, Markup("<td>%s</td>") % no
    lines = []
    for row in table.rows:
        cells = []
        for cell in row:
            if cell is None:
                cells.append(unknown_cell)
            elif cell is True:
                cells.append(yes_cell)
            elif cell is False:
                cells.append(no_cell)
            elif isinstance(cell, Number):
                cells.append(f'<td class="num"><bdi>{escape(cell)}</bdi></td>')
            else:
                cells.append(f"<td><bdi>{escape(cell)}</bdi></td>")
        lines.append(f"\n    <tr>{''.join(cells)}</tr>\n  ")
    return Markup("".join(lines))


CANDIDACY_COLUMNS = [
    N_("Date"), N_("Election"), N_("Organisation"), N_("Post"), N_("Candidate"), N_("Nominating country"), N_("Outcome"), N_("Votes"),
    N_("Share of valid votes (%)"), N_("Margin over the runner-up (votes)"), N_("Rounds"),
]


def _share(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


NOT_APPLICABLE = "n/a"  # a margin is a winner's: for anyone else the cell is not unknown but void


def candidacy_cells(row: CandidacyRow) -> list:
    """The :data:`CANDIDACY_COLUMNS` cells of one candidacy."""
    margin = row.margin if row.outcome == "elected" else NOT_APPLICABLE
    return [
        row.date, row.election, row.organisation, row.post_label, row.name, row.country,
        OUTCOME_LABELS[row.outcome], row.votes, _share(row.share), margin, row.rounds_count,
    ]


def candidacies_table(name: str, rows: list[CandidacyRow]) -> Table:
    """Candidacies as a :class:`Table`, oldest first."""
    return Table(name, CANDIDACY_COLUMNS, [candidacy_cells(row) for row in rows])


def compare_table(series: list[Series]) -> Table:
    """Every candidacy of each compared person or State, with the series it belongs to."""
    rows = [[s.label, *candidacy_cells(row)] for s in series for row in s.rows]
    return Table("compare", [N_("Person or State"), *CANDIDACY_COLUMNS], rows)


def history_table(lines: list[HistoryLine]) -> Table:
    """A post's elections, one row per winner (a row with no winner for an election no one won)."""
    rows = []
    for line in lines:
        for winner in line.winners or [None]:
            if winner is None:
                result = "no one elected" if line.decided else "not settled by the recorded figures"
                rows.append([line.date, line.election, *[NOT_APPLICABLE] * 5, line.rounds_count, result])
            else:
                rows.append([
                    line.date, line.election, winner.name, winner.country, winner.votes, _share(winner.share),
                    winner.margin, line.rounds_count, "elected",
                ])
    columns = [
        N_("Date"), N_("Election"), N_("Elected"), N_("Nominating country"), N_("Votes"), N_("Share of valid votes (%)"),
        N_("Margin over the runner-up (votes)"), N_("Rounds"), N_("Result"),
    ]
    return Table("history", columns, rows)


def outcomes_by_year(rows: list[CandidacyRow]) -> Table:
    """Candidacies counted per year (every year from the first to the last) and outcome."""
    years = list(range(rows[0].year, rows[-1].year + 1)) if rows else []
    counts = {year: dict.fromkeys(OUTCOMES, 0) for year in years}
    for row in rows:
        counts[row.year][row.outcome] += 1
    columns = [N_("Year"), *(OUTCOME_LABELS[outcome] for outcome in OUTCOMES)]
    return Table("outcomes", columns, [[year, *counts[year].values()] for year in years])


WON = ("elected",)
LOST = ("not_elected", "eliminated")


def wins_and_losses(rows: list[CandidacyRow]) -> Table:
    """Candidacies elected and lost (not elected or eliminated) per year and organisation, oldest
    first: a row for each year and organisation with a candidacy that was either. Votes received
    without standing (``declared`` false) are no candidacy lost."""
    counts: dict[tuple[int, str], list[int]] = {}
    for row in rows:
        if row.outcome in WON + LOST and getattr(row, "declared", True):
            counts.setdefault((row.year, row.organisation), [0, 0])[0 if row.outcome in WON else 1] += 1
    columns = [N_("Year"), N_("Organisation"), N_("Elected"), N_("Not elected or eliminated")]
    return Table("wins_losses", columns, [[year, organisation, *pair] for (year, organisation), pair in sorted(counts.items())])


def holders_table(posts: list[PostSummary]) -> Table:
    """Each winner's term per post, from the election to :meth:`PostSummary.term_end_day`; ``To`` is
    ``None`` where the end is unknown: no term length is recorded and no one has been elected since."""
    rows = []
    for summary in posts:
        for line in summary.history:
            day = summary.term_end_day(line)
            end = day.isoformat() if day else None
            for winner in line.winners:
                rows.append([summary.post.label, winner.name, winner.country, line.when.isoformat(), end, line.election])
    columns = [N_("Post"), N_("Elected"), N_("Nominating country"), N_("From"), N_("To"), N_("Election")]
    return Table("holders", columns, rows)


def wins_table(wins: dict[str, int], language: str = "en") -> Table:
    """Posts won per State, most first; the States named in ``language``."""
    rows = sorted(
        ([code, country_name(code, language) or code, won] for code, won in wins.items()), key=lambda r: (-r[2], r[1])
    )
    return Table("wins", [N_("Country code"), N_("Country"), N_("Posts won")], rows)


