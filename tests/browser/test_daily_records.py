"""The job coach's day screen in a browser: Sanna records her trainees' day row by row (htmx
saves each row in place), a wrong entry is refused beside its field, the screen works on a
phone's width, and the records by month show the closed previous month with its correction;
axe-core on every page."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    LiveServer,
    check_accessibility,
    follow,
    screenshot,
    settled,
    sign_in,
)

SANNA = "sanna.nieminen@parik.example"


def test_the_job_coach_records_the_day_row_by_row_also_on_a_phone(
    page: Page, live_server: LiveServer
) -> None:
    sign_in(page, live_server, SANNA)
    page.get_by_role("navigation").get_by_role("link", name="Päiväkirjaukset").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Päiväkirjaukset")
    settled(page)
    rows = page.locator(".record-row")
    expect(rows.first).to_be_visible()
    assert rows.count() >= 2
    check_accessibility(page)

    row = rows.first
    row_id = row.get_attribute("id")
    # A marker that a full page load would lose: the row is saved in place.
    page.evaluate("document.body.dataset.stayed = 'yes'")
    row.get_by_label("Läsnäolo").select_option(label="Läsnä")
    row.get_by_label("Tunnit").fill("25")
    row.get_by_label("Valmennusmerkintä").fill("Hyllyn kokoaminen")
    row.get_by_role("button", name="Tallenna").click()
    settled(page)
    row = page.locator(f"#{row_id}")
    expect(row.locator(".error")).to_contain_text("0–24")
    expect(row.get_by_label("Valmennusmerkintä")).to_have_value("Hyllyn kokoaminen")
    check_accessibility(page)
    row.get_by_label("Tunnit").fill("6,5")
    row.get_by_role("button", name="Tallenna").click()
    settled(page)
    row = page.locator(f"#{row_id}")
    expect(row.get_by_role("status")).to_have_text("Tallennettu")
    assert page.evaluate("document.body.dataset.stayed") == "yes"
    # The second row is a day of illness: no hours.
    second = rows.nth(1)
    second.get_by_label("Läsnäolo").select_option(label="Poissa: sairas")
    second.get_by_label("Tunnit").fill("")
    second.get_by_role("button", name="Tallenna").click()
    settled(page)
    expect(page.locator(".record-row").nth(1).get_by_role("status")).to_have_text("Tallennettu")
    check_accessibility(page)
    screenshot(page, "daily-records")

    # On a phone the row's fields stack, one under the other, and nothing is cut off.
    page.set_viewport_size({"width": 375, "height": 800})
    row = page.locator(f"#{row_id}")
    presence = row.get_by_label("Läsnäolo").bounding_box()
    hours = row.get_by_label("Tunnit").bounding_box()
    assert presence and hours and hours["y"] > presence["y"] + presence["height"] - 1
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    check_accessibility(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    # The month of records: the previous month is closed, its corrected day struck through.
    reference = row.get_by_role("heading").get_by_role("link").inner_text()
    follow(page, row.get_by_role("heading").get_by_role("link"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(reference)
    expect(page.locator("#month-state")).to_contain_text("auki")
    check_accessibility(page)
    follow(page, page.locator(".day-nav a[rel=prev]"))
    expect(page.locator("#month-state")).to_contain_text("sulki")
    expect(page.locator(".records-table s").first).to_be_visible()
    check_accessibility(page)
    screenshot(page, "daily-records-month")
