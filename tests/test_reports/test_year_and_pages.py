"""Reports open on the current year, page their long tables, and download whole tables."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.core.dates import today
from portal.reports.filters import Filters
from portal.reports.support_day_counts import periods
from tests.test_reports.conftest import World
from tests.test_reports.figures import csv_rows, page_table, text_of

Client = Callable[[User], FlaskClient]


def test_a_report_opens_on_the_current_year(world: World, as_user: Client) -> None:
    this_year = today().year
    html = as_user(world.maria).get("/reports/support-days").get_data(as_text=True)
    # The hand-counted periods are of 2024 and 2025: nothing falls in the current year.
    assert "Support days in all: 0" in text_of(html)
    assert f'<option value="{this_year}" selected>' in html
    assert '<option value="2025">' in html and '<option value="all">' in html
    assert f'href="/reports/support-days/by-month.csv?year={this_year}"' in html

    html = as_user(world.maria).get("/reports/support-days?year=all").get_data(as_text=True)
    # 33 before New Year's Day 2025, a public holiday, was left out.
    assert "Support days in all: 32" in text_of(html)
    assert '<option value="all" selected>' in html
    assert 'href="/reports/support-days/by-month.csv?year=all"' in html


def test_support_days_read_only_the_periods_of_the_chosen_year(
    world: World, request_context: Any
) -> None:
    # Parik's periods from Luovi: P1–P4 held in 2025, P11 from 30.12.2024 into 2025.
    p = world.placements
    of_2024 = {period.id for period in periods(world.maria, Filters(year=2024))}
    of_2025 = {period.id for period in periods(world.maria, Filters(year=2025))}
    assert of_2024 == {p["P11"].id}
    assert of_2025 == {p[ref].id for ref in ("P1", "P2", "P3", "P4", "P11")}
    assert {period.id for period in periods(world.maria, Filters(year=2023))} == set()


@pytest.fixture
def one_row_a_page(app: Any) -> Any:
    size = app.config["PAGE_SIZE"]
    app.config["PAGE_SIZE"] = 2
    yield
    app.config["PAGE_SIZE"] = size


def test_a_long_table_is_paged_and_its_csv_is_whole(
    world: World, as_user: Client, one_row_a_page: Any
) -> None:
    client = as_user(world.maria)
    months = [
        "December 2024", "January 2025", "March 2025", "April 2025", "May 2025", "June 2025",
    ]  # fmt: skip
    first = client.get("/reports/support-days?year=all").get_data(as_text=True)
    assert [row[0] for row in page_table(first, "by-month")[1:]] == [*months[:2], "Total"]
    # The total is of every row, on every page.
    assert page_table(first, "by-month")[-1] == [
        "Total", "5", "32", "€1,460.00", "estimate", "",
    ]  # fmt: skip
    assert 'href="/reports/support-days?year=all&amp;by-month-page=2"' in first

    second = client.get("/reports/support-days?year=all&by-month-page=2").get_data(as_text=True)
    assert [row[0] for row in page_table(second, "by-month")[1:]] == [*months[2:4], "Total"]
    # Another table keeps its own place.
    assert page_table(second, "by-party")[1][0] == "Parik-säätiö"

    rows = csv_rows(client, "/reports/support-days/by-month.csv?year=all")
    assert len(rows) == 1 + len(months) + 1
