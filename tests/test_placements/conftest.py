"""Fixtures of placements: the people of a workshop and an education provider, an outsider,
and placements built in any state of the workflow."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal.auth.models import Role, User
from portal.core.models import utcnow
from portal.parties.models import Party, PartyKind
from portal.placements.models import (
    Direction,
    Placement,
    PlacementAgreement,
    PlacementQualificationUnit,
    PlacementSignature,
    PlacementStatus,
    SupportLevel,
)
from portal.placements.terms import Terms
from tests import factories

S = PlacementStatus


@pytest.fixture
def request_context(app: Flask, db: Any) -> Iterator[None]:
    """Services build links for notifications, so they run in a request (in English here)."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield


@pytest.fixture
def workshop_coordinator(coordinator: User) -> User:
    return coordinator


@pytest.fixture
def workshop_staff(staff: User) -> User:
    return staff


@pytest.fixture
def provider_coordinator(provider: Party) -> User:
    return factories.UserFactory(
        role=Role.COORDINATOR,
        party=provider,
        email="coordinator@luovi.example",
        title="Koordinaattori",
    )


@pytest.fixture
def provider_staff(provider: Party) -> User:
    return factories.UserFactory(role=Role.STAFF, party=provider, email="staff@luovi.example")


@pytest.fixture
def outsider(db: Any) -> User:
    """The coordinator of another workshop: a party, but not one of these two."""
    other = factories.PartyFactory(name="Kotkan paja", kind=PartyKind.WORKSHOP)
    return factories.UserFactory(
        role=Role.COORDINATOR, party=other, email="coordinator@kotka.example"
    )


@pytest.fixture
def people(
    workshop_coordinator: User,
    workshop_staff: User,
    provider_coordinator: User,
    provider_staff: User,
    outsider: User,
    admin: User,
) -> dict[str, User]:
    return {
        "workshop_coordinator": workshop_coordinator,
        "workshop_staff": workshop_staff,
        "provider_coordinator": provider_coordinator,
        "provider_staff": provider_staff,
        "outsider": outsider,
        "admin": admin,
    }


def workshop_period_terms(**overrides: Any) -> Terms:
    start = date.today() + timedelta(days=14)
    values: dict[str, Any] = {
        "start_on": start,
        "end_on": start + timedelta(days=120),
        "hoks_goals": "Työelämätaidot ja puutyön perusteet",
        "units": [],
        "support_level": SupportLevel.INTERMEDIATE,
        "daily_price": Decimal("55.00"),
        "livelihood_checked": True,
        "livelihood_note": "Opintotuki ei muutu.",
        "duties_confirmed": True,
    }
    values.update(overrides)
    if not values["units"]:
        from portal.placements.terms import UnitLine

        values["units"] = [UnitLine("Puutuotteiden valmistus", "106927")]
    return Terms(**values)


def to_studies_terms(**overrides: Any) -> Terms:
    values: dict[str, Any] = {
        "start_on": date.today() + timedelta(days=60),
        "field_name": "Rakennus- ja puuala",
        "qualification_name": "Rakennusalan perustutkinto",
        "support_role": "Työvalmentaja tapaa opiskelijaa viikoittain ensimmäisen jakson ajan.",
        "demonstrations_at_workshop": True,
        "livelihood_checked": True,
        "livelihood_note": "Työmarkkinatuen vaikutus selvitetty TE-toimiston kanssa.",
    }
    values.update(overrides)
    return Terms(**values)


PlacementBuilder = Callable[..., Placement]


@pytest.fixture
def make_placement(
    db: Any,
    workshop: Party,
    provider: Party,
    workshop_coordinator: User,
    provider_coordinator: User,
) -> PlacementBuilder:
    """A placement in any state, as the workflow would have left it."""

    def build(
        status: PlacementStatus = S.DRAFT,
        direction: Direction = Direction.TO_WORKSHOP,
        reference: str = "LUOVI-2026-001",
        **overrides: Any,
    ) -> Placement:
        to_workshop = direction == Direction.TO_WORKSHOP
        sender, receiver = (provider, workshop) if to_workshop else (workshop, provider)
        terms = workshop_period_terms() if to_workshop else to_studies_terms()
        placement = Placement(
            direction=direction,
            status=status,
            sender_party_id=sender.id,
            receiver_party_id=receiver.id,
            reference=reference,
            initials="A.K.",
        )
        terms.apply_to(placement)
        if status != S.DRAFT and not (status == S.CANCELLED and overrides.pop("from_draft", False)):
            placement.submitted_at = utcnow()
        if status in (S.ONGOING, S.COMPLETED, S.INTERRUPTED):
            placement.started_on = date.today() - timedelta(days=30)
        for key, value in overrides.items():
            setattr(placement, key, value)
        db.session.add(placement)
        db.session.flush()
        if status in (S.ACCEPTED, S.AGREED, S.ONGOING, S.COMPLETED, S.INTERRUPTED):
            from portal.placements.agreements import snapshot

            version = PlacementAgreement(number=1, terms=snapshot(placement, Terms.of(placement)))
            placement.agreements.append(version)
            if status != S.ACCEPTED:
                for person in (workshop_coordinator, provider_coordinator):
                    version.signatures.append(
                        PlacementSignature(
                            party_id=person.party_id,
                            user_id=person.id,
                            signer_name=person.name,
                            signer_role=person.role,
                        )
                    )
        db.session.commit()
        return placement

    return build


@pytest.fixture
def client_of(login: Callable[[User], FlaskClient]) -> Callable[[User], FlaskClient]:
    return login


def units_of(placement: Placement) -> list[PlacementQualificationUnit]:
    return list(placement.units)
