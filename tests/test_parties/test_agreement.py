"""The agreement is in force once every founding party has signed; parties join and withdraw."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.core.dates import today
from portal.notifications.models import Notification
from portal.parties import service
from portal.parties.models import PartyKind
from tests import factories


@pytest.fixture
def agreement(db: Any) -> Any:
    return factories.AgreementFactory()


def test_not_in_force_until_every_founding_party_has_signed(
    agreement: Any, workshop: Any, provider: Any
) -> None:
    factories.SignatureFactory(agreement=agreement, party=workshop, signed_on=date(2021, 11, 13))
    status = service.agreement_status(agreement)
    assert not status.in_force and status.awaiting == [provider]

    factories.SignatureFactory(agreement=agreement, party=provider, signed_on=date(2021, 12, 11))
    status = service.agreement_status(agreement)
    assert status.in_force and status.in_force_since == date(2021, 12, 11)


def test_founding_party_that_withdrew_without_signing_is_not_awaited(
    agreement: Any, workshop: Any, provider: Any
) -> None:
    factories.SignatureFactory(agreement=agreement, party=workshop)
    provider.withdrawn_on = today() - timedelta(days=1)
    assert service.agreement_status(agreement).in_force


def test_supporting_organisation_does_not_sign(
    app: Flask, agreement: Any, admin: User, db: Any
) -> None:
    supporting = factories.PartyFactory(kind=PartyKind.SUPPORTING, is_founding=True)
    with app.test_request_context(), pytest.raises(service.DomainError):
        service.record_signature(
            admin,
            supporting,
            signer_name="A",
            signer_title="B",
            place="C",
            signed_on=date(2022, 1, 1),
        )
    # and it is never waited for
    assert supporting not in service.agreement_status(agreement).awaiting


def test_signature_is_recorded_once(
    admin_client: FlaskClient, agreement: Any, workshop: Any, db: Any
) -> None:
    data = {
        "signer_name": "Pasi Hedman",
        "signer_title": "toimitusjohtaja",
        "place": "Kouvola",
        "signed_on": "2021-11-13",
    }
    assert (
        admin_client.post(f"/admin/parties/{workshop.id}/signature", data=data).status_code == 303
    )
    again = admin_client.post(f"/admin/parties/{workshop.id}/signature", data=data)
    assert again.status_code == 422
    assert "Osapuolen allekirjoitus on jo kirjattu." in again.get_data(as_text=True)
    assert len(workshop.signatures) == 1


def test_signature_date_cannot_be_in_the_future(
    admin_client: FlaskClient, agreement: Any, workshop: Any
) -> None:
    tomorrow = (today() + timedelta(days=1)).isoformat()
    response = admin_client.post(
        f"/admin/parties/{workshop.id}/signature",
        data={"signer_name": "A", "signer_title": "B", "place": "C", "signed_on": tomorrow},
    )
    assert response.status_code == 422
    assert 'id="signed_on-error"' in response.get_data(as_text=True)


def test_joining_party_is_announced_to_every_other_active_partys_coordinators(
    admin_client: FlaskClient, workshop: Any, provider: Any, db: Any
) -> None:
    workshop_coordinator = factories.coordinator_of(workshop)
    provider_coordinator = factories.coordinator_of(provider, locale="en")
    withdrawn = factories.PartyFactory(withdrawn_on=today() - timedelta(days=30))
    withdrawn_coordinator = factories.coordinator_of(withdrawn)
    supporting_coordinator = factories.coordinator_of(
        factories.PartyFactory(kind=PartyKind.SUPPORTING)
    )
    staff_member = factories.UserFactory(party=workshop)

    response = admin_client.post(
        "/admin/parties/new",
        data={
            "name": "Kotkan nuorten työpaja",
            "kind": "workshop",
            "business_id": "0116297-6",
            "locality": "Kotka",
        },
    )
    assert response.status_code == 303

    told = {n.user_id for n in db.session.query(Notification).filter_by(kind="party.joined")}
    assert told == {workshop_coordinator.id, provider_coordinator.id}
    assert withdrawn_coordinator.id not in told and supporting_coordinator.id not in told
    assert staff_member.id not in told


def test_founding_party_is_not_announced_as_joining(
    admin_client: FlaskClient, workshop: Any, db: Any
) -> None:
    factories.coordinator_of(workshop)
    admin_client.post(
        "/admin/parties/new",
        data={
            "name": "Alkuperäinen",
            "kind": "workshop",
            "business_id": "0116297-6",
            "is_founding": "y",
        },
    )
    assert db.session.query(Notification).filter_by(kind="party.joined").count() == 0


def test_withdrawal_is_recorded_with_its_notice(
    admin_client: FlaskClient,
    coordinator_client: FlaskClient,
    workshop: Any,
    provider: Any,
    db: Any,
) -> None:
    provider_coordinator = factories.coordinator_of(provider)
    response = admin_client.post(
        f"/admin/parties/{workshop.id}/withdraw",
        data={
            "withdrawn_on": today().isoformat(),
            "notice": "Kirje 1.3., arkistoitu dnro 12/2026",
        },
    )
    assert response.status_code == 303
    db.session.refresh(workshop)
    assert workshop.is_withdrawn() and workshop.withdrawal_notice.startswith("Kirje")
    assert (
        db.session.query(Notification)
        .filter_by(kind="party.withdrew", user_id=provider_coordinator.id)
        .count()
        == 1
    )
    # The history stays visible to its own people.
    page = coordinator_client.get(f"/parties/{workshop.id}").get_data(as_text=True)
    assert "Irtisanoutui linjauksista" in page and "Kirje 1.3." in page


def test_withdrawal_needs_a_written_notice(
    admin_client: FlaskClient, workshop: Any, db: Any
) -> None:
    response = admin_client.post(
        f"/admin/parties/{workshop.id}/withdraw",
        data={"withdrawn_on": today().isoformat(), "notice": " "},
    )
    assert response.status_code == 422
    db.session.refresh(workshop)
    assert workshop.withdrawn_on is None
