"""The demo's young person's request: Maria finds Kaisla among Parik's placements, and the
timeline of her placement shows the misspelt surname Maria corrected."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.core.audit import AuditEvent
from portal.demo.subject_access import MISSPELT, REFERENCE
from portal.placements.models import Placement


def test_the_demo_shows_a_request_answered(
    runner: Any, db: Any, login: Callable[[User], FlaskClient]
) -> None:
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    maria = db.session.scalar(sa.select(User).where(User.email == "maria.virtanen@parik.example"))
    client = login(maria)
    found = client.get("/subject-access/?q=Kaisla").get_data(as_text=True)
    assert REFERENCE in found and "Kaisla Mäntyvaara" in found
    placement = db.session.scalars(
        sa.select(Placement).where(Placement.reference == REFERENCE)
    ).one()
    page = client.get(f"/placements/{placement.id}").get_data(as_text=True)
    assert f"Koko nimi oli: {MISSPELT}" in page
    events = set(db.session.scalars(sa.select(AuditEvent.event)))
    assert {"subject_access.export", "subject_access.rectify"} <= events
