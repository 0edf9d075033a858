"""A person's own sessions on the account page: listed with browser, times and address, ended
one by one or all others; another person's session is a 404."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from portal.auth.models import User, UserSession
from portal.auth.sessions import browser_label
from portal.core.audit import AuditEvent
from portal.core.models import utcnow
from tests.conftest import PASSWORD, csrf_token_from

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
CHROME_ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)
EDGE = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"
)
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)


def signed_in(app: Flask, email: str, user_agent: str, address: str) -> FlaskClient:
    """A browser signed in through the real form, from its own address."""
    client = app.test_client()
    client.environ_base.update({"REMOTE_ADDR": address, "HTTP_USER_AGENT": user_agent})
    response = client.post("/auth/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 303
    return client


def session_ids(db: Any, user: User) -> list[int]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(UserSession.id).where(UserSession.user_id == user.id)))


def is_signed_in(client: FlaskClient) -> bool:
    return client.get("/auth/account").status_code == 200


def events(db: Any, name: str) -> list[AuditEvent]:
    return db.session.scalars(sa.select(AuditEvent).where(AuditEvent.event == name)).all()


@pytest.mark.parametrize(
    ("agent", "label"),
    [
        (FIREFOX, "Firefox, Windows"),
        (CHROME_ANDROID, "Chrome, Android"),
        (EDGE, "Edge, Windows"),
        (SAFARI_IPHONE, "Safari, iOS"),
        ("", "Unknown browser"),
    ],
)
def test_the_browser_is_named_shortly(app: Flask, agent: str, label: str) -> None:
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert browser_label(agent) == label


def test_the_account_page_lists_ones_own_sessions(
    app: Flask, db: Any, coordinator: User, staff: User
) -> None:
    laptop = signed_in(app, coordinator.email, FIREFOX, "198.51.100.7")
    signed_in(app, coordinator.email, CHROME_ANDROID, "203.0.113.9")
    signed_in(app, staff.email, EDGE, "192.0.2.44")
    html = laptop.get("/auth/account").get_data(as_text=True)
    assert "Missä olet kirjautuneena" in html
    assert "Firefox, Windows" in html and "198.51.100.7" in html
    assert "Chrome, Android" in html and "203.0.113.9" in html
    # Another person's browser is not theirs to see.
    assert "Edge, Windows" not in html and "192.0.2.44" not in html
    assert html.count("Tämä selain") == 1
    assert html.index("Tämä selain") > html.index("Firefox, Windows")
    assert "Lopeta kaikki muut istunnot" in html


def test_ending_another_of_ones_sessions_signs_that_browser_out(
    app: Flask, db: Any, coordinator: User
) -> None:
    laptop = signed_in(app, coordinator.email, FIREFOX, "198.51.100.7")
    phone = signed_in(app, coordinator.email, CHROME_ANDROID, "203.0.113.9")
    this, other = sorted(session_ids(db, coordinator))
    response = laptop.post(f"/auth/account/sessions/{other}/end")
    assert response.status_code == 303 and response.headers["Location"] == "/auth/account#sessions"
    assert session_ids(db, coordinator) == [this]
    assert not is_signed_in(phone) and is_signed_in(laptop)
    [row] = events(db, "session.end")
    assert row.actor_id == coordinator.id and row.target_id == other
    assert row.details["browser"] == "Chrome, Android"


def test_another_persons_session_is_a_404_and_stays(
    app: Flask, db: Any, coordinator: User, staff: User
) -> None:
    laptop = signed_in(app, coordinator.email, FIREFOX, "198.51.100.7")
    theirs = signed_in(app, staff.email, EDGE, "192.0.2.44")
    [their_id] = session_ids(db, staff)
    assert laptop.post(f"/auth/account/sessions/{their_id}/end").status_code == 404
    assert session_ids(db, staff) == [their_id] and is_signed_in(theirs)
    assert events(db, "session.end") == []
    assert [e.details["status"] for e in events(db, "access.denied")] == [404]
    # An id that does not exist answers the same.
    assert laptop.post("/auth/account/sessions/999999/end").status_code == 404


def test_ending_all_other_sessions_keeps_this_one(
    app: Flask, db: Any, coordinator: User, staff: User
) -> None:
    laptop = signed_in(app, coordinator.email, FIREFOX, "198.51.100.7")
    others = [
        signed_in(app, coordinator.email, agent, "203.0.113.9")
        for agent in (CHROME_ANDROID, SAFARI_IPHONE)
    ]
    colleague = signed_in(app, staff.email, EDGE, "192.0.2.44")
    response = laptop.post("/auth/account/sessions/end-others")
    assert response.status_code == 303
    assert len(session_ids(db, coordinator)) == 1
    assert is_signed_in(laptop) and not any(is_signed_in(o) for o in others)
    assert is_signed_in(colleague)
    [row] = events(db, "session.end_others")
    assert row.details["count"] == 2
    html = laptop.get("/auth/account").get_data(as_text=True)
    assert "Lopeta kaikki muut istunnot" not in html


def test_ending_this_browsers_session_signs_out(app: Flask, db: Any, coordinator: User) -> None:
    laptop = signed_in(app, coordinator.email, FIREFOX, "198.51.100.7")
    [this] = session_ids(db, coordinator)
    response = laptop.post(f"/auth/account/sessions/{this}/end")
    assert response.status_code == 303 and response.headers["Location"] == "/auth/login"
    assert session_ids(db, coordinator) == [] and not is_signed_in(laptop)


def test_ending_a_session_needs_the_csrf_token(
    app: Flask, db: Any, csrf_enabled: None, coordinator: User
) -> None:
    client = app.test_client()
    page = client.get("/auth/login").get_data(as_text=True)
    client.post(
        "/auth/login",
        data={
            "email": coordinator.email,
            "password": PASSWORD,
            "csrf_token": csrf_token_from(page),
        },
    )
    assert client.post("/auth/account/sessions/end-others").status_code == 400
    token = csrf_token_from(client.get("/auth/account").get_data(as_text=True))
    response = client.post("/auth/account/sessions/end-others", data={"csrf_token": token})
    assert response.status_code == 303


def test_a_session_past_its_time_is_not_listed(app: Flask, db: Any, coordinator: User) -> None:
    laptop = signed_in(app, coordinator.email, FIREFOX, "198.51.100.7")
    signed_in(app, coordinator.email, CHROME_ANDROID, "203.0.113.9")
    # The phone was signed in thirteen hours ago: over, though its row waits for its cookie.
    db.session.execute(
        sa.update(UserSession)
        .where(UserSession.user_agent == CHROME_ANDROID)
        .values(created_at=utcnow() - timedelta(hours=13))
    )
    db.session.commit()
    html = laptop.get("/auth/account").get_data(as_text=True)
    assert "Firefox, Windows" in html and "Chrome, Android" not in html
