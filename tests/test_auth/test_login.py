"""Signing in and out through the real form."""

from __future__ import annotations

import time
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from portal.auth.models import User, UserSession
from portal.auth.passwords import hash_password
from portal.core.audit import AuditEvent
from tests.conftest import AuthActions


def events(db: Any, name: str) -> list[AuditEvent]:
    return db.session.query(AuditEvent).filter_by(event=name).all()


def test_sign_in_and_out(
    auth: AuthActions, client: FlaskClient, coordinator: User, db: Any
) -> None:
    response = auth.login(coordinator.email)
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert coordinator.name in client.get("/").get_data(as_text=True)
    assert len(events(db, "login.success")) == 1

    response = auth.logout()
    assert response.status_code == 303
    assert client.get("/").status_code == 303  # back to sign-in
    assert db.session.query(UserSession).filter_by(user_id=coordinator.id).count() == 0
    assert len(events(db, "logout")) == 1


def test_email_is_case_insensitive(auth: AuthActions, coordinator: User) -> None:
    assert auth.login(coordinator.email.upper()).status_code == 303


def test_wrong_password_and_unknown_email_get_the_same_answer(
    auth: AuthActions, coordinator: User, db: Any
) -> None:
    wrong = auth.login(coordinator.email, "not the password at all")
    unknown = auth.login("nobody@silta.example", "not the password at all")
    assert wrong.status_code == unknown.status_code == 422
    message = "Sähköpostiosoite tai salasana on väärä."
    assert message in wrong.get_data(as_text=True) and message in unknown.get_data(as_text=True)
    # What was typed stays in the form; the password does not.
    assert 'value="nobody@silta.example"' in unknown.get_data(as_text=True)
    assert "not the password at all" not in unknown.get_data(as_text=True)
    failures = events(db, "login.failure")
    assert {e.actor_email for e in failures} == {coordinator.email, "nobody@silta.example"}


def test_unknown_email_takes_as_long_as_a_wrong_password(
    app: Flask, auth: AuthActions, coordinator: User, db: Any
) -> None:
    # Production-strength hashing, so that the hash dominates the time of a request.
    saved = app.config["ARGON2_PARAMETERS"]
    app.config["ARGON2_PARAMETERS"] = {}
    try:
        with app.app_context():
            coordinator.password_hash = hash_password("correct horse battery staple")
            db.session.commit()

        def timed(email: str) -> float:
            start = time.perf_counter()
            auth.login(email, "not the password at all")
            return time.perf_counter() - start

        # Medians of five tries (the throttle allows five), compared in the same run.
        wrong = sorted(timed(coordinator.email) for _ in range(5))[2]
        unknown = sorted(timed("nobody@silta.example") for _ in range(5))[2]
    finally:
        app.config["ARGON2_PARAMETERS"] = saved
    # Without the dummy hash the ratio is about 0.03; a loaded machine wobbles far less.
    assert 0.25 < unknown / wrong < 4


def test_session_is_renewed_on_sign_in(
    auth: AuthActions, client: FlaskClient, coordinator: User
) -> None:
    client.post("/language", data={"locale": "en"})
    before = client.get_cookie("silta_session")
    auth.login(coordinator.email)
    after = client.get_cookie("silta_session")
    assert before is not None and after is not None and before.value != after.value


def test_signed_out_cookie_no_longer_works(
    app: Flask, auth: AuthActions, client: FlaskClient, coordinator: User
) -> None:
    auth.login(coordinator.email)
    stolen = client.get_cookie("silta_session")
    assert stolen is not None
    auth.logout()
    thief = app.test_client()
    thief.set_cookie("silta_session", stolen.value)
    assert thief.get("/").status_code == 303


def test_next_goes_back_to_the_page_on_this_site(auth: AuthActions, coordinator: User) -> None:
    assert auth.login(coordinator.email, next_url="/directory").headers["Location"] == "/directory"


def test_next_to_another_site_is_ignored(auth: AuthActions, coordinator: User) -> None:
    response = auth.login(coordinator.email, next_url="//evil.example/")
    assert response.headers["Location"] == "/"


def test_deactivated_account_cannot_sign_in(auth: AuthActions, coordinator: User, db: Any) -> None:
    coordinator.active = False
    db.session.commit()
    assert auth.login(coordinator.email).status_code == 422


def test_deactivating_ends_the_sessions(
    login: Any, admin_client: FlaskClient, coordinator: User, db: Any
) -> None:
    coordinator_client = login(coordinator)
    assert coordinator_client.get("/").status_code == 200
    admin_client.post(
        f"/admin/accounts/{coordinator.id}/edit",
        data={
            "name": coordinator.name,
            "email": coordinator.email,
            "party_id": coordinator.party_id,
            "role": "coordinator",
            "unit_id": 0,
        },
    )
    assert coordinator_client.get("/").status_code == 303


def test_successful_sign_ins_do_not_count_towards_the_throttle(
    auth: AuthActions, coordinator: User
) -> None:
    for _ in range(8):
        assert auth.login(coordinator.email).status_code == 303
        auth.logout()
