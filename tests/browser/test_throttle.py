"""A throttled sign-in in a real browser: htmx shows the refusal and the wait beside the field."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer, check_accessibility, settled


def test_a_throttled_sign_in_says_how_long_to_wait(page: Page, live_server: LiveServer) -> None:
    def attempt(password: str) -> None:
        # A fresh page each time: an attempt is never typed into a form about to be swapped.
        page.goto(live_server("/auth/login"))
        settled(page)
        page.get_by_label("Sähköposti").fill("paivi.korhonen@luovi.example")
        page.get_by_role("button", name="Jatka", exact=True).click()
        page.get_by_label("Salasana").fill(password)
        page.get_by_role("button", name="Kirjaudu", exact=True).click()

    for _ in range(6):
        attempt("wrong password here")
        expect(page.get_by_role("alert")).to_contain_text("Sähköpostiosoite tai salasana on väärä.")
    # Even the right password now waits; the boosted form swaps the 429 page in.
    attempt("silta-demo-2026")
    expect(page.get_by_role("alert")).to_contain_text(
        "Epäonnistuneita yrityksiä on ollut liian monta. Odota 30 sekuntia"
    )
    expect(page.locator("#password-error")).to_contain_text("liian monta")
    check_accessibility(page)
