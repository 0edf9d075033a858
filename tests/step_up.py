"""Helpers for the step-up tests: a session whose last confirmation is old, and confirming."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import sqlalchemy as sa
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from portal.auth.models import User, UserSession
from portal.core.models import utcnow
from tests.conftest import PASSWORD


def make_stale(db: Any, user: User, minutes: int = 11) -> None:
    """Pretend the user's sessions last confirmed who they are ``minutes`` ago."""
    db.session.execute(
        sa.update(UserSession)
        .where(UserSession.user_id == user.id)
        .values(verified_at=utcnow() - timedelta(minutes=minutes))
    )
    db.session.commit()


def confirm_target(response: TestResponse) -> str | None:
    """The ``next`` of a redirect to the confirm page; fails if it is no such redirect."""
    location = response.headers.get("HX-Redirect") or response.headers.get("Location", "")
    parts = urlsplit(location)
    assert parts.path == "/auth/account/confirm", location
    return parse_qs(parts.query).get("next", [None])[0]


def confirm(client: FlaskClient, next_url: str | None, password: str = PASSWORD) -> TestResponse:
    query = {"next": next_url} if next_url else {}
    return client.post("/auth/account/confirm", query_string=query, data={"password": password})
