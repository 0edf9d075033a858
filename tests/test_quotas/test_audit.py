"""Every change of quota places is in the audit log, without the young person's reference."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.core.audit import AuditEvent
from portal.parties.models import Unit
from portal.placements.models import Placement
from portal.quotas import places
from portal.quotas.models import Quota
from tests.test_quotas.conftest import day

Login = Callable[[User], FlaskClient]


def rows(db: Any) -> list[AuditEvent]:
    stmt = sa.select(AuditEvent).where(AuditEvent.event.like("quota.%")).order_by(AuditEvent.seq)
    return list(db.session.scalars(stmt))


def test_reserving_changing_filling_and_releasing_places_are_audited(
    login: Login,
    people: dict[str, User],
    unit: Unit,
    provider: Any,
    period: Callable[..., Placement],
    app: Flask,
    db: Any,
) -> None:
    workshop, filler = people["workshop_coordinator"], people["provider_coordinator"]
    data = {
        "unit": str(unit.id),
        "provider": str(provider.id),
        "field_name": "Rakennus- ja puuala",
        "start_on": day(10).isoformat(),
        "end_on": day(190).isoformat(),
        "places": "4",
        "reply_by": day(7).isoformat(),
        "note": "",
    }
    client = login(workshop)
    assert client.post("/quotas/new", data=data).status_code == 303
    quota = db.session.scalar(sa.select(Quota))
    assert client.post(f"/quotas/{quota.id}/edit", data={**data, "places": "5"}).status_code == 303

    # Each its own request, as in the portal.
    with app.test_request_context():
        filled = places.fill_with_placement(filler, quota, period(20, 100))
        db.session.commit()
    with app.test_request_context():
        reserved = places.reserve(
            filler, quota, reference="Aino Virtanen", start_on=day(30), end_on=day(60)
        )
        db.session.commit()
    with app.test_request_context():
        places.release(filler, reserved)
        db.session.commit()

    found = rows(db)
    assert [(r.event, r.actor_id, r.actor_party_id) for r in found] == [
        ("quota.create", workshop.id, workshop.party_id),
        ("quota.update", workshop.id, workshop.party_id),
        ("quota.fill", filler.id, filler.party_id),
        ("quota.reserve", filler.id, filler.party_id),
        ("quota.release", filler.id, filler.party_id),
    ]
    assert found[1].details["new"].startswith("5 ")
    assert (found[2].target_type, found[2].target_id) == ("QuotaAllocation", filled.id)
    assert all("Aino" not in str(r.details) for r in found)

    html = login(people["admin"]).get("/admin/audit").get_data(as_text=True)
    assert "Kiintiöpaikat varattu" in html and "Kiintiöpaikka vapautettu" in html
