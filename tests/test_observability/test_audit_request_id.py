"""The request id of an audit row is covered by the row's hash once it has one; rows from
before it (or from outside a request) have none and still verify."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.core import audit
from portal.core.audit import AuditEvent
from tests.conftest import PASSWORD, AuthActions
from tests.test_core.test_audit_chain import tamper, verify


@pytest.fixture
def rows(
    app: Flask, client: FlaskClient, auth: AuthActions, coordinator: User, db: Any
) -> list[AuditEvent]:
    """A row without a request id (as every row before it), and two sign-ins with one."""
    with app.app_context():
        audit.record("party.create", actor_email="script@silta.example", name="Kotkan paja")
        db.session.commit()
    auth.login(coordinator.email, "wrong password here")
    auth.login(coordinator.email, PASSWORD)
    return list(db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.seq)))[-3:]


def test_rows_with_and_without_a_request_id_verify(runner: Any, rows: list[AuditEvent]) -> None:
    assert [bool(row.request_id) for row in rows] == [False, True, True]
    code, output = verify(runner)
    assert code == 0, output


@pytest.mark.parametrize(
    ("which", "new_value"),
    [(1, "0123456789abcdef0123456789abcdef"), (1, ""), (0, "0123456789abcdef0123456789abcdef")],
    ids=["changed", "blanked", "added-to-an-older-row"],
)
def test_a_request_id_changed_behind_the_portals_back_is_named(
    runner: Any, rows: list[AuditEvent], db: Any, which: int, new_value: str
) -> None:
    row = rows[which]
    tamper(
        db, "UPDATE audit_event SET request_id = :value WHERE id = :id", value=new_value, id=row.id
    )
    code, output = verify(runner)
    assert code == 1
    assert f"audit_event: row id {row.id} (seq {row.seq}): edited" in output
