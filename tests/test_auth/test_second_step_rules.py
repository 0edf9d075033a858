"""Two-step verification's requirement, the administrator's reset, and one's own passkeys."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pyotp
import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from portal.auth.models import User, UserSession
from portal.auth.second_step import service
from portal.auth.second_step.models import Passkey, RecoveryCode, TotpKey
from portal.core.audit import AuditEvent
from portal.parties.models import Party
from tests import factories
from tests.conftest import PASSWORD, csrf_token_from
from tests.mail import Mailbox, body_of, deliver
from tests.test_auth.second_step_helpers import enrol_totp, recovery_codes

SETTINGS = "/auth/second-step/settings"


@pytest.fixture
def required(app: Flask) -> Iterator[None]:
    app.config["REQUIRE_SECOND_STEP"] = True
    try:
        yield
    finally:
        app.config["REQUIRE_SECOND_STEP"] = False


def sign_in(client: FlaskClient, email: str) -> Any:
    return client.post("/auth/login", data={"email": email, "password": PASSWORD})


# --- Who must have a second step ---------------------------------------------------------------


def test_a_coordinator_must_enrol_before_reaching_anything_else(
    app: Flask, required: None, client: FlaskClient, coordinator: User, db: Any
) -> None:
    sign_in(client, coordinator.email)

    for path in ("/", "/documents/", "/auth/account", "/placements/"):
        response = client.get(path)
        assert response.status_code == 303, path
        assert response.headers["Location"].endswith(SETTINGS)
    htmx = client.get("/documents/", headers={"HX-Request": "true"})
    assert htmx.headers["HX-Redirect"] == SETTINGS
    page = client.get(SETTINGS)
    assert page.status_code == 200
    assert "Roolisi edellyttää kaksivaiheista tunnistautumista." in page.text
    # Signing out still works.
    assert client.post("/auth/logout").status_code == 303


def test_enrolling_opens_the_portal(
    app: Flask, required: None, client: FlaskClient, coordinator: User, db: Any
) -> None:
    sign_in(client, coordinator.email)
    client.post("/auth/second-step/totp/start")
    with app.test_request_context():
        secret = service.pending_totp_secret(coordinator)
    client.post("/auth/second-step/totp", data={"code": pyotp.TOTP(secret).now()})
    assert client.get("/").status_code == 200


def test_who_must_have_a_second_step(
    app: Flask, required: None, db: Any, people: Any, login: Any
) -> None:
    with app.test_request_context():
        assert service.second_step_required(people.admin)
        assert service.second_step_required(people.workshop_coordinator)
        assert not service.second_step_required(people.workshop_staff)
        assert not service.second_step_required(people.provider_staff)
    # A secret document owned by the workshop, shared with the provider: the people of both
    # parties must; the social services', not named, need not.
    factories.DocumentFactory(secret=True, owner=people.workshop, recipients=[people.provider])
    social_staff = factories.UserFactory(party=people.social)
    with app.test_request_context():
        assert service.second_step_required(people.workshop_staff)
        assert service.second_step_required(people.provider_staff)
        assert not service.second_step_required(social_staff)


def test_a_confidential_document_does_not_require_it(
    app: Flask, required: None, db: Any, people: Any
) -> None:
    factories.DocumentFactory(
        confidential=True, owner=people.workshop, recipients=[people.provider]
    )
    with app.test_request_context():
        assert not service.second_step_required(people.provider_staff)


def test_off_by_default_in_development(app: Flask, db: Any, coordinator: User) -> None:
    with app.test_request_context():
        assert not service.second_step_required(coordinator)


def test_staff_without_secret_documents_go_straight_in(
    required: None, client: FlaskClient, staff: User
) -> None:
    sign_in(client, staff.email)
    assert client.get("/").status_code == 200


# --- The administrator's reset -------------------------------------------------------------


def test_the_administrator_resets_a_persons_second_step(
    app: Flask,
    admin_client: FlaskClient,
    admin: User,
    coordinator: User,
    staff: User,
    workshop: Party,
    mailbox: Mailbox,
    login: Any,
    db: Any,
) -> None:
    enrol_totp(app, db, staff)
    recovery_codes(app, db, staff)
    factories.PasskeyFactory(user=staff)
    login(staff)

    page = admin_client.get(f"/admin/accounts/{staff.id}/edit")
    assert "Nollaa kaksivaiheinen tunnistautuminen" in page.text
    response = admin_client.post(f"/admin/accounts/{staff.id}/second-step/reset")
    assert response.status_code == 303

    for model in (TotpKey, Passkey, RecoveryCode):
        assert db.session.scalar(sa.select(sa.func.count(model.id))) == 0
    assert (
        db.session.scalar(
            sa.select(sa.func.count(UserSession.id)).where(UserSession.user_id == staff.id)
        )
        == 0
    )
    [event] = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.event == "second_step.reset")
    ).all()
    assert event.actor_id == admin.id and event.target_id == staff.id

    deliver(app)
    [to_person] = mailbox.to(staff.email)
    [to_coordinator] = mailbox.to(coordinator.email)
    assert "Aino Ylläpitäjä" in body_of(to_person)
    assert staff.name in body_of(to_coordinator) and staff.email in body_of(to_coordinator)


def test_only_the_administrator_resets(
    app: Flask, coordinator_client: FlaskClient, staff: User, db: Any
) -> None:
    enrol_totp(app, db, staff)
    response = coordinator_client.post(f"/admin/accounts/{staff.id}/second-step/reset")
    assert response.status_code == 403
    with app.test_request_context():
        assert service.has_second_step(staff)


def test_the_reset_needs_the_csrf_token(
    app: Flask, admin_client: FlaskClient, staff: User, db: Any, csrf_enabled: None
) -> None:
    enrol_totp(app, db, staff)
    refused = admin_client.post(f"/admin/accounts/{staff.id}/second-step/reset")
    assert refused.status_code == 400
    with app.test_request_context():
        assert service.has_second_step(staff)
    token = csrf_token_from(admin_client.get(f"/admin/accounts/{staff.id}/edit").text)
    admin_client.post(f"/admin/accounts/{staff.id}/second-step/reset", data={"csrf_token": token})
    with app.test_request_context():
        assert not service.has_second_step(staff)


def test_an_unknown_account_is_not_found(admin_client: FlaskClient) -> None:
    assert admin_client.post("/admin/accounts/999999/second-step/reset").status_code == 404


# --- One's own passkeys ----------------------------------------------------------------------


def test_one_removes_ones_own_key_and_nobody_elses(
    login: Any, coordinator: User, staff: User, db: Any
) -> None:
    own = factories.PasskeyFactory(user=coordinator, name="Työläppäri")
    others = factories.PasskeyFactory(user=staff, name="Sannan avain")
    client = login(coordinator)

    page = client.get(SETTINGS).text
    assert "Työläppäri" in page and "Sannan avain" not in page
    assert client.post(f"/auth/second-step/passkeys/{others.id}/remove").status_code == 404
    assert db.session.get(Passkey, others.id) is not None
    assert client.post(f"/auth/second-step/passkeys/{own.id}/remove").status_code == 303
    assert db.session.get(Passkey, own.id) is None


def test_a_key_not_on_the_account_is_refused_and_counted(
    app: Flask, client: FlaskClient, coordinator: User, staff: User, db: Any
) -> None:
    factories.PasskeyFactory(user=coordinator, credential_id="own-key")
    factories.PasskeyFactory(user=staff, credential_id="staffs-key")
    sign_in(client, coordinator.email)
    client.post("/auth/second-step/passkey/options")
    forged = {
        "id": "staffs-key",
        "rawId": "staffs-key",
        "type": "public-key",
        "response": {"clientDataJSON": "", "authenticatorData": "", "signature": ""},
    }
    response = client.post("/auth/second-step/passkey", json=forged)
    assert response.status_code == 400
    assert "error" in response.get_json()
    assert client.get("/").status_code == 303
    failures = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.event == "second_step.failure")
    ).all()
    assert [f.details["method"] for f in failures] == ["passkey"]


def test_passkey_options_name_only_the_accounts_keys(
    client: FlaskClient, coordinator: User, staff: User, db: Any
) -> None:
    factories.PasskeyFactory(user=coordinator, credential_id="b3duLWtleQ")
    factories.PasskeyFactory(user=staff, credential_id="c3RhZmYta2V5")
    sign_in(client, coordinator.email)
    options = client.post("/auth/second-step/passkey/options").get_json()
    assert [c["id"] for c in options["allowCredentials"]] == ["b3duLWtleQ"]
    assert options["rpId"] == "127.0.0.1"


def test_without_a_waiting_sign_in_no_options_are_given(client: FlaskClient, db: Any) -> None:
    assert client.post("/auth/second-step/passkey/options").status_code == 404


# --- The demo --------------------------------------------------------------------------------


def test_the_demo_coordinator_signs_in_with_the_printed_key(
    app: Flask, runner: Any, client: FlaskClient, db: Any
) -> None:
    from portal.demo.second_step import DEMO_TOTP_KEY, DEMO_TOTP_USER

    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0
    assert DEMO_TOTP_KEY in result.output and DEMO_TOTP_USER in result.output

    client.post("/auth/login", data={"email": DEMO_TOTP_USER, "password": "silta-demo-2026"})
    assert client.get("/").status_code == 303
    code = pyotp.TOTP(DEMO_TOTP_KEY).now()
    assert client.post("/auth/second-step/", data={"code": code}).status_code == 303
    assert client.get("/").status_code == 200
    # The requirement is off in development: the other coordinators go straight in.
    other = app.test_client()
    other.post(
        "/auth/login", data={"email": "maria.virtanen@parik.example", "password": "silta-demo-2026"}
    )
    assert other.get("/").status_code == 200
