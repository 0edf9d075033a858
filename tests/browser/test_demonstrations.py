"""Skills demonstrations in a browser: the workshop's job coach plans one for today — the
unit from the placement's, each assessor found by a search among the party's people — and
the provider's teacher records its result; axe-core on every page."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from portal.core import dates
from tests.browser.conftest import (
    LiveServer,
    check_accessibility,
    screenshot,
    settled,
    sign_in,
)

REFERENCE = "LUOVI-2026-031"


def open_placement(page: Page, live_server: LiveServer) -> None:
    page.goto(live_server("/placements/"))
    page.get_by_role("link", name=REFERENCE, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(REFERENCE)


def choose_assessor(page: Page, role: str, label: str, search: str) -> None:
    page.locator(f"#{role}-search").fill(search)
    settled(page)
    select = page.get_by_label(label, exact=True)
    expect(select.locator("option")).to_have_count(2)
    select.select_option(index=1)


def test_a_demonstration_is_planned_and_its_result_recorded(
    page: Page, live_server: LiveServer
) -> None:
    sign_in(page, live_server, "sanna.nieminen@parik.example")
    open_placement(page, live_server)
    section = page.locator("#demonstrations")
    # The demo's held demonstration shows its result, the one ahead is planned.
    expect(section).to_contain_text("Hyväksytty")
    expect(section).to_contain_text("Suunniteltu")
    section.get_by_role("link", name="Lisää näyttö").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lisää näyttö")
    settled(page)
    check_accessibility(page)

    page.get_by_label("Tutkinnon osa").select_option(label="Pintakäsittely (106795)")
    page.get_by_label("Päivämäärä").fill(dates.today().isoformat())
    page.get_by_label("Paikka").fill("Parik-säätiö, maalaamo")
    choose_assessor(page, "teacher_assessor", "Arvioija: koulutuksen järjestäjän opettaja", "Päivi")
    choose_assessor(page, "working_life_assessor", "Arvioija: työpajan työelämän edustaja", "Jukka")
    page.get_by_role("button", name="Lisää näyttö").click()
    expect(page.locator("#messages")).to_contain_text("Toiselle osapuolelle on ilmoitettu")
    row = page.locator("#demonstrations tr", has_text="Parik-säätiö, maalaamo")
    expect(row).to_contain_text("Päivi Korhonen")
    expect(row).to_contain_text("Jukka Lehtonen")
    expect(row).to_contain_text("Odottaa tulosta")
    # Planned by the workshop: its result is the provider's to record.
    expect(row.get_by_role("link", name=re.compile("^Kirjaa tulos"))).to_have_count(0)
    check_accessibility(page)
    page.get_by_role("button", name="Kirjaudu ulos").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirjaudu Siltaan")

    sign_in(page, live_server, "mikko.laine@luovi.example")
    open_placement(page, live_server)
    row = page.locator("#demonstrations tr", has_text="Parik-säätiö, maalaamo")
    row.get_by_role("link", name=re.compile("^Kirjaa tulos")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirjaa näytön tulos")
    check_accessibility(page)
    page.get_by_label("Hyväksytty", exact=True).check()
    page.get_by_label("Arvosana (valinnainen)").select_option("5")
    page.get_by_role("button", name="Kirjaa tulos").click()

    row = page.locator("#demonstrations tr", has_text="Parik-säätiö, maalaamo")
    expect(row).to_contain_text("Hyväksytty")
    expect(row).to_contain_text("arvosana 5")
    # Held and assessed: no longer changed or removed.
    expect(row.get_by_role("link", name=re.compile("^Muuta"))).to_have_count(0)
    expect(page.locator("#timeline")).to_contain_text("Näytön tulos kirjattu")
    check_accessibility(page)
    page.locator("#demonstrations").scroll_into_view_if_needed()
    screenshot(page, "demonstration")
