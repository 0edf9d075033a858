"""Two-step verification: enrolling an authenticator app, signing in with it or a recovery
code, and a sign-in that waits for its second step and can do nothing else meanwhile."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pyotp
import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.auth.second_step import service
from portal.auth.second_step.models import PendingSignIn, RecoveryCode, TotpKey
from portal.core.audit import AuditEvent
from portal.core.errors import DomainError
from portal.core.models import utcnow
from tests.conftest import PASSWORD
from tests.mail import body_of, deliver
from tests.test_auth.second_step_helpers import enrol_totp, recovery_codes

CHALLENGE = "/auth/second-step/"


def sign_in(client: FlaskClient, email: str, next_url: str = "") -> Any:
    url = "/auth/login" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"email": email, "password": PASSWORD})


def events(db: Any, name: str) -> list[AuditEvent]:
    return db.session.scalars(sa.select(AuditEvent).where(AuditEvent.event == name)).all()


# --- Enrolling an authenticator app --------------------------------------------------------


def test_enrolling_shows_a_qr_code_and_the_key_and_needs_a_code_before_it_is_on(
    coordinator_client: FlaskClient, coordinator: User, db: Any
) -> None:
    coordinator_client.post("/auth/second-step/totp/start")
    page = coordinator_client.get("/auth/second-step/totp").get_data(as_text=True)

    assert re.search(r'<img class="qr-code" src="data:image/svg\+xml', page)
    key = re.search(r'data-testid="totp-key">([A-Z2-7 ]+)<', page)
    assert key, "the key is typed out for those who cannot scan"
    secret = key.group(1).replace(" ", "")
    assert len(secret) == 32 and " " in key.group(1)
    # Not active before a code confirms it.
    assert not service.has_second_step(coordinator)

    wrong = coordinator_client.post("/auth/second-step/totp", data={"code": "000000"})
    assert wrong.status_code == 422
    assert 'id="code-error"' in wrong.get_data(as_text=True)
    assert not service.has_second_step(coordinator)

    right = coordinator_client.post(
        "/auth/second-step/totp", data={"code": pyotp.TOTP(secret).now()}
    )
    assert right.status_code == 303
    assert right.headers["Location"].endswith("/auth/second-step/recovery-codes")
    assert service.has_second_step(coordinator)
    # The key is kept sealed, never as it is.
    stored = db.session.scalar(sa.select(TotpKey).where(TotpKey.user_id == coordinator.id))
    assert stored.secret and secret not in stored.secret

    codes_page = coordinator_client.get("/auth/second-step/recovery-codes")
    codes = re.findall(r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>", codes_page.text)
    assert len(codes) == 10
    # Shown once.
    again = coordinator_client.get("/auth/second-step/recovery-codes")
    assert again.status_code == 303
    stored_hashes = db.session.scalars(
        sa.select(RecoveryCode.code_hash).where(RecoveryCode.user_id == coordinator.id)
    ).all()
    assert len(stored_hashes) == 10 and not set(codes) & set(stored_hashes)


def test_the_pages_are_never_cached(coordinator_client: FlaskClient) -> None:
    response = coordinator_client.get("/auth/second-step/settings")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


# --- Signing in with the second step --------------------------------------------------------


def test_a_right_password_alone_does_not_sign_in(
    app: Flask, client: FlaskClient, coordinator: User, db: Any
) -> None:
    totp = enrol_totp(app, db, coordinator)

    response = sign_in(client, coordinator.email, next_url="/documents/")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(CHALLENGE)
    # Waiting for the second step, the browser reaches nothing but the second step's page.
    assert client.get("/").status_code == 303
    assert "/auth/login" in client.get("/documents/").headers["Location"]
    assert client.get("/auth/account").status_code == 303
    page = client.get(CHALLENGE)
    assert page.status_code == 200 and 'autocomplete="one-time-code"' in page.text

    wrong = client.post(CHALLENGE, data={"code": "123456"})
    assert wrong.status_code == 422
    assert "Koodi ei ole oikein." in wrong.text
    assert client.get("/").status_code == 303

    right = client.post(CHALLENGE, data={"code": totp.now()})
    assert right.status_code == 303
    assert right.headers["Location"] == "/documents/"
    assert client.get("/").status_code == 200
    assert events(db, "second_step.success")[0].details["method"] == "totp"
    # The waiting sign-in is used up.
    assert db.session.scalar(sa.select(sa.func.count(PendingSignIn.id))) == 0


def test_a_user_without_a_second_step_signs_in_with_the_password(
    client: FlaskClient, staff: User
) -> None:
    response = sign_in(client, staff.email)
    assert response.status_code == 303
    assert client.get("/").status_code == 200


def test_a_code_is_taken_once_within_its_window(app: Flask, db: Any, coordinator: User) -> None:
    with app.test_request_context():
        secret = service.start_totp(coordinator)
        totp = pyotp.TOTP(secret)
        start = utcnow().replace(microsecond=0) - timedelta(minutes=10)
        service.confirm_totp(coordinator, totp.at(start), at=start)
        later = start + timedelta(seconds=30)
        assert service.check_code(coordinator, totp.at(later), at=later) == "totp"
        # The same code again a few seconds later, still within its window: refused.
        with pytest.raises(DomainError):
            service.check_code(coordinator, totp.at(later), at=later + timedelta(seconds=5))
        # Nor an older code, which the app showed before the one used.
        with pytest.raises(DomainError):
            service.check_code(coordinator, totp.at(start), at=later + timedelta(seconds=5))
        # The next code is.
        next_time = later + timedelta(seconds=30)
        assert service.check_code(coordinator, totp.at(next_time), at=next_time) == "totp"
        # A clock a step off either way is forgiven; two steps are not.
        far = next_time + timedelta(minutes=5)
        assert service.check_code(coordinator, totp.at(far + timedelta(seconds=30)), at=far)
        much_later = far + timedelta(minutes=5)
        two_ahead = totp.at(much_later + timedelta(seconds=60))
        with pytest.raises(DomainError):
            service.check_code(coordinator, two_ahead, at=much_later)


def test_a_recovery_code_works_once_and_a_new_set_replaces_the_old(
    app: Flask, client: FlaskClient, coordinator: User, db: Any
) -> None:
    enrol_totp(app, db, coordinator)
    old_codes = recovery_codes(app, db, coordinator)

    sign_in(client, coordinator.email)
    # Typed as people type from paper: capitals and spaces.
    typed = old_codes[0].upper().replace("-", " ")
    assert client.post(CHALLENGE, data={"code": typed}).status_code == 303
    assert client.get("/").status_code == 200
    client.post("/auth/logout")

    sign_in(client, coordinator.email)
    assert client.post(CHALLENGE, data={"code": old_codes[0]}).status_code == 422
    assert events(db, "second_step.failure")[0].details["method"] == "recovery"

    new_codes = recovery_codes(app, db, coordinator)
    assert client.post(CHALLENGE, data={"code": old_codes[1]}).status_code == 422
    assert client.post(CHALLENGE, data={"code": new_codes[0]}).status_code == 303
    assert service.unused_recovery_codes(coordinator) == 9


def test_the_settings_page_makes_new_recovery_codes(
    app: Flask, login: Any, coordinator: User, db: Any
) -> None:
    enrol_totp(app, db, coordinator)
    old = recovery_codes(app, db, coordinator)
    client = login(coordinator)
    response = client.post("/auth/second-step/recovery-codes/new")
    assert response.headers["Location"].endswith("/auth/second-step/recovery-codes")
    page = client.get("/auth/second-step/recovery-codes").text
    shown = re.findall(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>", page)
    assert len(shown) == 10 and not set(shown) & set(old)


def test_a_waiting_sign_in_expires(
    app: Flask, client: FlaskClient, coordinator: User, db: Any
) -> None:
    totp = enrol_totp(app, db, coordinator)
    sign_in(client, coordinator.email)
    row = db.session.scalar(sa.select(PendingSignIn))
    row.created_at = utcnow() - timedelta(minutes=6)
    db.session.commit()

    response = client.post(CHALLENGE, data={"code": totp.now()})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/auth/login")
    assert client.get("/").status_code == 303


def test_the_challenge_without_a_sign_in_leads_to_sign_in(client: FlaskClient, db: Any) -> None:
    response = client.get(CHALLENGE)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/auth/login")


def test_another_browsers_waiting_sign_in_is_not_this_ones(
    app: Flask, client: FlaskClient, coordinator: User, db: Any
) -> None:
    totp = enrol_totp(app, db, coordinator)
    sign_in(client, coordinator.email)
    stranger = app.test_client()
    assert stranger.post(CHALLENGE, data={"code": totp.now()}).status_code == 303
    assert stranger.get("/").status_code == 303


def test_a_signed_in_user_is_asked_again_and_sent_on(
    app: Flask, login: Any, coordinator: User, db: Any
) -> None:
    totp = enrol_totp(app, db, coordinator)
    client = login(coordinator)
    page = client.get(f"{CHALLENGE}?next=/documents/")
    assert page.status_code == 200
    assert 'action="/auth/second-step/?next=/documents/"' in page.text
    response = client.post(f"{CHALLENGE}?next=/documents/", data={"code": totp.now()})
    assert response.headers["Location"] == "/documents/"
    # Another site is never a next address.
    next_code = totp.at(utcnow() + timedelta(seconds=30))
    response = client.post(f"{CHALLENGE}?next=//evil.example/", data={"code": next_code})
    assert response.headers["Location"] == "/"


# --- Guessing is slowed -------------------------------------------------------------------


def test_guessing_codes_is_slowed_per_account_and_address_and_audited(
    app: Flask, coordinator: User, db: Any
) -> None:
    totp = enrol_totp(app, db, coordinator)
    attacker = app.test_client()
    attacker.environ_base["REMOTE_ADDR"] = "203.0.113.66"
    sign_in(attacker, coordinator.email)
    for _ in range(5):
        assert attacker.post(CHALLENGE, data={"code": "111111"}).status_code == 422
    assert attacker.post(CHALLENGE, data={"code": "111111"}).status_code == 422
    waiting = attacker.post(CHALLENGE, data={"code": totp.now()})
    assert waiting.status_code == 429
    assert "Retry-After" in waiting.headers
    assert attacker.get("/").status_code == 303
    assert len(events(db, "second_step.failure")) == 6
    [refusal] = events(db, "rate_limit.exceeded")
    assert refusal.details["limit"] == "second_step"

    # The owner from their own address is not slowed.
    owner = app.test_client()
    owner.environ_base["REMOTE_ADDR"] = "198.51.100.7"
    sign_in(owner, coordinator.email)
    assert owner.post(CHALLENGE, data={"code": totp.now()}).status_code == 303
    assert owner.get("/").status_code == 200


def test_a_password_reset_does_not_remove_the_second_step(
    app: Flask, client: FlaskClient, coordinator: User, mailbox: Any, db: Any
) -> None:
    totp = enrol_totp(app, db, coordinator)
    client.post("/auth/password/reset", data={"email": coordinator.email})
    deliver(app)
    [message] = mailbox.to(coordinator.email)
    link = re.search(r"https?://\S+/auth/password/reset/\S+", body_of(message)).group(0)
    path = "/" + link.split("/", 3)[3]
    new_password = "lumi sataa hiljaa kuusikkoon"
    client.post(path, data={"password": new_password, "confirm": new_password})

    # Whoever reads the mailbox still needs the second step.
    client.post("/auth/login", data={"email": coordinator.email, "password": new_password})
    assert client.get("/").status_code == 303
    assert client.post(CHALLENGE, data={"code": totp.now()}).status_code == 303
    assert client.get("/").status_code == 200
