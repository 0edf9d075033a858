"""Retention in a browser: Parik's coordinator opens the retention periods from the menu,
types a period past the administrator's limit (refused beside its field, what was typed
kept), then one within it; axe-core on every page."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer, check_accessibility, screenshot, sign_in


def test_the_coordinator_sets_the_partys_retention_periods(
    page: Page, live_server: LiveServer
) -> None:
    sign_in(page, live_server, "maria.virtanen@parik.example")
    page.get_by_role("link", name="Säilytysajat").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Henkilötietojen säilytysajat")
    expect(page.locator("main")).to_contain_text("pidempi säilytysaika ratkaisee")
    comments = page.get_by_label("Kommentit")
    expect(comments).to_have_value("3")
    check_accessibility(page)

    comments.fill("40")
    page.get_by_role("button", name="Tallenna säilytysajat").click()
    expect(page.locator("#comments-error")).to_have_text("Valitse 1–10 vuotta.")
    expect(page.get_by_label("Kommentit")).to_have_value("40")
    check_accessibility(page)

    page.get_by_label("Kommentit").fill("4")
    page.get_by_role("button", name="Tallenna säilytysajat").click()
    expect(page.get_by_text("Säilytysajat on tallennettu.")).to_be_visible()
    expect(page.get_by_label("Kommentit")).to_have_value("4")
    check_accessibility(page)
    screenshot(page, "retention")


def test_the_administrator_reads_and_keeps_the_limits(page: Page, live_server: LiveServer) -> None:
    sign_in(page, live_server, "admin@silta.example")
    page.get_by_role("link", name="Säilytysajat").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Säilytysaikojen rajat")
    secret = page.get_by_role("group", name="Salassa pidettäviksi merkityt asiakirjat")
    expect(secret.get_by_label("Pisin (vuotta)")).to_have_value("20")
    check_accessibility(page)
    secret.get_by_label("Lyhin (vuotta)").fill("30")
    page.get_by_role("button", name="Tallenna rajat").click()
    expect(page.locator(".error-summary")).to_contain_text("tässä järjestyksessä")
    check_accessibility(page)
