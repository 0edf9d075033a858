"""Prices as agreed in a browser: Luovi's coordinator amends an ongoing period into a service
package — instalments that do not add up are refused beside the field — both coordinators
sign it, and Luovi records a qualification unit completed, which makes the result bonus due;
axe-core on every page."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from portal.core.dates import today
from tests.browser.conftest import LiveServer, check_accessibility, screenshot, sign_in

REFERENCE = "LUOVI-2026-031"


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Kirjaudu ulos").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirjaudu Siltaan")


def open_placement(page: Page, live_server: LiveServer) -> None:
    page.goto(live_server("/placements/"))
    page.get_by_role("link", name=REFERENCE, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(REFERENCE)


def sign_version(page: Page, title: str) -> None:
    page.get_by_label("Asemasi").fill(title)
    page.get_by_label("Olen lukenut sopimuksen tämän version").check()
    page.get_by_role("button", name="Allekirjoita", exact=True).click()
    expect(page.get_by_text("Allekirjoituksesi on tallennettu.")).to_be_visible()


def test_a_service_package_is_agreed_and_a_completed_unit_makes_the_bonus_due(
    page: Page, live_server: LiveServer
) -> None:
    year = today().year + 1
    sign_in(page, live_server, "paivi.korhonen@luovi.example")
    open_placement(page, live_server)
    # The demo's period is priced by day, with a result bonus and one unit already completed.
    expect(page.locator("#units")).to_contain_text("Erääntynyt: 300,00\xa0€")
    page.get_by_role("link", name="Muuta ehtoja", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Muuta ehtoja")
    check_accessibility(page)

    page.get_by_role("radio", name=re.compile("^Palvelupakettina")).check()
    page.get_by_label("Paketin summa (€)").fill("3600")
    page.get_by_label("Mitä paketti sisältää").fill("Jakson tukipalvelut kokonaisuutena.")
    page.get_by_label("Maksuerät").fill(f"31.1.{year} 1 800,00\n28.2.{year} 1 000,00")
    page.get_by_label("Mitä muutetaan ja miksi").fill("Hinnoittelu palvelupaketiksi.")
    page.get_by_role("button", name="Ehdota muutosta").click()

    # The instalments do not add up to the sum: said beside the field, nothing lost.
    expect(page.get_by_role("alert")).to_contain_text("Maksuerät ovat yhteensä 2\xa0800,00\xa0€")
    expect(page.locator("#instalments-error")).to_contain_text("paketin summa on 3\xa0600,00\xa0€")
    expect(page.get_by_label("Mitä paketti sisältää")).to_have_value(
        "Jakson tukipalvelut kokonaisuutena."
    )
    check_accessibility(page)
    page.get_by_label("Maksuerät").fill(f"31.1.{year} 1 800,00\n28.2.{year} 1 800,00")
    page.get_by_role("button", name="Ehdota muutosta").click()
    expect(page.get_by_text("Versio 2 on laadittu.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Palvelupakettina")
    check_accessibility(page)
    sign_version(page, "Yhteistyökoordinaattori")
    sign_out(page)

    # Parik's coordinator reads and signs it: the package is in force.
    sign_in(page, live_server, "maria.virtanen@parik.example")
    open_placement(page, live_server)
    page.get_by_role("link", name="Lue ja allekirjoita sopimus").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Valmentautujakohtainen sopimus")
    expect(page.locator(".instalments")).to_contain_text("1\xa0800,00\xa0€")
    check_accessibility(page)
    sign_version(page, "Työpajakoordinaattori")
    sign_out(page)

    # Luovi records the other unit completed: its bonus falls due too.
    sign_in(page, live_server, "paivi.korhonen@luovi.example")
    open_placement(page, live_server)
    terms = page.locator("dl.facts", has_text="Palvelupakettina")
    expect(terms).to_contain_text("3\xa0600,00\xa0€")
    unit_row = page.locator("#units").get_by_role("row", name=re.compile("Puusepänteollisuuden"))
    expect(unit_row).to_contain_text("ei suoritettu")
    unit_row.get_by_role("link", name=re.compile("^Kirjaa suoritetuksi")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirjaa tutkinnon osa suoritetuksi")
    expect(page.get_by_text("Sopimuksen mukaan tulospalkkio on 300,00\xa0€")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Suorituspäivä").fill(today().isoformat())
    page.get_by_role("button", name="Kirjaa suoritetuksi").click()
    expect(
        page.get_by_text("Tutkinnon osa on kirjattu suoritetuksi. Tulospalkkio on erääntynyt.")
    ).to_be_visible()
    expect(unit_row).to_contain_text("Erääntynyt: 300,00\xa0€")
    expect(page.locator(".bonus-total")).to_contain_text("600,00\xa0€")
    check_accessibility(page)
    screenshot(page, "service-package")
