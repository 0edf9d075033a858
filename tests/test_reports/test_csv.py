"""Every table downloads as CSV that Excel opens right: BOM, semicolons, decimal commas."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.reports.export import cell, table_csv
from portal.reports.tables import Column, Kind, Table
from tests.test_reports.conftest import World
from tests.test_reports.figures import csv_rows, page_table

Client = Callable[[User], FlaskClient]

EVERY_TABLE = [
    ("placements", "by-status"),
    ("placements", "by-year"),
    ("placements", "by-party"),
    ("outcomes", "next-steps"),
    ("outcomes", "by-workshop"),
    ("qualification-units", "by-party"),
    ("support-days", "by-party"),
    ("support-days", "by-month"),
    ("support-days", "by-party-and-month"),
]


def test_support_days_csv_parses_back_to_the_same_figures(world: World, as_user: Client) -> None:
    rows = csv_rows(as_user(world.maria), "/reports/support-days/by-month.csv?year=all")
    # New Year's Day 2025 is a public holiday and no longer counted: January has 2 days and
    # 60 € (3 and 90 € before). No period has daily records: each month is an estimate, which
    # is not marked provisional.
    E = "estimate"
    assert rows == [
        ["Month", "Periods", "Support days", "Amount (€)", "Counted from", "Provisional"],
        ["2024-12", "1", "2", "60,00", E, "no"],
        ["2025-01", "1", "2", "60,00", E, "no"],
        ["2025-03", "2", "16", "743,00", E, "no"],
        ["2025-04", "1", "4", "162,00", E, "no"],
        ["2025-05", "1", "5", "300,00", E, "no"],
        ["2025-06", "1", "3", "135,00", E, "no"],
        ["Total", "5", "32", "1460,00", E, "no"],
    ]
    rows = csv_rows(as_user(world.maria), "/reports/support-days/by-party.csv?year=2025")
    assert rows[1:] == [
        ["Parik-säätiö", "Ammattiopisto Luovi", "5", "30", "1400,00", E, "no"],
        ["Total", "", "5", "30", "1400,00", E, "no"],
    ]


def test_outcome_shares_are_percentages_with_a_decimal_comma(world: World, as_user: Client) -> None:
    rows = csv_rows(as_user(world.admin), "/reports/outcomes/by-workshop.csv?year=all")
    assert rows == [
        [
            "Workshop",
            "Completed periods",
            "Studies",
            "Work",
            "Studies or work",
            "Share in studies or work (%)",
        ],
        ["Kotkan paja", "1", "1", "0", "1", "100,0"],
        ["Parik-säätiö", "4", "1", "1", "2", "50,0"],
        ["Total", "5", "2", "1", "3", "60,0"],
    ]


@pytest.mark.parametrize(("key", "table"), EVERY_TABLE)
def test_every_table_downloads_with_the_figures_of_the_page(
    world: World, as_user: Client, key: str, table: str
) -> None:
    client = as_user(world.paivi)
    shown = page_table(client.get(f"/reports/{key}?year=all").get_data(as_text=True), table)
    rows = csv_rows(client, f"/reports/{key}/{table}.csv?year=all")
    assert len(rows) == len(shown)
    # Counts are written the same way on the page (in English) and in the file.
    for on_page, in_file in zip(shown[1:], rows[1:], strict=True):
        for page_cell, file_cell in zip(on_page, in_file, strict=True):
            if page_cell.isdigit():
                assert file_cell == page_cell


def test_the_download_link_keeps_the_filters(world: World, as_user: Client) -> None:
    html = as_user(world.maria).get("/reports/placements?year=2024&direction=to_studies")
    assert (
        'href="/reports/placements/by-year.csv?year=2024&amp;direction=to_studies"'
        in html.get_data(as_text=True)
    )
    assert 'hx-boost="false"' in html.get_data(as_text=True)


def test_an_unknown_table_is_not_found(world: World, as_user: Client) -> None:
    assert as_user(world.maria).get("/reports/placements/nothing.csv").status_code == 404
    assert as_user(world.maria).get("/reports/nothing/by-year.csv").status_code == 404


def test_a_text_that_looks_like_a_formula_is_not_run() -> None:
    table = Table(
        "t", "T", [Column("name", "Name"), Column("n", "N", Kind.COUNT)], [["=HYPERLINK(1)", 3]]
    )
    assert table_csv(table).decode("utf-8-sig").splitlines()[1] == "'=HYPERLINK(1);3"
    assert cell(None, Kind.MONEY) == ""
    assert cell("Total", Kind.MONTH) == "Total"
