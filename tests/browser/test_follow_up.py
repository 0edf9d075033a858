"""Following up in a browser: Parik's job coach finds the follow-up due on her front page,
answers it (first without the qualification, which is asked for beside its field), and
Parik's coordinator reads the shares against the 50 % target; axe-core on every page."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer, check_accessibility, screenshot, sign_in


def test_the_named_person_answers_a_follow_up_due_and_the_report_shows_the_target(
    page: Page, live_server: LiveServer
) -> None:
    sign_in(page, live_server, "sanna.nieminen@parik.example")
    due = page.locator("#waiting .dashboard-group", has_text="Erääntyneet seurannat")
    expect(due).to_contain_text("1 sinulta kysytty seuranta on erääntynyt")
    check_accessibility(page)
    due.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Erääntyneet seurannat")
    check_accessibility(page)
    page.locator("#results").get_by_role("link").first.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Seuranta: 6 kuukauden kuluttua")
    # She could hand it to someone else on the team; she answers it herself.
    expect(page.get_by_label("Kysy joltakulta toiselta tiimistä")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Opinnoissa", exact=True).check()
    page.get_by_label("Vastauksen lähde").select_option(label="Nuori itse")
    page.get_by_role("button", name="Tallenna vastaus").click()
    expect(page.locator("#qualification-error")).to_have_text(
        "Kirjoita tutkinto, jota nuori opiskelee."
    )
    # What was chosen is kept.
    expect(page.get_by_label("Opinnoissa", exact=True)).to_be_checked()
    check_accessibility(page)
    page.get_by_label("Tutkinto (kun opinnoissa)").fill("Puuseppäalan perustutkinto")
    page.get_by_role("button", name="Tallenna vastaus").click()

    panel = page.locator("#follow-up")
    expect(panel).to_contain_text("Puuseppäalan perustutkinto")
    expect(panel).to_contain_text("Nuori itse")
    expect(panel).to_contain_text("Sanna Nieminen")
    check_accessibility(page)
    panel.scroll_into_view_if_needed()
    screenshot(page, "follow-up")

    # Nothing waits for her any more.
    page.goto(live_server("/follow-ups/"))
    expect(page.locator("#results")).to_contain_text("Mikään seuranta ei odota vastausta.")
    check_accessibility(page)


def test_the_coordinator_reads_the_shares_against_the_target(
    page: Page, live_server: LiveServer
) -> None:
    sign_in(page, live_server, "maria.virtanen@parik.example")
    page.goto(live_server("/reports/follow-up?year=all"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Seuranta")
    expect(page.locator(".chart__target")).to_have_count(3)
    expect(page.locator("#table-by-party")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "follow-up-report")
