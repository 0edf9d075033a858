"""The administrator belongs to no party, and cannot change who a person is quietly.

Each test acts as an administrator who would like to read a party's confidential documents:
by moving themselves into the party, by taking over a coordinator's account through its
e-mail address, or by creating a coordinator of their own.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from portal.auth.models import Role, User, UserSession
from portal.core.audit import AuditEvent
from portal.outbox.models import OutboxMessage
from tests import factories
from tests.mail import Mailbox, body_of, deliver


def edit_form(user: User, **overrides: Any) -> dict[str, Any]:
    data = {
        "name": user.name,
        "email": user.email,
        "title": user.title,
        "phone": user.phone,
        "party_id": user.party_id or 0,
        "role": user.role.value,
        "unit_id": user.unit_id or 0,
        "active": "y" if user.active else "",
    }
    data.update(overrides)
    return data


def events(db: Any, name: str) -> list[AuditEvent]:
    return db.session.query(AuditEvent).filter_by(event=name).all()


def outbox_count(db: Any) -> int:
    return db.session.query(OutboxMessage).count()


# --- The administrator belongs to no party ---------------------------------------------------


def test_administrator_cannot_move_themselves_into_a_party(
    admin_client: FlaskClient, admin: User, workshop: Any, coordinator: User, db: Any
) -> None:
    response = admin_client.post(
        f"/admin/accounts/{admin.id}/edit", data=edit_form(admin, party_id=workshop.id)
    )

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="party_id-error"' in html
    assert "Valitse, ettei henkilö kuulu osapuoleen, tai anna hänelle toinen rooli." in html
    db.session.refresh(admin)
    assert admin.party is None
    assert events(db, "user.party_change") == []
    assert outbox_count(db) == 0


def test_party_person_cannot_be_made_administrator_inside_the_party(
    admin_client: FlaskClient, staff: User, db: Any
) -> None:
    response = admin_client.post(
        f"/admin/accounts/{staff.id}/edit", data=edit_form(staff, role="admin")
    )

    assert response.status_code == 422
    assert 'id="party_id-error"' in response.get_data(as_text=True)
    db.session.refresh(staff)
    assert staff.role == Role.STAFF and staff.party is not None
    assert events(db, "user.role_change") == []


def test_new_administrator_cannot_be_created_inside_a_party(
    admin_client: FlaskClient, workshop: Any, db: Any
) -> None:
    response = admin_client.post(
        "/admin/accounts/new",
        data={
            "name": "Toinen Ylläpitäjä",
            "email": "toinen@silta.example",
            "party_id": workshop.id,
            "role": "admin",
            "unit_id": 0,
        },
    )

    assert response.status_code == 422
    assert 'id="party_id-error"' in response.get_data(as_text=True)
    assert db.session.query(User).filter_by(email="toinen@silta.example").count() == 0


def test_party_person_made_administrator_leaves_the_party_and_its_coordinators_are_told(
    app: Flask,
    admin_client: FlaskClient,
    staff: User,
    coordinator: User,
    mailbox: Mailbox,
    db: Any,
) -> None:
    response = admin_client.post(
        f"/admin/accounts/{staff.id}/edit", data=edit_form(staff, role="admin", party_id=0)
    )

    assert response.status_code == 303
    db.session.refresh(staff)
    assert staff.role == Role.ADMIN and staff.party is None
    [party_change] = events(db, "user.party_change")
    assert party_change.details == {"old": "Parik-säätiö", "new": ""}
    deliver(app)
    [told] = mailbox.to(coordinator.email)
    assert "Portaalin pääkäyttäjä" in body_of(told) and "Parik-säätiö" in body_of(told)


def test_administrator_given_a_party_on_the_command_line_keeps_it_but_is_not_moved(
    admin_client: FlaskClient, workshop: Any, provider: Any, db: Any
) -> None:
    other_admin = factories.UserFactory(
        role=Role.ADMIN, party=workshop, party_from_command_line=True
    )

    moved = admin_client.post(
        f"/admin/accounts/{other_admin.id}/edit", data=edit_form(other_admin, party_id=provider.id)
    )
    # The command line's exception: editing such an administrator's phone number is no
    # attempt to put them in a party.
    kept = admin_client.post(
        f"/admin/accounts/{other_admin.id}/edit",
        data=edit_form(other_admin, phone="+358 40 123 4567"),
    )

    assert moved.status_code == 422
    assert kept.status_code == 303
    db.session.refresh(other_admin)
    assert other_admin.party == workshop and other_admin.phone == "+358 40 123 4567"


def test_command_line_exception_ends_when_the_administrator_stops_being_one(
    admin_client: FlaskClient, workshop: Any, db: Any
) -> None:
    other_admin = factories.UserFactory(
        role=Role.ADMIN, party=workshop, party_from_command_line=True
    )
    url = f"/admin/accounts/{other_admin.id}/edit"

    demoted = admin_client.post(url, data=edit_form(other_admin, role="coordinator"))
    promoted = admin_client.post(url, data=edit_form(other_admin, role="admin"))

    assert demoted.status_code == 303
    assert promoted.status_code == 422
    db.session.refresh(other_admin)
    assert other_admin.role == Role.COORDINATOR and not other_admin.party_from_command_line


def test_command_line_gives_an_administrator_a_party_when_asked_audited_and_told(
    app: Flask,
    runner: Any,
    workshop: Any,
    coordinator: User,
    mailbox: Mailbox,
    db: Any,
    monkeypatch: Any,
) -> None:
    monkeypatch.setenv("PORTAL_ADMIN_PASSWORD", "vahva salasana ylläpitäjälle")
    result = runner.invoke(
        args=[
            "create-admin",
            "--email",
            "root@parik.example",
            "--name",
            "Pää Käyttäjä",
            "--party",
            workshop.business_id,
        ]
    )

    assert result.exit_code == 0, result.output
    user = db.session.query(User).filter_by(email="root@parik.example").one()
    assert user.role == Role.ADMIN and user.party == workshop and user.party_from_command_line
    [created] = events(db, "user.create")
    assert created.actor_id is None and created.target_id == user.id
    assert created.details["via"] == "command line"
    assert created.details["party"] == "Parik-säätiö"
    deliver(app)
    [told] = mailbox.to(coordinator.email)
    assert "Pää Käyttäjä" in body_of(told) and "root@parik.example" in body_of(told)


def test_command_line_refuses_an_unknown_business_id(
    runner: Any, db: Any, monkeypatch: Any
) -> None:
    monkeypatch.setenv("PORTAL_ADMIN_PASSWORD", "vahva salasana ylläpitäjälle")
    result = runner.invoke(
        args=[
            "create-admin",
            "--email",
            "root@silta.example",
            "--name",
            "Pää Käyttäjä",
            "--party",
            "1234567-1",
        ]
    )

    assert result.exit_code != 0
    assert "No party has the business ID 1234567-1" in result.output
    assert db.session.query(User).filter_by(email="root@silta.example").count() == 0


# --- Changes to a person are audited, end their sessions and are told -----------------------


def test_email_change_is_audited_signs_the_person_out_and_is_told_to_old_and_new_address(
    app: Flask,
    login: Any,
    admin_client: FlaskClient,
    coordinator: User,
    workshop: Any,
    provider: Any,
    mailbox: Mailbox,
    db: Any,
) -> None:
    colleague = factories.UserFactory(
        role=Role.COORDINATOR, party=workshop, email="toinen@parik.example", locale="sv"
    )
    elsewhere = factories.UserFactory(
        role=Role.COORDINATOR, party=provider, email="koordinaattori@luovi.example"
    )
    victim_client = login(coordinator)
    assert victim_client.get("/").status_code == 200

    response = admin_client.post(
        f"/admin/accounts/{coordinator.id}/edit",
        data=edit_form(coordinator, email="yllapitajan.toinen@silta.example"),
    )

    assert response.status_code == 303
    [event] = events(db, "user.email_change")
    assert event.target_id == coordinator.id
    assert event.details == {
        "old": "coordinator@parik.example",
        "new": "yllapitajan.toinen@silta.example",
    }
    # The old cookie no longer signs anyone in; the administrator stays signed in.
    assert db.session.query(UserSession).filter_by(user_id=coordinator.id).count() == 0
    again = victim_client.get("/")
    assert again.status_code == 303 and "/auth/login" in again.headers["Location"]
    assert admin_client.get("/admin/accounts/").status_code == 200

    deliver(app)
    [old] = mailbox.to("coordinator@parik.example")
    [new] = mailbox.to("yllapitajan.toinen@silta.example")
    for message in (old, new):
        assert message["Subject"] == "Silta-tunnustasi on muutettu"
        body = body_of(message)
        assert "coordinator@parik.example → yllapitajan.toinen@silta.example" in body
        # The sign-in link is absolute, built by the portal's one helper for links in mail.
        assert re.search(r"^https?://\S+/auth/login\r?$", body, re.M)
    [told] = mailbox.to(colleague.email)
    assert told["Subject"] == f"Silta-kontot för {coordinator.name} har ändrats"
    assert "coordinator@parik.example → yllapitajan.toinen@silta.example" in body_of(told)
    assert mailbox.to(elsewhere.email) == []


def test_party_change_tells_both_parties_coordinators_and_signs_the_person_out(
    app: Flask,
    login: Any,
    admin_client: FlaskClient,
    staff: User,
    coordinator: User,
    provider: Any,
    mailbox: Mailbox,
    db: Any,
) -> None:
    new_coordinator = factories.UserFactory(
        role=Role.COORDINATOR, party=provider, email="koordinaattori@luovi.example"
    )
    staff_client = login(staff)

    response = admin_client.post(
        f"/admin/accounts/{staff.id}/edit", data=edit_form(staff, party_id=provider.id)
    )

    assert response.status_code == 303
    [event] = events(db, "user.party_change")
    assert event.details == {"old": "Parik-säätiö", "new": "Ammattiopisto Luovi"}
    assert staff_client.get("/").status_code == 303
    deliver(app)
    for reader in (coordinator, new_coordinator, staff):
        [message] = mailbox.to(reader.email)
        assert "Parik-säätiö → Ammattiopisto Luovi" in body_of(message)


def test_role_and_unit_changes_are_audited_with_old_and_new_values(
    app: Flask, admin_client: FlaskClient, staff: User, workshop: Any, mailbox: Mailbox, db: Any
) -> None:
    unit = factories.UnitFactory(party=workshop, name="Puu- ja metallityö")

    response = admin_client.post(
        f"/admin/accounts/{staff.id}/edit",
        data=edit_form(staff, role="coordinator", unit_id=unit.id),
    )

    assert response.status_code == 303
    [role] = events(db, "user.role_change")
    assert role.details == {"old": "staff", "new": "coordinator"}
    [unit_change] = events(db, "user.unit_change")
    assert unit_change.details == {"old": "", "new": "Puu- ja metallityö"}
    deliver(app)
    [message] = mailbox.to(staff.email)
    body = body_of(message)
    assert "Henkilöstö → Vastuuhenkilö" in body
    assert "Koko osapuoli → Puu- ja metallityö" in body


def test_deactivation_is_told_to_the_person_and_the_coordinators_but_no_change_is_not(
    app: Flask,
    login: Any,
    admin_client: FlaskClient,
    staff: User,
    coordinator: User,
    mailbox: Mailbox,
    db: Any,
) -> None:
    staff_client = login(staff)
    unchanged = admin_client.post(f"/admin/accounts/{staff.id}/edit", data=edit_form(staff))
    assert unchanged.status_code == 303
    assert outbox_count(db) == 0 and staff_client.get("/").status_code == 200

    response = admin_client.post(
        f"/admin/accounts/{staff.id}/edit", data=edit_form(staff, active="")
    )

    assert response.status_code == 303
    assert staff_client.get("/").status_code == 303
    assert len(events(db, "user.deactivate")) == 1
    deliver(app)
    assert len(mailbox.to(staff.email)) == 1
    [told] = mailbox.to(coordinator.email)
    assert "Käytössä → Poistettu käytöstä" in body_of(told)


def test_new_coordinator_is_told_to_the_party_coordinators(
    app: Flask,
    admin_client: FlaskClient,
    workshop: Any,
    provider: Any,
    coordinator: User,
    mailbox: Mailbox,
    db: Any,
) -> None:
    elsewhere = factories.UserFactory(
        role=Role.COORDINATOR, party=provider, email="koordinaattori@luovi.example"
    )

    response = admin_client.post(
        "/admin/accounts/new",
        data={
            "name": "Uusi Koordinaattori",
            "email": "uusi@parik.example",
            "party_id": workshop.id,
            "role": "coordinator",
            "unit_id": 0,
        },
    )

    assert response.status_code == 303
    user = db.session.query(User).filter_by(email="uusi@parik.example").one()
    [created] = events(db, "user.create")
    assert created.target_id == user.id and created.details["role"] == "coordinator"
    assert created.details["party"] == "Parik-säätiö"
    deliver(app)
    [told] = mailbox.to(coordinator.email)
    assert told["Subject"] == "Uusi Silta-tunnus: Parik-säätiö"
    body = body_of(told)
    assert "Uusi Koordinaattori (uusi@parik.example)" in body and "Vastuuhenkilö" in body
    assert mailbox.to(elsewhere.email) == []


def test_administrator_changing_their_own_address_stays_signed_in_here_only(
    app: Flask,
    login: Any,
    admin: User,
    mailbox: Mailbox,
    db: Any,
) -> None:
    here = login(admin)
    elsewhere = login(admin)

    response = here.post(
        f"/admin/accounts/{admin.id}/edit", data=edit_form(admin, email="aino@silta.example")
    )

    assert response.status_code == 303
    assert here.get(f"/admin/accounts/{admin.id}/edit").status_code == 200
    assert elsewhere.get("/admin/accounts/").status_code == 303
    [event] = events(db, "user.email_change")
    assert event.actor_id == admin.id and event.details["old"] == "admin@silta.example"
    deliver(app)
    assert len(mailbox.to("admin@silta.example")) == 1
    assert len(mailbox.to("aino@silta.example")) == 1
