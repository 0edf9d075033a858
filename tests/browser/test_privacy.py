"""The privacy notice in a browser: reached from the footer without signing in, read in each
language, and its retention written by the administrator; axe-core on every page."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer, check_accessibility, screenshot, sign_in


def test_a_visitor_reads_the_notice_and_the_administrator_writes_its_retention(
    page: Page, live_server: LiveServer
) -> None:
    page.goto(live_server("/auth/login"))
    page.locator("footer").get_by_role("link", name="Tietosuojaseloste").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tietosuojaseloste")
    controllers = page.locator("ul.controllers")
    expect(controllers).to_contain_text("Parik-säätiö")
    expect(controllers).to_contain_text("tietosuoja@parik.example")
    expect(page.get_by_text("Henkilötunnusta ei tallenneta")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "privacy-notice")

    page.get_by_role("button", name="Svenska").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dataskyddsbeskrivning")
    check_accessibility(page)
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy notice")
    check_accessibility(page)
    page.get_by_role("button", name="Suomi").click()

    sign_in(page, live_server, "admin@silta.example")
    page.goto(live_server("/privacy"))
    page.get_by_role("link", name="Muokkaa selosteen omia tekstejä").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tietosuojaselosteen omat tekstit")
    check_accessibility(page)
    field = page.get_by_label("Kuinka kauan tietoja säilytetään")
    # The browser stops at the longest text the field takes (the server refuses a longer one).
    expect(field).to_have_attribute("maxlength", "8000")
    field.fill("Tiedot säilytetään viisi vuotta jakson päättymisestä.")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Tietosuojaseloste on tallennettu.")).to_be_visible()
    page.get_by_role("link", name="Tietosuojaseloste", exact=True).first.click()
    expect(page.locator("#retention + p")).to_have_text(
        "Tiedot säilytetään viisi vuotta jakson päättymisestä."
    )
