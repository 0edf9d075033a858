"""The administrator reads the audit log; nobody else sees it."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from portal.auth.models import User
from tests.conftest import AuthActions


def test_failed_sign_in_shows_in_the_audit_log(
    auth: AuthActions, admin_client: FlaskClient, coordinator: User
) -> None:
    auth.login(coordinator.email, "wrong password!")
    html = admin_client.get("/admin/audit?event=login.failure").get_data(as_text=True)
    assert "Epäonnistunut kirjautuminen" in html and coordinator.email in html


def test_throttled_sign_in_is_audited(
    auth: AuthActions, admin_client: FlaskClient, coordinator: User
) -> None:
    for _ in range(6):
        auth.login(coordinator.email, "wrong password!")
    html = admin_client.get("/admin/audit?event=rate_limit.exceeded").get_data(as_text=True)
    assert coordinator.email in html


def test_audit_log_filters_by_person(
    auth: AuthActions, admin_client: FlaskClient, coordinator: User, staff: User
) -> None:
    auth.login(coordinator.email, "wrong password!")
    auth.login(staff.email, "wrong password!")
    html = admin_client.get(
        f"/admin/audit?person={staff.email}", headers={"HX-Request": "true"}
    ).get_data(as_text=True)
    assert staff.email in html and coordinator.email not in html and "<html" not in html


def test_only_the_administrator_reads_the_audit_log(
    coordinator_client: FlaskClient, db: Any
) -> None:
    assert coordinator_client.get("/admin/audit").status_code == 403
