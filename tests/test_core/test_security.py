from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from flask.json.tag import TaggedJSONSerializer
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer

from portal import create_app
from portal.auth import tokens
from portal.auth.models import User
from portal.core.audit import AuditEvent
from portal.core.authz import public
from portal.core.security import safe_next
from portal.parties.models import Party
from tests.conftest import app_config, csrf_token_from


def test_pages_carry_a_strict_content_security_policy(client: FlaskClient) -> None:
    response = client.get("/auth/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_script(coordinator_client: FlaskClient) -> None:
    for url in ["/", "/directory", "/agreement", "/auth/account"]:
        html = coordinator_client.get(url).get_data(as_text=True)
        assert "<script>" not in html and "onclick=" not in html, url


def test_signed_in_pages_are_not_cached(coordinator_client: FlaskClient) -> None:
    assert coordinator_client.get("/").headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "target",
    ["/parties/1", "/directory?q=a", "/"],
)
def test_safe_next_accepts_paths_of_this_site(target: str) -> None:
    assert safe_next(target) == target


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "evil.example",
        "/ok\r\nSet-Cookie: x=1",
        "",
        None,
    ],
)
def test_safe_next_refuses_other_sites(target: str | None) -> None:
    assert safe_next(target) is None


def test_post_without_csrf_token_is_refused_and_changes_nothing(
    csrf_enabled: None, admin_client: FlaskClient, db: Any
) -> None:
    before = db.session.query(Party).count()
    response = admin_client.post(
        "/admin/parties/new",
        data={"name": "Uusi paja", "kind": "workshop", "business_id": "0116297-6"},
    )
    assert response.status_code == 400
    assert db.session.query(Party).count() == before
    assert db.session.query(AuditEvent).filter_by(event="csrf.failure").count() == 1


def test_refused_post_to_a_link_with_a_token_keeps_the_token_out_of_the_audit_log(
    csrf_enabled: None, coordinator_client: FlaskClient, db: Any
) -> None:
    token = "AbCdEf0123456789-secret-link-token"
    response = coordinator_client.post(
        f"/auth/password/reset/{token}", data={"password": "x", "confirm": "x"}
    )
    assert response.status_code == 400
    event = db.session.query(AuditEvent).filter_by(event="csrf.failure").one()
    assert token not in str(event.details)
    assert event.details["path"] == "/auth/password/reset/[redacted]"


def test_htmx_post_with_csrf_header_succeeds(
    csrf_enabled: None, coordinator_client: FlaskClient, coordinator: User, db: Any
) -> None:
    token = csrf_token_from(coordinator_client.get("/auth/account").get_data(as_text=True))
    response = coordinator_client.post(
        "/auth/account",
        data={"name": "Uusi Nimi", "title": "", "phone": "", "locale": "sv"},
        headers={"X-CSRFToken": token, "HX-Request": "true", "HX-Boosted": "true"},
    )
    assert response.status_code == 303
    db.session.refresh(coordinator)
    assert coordinator.name == "Uusi Nimi"


def test_form_posted_after_the_session_ended_leads_to_sign_in(
    csrf_enabled: None, client: FlaskClient
) -> None:
    response = client.post(
        "/auth/account",
        data={"name": "x"},
        headers={"Referer": "http://localhost/auth/account"},
    )
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/auth/login?next=/auth/account")


def test_session_cookie_is_httponly_and_lax(client: FlaskClient, coordinator: User) -> None:
    response = client.post(
        "/auth/login", data={"email": coordinator.email, "password": "correct horse battery staple"}
    )
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_session_cookie_and_mailed_links_are_signed_with_sha256(
    app: Any, client: FlaskClient, coordinator: User
) -> None:
    response = client.post(
        "/auth/login", data={"email": coordinator.email, "password": "correct horse battery staple"}
    )
    value = response.headers["Set-Cookie"].split(";", 1)[0].split("=", 1)[1]
    signed = {"key_derivation": "hmac", "digest_method": hashlib.sha256}
    serializer = URLSafeTimedSerializer(
        app.secret_key,
        salt="cookie-session",
        signer_kwargs=signed,
        serializer=TaggedJSONSerializer(),
    )
    assert "_user_id" in serializer.loads(value)
    with app.test_request_context():
        token = tokens.make_token(coordinator, tokens.PASSWORD_RESET)
    link_serializer = URLSafeTimedSerializer(
        app.secret_key,
        salt="portal.password-reset",
        signer_kwargs={"digest_method": hashlib.sha256},
    )
    assert link_serializer.loads(token)["user"] == coordinator.id


def test_missing_page_is_404_in_the_users_language(client: FlaskClient) -> None:
    fi = client.get("/no-such-page")
    assert fi.status_code == 404
    assert "Sivua ei löytynyt" in fi.get_data(as_text=True)
    sv = client.get("/no-such-page", headers={"Accept-Language": "sv"})
    assert "Sidan hittades inte" in sv.get_data(as_text=True)


def test_server_error_shows_no_stack_trace(tmp_path: Path, smtp_server: Any) -> None:
    app = create_app(
        app_config(
            f"sqlite:///{tmp_path}/x.sqlite3", smtp_server[0].port, PROPAGATE_EXCEPTIONS=False
        )
    )

    @app.get("/explode")
    @public
    def explode() -> str:
        raise RuntimeError("secret internal detail")

    response = app.test_client().get("/explode")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Jokin meni vikaan" in body
    assert "secret internal detail" not in body and "Traceback" not in body
