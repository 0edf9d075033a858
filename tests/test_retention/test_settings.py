"""The retention settings by role: a party's coordinator sets the party's periods within the
administrator's limits (pages in the default language, Finnish); staff, another party's
coordinator and third parties find no page; the administrator sets the limits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.core.audit import AuditEvent
from portal.parties.models import Party
from portal.retention.models import Category, RetentionLimit, RetentionSetting

PERIODS = {
    "identity": "6",
    "daily_records": "5",
    "comments": "3",
    "documents_public": "2",
    "documents_internal": "4",
    "documents_confidential": "8",
    "documents_secret": "10",
    "audit": "7",
}


def saved(db: Any, party: Party) -> dict[str, int]:
    rows = db.session.scalars(
        sa.select(RetentionSetting).where(RetentionSetting.party_id == party.id)
    )
    return {row.category.value: row.years for row in rows}


def test_the_coordinator_sets_the_partys_periods(
    coordinator_client: FlaskClient, db: Any, workshop: Party
) -> None:
    page = coordinator_client.get("/retention/", follow_redirects=True)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "pidempi säilytysaika ratkaisee" in html and "1–10, 5 ellei toisin valita" in html
    response = coordinator_client.post(f"/retention/parties/{workshop.id}", data=PERIODS)
    assert response.status_code == 303
    assert saved(db, workshop) == {key: int(value) for key, value in PERIODS.items()}
    assert db.session.scalar(
        sa.select(AuditEvent).where(
            AuditEvent.event == "retention.settings", AuditEvent.target_id == workshop.id
        )
    )


def test_a_period_outside_the_limits_is_refused_beside_its_field(
    coordinator_client: FlaskClient, db: Any, workshop: Party
) -> None:
    response = coordinator_client.post(
        f"/retention/parties/{workshop.id}", data={**PERIODS, "comments": "40", "audit": "x"}
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="comments-error">Valitse 1–10 vuotta.' in html
    assert 'id="audit-error">' in html
    # What was typed stays; nothing is half-saved.
    assert 'value="40"' in html and 'value="6"' in html
    assert saved(db, workshop) == {}


def test_staff_another_party_and_a_third_party_find_no_page(
    login: Callable[[User], FlaskClient],
    staff: User,
    provider_coordinator: User,
    social_coordinator: User,
    workshop: Party,
) -> None:
    url = f"/retention/parties/{workshop.id}"
    assert login(staff).get(url).status_code == 404
    assert login(staff).get("/retention/").status_code == 404
    for other in (provider_coordinator, social_coordinator):
        client = login(other)
        assert client.get(url).status_code == 404
        assert client.post(url, data=PERIODS).status_code == 404


def test_the_administrator_sets_the_limits_a_coordinator_cannot(
    admin_client: FlaskClient, coordinator_client: FlaskClient, db: Any, workshop: Party
) -> None:
    data = {}
    for category in Category:
        data |= {f"{category.value}__min": "2", f"{category.value}__default": "6"}
        data[f"{category.value}__max"] = "12"
    assert coordinator_client.post("/retention/limits", data=data).status_code == 403
    assert admin_client.post("/retention/limits", data=data).status_code == 303
    limit = db.session.get(RetentionLimit, Category.COMMENTS)
    assert (limit.min_years, limit.default_years, limit.max_years) == (2, 6, 12)
    html = coordinator_client.get(f"/retention/parties/{workshop.id}").get_data(as_text=True)
    assert "2–12, 6 ellei toisin valita" in html


def test_limits_out_of_order_are_refused(admin_client: FlaskClient, db: Any) -> None:
    data = {}
    for category in Category:
        data |= {f"{category.value}__min": "5", f"{category.value}__default": "3"}
        data[f"{category.value}__max"] = "10"
    response = admin_client.post("/retention/limits", data=data)
    assert response.status_code == 422
    assert "on oltava tässä järjestyksessä" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RetentionLimit)) == 0
