"""Confirming who one is before a document secret by law, and one's own sessions — in a
browser, with axe-core on every page."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa
from playwright.sync_api import Page, expect

from portal.auth.models import User, UserSession
from portal.core.models import utcnow
from portal.documents.models import Document
from portal.extensions import db
from tests.browser.conftest import LiveServer, check_accessibility, screenshot, settled, sign_in

SECRET_TITLE = "Toimeentulovaikutusten selvitys, valmentautuja P-2026-007"


def _make_stale(live_server: LiveServer, email: str) -> None:
    """As if the person had signed in an hour ago and left the browser open."""
    with live_server.app.app_context():
        user_id = db.session.scalar(sa.select(User.id).where(User.email == email))
        db.session.execute(
            sa.update(UserSession)
            .where(UserSession.user_id == user_id)
            .values(verified_at=utcnow() - timedelta(hours=1))
        )
        db.session.commit()


def _secret_document_path(live_server: LiveServer) -> str:
    with live_server.app.app_context():
        document_id = db.session.scalar(
            sa.select(Document.id).where(Document.title == SECRET_TITLE)
        )
    return f"/documents/{document_id}"


def test_a_secret_document_asks_to_confirm_after_a_while(
    page: Page, live_server: LiveServer
) -> None:
    sign_in(page, live_server, "paivi.korhonen@luovi.example")
    _make_stale(live_server, "paivi.korhonen@luovi.example")
    page.goto(live_server("/documents/"))
    settled(page)
    page.get_by_role("row", name=re.compile(SECRET_TITLE)).get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vahvista henkilöllisyytesi")
    check_accessibility(page)
    screenshot(page, "step-up-confirm")

    page.get_by_label("Salasana").fill("not my password")
    page.get_by_role("button", name="Vahvista").click()
    expect(page.locator("#password-error")).to_have_text("Salasana on väärä.")
    check_accessibility(page)

    page.get_by_label("Salasana").fill("silta-demo-2026")
    page.get_by_role("button", name="Vahvista").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SECRET_TITLE)
    expect(page).to_have_url(live_server(_secret_document_path(live_server)))


def test_ones_own_sessions_are_listed_and_ended(page: Page, live_server: LiveServer) -> None:
    sign_in(page, live_server, "maria.virtanen@parik.example")
    page.get_by_role("link", name="Maria Virtanen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Omat tiedot")
    sessions = page.locator("#sessions")
    expect(sessions.get_by_role("row")).to_have_count(3)  # the header, this browser, the phone
    expect(sessions.get_by_role("row", name=re.compile("Tämä selain"))).to_have_count(1)
    expect(sessions).to_contain_text("Chrome, Android")
    check_accessibility(page)
    screenshot(page, "account-sessions")

    sessions.get_by_role("row", name=re.compile("Chrome, Android")).get_by_role(
        "button", name=re.compile("Lopeta istunto")
    ).click()
    expect(page.locator("#messages")).to_contain_text("Istunto on lopetettu")
    expect(sessions.get_by_role("row")).to_have_count(2)
    expect(sessions).not_to_contain_text("Chrome, Android")
    check_accessibility(page)
