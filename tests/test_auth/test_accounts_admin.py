"""The administrator creates accounts and invites people; nobody else may."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal.auth.models import Role, User
from portal.core.audit import AuditEvent
from tests import factories
from tests.conftest import AuthActions
from tests.mail import Mailbox, body_of, deliver


def account_form(party: Any, **overrides: Any) -> dict[str, Any]:
    data = {
        "name": "Sari Salo",
        "email": "sari.salo@parik.example",
        "title": "Työvalmentaja",
        "phone": "+358 40 765 4321",
        "party_id": party.id,
        "role": "staff",
        "unit_id": 0,
        "send_invitation": "y",
    }
    data.update(overrides)
    return data


def test_invited_person_sets_a_password_and_signs_in(
    app: Flask,
    admin_client: FlaskClient,
    client: FlaskClient,
    auth: AuthActions,
    workshop: Any,
    mailbox: Mailbox,
    db: Any,
) -> None:
    response = admin_client.post("/admin/accounts/new", data=account_form(workshop))
    assert response.status_code == 303
    user = db.session.query(User).filter_by(email="sari.salo@parik.example").one()
    assert user.password_hash is None and user.party == workshop

    deliver(app)
    [message] = mailbox.to("sari.salo@parik.example")
    assert message["Subject"] == "Sinut on kutsuttu Siltaan"
    link = re.search(r"http://127\.0\.0\.1:5000(/\S+)", body_of(message)).group(1)  # type: ignore[union-attr]
    response = client.post(
        link, data={"password": "kaksi karhua kävi kylässä", "confirm": "kaksi karhua kävi kylässä"}
    )
    assert response.status_code == 303
    assert auth.login("sari.salo@parik.example", "kaksi karhua kävi kylässä").status_code == 303
    assert client.get(link).status_code == 404  # the invitation works once


def test_duplicate_email_is_explained_beside_the_field_and_the_form_kept(
    admin_client: FlaskClient, workshop: Any, coordinator: User, db: Any
) -> None:
    before = db.session.query(User).count()
    response = admin_client.post(
        "/admin/accounts/new", data=account_form(workshop, email=coordinator.email.upper())
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert (
        'id="email-error"' in html and "Sähköpostiosoite on jo toisen tunnuksen käytössä." in html
    )
    assert 'value="Sari Salo"' in html and 'value="+358 40 765 4321"' in html
    assert db.session.query(User).count() == before


def test_missing_and_malformed_fields_are_explained(
    admin_client: FlaskClient, workshop: Any
) -> None:
    html = admin_client.post(
        "/admin/accounts/new",
        data=account_form(workshop, name="", email="not-an-address", phone="abc"),
    ).get_data(as_text=True)
    assert "Kirjoita henkilön nimi." in html
    assert "Kirjoita sähköpostiosoite muodossa nimi@esimerkki.fi." in html
    assert "Kirjoita puhelinnumero" in html


def test_coordinator_unit_must_belong_to_the_party(
    admin_client: FlaskClient, workshop: Any, provider: Any
) -> None:
    other_unit = factories.UnitFactory(party=provider)
    response = admin_client.post(
        "/admin/accounts/new",
        data=account_form(workshop, role="coordinator", unit_id=other_unit.id),
    )
    assert response.status_code == 422
    assert "Yksikön on kuuluttava henkilön osapuoleen." in response.get_data(as_text=True)


def test_role_change_is_audited(admin_client: FlaskClient, staff: User, db: Any) -> None:
    response = admin_client.post(
        f"/admin/accounts/{staff.id}/edit",
        data={
            "name": staff.name,
            "email": staff.email,
            "party_id": staff.party_id,
            "role": "coordinator",
            "unit_id": 0,
            "active": "y",
        },
    )
    assert response.status_code == 303
    db.session.refresh(staff)
    assert staff.role == Role.COORDINATOR
    [event] = db.session.query(AuditEvent).filter_by(event="user.role_change").all()
    assert event.details == {"old": "staff", "new": "coordinator"} and event.target_id == staff.id


def test_administrator_cannot_demote_themselves(
    admin_client: FlaskClient, admin: User, workshop: Any
) -> None:
    response = admin_client.post(
        f"/admin/accounts/{admin.id}/edit",
        data={
            "name": admin.name,
            "email": admin.email,
            "party_id": workshop.id,
            "role": "staff",
            "unit_id": 0,
            "active": "y",
        },
    )
    assert response.status_code == 422


@pytest.mark.parametrize("url", ["/admin/accounts/", "/admin/accounts/new"])
def test_others_may_not_manage_accounts(
    coordinator_client: FlaskClient, staff_client: FlaskClient, url: str
) -> None:
    assert coordinator_client.get(url).status_code == 403
    assert staff_client.get(url).status_code == 403


def test_unknown_account_is_404(admin_client: FlaskClient) -> None:
    assert admin_client.get("/admin/accounts/999999/edit").status_code == 404


def test_account_list_filters_by_party(
    admin_client: FlaskClient, coordinator: User, provider: Any
) -> None:
    other = factories.UserFactory(party=provider, name="Toinen Henkilö")
    html = admin_client.get(f"/admin/accounts/?party={coordinator.party_id}").get_data(as_text=True)
    assert coordinator.name in html and other.name not in html
