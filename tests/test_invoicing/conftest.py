"""A workshop period of Luovi's student at Parik in December 2024, its days recorded."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from portal.daily_records.models import Presence
from portal.placements.models import Placement, PlacementStatus
from tests import factories
from tests.factories import PlacementBuilder

DECEMBER = date(2024, 12, 1)


def record_days(placement: Placement, first: date, last: date, **traits: Any) -> None:
    """Present every day from ``first`` to ``last``, weekends and holidays too (never counted)."""
    for n in range((last - first).days + 1):
        factories.DailyRecordFactory(placement=placement, day=first + timedelta(days=n), **traits)


@pytest.fixture
def period(make_placement: PlacementBuilder) -> Placement:
    """2.–13.12.2024 at 50,00 € a day: present on every weekday but Independence Day
    (Friday 6.12.), which never counts — 9 support days."""
    placement = make_placement(
        PlacementStatus.COMPLETED,
        reference="LUOVI-2024-077",
        start_on=date(2024, 12, 2),
        started_on=date(2024, 12, 2),
        end_on=date(2024, 12, 13),
        ended_on=date(2024, 12, 13),
        daily_price=Decimal("50.00"),
    )
    record_days(placement, date(2024, 12, 2), date(2024, 12, 13))
    return placement


@pytest.fixture
def closed(period: Placement) -> Placement:
    factories.ClosedMonthFactory(placement=period, month=DECEMBER)
    return period


__all__ = ["DECEMBER", "Presence", "record_days"]
