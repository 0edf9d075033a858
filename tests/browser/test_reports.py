"""A coordinator reads the outcomes, narrows them to a year and downloads a table as CSV."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

from playwright.sync_api import Page, expect

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
    expect(year).to_have_value(str(date.today().year))
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


def test_support_days_with_the_definition_on_the_page(page: Page, live_server: LiveServer) -> None:
    sign_in(page, live_server, "maria.virtanen@parik.example")
    page.goto(live_server("/reports/support-days"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tukipäivät")
    expect(page.locator("#results")).to_contain_text(
        "Tukipäivä on arkipäivä maanantaista perjantaihin"
    )
    expect(page.get_by_role("img", name="Tukipäivät kuukausittain")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "reports-support-days")
