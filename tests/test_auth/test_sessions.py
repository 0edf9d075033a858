"""Sessions: an absolute lifetime besides the idle one, the __Host- cookie when cookies are
secure, no caching of the account pages, and an account deactivated while signed in."""

from __future__ import annotations

import base64
import json
import zlib
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_login import FlaskLoginClient

from portal import create_app
from portal.auth.models import User, UserSession
from portal.core.models import utcnow
from tests.conftest import PASSWORD, AuthActions, app_config


def age_sessions(db: Any, user: User, *, signed_in: timedelta, seen: timedelta) -> None:
    """Pretend the user's sessions began ``signed_in`` ago and were last used ``seen`` ago."""
    now = utcnow()
    db.session.execute(
        sa.update(UserSession)
        .where(UserSession.user_id == user.id)
        .values(created_at=now - signed_in, last_seen_at=now - seen)
    )
    db.session.commit()


def test_an_active_session_ends_twelve_hours_after_signing_in(
    auth: AuthActions, client: FlaskClient, coordinator: User, db: Any
) -> None:
    assert auth.login(coordinator.email).status_code == 303
    age_sessions(db, coordinator, signed_in=timedelta(hours=11, minutes=50), seen=timedelta(0))
    assert client.get("/").status_code == 200
    # Used a minute ago, but signed in more than twelve hours ago.
    age_sessions(db, coordinator, signed_in=timedelta(hours=12, minutes=1), seen=timedelta(0))
    response = client.get("/")
    assert response.status_code == 303 and response.headers["Location"].startswith("/auth/login")
    assert db.session.query(UserSession).filter_by(user_id=coordinator.id).count() == 0


def test_an_idle_session_still_ends_after_the_idle_time(
    auth: AuthActions, client: FlaskClient, coordinator: User, db: Any
) -> None:
    auth.login(coordinator.email)
    age_sessions(
        db,
        coordinator,
        signed_in=timedelta(hours=10, minutes=1),
        seen=timedelta(hours=10, minutes=1),
    )
    assert client.get("/").status_code == 303


def test_an_account_deactivated_while_signed_in_is_signed_out(
    login: Any, coordinator: User, db: Any
) -> None:
    client = login(coordinator)
    assert client.get("/").status_code == 200
    # Deactivated by other means than the administrator's form, which also ends sessions.
    db.session.execute(sa.update(User).where(User.id == coordinator.id).values(active=False))
    db.session.commit()
    response = client.get("/")
    assert response.status_code == 303 and response.headers["Location"].startswith("/auth/login")
    assert client.get("/auth/account").status_code == 303


@pytest.mark.parametrize(
    "url", ["/auth/login", "/auth/password/reset", "/auth/password/reset/not-a-token"]
)
def test_account_pages_are_not_cached_even_signed_out(client: FlaskClient, url: str) -> None:
    assert client.get(url).headers["Cache-Control"] == "no-store"


def test_a_refused_sign_in_is_not_cached(client: FlaskClient, db: Any) -> None:
    response = client.post("/auth/login", data={"email": "a@silta.example", "password": "x"})
    assert response.status_code == 422
    assert response.headers["Cache-Control"] == "no-store"


@pytest.fixture
def secure_app(app: Flask, db: Any, smtp_server: Any, monkeypatch: pytest.MonkeyPatch) -> Flask:
    """The portal as production sets its cookies (PORTAL_SECURE_COOKIES, on by default there)."""
    monkeypatch.setenv("PORTAL_SECURE_COOKIES", "1")
    secure = create_app(app_config(app.config["SQLALCHEMY_DATABASE_URI"], smtp_server[0].port))
    secure.test_client_class = FlaskLoginClient
    return secure


def test_secure_session_cookie_is_host_prefixed(secure_app: Flask, coordinator: User) -> None:
    client = secure_app.test_client()
    response = client.post(
        "/auth/login",
        data={"email": coordinator.email, "password": PASSWORD},
        base_url="https://localhost",
    )
    assert response.status_code == 303
    [cookie] = response.headers.getlist("Set-Cookie")
    assert cookie.startswith("__Host-silta_session=")
    attributes = [part.strip().lower() for part in cookie.split(";")[1:]]
    assert "secure" in attributes and "path=/" in attributes and "httponly" in attributes
    assert not any(a.startswith("domain=") for a in attributes)
    # The browser sends it back and stays signed in.
    assert client.get("/", base_url="https://localhost").status_code == 200


def cookie_payload(value: str) -> dict[str, Any]:
    """What the browser can read from Flask's signed (not encrypted) session cookie."""
    data = value.split(".")
    compressed = value.startswith(".")
    payload = data[1] if compressed else data[0]
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    result: dict[str, Any] = json.loads(zlib.decompress(raw) if compressed else raw)
    return result


def test_a_new_calendar_address_is_not_carried_in_the_cookie(
    app: Flask, login: Any, staff: User
) -> None:
    client = login(staff)
    renewal = client.post("/calendar/feed")
    assert renewal.status_code == 303
    cookies = renewal.headers.getlist("Set-Cookie")
    page = client.get("/calendar/feed").get_data(as_text=True)
    marker = "/calendar/feed/"
    start = page.index(marker) + len(marker)
    token = page[start : page.index(".ics", start)]
    assert len(token) > 20
    for cookie in cookies:
        name, _, rest = cookie.partition("=")
        value = rest.split(";")[0]
        assert token not in value
        if name == app.config["SESSION_COOKIE_NAME"] and value:
            assert token not in json.dumps(cookie_payload(value))
    # Shown once: the next visit no longer shows it.
    assert token not in client.get("/calendar/feed").get_data(as_text=True)
