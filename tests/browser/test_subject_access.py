"""A young person's data request in a browser: Parik's coordinator opens it from the menu,
finds Oona by her first name among Parik's own placements, is told to choose a placement
when none is chosen, then downloads the JSON export and reads it back; axe-core on each page."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer, check_accessibility, screenshot, sign_in


def test_the_coordinator_finds_the_person_and_downloads_the_export(
    page: Page, live_server: LiveServer
) -> None:
    sign_in(page, live_server, "maria.virtanen@parik.example")
    page.get_by_role("link", name="Tietopyynnöt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nuoren tietopyyntö")
    check_accessibility(page)

    page.get_by_label("Tunniste, nimi tai nimikirjaimet").fill("oona")
    page.get_by_role("button", name="Hae").click()
    results = page.locator("#results")
    expect(results).to_contain_text("LUOVI-2026-012")
    expect(results).to_contain_text("Oona Närhinen")
    check_accessibility(page)

    page.get_by_role("button", name="Tee luovutus").click()
    expect(page.locator(".error-summary")).to_contain_text("Valitse tämän henkilön sijoitukset.")
    check_accessibility(page)

    page.get_by_role("button", name="Hae").click()
    expect(page.locator(".error-summary")).to_have_count(0)
    page.get_by_label("LUOVI-2026-012").check()
    page.get_by_label("Koneluettava JSON").check()
    screenshot(page, "subject-access")
    with page.expect_download() as download:
        page.get_by_role("button", name="Tee luovutus").click()
    data = json.loads(Path(download.value.path()).read_text())
    (entry,) = data["placements"]
    assert entry["placement"]["full_name"] == "Oona Närhinen"
    assert data["party"].startswith("Parik")
