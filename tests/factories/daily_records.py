"""The job coach's daily records of a workshop period and its closed months."""

from __future__ import annotations

from decimal import Decimal

import factory

from portal.core.dates import today
from portal.daily_records.models import ClosedMonth, DailyRecord, Presence
from portal.placements.models import PlacementStatus
from tests.factories.base import BaseFactory
from tests.factories.placements import PlacementFactory


class DailyRecordFactory(BaseFactory):
    """A day present, six hours of coached work, written by the placement's workshop side.

    ``DailyRecordFactory(ill=True)`` and the other traits give a day of absence (no hours).
    """

    class Meta:
        model = DailyRecord

    placement = factory.SubFactory(PlacementFactory, status=PlacementStatus.ONGOING)
    day = factory.LazyFunction(today)
    presence = Presence.PRESENT
    hours = Decimal("6.00")
    note = "Puutyöt: hyllyn kokoaminen"
    qualification_unit = "Puutuotteiden valmistus"

    class Params:
        ill = factory.Trait(presence=Presence.ILL, hours=None, note="")
        absent = factory.Trait(presence=Presence.ABSENT, hours=None, note="")
        agreed_leave = factory.Trait(presence=Presence.AGREED_LEAVE, hours=None, note="")


class ClosedMonthFactory(BaseFactory):
    """This month of an ongoing workshop period, closed by the workshop's coordinator."""

    class Meta:
        model = ClosedMonth

    placement = factory.SubFactory(PlacementFactory, status=PlacementStatus.ONGOING)
    month = factory.LazyFunction(lambda: today().replace(day=1))
