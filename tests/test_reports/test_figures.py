"""Every figure of every report, against the placements counted by hand (see conftest)."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient

from portal.auth.models import User
from tests.test_reports.conftest import World
from tests.test_reports.figures import page_table, text_of

Client = Callable[[User], FlaskClient]


def report(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_placements_by_status_year_and_party_for_a_coordinator(
    world: World, as_user: Client
) -> None:
    html = report(as_user(world.maria), "/reports/placements?year=all")
    # Parik sees P1–P4, P6, P7, P10, P11; its own draft P8 is not counted, nor Kotka's P5, P9.
    assert "8 placements in all." in text_of(html)
    assert page_table(html, "by-status") == [
        ["Status", "To studies", "Workshop period", "Total"],
        ["Submitted", "0", "1", "1"],
        ["Accepted", "0", "0", "0"],
        ["Declined", "0", "1", "1"],
        ["Agreed", "0", "0", "0"],
        ["Ongoing", "0", "0", "0"],
        ["Completed", "1", "4", "5"],
        ["Interrupted", "0", "1", "1"],
        ["Cancelled", "0", "0", "0"],
        ["Total", "1", "7", "8"],
    ]
    assert page_table(html, "by-year") == [
        ["Year", "To studies", "Workshop period", "Total"],
        ["2024", "1", "1", "2"],
        ["2025", "0", "6", "6"],
        ["Total", "1", "7", "8"],
    ]
    assert page_table(html, "by-party") == [
        ["Party", "To studies", "Workshop period", "Total"],
        ["Ammattiopisto Luovi", "1", "7", "8"],
        ["Parik-säätiö", "1", "7", "8"],
    ]


def test_placements_filtered_by_year_and_direction(world: World, as_user: Client) -> None:
    client = as_user(world.maria)
    html = report(client, "/reports/placements?year=2024")
    assert page_table(html, "by-year")[1:] == [["2024", "1", "1", "2"], ["Total", "1", "1", "2"]]
    html = report(client, "/reports/placements?direction=to_studies&year=all")
    assert page_table(html, "by-status")[-1] == ["Total", "1", "0", "1"]
    assert page_table(html, "by-status")[6] == ["Completed", "1", "0", "1"]


def test_the_administrator_counts_every_sent_placement(world: World, as_user: Client) -> None:
    html = report(as_user(world.admin), "/reports/placements?year=all")
    assert "10 placements in all." in text_of(html)
    status = page_table(html, "by-status")
    assert status[5] == ["Ongoing", "0", "1", "1"]
    assert status[6] == ["Completed", "1", "5", "6"]
    assert status[-1] == ["Total", "1", "9", "10"]
    assert page_table(html, "by-party")[1:] == [
        ["Ammattiopisto Luovi", "1", "8", "9"],
        ["Kotkan paja", "0", "2", "2"],
        ["Parik-säätiö", "1", "7", "8"],
        ["Sakky", "0", "1", "1"],
    ]
    html = report(as_user(world.admin), f"/reports/placements?party={world.kotka.id}&year=all")
    assert page_table(html, "by-status")[-1] == ["Total", "0", "2", "2"]


def test_outcomes_of_completed_workshop_periods(world: World, as_user: Client) -> None:
    html = report(as_user(world.maria), "/reports/outcomes?year=all")
    text = text_of(html)
    # P1 studies, P2 work, P3 workshop, P11 not recorded; P4 was interrupted.
    assert "Studies or work after 2 of 4 completed workshop periods: 50.0 %." in text
    assert "Interrupted periods, not counted above: 1." in text
    assert page_table(html, "next-steps") == [
        ["Next step", "Periods", "Share"],
        ["Studies", "1", "25.0 %"],
        ["Work", "1", "25.0 %"],
        ["Workshop", "1", "25.0 %"],
        ["Other", "0", "0.0 %"],
        ["Not known", "1", "25.0 %"],
        ["Total", "4", "100.0 %"],
    ]
    heading = ["Workshop", "Completed periods", "Studies", "Work", "Studies or work"]
    assert page_table(html, "by-workshop") == [
        [*heading, "Share in studies or work"],
        ["Parik-säätiö", "4", "1", "1", "2", "50.0 %"],
        ["Total", "4", "1", "1", "2", "50.0 %"],
    ]
    # The year is the year the period ended: P11 began in 2024 but ended in 2025.
    assert "after 2 of 4" in text_of(report(as_user(world.maria), "/reports/outcomes?year=2025"))
    empty = report(as_user(world.maria), "/reports/outcomes?year=2024")
    assert "after 0 of 0" in text_of(empty)
    assert page_table(empty, "by-workshop")[1] == ["No figures for this choice."]


def test_outcomes_for_the_administrator_include_every_workshop(
    world: World, as_user: Client
) -> None:
    html = report(as_user(world.admin), "/reports/outcomes?year=all")
    assert "Studies or work after 3 of 5 completed workshop periods: 60.0 %." in text_of(html)
    assert page_table(html, "by-workshop")[1:] == [
        ["Kotkan paja", "1", "1", "0", "1", "100.0 %"],
        ["Parik-säätiö", "4", "1", "1", "2", "50.0 %"],
        ["Total", "5", "2", "1", "3", "60.0 %"],
    ]


def test_qualification_units_completed_per_party(world: World, as_user: Client) -> None:
    client = as_user(world.maria)
    html = report(client, "/reports/qualification-units?year=all")
    # P1 2, P2 1, P3 0, P6 1, P11 0: four units in five completed placements.
    assert "Completed placements: 5. Qualification units completed in them: 4." in text_of(html)
    assert page_table(html, "by-party") == [
        ["Party", "Completed placements", "Qualification units completed"],
        ["Ammattiopisto Luovi", "5", "4"],
        ["Parik-säätiö", "5", "4"],
        ["All placements, each once", "5", "4"],
    ]
    html = report(client, "/reports/qualification-units?direction=to_workshop&year=2025")
    assert page_table(html, "by-party")[-1] == ["All placements, each once", "4", "3"]
    html = report(client, "/reports/qualification-units?year=2024")
    assert page_table(html, "by-party")[-1] == ["All placements, each once", "1", "1"]

    html = report(as_user(world.admin), "/reports/qualification-units?year=all")
    assert page_table(html, "by-party")[1:] == [
        ["Ammattiopisto Luovi", "5", "4"],
        ["Kotkan paja", "1", "1"],
        ["Parik-säätiö", "5", "4"],
        ["Sakky", "1", "1"],
        ["All placements, each once", "6", "5"],
    ]


def test_support_days_times_daily_price_per_party_and_month(world: World, as_user: Client) -> None:
    html = report(as_user(world.maria), "/reports/support-days?year=all")
    # None of these periods has daily records: each month is estimated from its working days,
    # and an estimate is not marked provisional (nothing of it was recorded to close).
    # P1 10 × 50, P2 10 × 40.50, P3 5 × 60, P4 3 × 45 (interrupted), P11 4 × 30: New Year's
    # Day 2025 is a public holiday and no longer counted (33 days and 1 490 € before).
    E, P = "estimate", ""
    assert "Support days in all: 32, in 5 workshop periods. Amount: €1,460.00." in text_of(html)
    assert "Estimated from the working days of months without daily records: 32" in text_of(html)
    assert page_table(html, "by-party") == [
        ["Workshop", "Education provider", "Periods", "Support days", "Amount", "Counted from",
         "Provisional"],
        ["Parik-säätiö", "Ammattiopisto Luovi", "5", "32", "€1,460.00", E, P],
        ["Total", "", "5", "32", "€1,460.00", E, P],
    ]  # fmt: skip
    assert page_table(html, "by-month") == [
        ["Month", "Periods", "Support days", "Amount", "Counted from", "Provisional"],
        ["December 2024", "1", "2", "€60.00", E, P],
        ["January 2025", "1", "2", "€60.00", E, P],  # 3 days and 90 € before New Year's Day
        ["March 2025", "2", "16", "€743.00", E, P],
        ["April 2025", "1", "4", "€162.00", E, P],
        ["May 2025", "1", "5", "€300.00", E, P],
        ["June 2025", "1", "3", "€135.00", E, P],
        ["Total", "5", "32", "€1,460.00", E, P],
    ]
    assert page_table(html, "by-party-and-month")[3] == [
        "March 2025", "Parik-säätiö", "Ammattiopisto Luovi", "2", "16", "€743.00", E, P,
    ]  # fmt: skip

    html = report(as_user(world.maria), "/reports/support-days?year=2025")
    # 31 days and 1 430 € before New Year's Day was left out.
    assert page_table(html, "by-party")[-1] == ["Total", "", "5", "30", "€1,400.00", E, P]


def test_support_days_of_the_provider_include_its_other_workshop(
    world: World, as_user: Client
) -> None:
    client = as_user(world.paivi)
    html = report(client, "/reports/support-days?year=all")
    E, P = "estimate", ""
    # The ongoing P9 counts up to its planned end, which has passed: 10 days × 55.
    assert page_table(html, "by-party")[1:] == [
        ["Kotkan paja", "Ammattiopisto Luovi", "1", "10", "€550.00", E, P],
        ["Parik-säätiö", "Ammattiopisto Luovi", "5", "32", "€1,460.00", E, P],
        ["Total", "", "6", "42", "€2,010.00", E, P],
    ]
    html = report(client, f"/reports/support-days?party={world.kotka.id}&year=all")
    assert page_table(html, "by-month")[1:] == [
        ["November 2025", "1", "10", "€550.00", E, P],
        ["Total", "1", "10", "€550.00", E, P],
    ]
    html = report(as_user(world.admin), "/reports/support-days?year=all")
    # P5's 5 days × 70 € besides; one day less than before for New Year's Day 2025.
    assert page_table(html, "by-party")[-1] == ["Total", "", "7", "47", "€2,360.00", E, P]


def test_the_definitions_are_on_the_page(world: World, as_user: Client) -> None:
    text = text_of(report(as_user(world.maria), "/reports/support-days?year=all"))
    assert "A support day is a working day – Monday to Friday and not a Finnish public" in text
    assert "is an estimate: its working days" in text
    assert "that the workshop's coordinator has not closed yet is provisional" in text
    text = text_of(report(as_user(world.maria), "/reports/outcomes?year=all"))
    assert "The year is the year in which the period ended." in text
