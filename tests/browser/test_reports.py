"""A coordinator reads the outcomes, narrows them to a year and downloads a table as CSV."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from decimal import Decimal

import sqlalchemy as sa
from playwright.sync_api import Page, expect

from portal.core import dates
from portal.daily_records.models import ClosedMonth, DailyRecord, Presence
from portal.extensions import db
from portal.placements.models import Placement
from tests.browser.conftest import LiveServer, check_accessibility, screenshot, settled, sign_in


def test_a_coordinator_reads_a_report_filters_it_and_downloads_the_table(
    page: Page, live_server: LiveServer
) -> None:
    sign_in(page, live_server, "paivi.korhonen@luovi.example")
    page.get_by_role("navigation", name="Päävalikko").get_by_role("link", name="Raportit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Raportit")
    check_accessibility(page)
    page.get_by_role("link", name="Tulokset").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tulokset")
    results = page.locator("#results")
    # The report opens on the current year; every year is one choice away.
    year = page.get_by_label("Päättymisvuosi")
    expect(year).to_have_value(str(dates.today().year))
    year.select_option("all")
    expect(page).to_have_url(re.compile(r"year=all"))
    settled(page)
    expect(results).to_contain_text(
        "Päättyneitä pajajaksoja 7, joista jatkettiin opintoihin tai työhön 5"
    )
    expect(results.get_by_role("img", name="Päättyneet jaksot jatkopolun mukaan")).to_be_visible()
    expect(results.get_by_role("heading", name="Miten luvut lasketaan")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "reports-outcomes")

    # The year narrows the figures in place and stays in the address.
    chosen = year.locator("option").nth(2).get_attribute("value")
    assert chosen is not None
    year.select_option(chosen)
    expect(page).to_have_url(re.compile(rf"year={chosen}"))
    settled(page)
    expect(results.get_by_role("row").first).to_be_visible()
    check_accessibility(page)

    table = page.locator("#table-by-workshop").locator("xpath=..")
    with page.expect_download() as info:
        table.get_by_role("link", name="Lataa CSV-tiedostona").click()
    download = info.value
    assert download.suggested_filename.startswith("silta-outcomes-by-workshop-")
    data = download.path().read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Työpaja" and rows[0][-1] == "Osuus opintoihin tai työhön (%)"
    assert rows[-1][0] == "Yhteensä"


def _record_the_ongoing_period(live_server: LiveServer) -> None:
    """The job coach's entries for the demo's ongoing period up to yesterday (present, ill on
    one day, which its agreement pays for), and every month before this one closed. What the
    demo already holds is kept."""
    with live_server.app.app_context():
        placement = db.session.scalar(
            sa.select(Placement).where(Placement.reference == "LUOVI-2026-031")
        )
        assert placement is not None and placement.started_on is not None
        recorded = set(
            db.session.scalars(
                sa.select(DailyRecord.day).where(DailyRecord.placement_id == placement.id)
            )
        )
        closed = set(
            db.session.scalars(
                sa.select(ClosedMonth.month).where(ClosedMonth.placement_id == placement.id)
            )
        )
        today = dates.today()
        day = placement.started_on
        while day < today:
            if day.weekday() < 5 and day not in recorded:
                ill = day == placement.started_on + timedelta(days=8)
                db.session.add(
                    DailyRecord(
                        placement_id=placement.id,
                        day=day,
                        presence=Presence.ILL if ill else Presence.PRESENT,
                        hours=None if ill else Decimal("6.00"),
                    )
                )
            month = day.replace(day=1)
            if month < today.replace(day=1) and month not in closed:
                db.session.add(ClosedMonth(placement_id=placement.id, month=month))
                closed.add(month)
            day += timedelta(days=1)
        db.session.commit()


def test_support_days_from_the_records_with_a_provisional_month(
    page: Page, live_server: LiveServer
) -> None:
    _record_the_ongoing_period(live_server)
    sign_in(page, live_server, "maria.virtanen@parik.example")
    page.goto(live_server("/reports/support-days"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tukipäivät")
    results = page.locator("#results")
    expect(results).to_contain_text("Tukipäivä on pajajakson arkipäivä – maanantaista perjantaihin")
    expect(results).to_contain_text("Päiväkirjauksista:")
    expect(page.get_by_role("img", name="Tukipäivät kuukausittain")).to_be_visible()
    # This month is not closed yet: its row carries the mark, and the legend says what it is.
    by_month = page.locator("#table-by-month").locator("xpath=..")
    this_month = by_month.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=re.compile(str(dates.today().year)))
    )
    expect(by_month.get_by_role("columnheader", name="Alustava")).to_be_visible()
    expect(this_month.last).to_contain_text("päiväkirjaukset")
    expect(this_month.last.locator(".tag--warning")).to_have_text("alustava")
    expect(by_month).to_contain_text(
        "Alustava: jokin luvun kuukausista on laskettu päiväkirjauksista"
    )
    # The month before, from the records and closed, carries no mark.
    expect(this_month.nth(-2).locator(".tag--warning")).to_have_count(0)
    check_accessibility(page)
    screenshot(page, "reports-support-days")
