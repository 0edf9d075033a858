"""The invoice basis in a browser: Maria, Parik's coordinator, opens last month's basis that
Luovi disputed, answers after checking the records, and Päivi, Luovi's coordinator, confirms
it; both see its state. axe-core on every page."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer, check_accessibility, screenshot, sign_in

MARIA = "maria.virtanen@parik.example"
PAIVI = "paivi.korhonen@luovi.example"


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Kirjaudu ulos").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirjaudu Siltaan")


def open_last_months_basis(page: Page, other_party: str) -> None:
    page.get_by_role("navigation").get_by_role("link", name="Laskutusperuste").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Laskutusperuste")
    check_accessibility(page)
    page.get_by_label("Toinen osapuoli").select_option(label=other_party)
    page.get_by_role("button", name="Näytä laskutusperuste").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Laskutusperuste:")


def test_a_disputed_basis_is_answered_and_confirmed(page: Page, live_server: LiveServer) -> None:
    sign_in(page, live_server, MARIA)
    open_last_months_basis(page, "Ammattiopisto Luovi")
    state = page.locator("#basis-state")
    expect(state).to_contain_text("Kiistetty")
    expect(page.locator("#comments")).to_contain_text("HOKS-seurannassa")
    expect(page.locator("#lines")).to_contain_text("LUOVI-2026-009")
    expect(page.locator("#lines")).to_contain_text("LUOVI-2026-031")
    check_accessibility(page)
    # An empty answer is refused beside its field.
    page.get_by_role("button", name="Vastaa ja avaa peruste uudelleen").click()
    expect(page.locator("#comment-error")).to_have_text("Kirjoita kommentti.")
    check_accessibility(page)
    page.get_by_label("Vastaus").fill("Tarkistettu: poissaolot ovat kirjauksissa oikein.")
    page.get_by_role("button", name="Vastaa ja avaa peruste uudelleen").click()
    expect(state).to_contain_text("Avoin")
    sign_out(page)

    sign_in(page, live_server, PAIVI)
    open_last_months_basis(page, "Parik-säätiö")
    expect(page.locator("#comments")).to_contain_text("Tarkistettu")
    page.get_by_role("button", name="Vahvista laskutusperuste").click()
    expect(page.locator("#basis-state")).to_contain_text("Vahvistettu")
    expect(page.get_by_role("button", name="Vahvista laskutusperuste")).to_have_count(0)
    check_accessibility(page)
    screenshot(page, "invoice-basis")
