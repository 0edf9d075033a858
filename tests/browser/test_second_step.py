"""Two-step verification in a real browser: the demo coordinator's authenticator app, and a
passkey through Chromium's virtual authenticator (DevTools' WebAuthn domain): added, used to
sign in, and refused once removed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pyotp
import pytest
from playwright.sync_api import Page, expect

from portal import demo
from portal.demo.second_step import DEMO_TOTP_KEY, DEMO_TOTP_USER
from tests.browser.conftest import (
    LiveServer,
    check_accessibility,
    screenshot,
    serve_demo,
    settled,
)

MARIA = "maria.virtanen@parik.example"


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory, smtp_server: Any) -> Iterator[LiveServer]:
    """The demo portal at http://localhost: a passkey's relying party must be a domain name,
    never an IP address, and localhost is a secure context without TLS."""
    with serve_demo(tmp_path_factory, smtp_server, host_name="localhost") as server:
        yield server


def password_step(page: Page, live_server: LiveServer, email: str) -> None:
    page.goto(live_server("/auth/login"))
    settled(page)
    page.get_by_label("Sähköposti").fill(email)
    # The e-mail address first: the page then asks for the password (or an organisation's).
    page.get_by_role("button", name="Jatka", exact=True).click()
    page.get_by_label("Salasana").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Kirjaudu", exact=True).click()


def sign_out(page: Page, live_server: LiveServer) -> None:
    page.get_by_role("button", name="Kirjaudu ulos").click()
    page.wait_for_url(live_server("/auth/login"))


def test_the_demo_coordinator_signs_in_with_an_authenticator_app(
    page: Page, live_server: LiveServer
) -> None:
    password_step(page, live_server, DEMO_TOTP_USER)
    page.wait_for_url(live_server("/auth/second-step/"))
    expect(page.get_by_role("heading", name="Kaksivaiheinen tunnistautuminen")).to_be_visible()
    check_accessibility(page)

    page.get_by_label("Koodi").fill("000000")
    page.get_by_role("button", name="Jatka").click()
    expect(page.locator("#code-error")).to_contain_text("Koodi ei ole oikein.")
    check_accessibility(page)
    screenshot(page, "second-step")

    page.get_by_label("Koodi").fill(pyotp.TOTP(DEMO_TOTP_KEY).now())
    page.get_by_role("button", name="Jatka").click()
    page.wait_for_url(live_server("/"))


def test_a_passkey_is_added_used_and_refused_once_removed(
    page: Page, live_server: LiveServer
) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    authenticator = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )["authenticatorId"]

    # Maria has no second step yet: the password signs her in.
    password_step(page, live_server, MARIA)
    page.wait_for_url(live_server("/"))
    page.goto(live_server("/auth/account"))
    page.get_by_role("link", name="Todennussovellus, pääsyavaimet ja varakoodit").click()
    page.wait_for_url(live_server("/auth/second-step/settings"))
    settled(page)
    check_accessibility(page)

    # A name is needed; the refusal is shown beside the field.
    page.get_by_role("button", name="Lisää avain").click()
    expect(page.locator("#name-error")).to_contain_text("Anna avaimelle nimi")
    page.get_by_label("Avaimen nimi").fill("Työläppäri")
    page.get_by_role("button", name="Lisää avain").click()
    # The first second step comes with recovery codes, shown once.
    page.wait_for_url(live_server("/auth/second-step/recovery-codes"))
    expect(page.get_by_role("status").first).to_contain_text("Avain on lisätty.")
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    check_accessibility(page)
    page.get_by_role("link", name="Olen tallentanut koodit").click()
    expect(page.get_by_role("cell", name="Työläppäri", exact=True)).to_be_visible()
    [credential] = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})[
        "credentials"
    ]
    check_accessibility(page)
    screenshot(page, "second-step-settings")

    # Signing in now asks for the key, and the key alone lets her in.
    sign_out(page, live_server)
    password_step(page, live_server, MARIA)
    page.wait_for_url(live_server("/auth/second-step/"))
    settled(page)
    expect(page.get_by_role("link", name="Etusivu")).to_have_count(0)
    page.get_by_role("button", name="Käytä pääsyavainta").click()
    page.wait_for_url(live_server("/"))

    # A second step besides the key: an authenticator app, its key read from the page.
    page.goto(live_server("/auth/second-step/settings"))
    page.get_by_role("button", name="Ota todennussovellus käyttöön").click()
    page.wait_for_url(live_server("/auth/second-step/totp"))
    check_accessibility(page)
    screenshot(page, "second-step-app")
    key = page.get_by_test_id("totp-key").inner_text().replace(" ", "")
    page.get_by_label("Sovelluksen koodi").fill(pyotp.TOTP(key).now())
    page.get_by_role("button", name="Ota käyttöön").click()
    page.wait_for_url(live_server("/auth/second-step/settings"))
    expect(page.get_by_text("Käytössä. Kirjautuessa kysytään")).to_be_visible()

    # The key removed, the authenticator still holds it: its signature is refused.
    page.get_by_role("button", name="Poista Työläppäri").click()
    expect(page.get_by_text("Et ole lisännyt avaimia.")).to_be_visible()
    sign_out(page, live_server)
    password_step(page, live_server, MARIA)
    page.wait_for_url(live_server("/auth/second-step/"))
    settled(page)
    expect(page.get_by_role("button", name="Käytä pääsyavainta")).to_have_count(0)
    answer = page.evaluate(
        """async (credentialId) => {
          const post = (url, body) => fetch(url, {method: "POST", credentials: "same-origin",
            headers: {"Content-Type": "application/json",
                      "X-CSRFToken": document.querySelector("input[name=csrf_token]").value},
            body: JSON.stringify(body || {})});
          const bytes = s => Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")
            + "===".slice((s.length + 3) % 4)), c => c.charCodeAt(0));
          const b64 = b => btoa(String.fromCharCode(...new Uint8Array(b)))
            .replace(/\\+/g, "-").replace(/\\//g, "_").replace(/=+$/, "");
          const options = await (await post("/auth/second-step/passkey/options")).json();
          const signed = await navigator.credentials.get({publicKey: {
            challenge: bytes(options.challenge), rpId: options.rpId,
            allowCredentials: [{type: "public-key", id: bytes(credentialId)}]}});
          const response = await post("/auth/second-step/passkey", {
            id: signed.id, rawId: b64(signed.rawId), type: signed.type,
            response: {clientDataJSON: b64(signed.response.clientDataJSON),
                       authenticatorData: b64(signed.response.authenticatorData),
                       signature: b64(signed.response.signature)},
            clientExtensionResults: {}});
          return {status: response.status, body: await response.json()};
        }""",
        _base64url(credential["credentialId"]),
    )
    assert answer["status"] == 400
    assert "Avainta ei hyväksytty" in answer["body"]["error"]
    page.goto(live_server("/"))
    page.wait_for_url("**/auth/login**")


def _base64url(standard: str) -> str:
    """DevTools gives credential ids in standard base64; WebAuthn's JSON uses base64url."""
    return standard.replace("+", "-").replace("/", "_").rstrip("=")
