"""The support-day arithmetic and the bar charts, on their own."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.daily_records.counting import working_days
from portal.placements.models import PlacementStatus
from portal.reports import charts
from portal.reports.support_day_counts import Period, months
from portal.reports.tables import Chart, Column, Kind, Table
from tests.test_reports.conftest import World

Client = Callable[[User], FlaskClient]


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (date(2025, 3, 3), date(2025, 3, 14), 10),  # two whole working weeks
        (date(2025, 3, 8), date(2025, 3, 9), 0),  # a weekend
        (date(2025, 3, 7), date(2025, 3, 10), 2),  # Friday to Monday
        (date(2025, 3, 5), date(2025, 3, 5), 1),
        (date(2025, 3, 6), date(2025, 3, 5), 0),  # an empty range
        # Public holidays are no longer counted: New Year's Day (a Wednesday) is left out,
        # where 5 weekdays were counted before.
        (date(2024, 12, 30), date(2025, 1, 3), 4),
        # Independence Day on Friday 6.12.2024 and Midsummer Eve on Friday 20.6.2025.
        (date(2024, 12, 2), date(2024, 12, 6), 4),
        (date(2025, 6, 16), date(2025, 6, 22), 4),
        # 261 weekdays less the ten public holidays on a weekday in 2025 (261 before).
        (date(2025, 1, 1), date(2025, 12, 31), 251),
    ],
)
def test_working_days_are_monday_to_friday_less_public_holidays(
    first: date, last: date, expected: int
) -> None:
    assert working_days(first, last) == expected


def test_a_range_is_split_by_month() -> None:
    assert months(date(2025, 1, 30), date(2025, 3, 2)) == [
        (date(2025, 1, 1), date(2025, 1, 30), date(2025, 1, 31)),
        (date(2025, 2, 1), date(2025, 2, 1), date(2025, 2, 28)),
        (date(2025, 3, 1), date(2025, 3, 1), date(2025, 3, 2)),
    ]


def test_a_period_is_held_until_it_ended_or_until_today() -> None:
    def period(status: PlacementStatus, ended: date | None, end: date | None) -> Period:
        return Period(1, 2, 3, status, date(2025, 3, 3), ended, end)

    today = date(2025, 4, 1)
    completed = period(PlacementStatus.COMPLETED, date(2025, 3, 20), date(2025, 6, 30))
    assert completed.held(today) == (date(2025, 3, 3), date(2025, 3, 20))
    interrupted = period(PlacementStatus.INTERRUPTED, date(2025, 3, 10), date(2025, 6, 30))
    assert interrupted.held(today) == (date(2025, 3, 3), date(2025, 3, 10))
    ongoing = period(PlacementStatus.ONGOING, None, date(2025, 6, 30))
    assert ongoing.held(today) == (date(2025, 3, 3), today)
    overrun = period(PlacementStatus.ONGOING, None, date(2025, 3, 21))
    assert overrun.held(today) == (date(2025, 3, 3), date(2025, 3, 21))


def test_bars_are_as_long_as_their_figures(app: Flask) -> None:
    table = Table(
        "t",
        "T",
        [Column("party", "Party"), Column("a", "A", Kind.COUNT), Column("b", "B", Kind.COUNT)],
        [["Kymenlaakson sosiaali- ja terveyspalvelujen kuntayhtymä", 4, 2], ["Luovi", 1, 0]],
    )
    with app.test_request_context(headers={"Accept-Language": "en"}):
        drawing = charts.draw(Chart(table, ["a", "b"], "party", "Title"))
    widths = [[bar.width for bar in group.bars] for group in drawing.groups]
    assert widths == [[charts.BAR_SPACE, charts.BAR_SPACE / 2], [charts.BAR_SPACE / 4, 0]]
    assert [entry.label for entry in drawing.legend] == ["A", "B"]
    assert [bar.text for bar in drawing.groups[0].bars] == ["4", "2"]


def test_short_labels_stand_beside_single_bars(app: Flask) -> None:
    table = Table(
        "t",
        "T",
        [Column("year", "Year", Kind.YEAR), Column("n", "N", Kind.SHARE)],
        [[2024, 0.5], [2025, 1.0]],
    )
    with app.test_request_context(headers={"Accept-Language": "en"}):
        drawing = charts.draw(Chart(table, ["n"], "year", "Title"))
    # Shares are drawn against 100 %, beside the labels.
    space = charts.BAR_SPACE - charts.INLINE_LABEL_SPACE
    assert [g.bars[0].width for g in drawing.groups] == [space / 2, space]
    assert drawing.groups[0].bars[0].x == charts.INLINE_LABEL_SPACE
    assert [g.bars[0].text for g in drawing.groups] == ["50.0 %", "100.0 %"]


def test_each_chart_is_an_image_with_a_name_and_a_table_below(
    world: World, as_user: Client
) -> None:
    html = as_user(world.maria).get("/reports/placements?year=all").get_data(as_text=True)
    svg = html[
        html.index('<svg class="chart__svg"') : html.index("</svg>", html.index("chart__svg"))
    ]
    assert 'role="img"' in svg
    assert 'aria-labelledby="chart-by-status-title chart-by-status-desc"' in svg
    assert '<title id="chart-by-status-title">Placements by status</title>' in svg
    # A bar for each direction of each of the eight states.
    assert len(re.findall(r'<rect class="chart__bar chart__bar--[01]" x="0"', svg)) == 16
    assert html.index("chart-by-status-title") < html.index('<table class="table report-table">')
    assert "style=" not in html
