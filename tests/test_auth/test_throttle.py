"""Throttling slows the attacker and never locks the owner out: sign-in, change of password
and password reset, seen over HTTP from several client addresses."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from portal.auth.models import ThrottleKey, User
from portal.auth.passwords import verify_password
from portal.core.audit import AuditEvent
from portal.core.models import utcnow
from tests.conftest import PASSWORD
from tests.mail import Mailbox, deliver

ATTACKER = "203.0.113.66"
OWNER = "198.51.100.7"
WRONG = "not the password at all"


def client_at(app: Flask, address: str) -> FlaskClient:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def sign_in(client: FlaskClient, email: str, password: str = PASSWORD) -> TestResponse:
    return client.post("/auth/login", data={"email": email, "password": password})


def let_the_waits_pass(db: Any) -> None:
    """Move every running wait into the past, as if its time had gone by."""
    db.session.execute(
        sa.update(ThrottleKey)
        .where(ThrottleKey.wait_until.is_not(None))
        .values(wait_until=utcnow() - timedelta(seconds=1))
    )
    db.session.commit()


def refusals(db: Any) -> list[AuditEvent]:
    return db.session.query(AuditEvent).filter_by(event="rate_limit.exceeded").all()


def test_failures_start_a_growing_wait_that_refuses_without_trying_the_password(
    app: Flask, coordinator: User, db: Any
) -> None:
    attacker = client_at(app, ATTACKER)
    # Five failures are free; the sixth starts a wait of 30 seconds.
    statuses = [sign_in(attacker, coordinator.email, WRONG).status_code for _ in range(6)]
    assert statuses == [422] * 6

    refused = sign_in(attacker, coordinator.email)  # even the right password
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 30
    html = refused.get_data(as_text=True)
    assert "Epäonnistuneita yrityksiä on ollut liian monta. Odota" in html
    assert 'id="password-error"' in html
    assert "Sähköpostiosoite tai salasana on väärä." not in html  # nothing was tried

    # Once the wait is over, the next failure doubles it.
    let_the_waits_pass(db)
    assert sign_in(attacker, coordinator.email, WRONG).status_code == 422
    refused = sign_in(attacker, coordinator.email)
    assert refused.status_code == 429
    assert 30 < int(refused.headers["Retry-After"]) <= 60


def test_the_owner_from_a_clean_address_is_never_refused(
    app: Flask, coordinator: User, db: Any
) -> None:
    attacker = client_at(app, ATTACKER)
    for _ in range(30):
        sign_in(attacker, coordinator.email, WRONG)
    assert sign_in(attacker, coordinator.email).status_code == 429

    owner = client_at(app, OWNER)
    response = sign_in(owner, coordinator.email)
    assert response.status_code == 303
    assert coordinator.name in owner.get("/").get_data(as_text=True)
    # The attacker still waits.
    assert sign_in(attacker, coordinator.email).status_code == 429


def test_a_success_clears_the_accounts_failures_from_that_address(
    app: Flask, coordinator: User, db: Any
) -> None:
    owner = client_at(app, OWNER)
    for _ in range(5):
        assert sign_in(owner, coordinator.email, WRONG).status_code == 422
    assert sign_in(owner, coordinator.email).status_code == 303
    owner.post("/auth/logout")
    # Five free failures again, and the sixth does not yet make anyone wait.
    statuses = [sign_in(owner, coordinator.email, WRONG).status_code for _ in range(6)]
    assert statuses == [422] * 6


def test_one_address_trying_many_accounts_is_slowed_down(
    app: Flask, coordinator: User, db: Any
) -> None:
    sprayer = client_at(app, ATTACKER)
    statuses = [sign_in(sprayer, f"person{n}@silta.example", WRONG).status_code for n in range(21)]
    assert statuses == [422] * 21
    # Any account from that address now waits, even one it never tried...
    assert sign_in(sprayer, coordinator.email).status_code == 429
    # ...but not from another address.
    assert sign_in(client_at(app, OWNER), coordinator.email).status_code == 303


def test_an_unknown_account_is_throttled_like_a_known_one(app: Flask, db: Any) -> None:
    attacker = client_at(app, ATTACKER)
    for _ in range(6):
        sign_in(attacker, "nobody@silta.example", WRONG)
    assert sign_in(attacker, "nobody@silta.example", WRONG).status_code == 429


def test_refusals_are_audited_once_per_key_and_wait(
    app: Flask, coordinator: User, admin_client: FlaskClient, db: Any
) -> None:
    attacker = client_at(app, ATTACKER)
    for _ in range(6):
        sign_in(attacker, coordinator.email, WRONG)
    for _ in range(10):
        assert sign_in(attacker, coordinator.email, WRONG).status_code == 429
    [row] = refusals(db)
    assert row.actor_email == coordinator.email
    assert row.address == ATTACKER
    assert row.details["limit"] == "sign_in"
    # The administrator reads what was limited in words.
    log = admin_client.get("/admin/audit?event=rate_limit.exceeded").get_data(as_text=True)
    assert "epäonnistuneet kirjautumiset tunnukselle tästä osoitteesta" in log

    # A new wait is a new window: one more row, however often it is refused.
    let_the_waits_pass(db)
    sign_in(attacker, coordinator.email, WRONG)
    for _ in range(5):
        assert sign_in(attacker, coordinator.email, WRONG).status_code == 429
    assert len(refusals(db)) == 2


@pytest.mark.parametrize(
    ("locale", "message"),
    [
        ("fi", "Epäonnistuneita yrityksiä on ollut liian monta."),
        ("sv", "Det har gjorts för många misslyckade försök."),
        ("en", "There have been too many failed attempts."),
    ],
)
def test_the_refusal_speaks_the_users_language(
    app: Flask, coordinator: User, db: Any, locale: str, message: str
) -> None:
    attacker = client_at(app, ATTACKER)
    attacker.post("/language", data={"locale": locale})
    for _ in range(6):
        sign_in(attacker, coordinator.email, WRONG)
    refused = sign_in(attacker, coordinator.email)
    assert refused.status_code == 429
    assert message in refused.get_data(as_text=True)


def test_wrong_current_passwords_are_throttled(
    app: Flask, login: Any, coordinator: User, db: Any
) -> None:
    client = login(coordinator)
    client.environ_base["REMOTE_ADDR"] = ATTACKER
    new = "lumi sataa hiljaa kuusikkoon"

    def change(current: str) -> TestResponse:
        return client.post(
            "/auth/account/password",
            data={"current_password": current, "password": new, "confirm": new},
        )

    assert [change(WRONG).status_code for _ in range(6)] == [422] * 6
    refused = change(PASSWORD)
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    assert 'id="current_password-error"' in refused.get_data(as_text=True)
    db.session.refresh(coordinator)
    assert verify_password(coordinator.password_hash, PASSWORD)

    let_the_waits_pass(db)
    assert change(PASSWORD).status_code == 303
    db.session.refresh(coordinator)
    assert verify_password(coordinator.password_hash, new)


def test_reset_mails_to_one_account_are_spaced_out_silently(
    app: Flask, coordinator: User, mailbox: Mailbox, db: Any
) -> None:
    client = client_at(app, ATTACKER)
    answers = [
        client.post(
            "/auth/password/reset", data={"email": coordinator.email}, follow_redirects=True
        )
        for _ in range(4)
    ]
    # Every answer is the same, so the answer does not tell whether the account exists...
    assert {a.status_code for a in answers} == {200}
    assert all("Jos osoite kuuluu tunnukselle" in a.get_data(as_text=True) for a in answers)
    deliver(app)
    # ...but only one mail goes out within the window, whatever the address asking.
    client_at(app, OWNER).post("/auth/password/reset", data={"email": coordinator.email})
    deliver(app)
    assert len(mailbox.to(coordinator.email)) == 1
    assert len(refusals(db)) == 1

    let_the_waits_pass(db)
    client.post("/auth/password/reset", data={"email": coordinator.email})
    deliver(app)
    assert len(mailbox.to(coordinator.email)) == 2


def test_reset_requests_from_one_address_are_throttled(
    app: Flask, coordinator: User, db: Any
) -> None:
    client = client_at(app, ATTACKER)
    for n in range(21):
        response = client.post("/auth/password/reset", data={"email": f"p{n}@silta.example"})
        assert response.status_code == 303
    refused = client.post("/auth/password/reset", data={"email": coordinator.email})
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    assert "Epäonnistuneita yrityksiä on ollut liian monta" in refused.get_data(as_text=True)
    # Another address asks as usual.
    other = client_at(app, OWNER).post("/auth/password/reset", data={"email": coordinator.email})
    assert other.status_code == 303
