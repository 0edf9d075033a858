"""A coordinator chooses how notifications reach her; the administrator looks after the outbox."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer, check_accessibility, screenshot, settled, sign_in


def test_a_coordinator_chooses_how_each_kind_of_notification_reaches_her(
    page: Page, live_server: LiveServer
) -> None:
    sign_in(page, live_server, "maria.virtanen@parik.example")
    page.get_by_role("link", name="Maria Virtanen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Omat tiedot")
    page.get_by_role("link", name="Valitse, mitkä ilmoitukset tulevat sähköpostiin").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ilmoitukset sähköpostiin")
    check_accessibility(page)

    joined = page.get_by_role("group", name="Osapuoli liittyy linjauksiin")
    withdrew = page.get_by_role("group", name="Osapuoli irtisanoutuu linjauksista")
    # The default, and the demo's earlier choice.
    expect(joined.get_by_label("Sähköpostilla heti")).to_be_checked()
    expect(withdrew.get_by_label("Päivittäisenä koosteena sähköpostiin")).to_be_checked()
    joined.get_by_label("Päivittäisenä koosteena sähköpostiin").check()
    withdrew.get_by_label("Vain portaalissa").check()
    screenshot(page, "outbox-preferences")
    page.get_by_role("button", name="Tallenna valinnat").click()

    expect(page.get_by_text("Sähköpostivalintasi on tallennettu.")).to_be_visible()
    check_accessibility(page)
    page.reload()
    expect(joined.get_by_label("Päivittäisenä koosteena sähköpostiin")).to_be_checked()
    expect(withdrew.get_by_label("Vain portaalissa")).to_be_checked()

    # The same page is found from the notifications.
    page.get_by_role("link", name="Ilmoitukset", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ilmoitukset")
    check_accessibility(page)
    page.get_by_role("main").get_by_role("link", name="Ilmoitukset sähköpostiin").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ilmoitukset sähköpostiin")


def test_the_administrator_queues_a_failed_message_again(
    page: Page, live_server: LiveServer
) -> None:
    sign_in(page, live_server, "admin@silta.example")
    page.get_by_role("navigation").get_by_role("link", name="Lähtevä posti").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lähtevä posti")
    results = page.locator("#results")
    expect(results).to_contain_text("Jonossa")
    check_accessibility(page)

    # htmx narrows the list in place and keeps the filter in the address.
    settled(page)
    page.get_by_label("Tila").select_option(label="Epäonnistunut")
    expect(results.get_by_role("row")).to_have_count(2)  # the heading and the failed message
    expect(page).to_have_url(re.compile(r"status=failed"))
    expect(results).to_contain_text("jukka.lehtonen@parik.example")
    expect(results).to_contain_text("ConnectionRefusedError")
    expect(results).to_contain_text("Salasanan vaihtolinkki")
    check_accessibility(page)
    screenshot(page, "outbox-admin")

    results.get_by_role("button", name="Jonoon uudelleen").click()
    expect(page.get_by_text("Viesti on asetettu uudelleen jonoon ja lähtee pian.")).to_be_visible()
    expect(results).to_contain_text("Ei viestejä.")
    settled(page)
    page.get_by_label("Tila").select_option(label="Jonossa")
    expect(results).to_contain_text("jukka.lehtonen@parik.example")
    check_accessibility(page)
