"""A request that fails on the server or on the way: the user is told, in their language,
and the page stays usable.

The browser itself answers the request with 500, or drops it, so that the portal's own
code runs exactly as when a server fails or the network goes down.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, Route, expect

from tests.browser.conftest import LiveServer, check_accessibility, settled, sign_in

SERVER_ERROR_FI = "Palvelimella tapahtui virhe, eikä tätä tehty. Yritä hetken kuluttua uudelleen."
CONNECTION_LOST_FI = "Portaaliin ei saatu yhteyttä. Tarkista verkkoyhteys ja yritä uudelleen."
REFUSED_FI = (
    "Tätä ei voitu tehdä: sivu voi olla vanhentunut. Lataa se uudelleen ja yritä uudestaan."
)
SERVER_ERROR_EN = (
    "Something went wrong on the server, and this was not done. Try again in a moment."
)
CONNECTION_LOST_EN = "The portal could not be reached. Check your network connection and try again."
COMMENTS = re.compile(r"/placements/\d+/comments$")
PLACEMENTS_LIST = re.compile(r"/placements/$")


@pytest.fixture
def expected_console_errors() -> list[str]:
    # What the browser and htmx log about the failures these tests cause on purpose.
    return [
        r"^Failed to load resource: .*(status of 500|net::ERR_FAILED)",
        r"^Response Status Error Code (404|500) from /",
        r"^htmx:(responseError|sendError|afterRequest), ",
    ]


def _fail(route: Route) -> None:
    route.fulfill(status=500, content_type="text/html", body="<h1>Internal Server Error</h1>")


def _gone(route: Route) -> None:
    route.fulfill(status=404, content_type="text/html", body="<h1>Not Found</h1>")


def _drop(route: Route) -> None:
    route.abort("failed")


def _open_placement(page: Page, live_server: LiveServer) -> None:
    page.goto(live_server("/placements/"))
    page.get_by_role("link", name="LUOVI-2026-031").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("LUOVI-2026-031")
    settled(page)


def test_a_failed_comment_is_explained_in_finnish_and_can_be_sent_again(
    page: Page, live_server: LiveServer
) -> None:
    sign_in(page, live_server, "sanna.nieminen@parik.example")
    _open_placement(page, live_server)
    text = "Väliarviointi siirtyy perjantaille."
    comment = page.get_by_label("Kommentti", exact=True)
    send = page.get_by_role("button", name="Lähetä", exact=True)
    messages = page.locator("#messages")

    page.route(COMMENTS, _fail)
    comment.fill(text)
    send.click()
    expect(messages).to_have_text(SERVER_ERROR_FI)
    settled(page)
    expect(comment).to_have_value(text)
    expect(send).to_be_enabled()
    expect(page.locator("#comments")).not_to_contain_text(text)
    check_accessibility(page)

    # The connection drops on the second try: the message says so instead, once.
    page.unroute(COMMENTS)
    page.route(COMMENTS, _drop)
    send.click()
    expect(messages).to_have_text(CONNECTION_LOST_FI)
    settled(page)
    expect(comment).to_have_value(text)

    # A refusal (the placement is gone, say) asks for a reload instead.
    page.unroute(COMMENTS)
    page.route(COMMENTS, _gone)
    send.click()
    expect(messages).to_have_text(REFUSED_FI)
    settled(page)
    expect(comment).to_have_value(text)

    # The next try reaches the server: the comment is posted and the message goes.
    page.unroute(COMMENTS)
    send.click()
    expect(page.locator("#comments")).to_contain_text(text)
    expect(messages).not_to_contain_text(REFUSED_FI)
    expect(page.get_by_label("Kommentti", exact=True)).to_have_value("")


def test_a_failed_link_and_a_lost_connection_are_explained_in_english(
    page: Page, live_server: LiveServer
) -> None:
    sign_in(page, live_server, "sanna.nieminen@parik.example")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("link", name="Placements", exact=True)).to_be_visible()
    settled(page)
    front_page = page.url
    messages = page.locator("#messages")

    # A boosted link whose page fails: the user stays where they were, and is told why.
    page.route(PLACEMENTS_LIST, _fail)
    page.get_by_role("link", name="Placements", exact=True).click()
    expect(messages).to_have_text(SERVER_ERROR_EN)
    settled(page)
    assert page.url == front_page
    check_accessibility(page)

    page.unroute(PLACEMENTS_LIST)
    page.route(PLACEMENTS_LIST, _drop)
    page.get_by_role("link", name="Placements", exact=True).click()
    expect(messages).to_have_text(CONNECTION_LOST_EN)
    settled(page)
    check_accessibility(page)

    # Once the server answers again, the same link works.
    page.unroute(PLACEMENTS_LIST)
    page.get_by_role("link", name="Placements", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Placements")
    expect(messages).not_to_contain_text(CONNECTION_LOST_EN)
