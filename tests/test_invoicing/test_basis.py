"""Counting the invoice basis: support days from the records × the price in force each day,
in Decimal, each line rounded once to cents half up; provisional until every month is closed."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from portal.auth.models import Role
from portal.daily_records.models import Presence
from portal.invoicing.basis import count, to_cents
from portal.placements.enums import Pricing
from portal.placements.models import (
    Placement,
    PlacementAgreement,
    PlacementInstalment,
    PlacementQualificationUnit,
    PlacementSignature,
)
from tests import factories
from tests.people import People
from tests.test_invoicing.conftest import DECEMBER


def test_cents_are_rounded_half_up_as_on_a_finnish_invoice() -> None:
    assert to_cents(Decimal("0.005")) == Decimal("0.01")
    assert to_cents(Decimal("0.015")) == Decimal("0.02")  # not to the even cent
    assert to_cents(Decimal("99.994")) == Decimal("99.99")


def test_support_days_leave_out_weekends_and_the_holiday(
    people: People, period: Placement, db: Any
) -> None:
    basis = count(people.workshop, people.provider, DECEMBER)
    [line] = basis.lines
    assert line.reference == "LUOVI-2024-077"
    assert line.days == 9  # ten weekdays, Independence Day left out
    assert line.amount == Decimal("450.00") and isinstance(line.amount, Decimal)
    assert basis.total == Decimal("450.00")


def test_an_unpaid_absence_does_not_count(people: People, period: Placement, db: Any) -> None:
    factories.DailyRecordFactory(placement=period, day=date(2024, 12, 3), revision=2, absent=True)
    assert count(people.workshop, people.provider, DECEMBER).lines[0].days == 8


def test_the_basis_is_provisional_until_the_month_is_closed(
    people: People, period: Placement, db: Any
) -> None:
    assert count(people.workshop, people.provider, DECEMBER).provisional
    factories.ClosedMonthFactory(placement=period, month=DECEMBER)
    assert not count(people.workshop, people.provider, DECEMBER).provisional


def _version(number: int, price: str, *signed: tuple[int, datetime]) -> PlacementAgreement:
    return PlacementAgreement(
        number=number,
        terms={"terms": {"daily_price": price}},
        signatures=[
            PlacementSignature(
                party_id=party_id, signer_name="A", signer_role=Role.COORDINATOR, signed_at=at
            )
            for party_id, at in signed
        ],
    )


def test_a_price_changed_mid_month_prices_each_day_by_its_own_and_rounds_the_line_once(
    people: People, period: Placement, db: Any
) -> None:
    w, p = people.workshop.id, people.provider.id
    period.agreements = []
    db.session.flush()
    period.agreements = [
        _version(
            1,
            "33.333",
            (p, datetime(2024, 11, 1, tzinfo=UTC)),
            (w, datetime(2024, 11, 2, tzinfo=UTC)),
        ),
        # Both had signed on Monday 9.12. (Helsinki time): 40,00 € from that day.
        _version(
            2,
            "40.00",
            (p, datetime(2024, 12, 5, tzinfo=UTC)),
            (w, datetime(2024, 12, 9, 8, tzinfo=UTC)),
        ),
    ]
    db.session.flush()
    [line] = count(people.workshop, people.provider, DECEMBER).lines
    assert [(part.first.day, part.last.day, part.days, part.price) for part in line.parts] == [
        (2, 8, 4, Decimal("33.333")),  # 2.–5.12.: four days (the 6th a holiday)
        (9, 13, 5, Decimal("40.00")),
    ]
    # 4 × 33,333 = 133,332 and 5 × 40 = 200: 333,332 rounded once, to 333,33.
    assert line.amount == Decimal("333.33")


def test_only_the_two_parties_periods_count(
    people: People, period: Placement, make_placement: Any, db: Any
) -> None:
    elsewhere = factories.PlacementFactory(
        status=period.status,
        sender=people.provider,
        receiver=people.other_workshop,
        reference="LUOVI-2024-078",
        started_on=date(2024, 12, 2),
        ended_on=date(2024, 12, 13),
    )
    factories.DailyRecordFactory(placement=elsewhere, day=date(2024, 12, 2))
    basis = count(people.workshop, people.provider, DECEMBER)
    assert [line.reference for line in basis.lines] == ["LUOVI-2024-077"]
    assert count(people.workshop, people.provider, date(2024, 11, 1)).lines == []


def test_a_correction_changes_the_figures_fingerprint(
    people: People, closed: Placement, db: Any
) -> None:
    before = count(people.workshop, people.provider, DECEMBER)
    factories.DailyRecordFactory(
        placement=closed, day=date(2024, 12, 4), revision=2, presence=Presence.ABSENT, hours=None
    )
    after = count(people.workshop, people.provider, DECEMBER)
    assert after.total == Decimal("400.00") and after.fingerprint != before.fingerprint


def test_a_package_pays_its_instalments_not_its_days_and_bonuses_fall_due_by_completion(
    people: People, closed: Placement, make_placement: Any, db: Any
) -> None:
    package = make_placement(
        closed.status,
        reference="LUOVI-2024-080",
        start_on=date(2024, 12, 2),
        started_on=date(2024, 12, 2),
        end_on=date(2024, 12, 13),
        ended_on=date(2024, 12, 13),
        pricing=Pricing.PACKAGE,
        daily_price=None,
        bonus_amount=Decimal("300.00"),
        bonus_last_day=date(2025, 6, 30),
    )
    package.instalments = [
        PlacementInstalment(position=0, due_on=date(2024, 12, 20), amount=Decimal("1000.00")),
        PlacementInstalment(position=1, due_on=date(2025, 1, 31), amount=Decimal("500.50")),
    ]
    package.units.append(PlacementQualificationUnit(position=1, name="Pintakäsittely"))
    db.session.flush()
    first, second = package.units[0], package.units[1]
    first.completed, first.completed_on = True, date(2024, 12, 10)
    # After the period ended, still within the bonus's last day: January's basis.
    second.completed, second.completed_on = True, date(2025, 1, 15)
    factories.DailyRecordFactory(placement=package, day=date(2024, 12, 2))
    factories.ClosedMonthFactory(placement=package, month=DECEMBER)
    db.session.flush()
    december = count(people.workshop, people.provider, DECEMBER)
    by_reference = {line.reference: line for line in december.lines}
    assert by_reference["LUOVI-2024-080"].days == 1
    assert by_reference["LUOVI-2024-080"].amount == Decimal("0.00")
    assert [(e.reference, e.amount) for e in december.instalments] == [
        ("LUOVI-2024-080", Decimal("1000.00"))
    ]
    assert [(e.unit, e.amount) for e in december.bonuses] == [(first.label, Decimal("300.00"))]
    assert december.total == Decimal("1750.00")
    january = count(people.workshop, people.provider, date(2025, 1, 1))
    assert january.lines == [] and not january.provisional
    assert january.total == Decimal("800.50")  # 500,50 + a bonus of 300,00
    assert list(january.references()) == [package.id]
