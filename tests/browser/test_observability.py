"""The administrator sees on the front page that the e-mail worker has stopped."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer, check_accessibility, screenshot, sign_in


def test_the_administrator_is_told_that_the_outbox_worker_has_stopped(
    page: Page, live_server: LiveServer
) -> None:
    # The demo's worker last ran 25 minutes ago, and no worker runs beside the test server.
    sign_in(page, live_server, "admin@silta.example")
    warning = page.get_by_role("alert")
    expect(warning).to_contain_text(
        "Sähköpostien lähetyspalvelu ei ole toiminut kymmeneen minuuttiin."
    )
    expect(warning).to_contain_text("Sen edellinen kierros päättyi")
    check_accessibility(page)
    screenshot(page, "worker-stale")

    # Others are not told: it is the administrator's to act on.
    page.get_by_role("button", name="Kirjaudu ulos").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirjaudu Siltaan")
    sign_in(page, live_server, "maria.virtanen@parik.example")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Maria")
    expect(page.locator("#worker-stale")).to_have_count(0)
