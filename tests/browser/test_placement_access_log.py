"""Who looked, in a browser: Luovi's coordinator opens the ongoing period whose page shows the
young person's full name, then reads on the placement who has seen it — herself first, then
Kymsote's social worker and the others of the demo; axe-core on both pages."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer, check_accessibility, screenshot, sign_in

REFERENCE = "LUOVI-2026-031"


def test_a_coordinator_reads_who_has_seen_the_full_name(
    page: Page, live_server: LiveServer
) -> None:
    sign_in(page, live_server, "paivi.korhonen@luovi.example")
    page.goto(live_server("/placements/"))
    page.get_by_role("link", name=REFERENCE, exact=True).click()
    expect(page.get_by_text("Koko nimi")).to_be_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Ketkä ovat nähneet koko nimen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Ketkä ovat nähneet koko nimen: {REFERENCE}"
    )
    rows = page.get_by_role("table").get_by_role("row")
    # Newest first: her own opening of the page a moment ago.
    expect(rows.nth(1)).to_contain_text("Päivi Korhonen")
    expect(rows.nth(1)).to_contain_text("Siirtymän sivu")
    expect(
        page.get_by_role("row", name=re.compile("Leena Heikkinen.*Kymenlaakson"))
    ).to_contain_text("Siirtymän sivu")
    expect(page.get_by_role("row", name=re.compile("Maria Virtanen.*sopimus"))).to_have_count(1)
    check_accessibility(page)
    screenshot(page, "placement-access-log")
