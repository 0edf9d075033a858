"""Support days counted from the daily records: weekends and Finnish public holidays never
count, the latest revision of a day does, absences count only where the terms in force that
day pay for them, and a month is provisional until it is closed. Counted by hand on a calendar:
Friday 6.12.2024 is Independence Day, Friday 20.6.2025 Midsummer Eve."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from portal.daily_records.counting import count_months, is_public_holiday
from portal.daily_records.models import ABSENCES, Presence
from portal.placements.enums import PaidAbsence
from portal.placements.models import Placement, PlacementStatus
from portal.placements.terms_in_force import DayTerms, Schedule
from tests import factories

NOTHING_PAID = Schedule(DayTerms(Decimal("50.00")))
ILL_PAID = Schedule(DayTerms(Decimal("50.00"), frozenset({PaidAbsence.ILL})))
DECEMBER, NOVEMBER = date(2024, 12, 1), date(2024, 11, 1)


def period() -> Placement:
    return factories.PlacementFactory(
        status=PlacementStatus.COMPLETED,
        start_on=date(2024, 11, 25),
        started_on=date(2024, 11, 25),
        ended_on=date(2024, 12, 13),
    )


def record(placement: Placement, day: date, presence: Presence, revision: int = 1) -> None:
    factories.DailyRecordFactory(
        placement=placement,
        day=day,
        presence=presence,
        revision=revision,
        hours=Decimal("6.00") if presence == Presence.PRESENT else None,
    )


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def test_the_holidays_are_finlands_from_the_package() -> None:
    assert is_public_holiday(date(2024, 12, 6))  # Independence Day
    assert is_public_holiday(date(2025, 6, 20))  # Midsummer Eve
    assert is_public_holiday(date(2025, 1, 1)) and is_public_holiday(date(2025, 4, 18))
    assert not is_public_holiday(date(2024, 12, 5))


def test_weekends_and_public_holidays_never_count(db: Any) -> None:
    placement = period()
    # A whole week entered as present, Monday 2.12. to Sunday 8.12.2024.
    for day in days(date(2024, 12, 2), date(2024, 12, 8)):
        record(placement, day, Presence.PRESENT)
    counted = count_months({placement.id: (date(2024, 12, 1), date(2024, 12, 13))}, {})
    december = counted.get(placement.id, DECEMBER)
    assert december is not None and december.recorded
    # Monday to Thursday; Friday is Independence Day, then the weekend.
    assert (december.present, december.ignored, december.recorded_weekdays) == (4, 3, 4)
    assert december.support_days == 4


def test_the_latest_revision_of_a_day_counts(db: Any) -> None:
    placement = period()
    record(placement, date(2024, 12, 3), Presence.PRESENT)
    record(placement, date(2024, 12, 3), Presence.ILL, revision=2)
    record(placement, date(2024, 12, 4), Presence.ABSENT)
    record(placement, date(2024, 12, 4), Presence.PRESENT, revision=2)
    span = {placement.id: (date(2024, 12, 2), date(2024, 12, 13))}

    december = count_months(span, {placement.id: NOTHING_PAID}).get(placement.id, DECEMBER)
    assert december is not None
    assert (december.present, december.paid_absences, december.unpaid_absences) == (1, 0, 1)
    december = count_months(span, {placement.id: ILL_PAID}).get(placement.id, DECEMBER)
    assert december is not None
    assert (december.present, december.paid_absences, december.unpaid_absences) == (1, 1, 0)


def test_only_the_absences_the_terms_pay_for_count(db: Any) -> None:
    placement = period()
    record(placement, date(2024, 12, 9), Presence.ILL)
    record(placement, date(2024, 12, 10), Presence.AGREED_LEAVE)
    record(placement, date(2024, 12, 11), Presence.ABSENT)
    record(placement, date(2024, 12, 12), Presence.PRESENT)
    span = {placement.id: (date(2024, 12, 2), date(2024, 12, 13))}
    both = Schedule(
        DayTerms(Decimal("50.00"), frozenset({PaidAbsence.ILL, PaidAbsence.AGREED_LEAVE}))
    )
    for schedule, paid, unpaid in ((NOTHING_PAID, 0, 3), (ILL_PAID, 1, 2), (both, 2, 1)):
        december = count_months(span, {placement.id: schedule}).get(placement.id, DECEMBER)
        assert december is not None
        assert (december.paid_absences, december.unpaid_absences) == (paid, unpaid)
        assert december.support_days == 1 + paid  # an absence not agreed is never paid


def test_a_change_of_terms_mid_month_splits_the_month(db: Any) -> None:
    placement = period()
    # From Monday 16.6.2025 the price is 60 € and agreed leave is paid.
    schedule = Schedule(
        DayTerms(Decimal("50.00")),
        ((date(2025, 6, 16), DayTerms(Decimal("60.00"), frozenset({PaidAbsence.AGREED_LEAVE}))),),
    )
    for day in days(date(2025, 6, 9), date(2025, 6, 20)):
        leave = day in (date(2025, 6, 10), date(2025, 6, 17))
        record(placement, day, Presence.AGREED_LEAVE if leave else Presence.PRESENT)
    counted = count_months({placement.id: (date(2025, 6, 2), date(2025, 6, 30))}, {
        placement.id: schedule
    })  # fmt: skip
    june = counted.get(placement.id, date(2025, 6, 1))
    assert june is not None
    before, after = june.parts
    assert (before.first, before.last, before.price) == (
        date(2025, 6, 2), date(2025, 6, 15), Decimal("50.00"),
    )  # fmt: skip
    # 9.–13.6.: four days present, the leave on Tuesday not paid yet.
    assert (before.present, before.paid_absences, before.unpaid_absences) == (4, 0, 1)
    # 16.–19.6.: three days present and the leave on Tuesday, now paid; Midsummer Eve and the
    # weekend entries are not counted.
    assert (after.price, after.present, after.paid_absences) == (Decimal("60.00"), 3, 1)
    assert june.ignored == 3  # Saturday 14.6., Sunday 15.6. and Midsummer Eve 20.6.
    assert june.support_days == 8


def test_a_month_is_final_only_once_closed(db: Any) -> None:
    placement = period()
    other = period()
    record(placement, date(2024, 11, 25), Presence.PRESENT)
    record(placement, date(2024, 12, 2), Presence.PRESENT)
    factories.ClosedMonthFactory(placement=placement, month=NOVEMBER)
    factories.ClosedMonthFactory(placement=other, month=DECEMBER)
    span = (date(2024, 11, 25), date(2024, 12, 13))
    counted = count_months({placement.id: span, other.id: span}, {})
    assert [(m.month, m.closed, m.recorded) for m in counted.of(placement.id)] == [
        (NOVEMBER, True, True),
        (DECEMBER, False, True),
    ]
    # The other period's December is closed with nothing recorded; its November has no
    # records at all (the report estimates such a month).
    assert [(m.month, m.closed, m.recorded) for m in counted.of(other.id)] == [
        (NOVEMBER, False, False),
        (DECEMBER, True, False),
    ]
    november = counted.get(other.id, NOVEMBER)
    assert november is not None and [p.working_days for p in november.parts] == [5]


def test_days_outside_the_span_are_left_out(db: Any) -> None:
    placement = period()
    record(placement, date(2024, 12, 16), Presence.PRESENT)  # after the period ended
    counted = count_months({placement.id: (date(2024, 12, 2), date(2024, 12, 13))}, {})
    december = counted.get(placement.id, DECEMBER)
    assert december is not None and not december.recorded and december.support_days == 0


def test_the_paid_absences_of_the_terms_are_kinds_of_absence_the_records_know() -> None:
    # Placements cannot import the daily records: the two enums meet here, by value.
    assert {kind.value for kind in PaidAbsence} <= {p.value for p in ABSENCES}
    assert Presence.ABSENT.value not in {kind.value for kind in PaidAbsence}
