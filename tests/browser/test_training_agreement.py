"""The training agreement in a browser: a workshop's coordinator completes an agreement made
before its contents were asked for — the instructor found by a search among its own people,
the teacher typed — and both parties read it; axe-core on every page."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    LiveServer,
    check_accessibility,
    screenshot,
    settled,
    sign_in,
)

REFERENCE = "LUOVI-2026-036"


def open_agreement(page: Page, live_server: LiveServer) -> None:
    page.goto(live_server("/placements/"))
    page.get_by_role("link", name=REFERENCE, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(REFERENCE)
    page.get_by_role("link", name="Versio 1", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Valmentautujakohtainen sopimus")


def test_a_coordinator_completes_the_training_agreement_and_the_other_party_reads_it(
    page: Page, live_server: LiveServer
) -> None:
    sign_in(page, live_server, "maria.virtanen@parik.example")
    open_agreement(page, live_server)
    gaps = page.locator("#training-gaps")
    expect(gaps).to_contain_text("Tähän versioon ei ole vielä kirjattu")
    expect(gaps).to_contain_text("työpaikkaohjaaja")
    check_accessibility(page)

    gaps.get_by_role("link", name="Täydennä ne muutoksella").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Muuta ehtoja")
    # The place of work comes from the workshop's unit chosen for the period.
    expect(page.get_by_label("Työpaikka", exact=True)).to_have_value(
        "Parik-säätiö, Kiinteistöhuolto"
    )
    check_accessibility(page)

    # The instructor is found by a search among Parik's own people.
    page.locator("#instructor-search").fill("sanna")
    settled(page)
    instructor = page.get_by_label("Työpaikkaohjaaja", exact=True)
    expect(instructor.locator("option")).to_have_count(2)
    instructor.select_option(label="Sanna Nieminen, Työvalmentaja")
    # Luovi's staff are not offered to Parik: only its coordinators, as in the directory.
    page.locator("#teacher-search").fill("Mikko")
    settled(page)
    expect(page.get_by_label("Vastuuopettaja", exact=True).locator("option")).to_have_count(1)
    page.get_by_label("Vastuuopettajan nimi, jos hän ei ole portaalin käyttäjä").fill(
        "Hannu Rantanen"
    )
    page.get_by_label("Vastuuopettajan puhelin tai sähköposti").fill("+358 44 555 6677")
    page.get_by_label("Työaika").fill("Ma–pe 8.30–14.00, 27,5 tuntia viikossa")
    page.get_by_label("Osaamisen arviointi").fill(
        "Näyttö kiinteistöhuollon tehtävissä pajalla; arvioijina vastuuopettaja ja "
        "työpaikkaohjaaja."
    )
    page.get_by_label("Lisäksi sovittu työpajan tehtäviksi").fill("Työvaatteet pajalta.")
    # A name typed beside a person chosen from the list is refused beside the field.
    page.get_by_label("Työpaikkaohjaajan nimi, jos hän ei ole portaalin käyttäjä").fill("Joku Muu")
    page.get_by_label("Mitä muutetaan ja miksi").fill("Koulutussopimuksen sisältö täydennetty.")
    page.get_by_role("button", name="Ehdota muutosta").click()
    expect(page.locator("#instructor_name-error")).to_have_text(
        "Valitse henkilö luettelosta tai kirjoita nimi, älä molempia."
    )
    expect(page.get_by_label("Työaika")).to_have_value("Ma–pe 8.30–14.00, 27,5 tuntia viikossa")
    check_accessibility(page)

    page.get_by_label("Työpaikkaohjaajan nimi, jos hän ei ole portaalin käyttäjä").fill("")
    page.get_by_role("button", name="Ehdota muutosta").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Valmentautujakohtainen sopimus")
    section = page.locator("section.training-agreement")
    expect(section).to_contain_text("Sanna Nieminen")
    expect(section).to_contain_text("Hannu Rantanen")
    expect(section).to_contain_text("27,5 tuntia viikossa")
    expect(page.locator("#training-gaps")).to_have_count(0)
    check_accessibility(page)
    page.get_by_role("button", name="Kirjaudu ulos").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirjaudu Siltaan")

    # Luovi's coordinator reads the proposed version and signs it.
    sign_in(page, live_server, "paivi.korhonen@luovi.example")
    page.goto(live_server("/placements/"))
    page.get_by_role("link", name=REFERENCE, exact=True).click()
    page.get_by_role("link", name="Lue muutos").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Valmentautujakohtainen sopimus")
    section = page.locator("section.training-agreement")
    expect(section.get_by_role("definition").filter(has_text="Sanna Nieminen")).to_be_visible()
    expect(section).to_contain_text("opiskelijan vakuutuksista")
    expect(section).to_contain_text(re.compile("Lisäksi sovittu:\\s*Työvaatteet pajalta."))
    page.get_by_label("Asemasi").fill("Yhteistyökoordinaattori")
    page.get_by_label("Olen lukenut sopimuksen tämän version").check()
    page.get_by_role("button", name="Allekirjoita", exact=True).click()
    expect(page.get_by_text("Allekirjoituksesi on tallennettu.")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "placement-training-agreement")
