"""The team and the consent in a browser: Luovi's coordinator records the young person's
consent for a period that has none, then finds Kymsote's social worker by a search and adds
her to the team; axe-core on every page."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import Page, expect

from portal.core.dates import today
from tests.browser.conftest import LiveServer, check_accessibility, screenshot, settled, sign_in

REFERENCE = "LUOVI-2026-036"


def test_a_coordinator_records_the_consent_and_adds_a_social_worker_to_the_team(
    page: Page, live_server: LiveServer
) -> None:
    sign_in(page, live_server, "paivi.korhonen@luovi.example")
    page.goto(live_server("/placements/"))
    page.get_by_role("link", name=REFERENCE, exact=True).click()
    expect(page.locator("#first-thing")).to_contain_text("Ensimmäiseksi")
    check_accessibility(page)

    # Without a consent naming Kymsote, its people are not offered at all.
    page.locator("#team").get_by_role("link", name="Lisää henkilö").click()
    expect(page.get_by_label("Osapuoli", exact=True).locator("option")).to_have_count(2)
    check_accessibility(page)
    page.go_back()

    page.locator("#first-thing").get_by_role("link", name="Kirjaa suostumus").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirjaa nuoren suostumus")
    page.get_by_label("Mitä tietoja saa vaihtaa").fill("Jakson tavoitteet ja läsnäolo")
    page.get_by_label("Kymenlaakson sosiaali- ja terveyspalvelujen kuntayhtymä").check()
    page.get_by_label("Mihin tarkoitukseen").fill("Tuen jatkuvuus")
    page.get_by_label("Voimassa asti").fill((today() + timedelta(days=200)).isoformat())
    page.get_by_label("Vahvistettu suullisesti", exact=True).check()
    # Said orally, but not to whom: the error is beside the field and the rest is kept.
    page.get_by_role("button", name="Kirjaa suostumus").click()
    expect(page.locator("#noted_by-error")).to_have_text("Kirjoita, kuka kuuli suostumuksen.")
    expect(page.get_by_label("Mihin tarkoitukseen")).to_have_value("Tuen jatkuvuus")
    check_accessibility(page)
    page.get_by_label("Suullisesti vahvistettu henkilölle").fill("Mikko Laine")
    page.get_by_role("button", name="Kirjaa suostumus").click()
    expect(page.locator("#consent")).to_contain_text("Voimassa")
    expect(page.locator("#first-thing")).to_have_count(0)

    page.locator("#team").get_by_role("link", name="Lisää henkilö").click()
    page.get_by_label("Osapuoli", exact=True).select_option(
        label="Kymenlaakson sosiaali- ja terveyspalvelujen kuntayhtymä"
    )
    settled(page)
    page.get_by_label("Hae nimellä tai tehtävänimikkeellä").fill("Leena")
    settled(page)
    page.get_by_label("Henkilö", exact=True).select_option(label="Leena Heikkinen, Sosiaaliohjaaja")
    page.get_by_label("Rooli", exact=True).select_option(label="Sosiaalityöntekijä")
    check_accessibility(page)
    page.get_by_role("button", name="Lisää tiimiin").click()
    team = page.locator("#team")
    expect(team).to_contain_text("Leena Heikkinen")
    expect(team).to_contain_text("suostumuksella")
    check_accessibility(page)
    screenshot(page, "placement-team")
