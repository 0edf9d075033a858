"""A throttled sign-in in a real browser: htmx shows the refusal and the wait beside the field."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer, check_accessibility


def test_a_throttled_sign_in_says_how_long_to_wait(page: Page, live_server: LiveServer) -> None:
    page.goto(live_server("/auth/login"))
    page.get_by_label("Sähköposti").fill("paivi.korhonen@luovi.example")
    password = page.get_by_label("Salasana")
    for _ in range(6):
        password.fill("wrong password here")
        # Wait for this attempt's answer to be swapped in (it empties the password field), so
        # that the next attempt is not typed into a form about to be replaced.
        with page.expect_response(lambda r: r.request.method == "POST"):
            page.get_by_role("button", name="Kirjaudu", exact=True).click()
        expect(password).to_have_value("")
        expect(page.get_by_role("alert")).to_contain_text("Sähköpostiosoite tai salasana on väärä.")
    # Even the right password now waits; the boosted form swaps the 429 page in.
    password.fill("silta-demo-2026")
    page.get_by_role("button", name="Kirjaudu", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Epäonnistuneita yrityksiä on ollut liian monta. Odota 30 sekuntia"
    )
    expect(page.locator("#password-error")).to_contain_text("liian monta")
    check_accessibility(page)
