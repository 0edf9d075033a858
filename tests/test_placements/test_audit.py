"""Every step of a placement is in the audit log, without the comment written with it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.core.audit import AuditEvent
from portal.placements.models import Placement

Login = Callable[[User], FlaskClient]


def test_a_step_is_audited_with_its_actor_party_and_states_but_not_its_comment(
    login: Login, people: dict[str, User], make_placement: Callable[..., Placement], db: Any
) -> None:
    placement = make_placement()
    sender = people["provider_coordinator"]
    response = login(sender).post(
        f"/placements/{placement.id}/submit",
        data={"comment": "Aino on ollut sairaana"},
        environ_base={"REMOTE_ADDR": "192.0.2.9"},
    )
    assert response.status_code == 303

    step = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.event == "placement.step")
    ).one()
    assert (step.actor_id, step.actor_party_id, step.target_type, step.target_id) == (
        sender.id,
        sender.party_id,
        "Placement",
        placement.id,
    )
    assert step.details["step"] == "submitted"
    assert (step.details["old"], step.details["new"]) == ("draft", "submitted")
    assert step.address == "192.0.2.9" and step.outcome == "success"
    assert "Aino" not in str(step.details)

    html = login(people["admin"]).get("/admin/audit?event=placement.step").get_data(as_text=True)
    assert "Siirtymän vaihe" in html and "Vaihe: submitted" in html
