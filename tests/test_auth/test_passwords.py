"""Password hashing, changing one's own password and resetting a forgotten one by e-mail."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.auth.passwords import hash_password, verify_password
from portal.core.audit import AuditEvent
from tests.conftest import PASSWORD, AuthActions
from tests.mail import Mailbox, body_of, deliver

NEW_PASSWORD = "lumi sataa hiljaa kuusikkoon"


def link_in(mailbox: Mailbox, address: str) -> str:
    [message] = mailbox.to(address)
    match = re.search(r"http://127\.0\.0\.1:5000(/\S+)", body_of(message))
    assert match, body_of(message)
    return match.group(1)


def test_passwords_are_hashed_with_argon2id(app: Flask) -> None:
    with app.app_context():
        hashed = hash_password(PASSWORD)
        assert hashed.startswith("$argon2id$")
        assert verify_password(hashed, PASSWORD)
        assert not verify_password(hashed, PASSWORD + "!")


def test_change_own_password(login: Any, coordinator: User, db: Any, app: Flask) -> None:
    this_device = login(coordinator)
    other_device = login(coordinator)
    response = this_device.post(
        "/auth/account/password",
        data={"current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 303
    db.session.refresh(coordinator)
    assert verify_password(coordinator.password_hash, NEW_PASSWORD)
    # This browser stays signed in with a renewed session; the other one is signed out.
    assert this_device.get("/").status_code == 200
    assert other_device.get("/").status_code == 303
    assert db.session.query(AuditEvent).filter_by(event="password.change").count() == 1


def test_wrong_current_password_is_shown_beside_the_field(
    coordinator_client: FlaskClient, coordinator: User, db: Any
) -> None:
    response = coordinator_client.post(
        "/auth/account/password",
        data={"current_password": "guess", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="current_password-error"' in html and "Nykyinen salasana on väärä." in html
    db.session.refresh(coordinator)
    assert verify_password(coordinator.password_hash, PASSWORD)  # the hash names its parameters


def test_weak_and_mismatched_passwords_are_explained(coordinator_client: FlaskClient) -> None:
    weak = coordinator_client.post(
        "/auth/account/password",
        data={"current_password": PASSWORD, "password": "lyhyt", "confirm": "lyhyt"},
    ).get_data(as_text=True)
    assert "Käytä vähintään 12 merkkiä." in weak
    mismatch = coordinator_client.post(
        "/auth/account/password",
        data={
            "current_password": PASSWORD,
            "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD + "x",
        },
    ).get_data(as_text=True)
    assert "Salasanat eivät täsmää." in mismatch


def test_password_may_not_contain_the_users_name(
    coordinator_client: FlaskClient, coordinator: User
) -> None:
    local = coordinator.email.split("@")[0]
    html = coordinator_client.post(
        "/auth/account/password",
        data={
            "current_password": PASSWORD,
            "password": f"{local} on paras",
            "confirm": f"{local} on paras",
        },
    ).get_data(as_text=True)
    assert "Älä käytä salasanassa nimeäsi tai sähköpostiosoitettasi." in html


def test_forgotten_password_is_reset_by_a_single_use_link(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    coordinator: User,
    mailbox: Mailbox,
    db: Any,
) -> None:
    coordinator.locale = "sv"
    db.session.commit()
    response = client.post("/auth/password/reset", data={"email": coordinator.email})
    assert response.status_code == 303
    deliver(app)
    [message] = mailbox.to(coordinator.email)
    assert message["Subject"] == "Välj ett nytt lösenord för Silta"  # the user's language
    link = link_in(mailbox, coordinator.email)

    assert client.get(link).status_code == 200
    response = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 303
    assert auth.login(coordinator.email, NEW_PASSWORD).status_code == 303
    # Used once, the link is dead.
    assert client.get(link).status_code == 404


def test_reset_link_expires(
    app: Flask, client: FlaskClient, coordinator: User, mailbox: Mailbox
) -> None:
    client.post("/auth/password/reset", data={"email": coordinator.email})
    deliver(app)
    link = link_in(mailbox, coordinator.email)
    saved = app.config["PASSWORD_RESET_MAX_AGE"]
    app.config["PASSWORD_RESET_MAX_AGE"] = timedelta(seconds=-1)
    try:
        assert client.get(link).status_code == 404
    finally:
        app.config["PASSWORD_RESET_MAX_AGE"] = saved


def test_reset_says_the_same_for_an_unknown_address(
    app: Flask, client: FlaskClient, mailbox: Mailbox
) -> None:
    response = client.post(
        "/auth/password/reset", data={"email": "nobody@silta.example"}, follow_redirects=True
    )
    assert "Jos osoite kuuluu tunnukselle" in response.get_data(as_text=True)
    deliver(app)
    assert mailbox.messages == []


def test_forged_reset_link_is_404(client: FlaskClient) -> None:
    assert client.get("/auth/password/reset/not-a-real-token").status_code == 404


def choose(client: FlaskClient, password: str) -> str:
    response = client.post(
        "/auth/account/password",
        data={"current_password": PASSWORD, "password": password, "confirm": password},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="password-error"' in html  # beside the field
    return html


@pytest.mark.parametrize(
    ("locale", "refusal", "advice"),
    [
        (
            "fi",
            "Salasana on liian helppo arvata. Käytä muutamaa toisiinsa liittymätöntä sanaa.",
            "Tämä on hyvin yleinen salasana.",
        ),
        (
            "sv",
            "Lösenordet är för lätt att gissa. Använd några orelaterade ord.",
            "Det här är ett mycket vanligt lösenord.",
        ),
        (
            "en",
            "This password is too easy to guess. Use a few unrelated words.",
            "This is a very common password.",
        ),
    ],
)
def test_a_common_password_is_refused_with_the_estimators_advice(
    login: Any, coordinator: User, db: Any, locale: str, refusal: str, advice: str
) -> None:
    coordinator.locale = locale
    db.session.commit()
    # Twelve characters of several kinds, but among the passwords tried first.
    html = choose(login(coordinator), "qwertyuiop123")
    assert refusal in html and advice in html
    db.session.refresh(coordinator)
    assert verify_password(coordinator.password_hash, PASSWORD)


@pytest.mark.parametrize(
    "guessable",
    [
        "Salasana2024!",  # a Finnish word and a year
        "aaaaaaaaaaaaaa",
        "1234567890abc",
        "iloveyou12345",
        "Tervetuloa123",
    ],
)
def test_guessable_passwords_are_refused(coordinator_client: FlaskClient, guessable: str) -> None:
    html = choose(coordinator_client, guessable)
    assert "Salasana on liian helppo arvata." in html


def test_a_very_long_password_is_judged_by_its_start(
    coordinator_client: FlaskClient, coordinator: User, db: Any
) -> None:
    # Longer than zxcvbn accepts: the estimator judges its start instead of failing.
    long = "lumi sataa hiljaa kuusikkoon " * 40
    response = coordinator_client.post(
        "/auth/account/password",
        data={"current_password": PASSWORD, "password": long, "confirm": long},
    )
    assert response.status_code == 303
    db.session.refresh(coordinator)
    # Taken as typed: the trailing space is part of it.
    assert verify_password(coordinator.password_hash, long)
    assert not verify_password(coordinator.password_hash, long.strip())
