"""Support days × daily price when an amendment changes the price during a period: the days
before the amendment was agreed keep the earlier price, the rest take the new one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from flask.testing import FlaskClient

from portal.auth.models import Role, User
from portal.parties.models import PartyKind
from portal.placements.models import (
    Direction,
    Placement,
    PlacementAgreement,
    PlacementSignature,
    PlacementStatus,
    SupportLevel,
)
from tests import factories
from tests.people import People
from tests.test_reports.figures import csv_rows

Client = Callable[[User], FlaskClient]


def version(number: int, price: str, *signed_at: datetime) -> PlacementAgreement:
    return PlacementAgreement(
        number=number,
        # The shape placements.agreements.snapshot records.
        terms={"reference": "LUOVI-HINTA", "initials": "H.M.", "terms": {"daily_price": price}},
        signatures=[
            PlacementSignature(
                party_id=party_id,
                signer_name="Allekirjoittaja",
                signer_role=Role.COORDINATOR,
                signed_at=at,
            )
            for party_id, at in signed_at
        ],
    )


def test_an_amended_price_applies_from_the_day_both_had_signed(db: Any, as_user: Client) -> None:
    parik = factories.PartyFactory(name="Parik-säätiö", kind=PartyKind.WORKSHOP)
    luovi = factories.PartyFactory(name="Ammattiopisto Luovi", kind=PartyKind.EDUCATION_PROVIDER)
    maria = factories.coordinator_of(parik)
    placement = Placement(
        direction=Direction.TO_WORKSHOP,
        status=PlacementStatus.COMPLETED,
        sender_party_id=luovi.id,
        receiver_party_id=parik.id,
        reference="LUOVI-HINTA",
        initials="H.M.",
        start_on=date(2025, 9, 1),
        end_on=date(2025, 9, 26),
        started_on=date(2025, 9, 1),
        ended_on=date(2025, 9, 26),
        support_level=SupportLevel.INTERMEDIATE,
        livelihood_checked=True,
        daily_price=Decimal("60.00"),  # the terms in force at the end
        submitted_at=datetime(2025, 8, 15, 9, 0, tzinfo=UTC),
    )
    placement.agreements = [
        version(
            1,
            "50.00",
            (luovi.id, datetime(2025, 8, 19, 9, 0, tzinfo=UTC)),
            (parik.id, datetime(2025, 8, 20, 9, 0, tzinfo=UTC)),
        ),
        # Both had signed at 01:30 on Friday 12 September, Helsinki time (22:30 UTC the day
        # before): the new price applies from that Friday.
        version(
            2,
            "60.00",
            (luovi.id, datetime(2025, 9, 10, 9, 0, tzinfo=UTC)),
            (parik.id, datetime(2025, 9, 11, 22, 30, tzinfo=UTC)),
        ),
        # Proposed but signed by one party only: never in force.
        version(3, "70.00", (luovi.id, datetime(2025, 9, 15, 9, 0, tzinfo=UTC))),
    ]
    db.session.add(placement)
    db.session.commit()

    rows = csv_rows(as_user(maria), "/reports/support-days/by-month.csv?year=all")
    # No daily records: estimated from the working days (no public holiday in September).
    # Counted by hand: 1–11 September holds 9 weekdays at 50 € (450 €); 12–26 September
    # holds 11 weekdays at 60 € (660 €). 20 support days, 1 110 €.
    assert rows[1:] == [
        ["2025-09", "1", "20", "1110,00", "estimate", "no"],
        ["Total", "1", "20", "1110,00", "estimate", "no"],
    ]


def test_the_price_of_an_agreement_signed_in_the_portal_counts(
    db: Any, as_user: Client, people: People
) -> None:
    # As the workflow leaves it: version 1 drawn up on acceptance, signed by both parties.
    factories.PlacementFactory(
        completed=True,
        sender=people.provider,
        receiver=people.workshop,
        start_on=date(2025, 9, 1),
        end_on=date(2025, 9, 26),
        started_on=date(2025, 9, 1),
        ended_on=date(2025, 9, 26),
        daily_price=Decimal("50.00"),
    )
    rows = csv_rows(
        as_user(people.workshop_coordinator), "/reports/support-days/by-month.csv?year=all"
    )
    # 1–26 September 2025 holds 20 weekdays at 50 €.
    assert rows[1:] == [
        ["2025-09", "1", "20", "1000,00", "estimate", "no"],
        ["Total", "1", "20", "1000,00", "estimate", "no"],
    ]
