"""Disclosure to a third party: asked by a recipient's coordinator, decided in writing by the
owner's, each disclosure separately; decisions are kept and cannot be changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.documents.models import (
    Classification,
    DisclosureRequest,
    DisclosureStatus,
    ImmutableRecordError,
)
from portal.notifications.models import Notification
from tests.people import People
from tests.test_documents.conftest import MakeDocument

Login = Callable[[User], FlaskClient]


def _ask(client: FlaskClient, document: Any, third_party: str = "Kouvolan TE-palvelut") -> Any:
    return client.post(
        f"/documents/{document.id}/disclosures/new",
        data={
            "third_party": third_party,
            "purpose": "Työllistymisen tuki",
            "scope": "Sivut 1–2",
            "version": str(document.versions[0].id),
        },
    )


def _requests(db: Any) -> list[DisclosureRequest]:
    return list(db.session.scalars(sa.select(DisclosureRequest).order_by(DisclosureRequest.id)))


def test_recipient_asks_and_the_owner_grants_in_writing(
    login: Login, people: People, make_document: MakeDocument, db: Any
) -> None:
    document = make_document()
    recipient = login(people.provider_coordinator)
    assert recipient.get(f"/documents/{document.id}/disclosures/new").status_code == 200
    response = _ask(recipient, document)
    assert response.status_code == 303
    [request] = _requests(db)
    assert request.status == DisclosureStatus.PENDING
    assert request.requester_party_id == people.provider.id
    # The owner's coordinators are told.
    told = db.session.scalars(
        sa.select(Notification).where(Notification.kind == "document.disclosure_requested")
    ).all()
    assert [n.user_id for n in told] == [people.workshop_coordinator.id]

    owner = login(people.workshop_coordinator)
    url = f"/documents/{document.id}/disclosures/{request.id}"
    assert "Kouvolan TE-palvelut" in owner.get(url).get_data(as_text=True)
    response = owner.post(url, data={"outcome": "granted", "decision": ""})
    assert response.status_code == 422
    assert 'id="decision-error"' in response.get_data(as_text=True)
    response = owner.post(
        url, data={"outcome": "granted", "decision": "Lupa myönnetään sivuihin 1–2."}
    )
    assert response.status_code == 303
    db.session.refresh(request)
    assert request.status == DisclosureStatus.GRANTED
    assert request.decided_by_id == people.workshop_coordinator.id
    told = db.session.scalars(
        sa.select(Notification.user_id).where(Notification.kind == "document.disclosure_granted")
    ).all()
    assert told == [people.provider_coordinator.id]
    # The decision is final, and both sides see it on the document's record.
    response = owner.post(url, data={"outcome": "refused", "decision": "Sittenkin ei."})
    assert response.status_code == 409
    page = recipient.get(f"/documents/{document.id}").get_data(as_text=True)
    assert "Lupa myönnetty" in page
    assert "Lupa myönnetään sivuihin 1–2." in recipient.get(url).get_data(as_text=True)


def test_each_disclosure_is_its_own_request_and_refusals_stay(
    login: Login, people: People, make_document: MakeDocument, db: Any
) -> None:
    document = make_document()
    recipient = login(people.provider_coordinator)
    _ask(recipient, document, "Kela")
    _ask(recipient, document, "Kouvolan kaupunki")
    first, second = _requests(db)
    owner = login(people.workshop_coordinator)
    owner.post(
        f"/documents/{document.id}/disclosures/{first.id}",
        data={"outcome": "refused", "decision": "Ei tarpeen tähän tarkoitukseen."},
    )
    page = owner.get(f"/documents/{document.id}").get_data(as_text=True)
    assert "Lupa evätty" in page and "Odottaa päätöstä" in page
    assert first.status == DisclosureStatus.REFUSED and second.status == DisclosureStatus.PENDING


def test_who_may_ask_and_decide(
    login: Login, people: People, make_document: MakeDocument, db: Any
) -> None:
    document = make_document(recipients=[people.provider, people.social], staff_may_see=True)
    internal = make_document(classification=Classification.INTERNAL)
    # Staff of a recipient may read, not ask; the owner does not ask itself; nor for internal.
    assert (
        login(people.provider_staff).get(f"/documents/{document.id}/disclosures/new").status_code
        == 403
    )
    assert (
        login(people.workshop_coordinator)
        .get(f"/documents/{document.id}/disclosures/new")
        .status_code
        == 403
    )
    assert (
        login(people.provider_coordinator)
        .get(f"/documents/{internal.id}/disclosures/new")
        .status_code
        == 403
    )
    _ask(login(people.provider_coordinator), document)
    [request] = _requests(db)
    url = f"/documents/{document.id}/disclosures/{request.id}"
    # Another recipient does not see Luovi's request; a recipient cannot decide its own.
    assert login(people.social_coordinator).get(url).status_code == 404
    response = login(people.provider_coordinator).post(
        url, data={"outcome": "granted", "decision": "Ok"}
    )
    assert response.status_code == 403
    assert login(people.workshop_staff).get(url).status_code == 404
    # A request id under another document is 404.
    other = make_document(title="Toinen")
    assert (
        login(people.workshop_coordinator)
        .get(f"/documents/{other.id}/disclosures/{request.id}")
        .status_code
        == 404
    )


def test_requests_and_decisions_cannot_be_changed_or_deleted(
    login: Login, people: People, make_document: MakeDocument, db: Any
) -> None:
    document = make_document()
    _ask(login(people.provider_coordinator), document)
    [request] = _requests(db)
    login(people.workshop_coordinator).post(
        f"/documents/{document.id}/disclosures/{request.id}",
        data={"outcome": "granted", "decision": "Myönnetään."},
    )
    request.decision = "Muutettu jälkikäteen"
    with pytest.raises(ImmutableRecordError):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(DisclosureRequest, request.id))
    with pytest.raises(ImmutableRecordError):
        db.session.flush()
    db.session.rollback()
