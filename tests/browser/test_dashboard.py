"""The front page of Parik's and Luovi's coordinators: what waits, what is coming, what is new."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer, check_accessibility, screenshot, settled, sign_in


def test_the_coordinators_front_page_leads_straight_to_the_work(
    page: Page, live_server: LiveServer
) -> None:
    sign_in(page, live_server, "maria.virtanen@parik.example")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hei, Maria Virtanen")
    waiting = page.locator("#waiting")
    expect(waiting.get_by_role("heading", name="Päätettävät pyynnöt")).to_be_visible()
    expect(waiting.get_by_role("link", name="Pyyntö LUOVI-2026-040")).to_be_visible()
    expect(waiting.get_by_role("heading", name="Allekirjoitettavat sopimukset")).to_be_visible()
    expect(waiting.get_by_role("heading", name="Vastattavat luovutuslupapyynnöt")).to_be_visible()
    expect(waiting.get_by_text("Myöhässä")).to_be_visible()
    expect(waiting.get_by_role("heading", name="Vastattavat kutsut")).to_be_visible()
    coming = page.locator("#coming")
    expect(coming.get_by_role("link", name="LUOVI-2026-036 alkaa")).to_be_visible()
    expect(page.locator("#new").get_by_role("heading", name="Muuttuneet siirtymät")).to_be_visible()
    # The catalogue's card of reports due for review stays on the front page.
    expect(page.get_by_role("heading", name="Tarkistettavat tunnistamisraportit")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "dashboard-coordinator")

    # An item leads straight to the request, where the decision is made.
    waiting.get_by_role("link", name="Pyyntö LUOVI-2026-040").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("LUOVI-2026-040")
    expect(page.get_by_role("heading", name="Tilanne")).to_be_visible()
    expect(page.get_by_role("link", name="Hyväksy")).to_be_visible()
    check_accessibility(page)


def test_marking_what_is_new_as_seen(page: Page, live_server: LiveServer) -> None:
    sign_in(page, live_server, "paivi.korhonen@luovi.example")
    new = page.locator("#new")
    expect(new.get_by_role("heading", name="Jaetut asiakirjat")).to_be_visible()
    expect(new.get_by_text("Luottamuksellinen").first).to_be_visible()
    expect(
        page.locator("#waiting").get_by_role("link", name="Sopimus LUOVI-2026-044")
    ).to_be_visible()
    check_accessibility(page)

    new.get_by_role("button", name="Merkitse nähdyksi").click()
    settled(page)
    new = page.locator("#new")
    expect(new.get_by_role("status")).to_have_text(
        "Merkitty nähdyksi. Tästä eteenpäin tulevat näkyvät tässä."
    )
    expect(new).to_contain_text("Ei uutta.")
    expect(new.get_by_role("button", name="Merkitse nähdyksi")).to_have_count(0)
    check_accessibility(page)
    page.reload()
    expect(page.locator("#new")).to_contain_text("Sen jälkeen, kun merkitsit ne nähdyiksi")
