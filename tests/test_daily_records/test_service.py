"""The rules of daily records, called as the views call them."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from portal.core.dates import today
from portal.core.errors import DomainError, NotPermitted
from portal.daily_records import service
from portal.daily_records.days import month_of, next_month, previous_month
from portal.daily_records.models import Presence
from portal.daily_records.queries import month_of as month_data
from portal.daily_records.service import Entry
from portal.placements.models import Placement, PlacementStatus
from tests.factories import ClosedMonthFactory, DailyRecordFactory, PlacementBuilder
from tests.people import People

S = PlacementStatus
PRESENT = Entry(Presence.PRESENT, Decimal("6"), "Hyllyn kokoaminen", "Puutuotteiden valmistus")


@pytest.fixture
def period(make_placement: PlacementBuilder, request_context: Any) -> Placement:
    return make_placement(S.ONGOING, started_on=today() - timedelta(days=70))


def _field(error: pytest.ExceptionInfo[DomainError]) -> str | None:
    return error.value.field


def test_a_day_is_written_once_and_changed_in_place_while_its_month_is_open(
    people: People, period: Placement, db: Any
) -> None:
    coach = people.workshop_staff
    first = service.record_day(coach, period, today(), PRESENT)
    again = service.record_day(coach, period, today(), Entry(Presence.AGREED_LEAVE))
    assert again is first and first.revision == 1
    assert first.presence == Presence.AGREED_LEAVE and first.hours is None


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        (Entry(Presence.PRESENT, Decimal("24.5")), "hours"),
        (Entry(Presence.PRESENT, None), "hours"),
        (Entry(Presence.ILL, Decimal("2")), "hours"),
        (Entry(Presence.PRESENT, Decimal("6"), "x" * 501), "note"),
    ],
)
def test_wrong_entries_are_refused_beside_their_field(
    people: People, period: Placement, entry: Entry, field: str
) -> None:
    with pytest.raises(DomainError) as error:
        service.record_day(people.workshop_staff, period, today(), entry)
    assert _field(error) == field


def test_days_outside_the_period_or_ahead_are_refused(people: People, period: Placement) -> None:
    coach = people.workshop_staff
    for day in (today() + timedelta(days=1), today() - timedelta(days=71)):
        with pytest.raises(DomainError):
            service.record_day(coach, period, day, PRESENT)


def test_only_the_workshops_coaches_and_coordinators_write(
    people: People, period: Placement
) -> None:
    assert service.record_day(people.workshop_coordinator, period, today(), PRESENT)
    for person in (people.provider_staff, people.provider_coordinator, people.outsider):
        with pytest.raises(NotPermitted):
            service.record_day(person, period, today(), PRESENT)


def test_a_closed_month_takes_a_correction_with_its_reason_and_keeps_the_first_entry(
    people: People, period: Placement, db: Any
) -> None:
    coach, coordinator = people.workshop_staff, people.workshop_coordinator
    last_month = previous_month(month_of(today()))
    day = last_month + timedelta(days=10)
    DailyRecordFactory(placement=period, day=day)
    with pytest.raises(DomainError):
        service.correct_day(coach, period, day, Entry(Presence.ILL), "Väärä merkintä")
    with pytest.raises(NotPermitted):
        service.close_month(coach, period, last_month)
    service.close_month(coordinator, period, last_month)
    with pytest.raises(DomainError):
        service.close_month(coordinator, period, last_month)
    with pytest.raises(service.MonthClosed):
        service.record_day(coach, period, day, Entry(Presence.ILL))
    with pytest.raises(DomainError) as error:
        service.correct_day(coach, period, day, Entry(Presence.ILL), "  ")
    assert _field(error) == "reason"
    correction = service.correct_day(coach, period, day, Entry(Presence.ILL), "Väärä merkintä")
    assert correction.revision == 2 and correction.correction_reason == "Väärä merkintä"

    data = month_data(period, last_month)
    [shown] = [d for d in data.days if d.day == day]
    assert [e.revision for e in shown.entries] == [1, 2] and shown.latest is correction
    # The latest revision counts: the day is an absence now.
    assert data.absences[Presence.ILL] == 1 and data.present_days == 0
    assert data.closed is not None and data.closed.closed_by_id == coordinator.id


def test_a_month_ahead_cannot_be_closed_and_the_current_one_can(
    people: People, period: Placement
) -> None:
    coordinator = people.workshop_coordinator
    with pytest.raises(DomainError):
        service.close_month(coordinator, period, next_month(month_of(today())))
    assert service.close_month(coordinator, period, month_of(today()))


def test_closing_for_the_party_skips_what_is_closed_and_refuses_when_nothing_is_left(
    people: People, make_placement: PlacementBuilder, request_context: Any
) -> None:
    start = today() - timedelta(days=70)
    first = make_placement(S.ONGOING, started_on=start)
    second = make_placement(S.ONGOING, started_on=start, reference="LUOVI-2026-002")
    last_month = previous_month(month_of(today()))
    ClosedMonthFactory(placement=second, month=last_month)
    coordinator = people.workshop_coordinator
    assert service.close_party_month(coordinator, [first], last_month) == 1
    with pytest.raises(DomainError):
        service.close_party_month(coordinator, [], last_month)


def test_the_months_totals_count_present_days_hours_and_absences_by_kind(
    people: People, period: Placement
) -> None:
    last_month = previous_month(month_of(today()))
    kinds = [{}, {"ill": True}, {"absent": True}, {"agreed_leave": True}, {}]
    for n, trait in enumerate(kinds):
        DailyRecordFactory(placement=period, day=last_month + timedelta(days=n), **trait)
    data = month_data(period, last_month)
    assert data.present_days == 2 and data.hours == Decimal("12.00")
    assert data.absences == {Presence.ILL: 1, Presence.ABSENT: 1, Presence.AGREED_LEAVE: 1}
