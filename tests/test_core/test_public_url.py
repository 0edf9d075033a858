"""Every link that leaves the browser is built from PORTAL_PUBLIC_URL; other hosts get 400.

The attack: asking for a password reset with a forged ``Host`` (or ``X-Forwarded-Host``
behind a trusted proxy) would e-mail the victim a genuine reset link at the attacker's host.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_login import FlaskLoginClient

from portal import config, create_app
from portal.auth.models import User
from tests.conftest import app_config
from tests.mail import Mailbox, body_of, deliver

PUBLIC = "https://silta.example.fi"


@pytest.fixture
def proxied_app(app: Flask, smtp_server: Any, db: Any) -> Iterator[Flask]:
    """The portal behind one reverse proxy, at its public address, on the tests' database."""
    application = create_app(
        app_config(
            app.config["SQLALCHEMY_DATABASE_URI"],
            smtp_server[0].port,
            TRUSTED_PROXIES=1,
            PUBLIC_URL=PUBLIC,
            TRUSTED_HOSTS=["silta.example.fi"],
        )
    )
    application.test_client_class = FlaskLoginClient
    yield application
    with application.app_context():
        application.extensions["sqlalchemy"].engines[None].dispose()


def reset_links(mailbox: Mailbox, address: str) -> list[str]:
    return [link for m in mailbox.to(address) for link in re.findall(r"https?://\S+", body_of(m))]


def test_a_forged_host_is_refused_and_no_reset_link_is_sent(
    app: Flask, client: FlaskClient, coordinator: User, mailbox: Mailbox
) -> None:
    response = client.post(
        "/auth/password/reset", data={"email": coordinator.email}, headers={"Host": "evil.tld"}
    )
    assert response.status_code == 400
    assert client.get("/auth/login", headers={"Host": "evil.tld:80"}).status_code == 400
    deliver(app)
    assert mailbox.to(coordinator.email) == []


def test_the_reset_link_is_at_the_public_address_whatever_the_proxy_forwards(
    proxied_app: Flask, coordinator: User, mailbox: Mailbox
) -> None:
    client = proxied_app.test_client()
    response = client.post(
        "/auth/password/reset",
        data={"email": coordinator.email},
        headers={
            "Host": "silta.example.fi",
            "X-Forwarded-Host": "evil.tld",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "203.0.113.9",
        },
    )
    assert response.status_code == 303
    deliver(proxied_app)
    [link] = reset_links(mailbox, coordinator.email)
    assert link.startswith(f"{PUBLIC}/auth/password/reset/")
    # The link works at the public address.
    path = link.removeprefix(PUBLIC)
    assert client.get(path, headers={"Host": "silta.example.fi"}).status_code == 200


def test_a_forged_host_behind_the_proxy_is_refused(
    proxied_app: Flask, coordinator: User, mailbox: Mailbox
) -> None:
    client = proxied_app.test_client()
    response = client.post(
        "/auth/password/reset",
        data={"email": coordinator.email},
        headers={"Host": "evil.tld", "X-Forwarded-Proto": "https"},
    )
    assert response.status_code == 400
    deliver(proxied_app)
    assert mailbox.to(coordinator.email) == []


def test_the_invitation_link_is_at_the_public_address(
    app: Flask, admin_client: FlaskClient, workshop: Any, mailbox: Mailbox
) -> None:
    response = admin_client.post(
        "/admin/accounts/new",
        data={
            "name": "Sari Salo",
            "email": "sari.salo@parik.example",
            "title": "Työvalmentaja",
            "phone": "",
            "party_id": workshop.id,
            "role": "staff",
            "unit_id": 0,
            "send_invitation": "y",
        },
    )
    assert response.status_code == 303
    deliver(app)
    # Asked for at http://localhost/, linked at the public address.
    [link] = reset_links(mailbox, "sari.salo@parik.example")
    assert link.startswith(app.config["PUBLIC_URL"] + "/auth/invitation/")


def test_the_calendar_feed_address_is_at_the_public_address(
    app: Flask, login: Callable[[User], FlaskClient], coordinator: User
) -> None:
    client = login(coordinator)  # at http://localhost/
    assert client.post("/calendar/feed").status_code == 303
    html = client.get("/calendar/feed").get_data(as_text=True)
    public = re.escape(app.config["PUBLIC_URL"])
    assert re.search(rf'value="{public}/calendar/feed/[^"]+\.ics"', html)
    assert "http://localhost/calendar/feed/" not in html


def test_production_answers_only_to_the_public_host(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("PORTAL_SECRET_KEY", "x" * 50)
    monkeypatch.setenv("PORTAL_STORAGE_KEY", "A" * 43 + "=")
    monkeypatch.setenv("PORTAL_PUBLIC_URL", "https://silta.example.fi/")
    settings = config.load(tmp_path)
    assert settings["PUBLIC_URL"] == PUBLIC
    assert settings["TRUSTED_HOSTS"] == ["silta.example.fi"]
    monkeypatch.setenv("PORTAL_TRUSTED_HOSTS", "silta.example.fi, .silta.example.fi")
    assert config.load(tmp_path)["TRUSTED_HOSTS"] == ["silta.example.fi", ".silta.example.fi"]
