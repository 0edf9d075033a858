"""A provider's coordinator reads the quota use report, narrows it to a year and finds the
places to fill on the front page."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from portal.core.dates import today
from tests.browser.conftest import LiveServer, check_accessibility, screenshot, settled, sign_in


def test_a_coordinator_reads_the_quota_use_report(page: Page, live_server: LiveServer) -> None:
    sign_in(page, live_server, "paivi.korhonen@luovi.example")
    waiting = page.locator("#waiting")
    fill = waiting.get_by_role("link", name=re.compile("Täyttäkää 1 kiintiöpaikka: Parik-säätiö"))
    expect(fill).to_be_visible()

    page.get_by_role("navigation", name="Päävalikko").get_by_role("link", name="Raportit").click()
    page.get_by_role("link", name="Kiintiöiden käyttö").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiintiöiden käyttö")
    results = page.locator("#results")
    # Every year first: the report opens on the current one.
    page.get_by_label("Ajanjakson vuosi").select_option("all")
    expect(page).to_have_url(re.compile(r"year=all"))
    settled(page)
    expect(results).to_contain_text("Kiintiöitä yhteensä 3.")
    table = page.locator("#table-by-party").locator("xpath=..").get_by_role("table")
    expect(table.get_by_role("row").nth(1)).to_contain_text("Parik-säätiö")
    expect(table.get_by_role("row").nth(1)).to_contain_text("Ammattiopisto Luovi")
    expect(
        results.get_by_role("img", name="Varatut ja käytetyt paikkapäivät kuukausittain")
    ).to_be_visible()
    expect(results.get_by_role("heading", name="Miten luvut lasketaan")).to_be_visible()
    expect(results).to_contain_text("Paikkapäivä on yksi kiintiöpaikka yhtenä päivänä")
    check_accessibility(page)
    screenshot(page, "quota-use-report")

    # The year of the period narrows the figures in place and stays in the address.
    year = page.get_by_label("Ajanjakson vuosi")
    year.select_option(str(today().year))
    expect(page).to_have_url(re.compile(rf"year={today().year}"))
    settled(page)
    expect(table.get_by_role("row").nth(1)).to_contain_text("Parik-säätiö")
    check_accessibility(page)
