"""The rules of filling and releasing places, through the service as the views call it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa

from portal.auth.models import User
from portal.core.errors import DomainError, NotPermitted
from portal.notifications.models import Notification
from portal.parties.models import Party, PartyKind
from portal.placements.models import Direction, Placement
from portal.quotas import places
from portal.quotas.models import Quota, QuotaAllocation
from portal.quotas.occupancy import intervals, occupancy
from tests import factories
from tests.test_quotas.conftest import TODAY, S, day, hold

pytestmark = pytest.mark.usefixtures("request_context")


def kinds_for(user: User) -> list[str]:
    from portal.extensions import db

    return list(
        db.session.scalars(sa.select(Notification.kind).where(Notification.user_id == user.id))
    )


# --- Filling -----------------------------------------------------------------------------------


def test_the_provider_fills_a_place_with_its_workshop_period(
    db: Any, people: dict[str, User], quota: Quota, period: Callable[..., Placement]
) -> None:
    placement = period(10, 100)
    place = places.fill_with_placement(people["provider_coordinator"], quota, placement)
    db.session.commit()
    assert (place.start_on, place.end_on) == (day(10), day(100))
    assert kinds_for(people["workshop_coordinator"]) == ["quota.place_filled"]
    assert places.live_place_of(placement) == place


def test_the_last_place_cannot_be_over_filled_but_a_later_period_fits(
    db: Any, people: dict[str, User], quota: Quota, period: Callable[..., Placement]
) -> None:
    fill = people["provider_coordinator"]
    places.fill_with_placement(fill, quota, period(0, 89))
    db.session.commit()
    places.fill_with_placement(fill, quota, period(10, 60))
    db.session.commit()
    with pytest.raises(DomainError, match="no free place") as refused:
        places.fill_with_placement(fill, quota, period(60, 120))
    assert refused.value.field == "placement"
    db.session.rollback()
    # Adjacent to the second place (which ends on day 60): the same place, taken again.
    places.fill_with_placement(fill, quota, period(61, 150))
    db.session.commit()
    assert occupancy(quota).peak == 2


def test_a_placement_fills_at_most_one_place(
    db: Any,
    people: dict[str, User],
    make_quota: Callable[..., Quota],
    period: Callable[..., Placement],
) -> None:
    first, second = make_quota(), make_quota(field_name="Metalliala")
    placement = period(10, 100)
    places.fill_with_placement(people["provider_coordinator"], first, placement)
    db.session.commit()
    with pytest.raises(DomainError, match="already fills"):
        places.fill_with_placement(people["provider_coordinator"], second, placement)


def test_the_database_refuses_a_second_live_place_of_one_placement(
    db: Any, quota: Quota, make_quota: Callable[..., Quota], period: Callable[..., Placement]
) -> None:
    placement = period(10, 100)
    hold(quota, 10, 100, placement=placement)
    other = make_quota(field_name="Metalliala")
    db.session.add(
        QuotaAllocation(
            quota_id=other.id, placement_id=placement.id, start_on=day(10), end_on=day(100)
        )
    )
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"start_on": day(-5)}, "not inside the quota's period"),
        ({"end_on": day(200)}, "not inside the quota's period"),
        ({"status": S.DECLINED}, "cannot fill a place"),
        ({"status": S.COMPLETED}, "cannot fill a place"),
    ],
)
def test_a_placement_that_does_not_fit_is_refused(
    db: Any,
    people: dict[str, User],
    quota: Quota,
    period: Callable[..., Placement],
    change: dict[str, Any],
    message: str,
) -> None:
    status = change.pop("status", S.SUBMITTED)
    placement = period(10, 100, status)
    for name, value in change.items():
        setattr(placement, name, value)
    db.session.commit()
    with pytest.raises(DomainError, match=message):
        places.fill_with_placement(people["provider_coordinator"], quota, placement)


def test_only_periods_from_the_provider_to_the_workshop_fill_places(
    db: Any,
    people: dict[str, User],
    quota: Quota,
    make_placement: Callable[..., Placement],
    period: Callable[..., Placement],
) -> None:
    to_studies = make_placement(S.SUBMITTED, direction=Direction.TO_STUDIES, start_on=day(20))
    with pytest.raises(DomainError, match="Only a workshop period"):
        places.fill_with_placement(people["provider_coordinator"], quota, to_studies)
    db.session.rollback()
    other_workshop = factories.PartyFactory(name="Haminan paja", kind=PartyKind.WORKSHOP)
    elsewhere = period(10, 100)
    elsewhere.receiver_party_id = other_workshop.id
    db.session.commit()
    with pytest.raises(DomainError, match="Only a workshop period"):
        places.fill_with_placement(people["provider_coordinator"], quota, elsewhere)
    assert [p.id for p in places.fitting_placements(quota)] == []


def test_only_the_providers_coordinators_fill_and_release(
    db: Any, people: dict[str, User], quota: Quota, period: Callable[..., Placement]
) -> None:
    placement = period(10, 100)
    for person in ("provider_staff", "workshop_coordinator", "outsider"):
        with pytest.raises(NotPermitted):
            places.fill_with_placement(people[person], quota, placement)
        with pytest.raises(NotPermitted):
            places.reserve(people[person], quota, reference="X-1", start_on=day(1), end_on=day(2))
    place = hold(quota, 10, 100, placement=placement)
    with pytest.raises(NotPermitted):
        places.release(people["workshop_coordinator"], place)


def test_a_withdrawn_party_fills_no_new_places(
    db: Any, people: dict[str, User], quota: Quota, workshop: Party
) -> None:
    workshop.withdrawn_on = TODAY
    db.session.commit()
    with pytest.raises(DomainError, match="withdrawn"):
        places.reserve(
            people["provider_coordinator"],
            quota,
            reference="LUOVI-V-1",
            start_on=day(1),
            end_on=day(9),
        )


# --- Named reservations ------------------------------------------------------------------------


def test_a_named_reservation_holds_a_place_and_becomes_its_placement(
    db: Any, people: dict[str, User], quota: Quota, period: Callable[..., Placement]
) -> None:
    fill = people["provider_coordinator"]
    place = places.reserve(
        fill, quota, reference="LUOVI-VARAUS-7", start_on=day(20), end_on=day(110)
    )
    db.session.commit()
    places.reserve(fill, quota, reference="LUOVI-VARAUS-8", start_on=day(0), end_on=day(180))
    db.session.commit()
    with pytest.raises(DomainError, match="no free place"):
        places.reserve(fill, quota, reference="LUOVI-VARAUS-9", start_on=day(100), end_on=day(120))
    db.session.rollback()
    placement = period(25, 115)
    places.turn_into_placement(fill, place, placement)
    db.session.commit()
    assert place.placement_id == placement.id and place.reference == "LUOVI-VARAUS-7"
    assert (place.start_on, place.end_on) == (day(25), day(115))


@pytest.mark.parametrize(
    ("reference", "start", "end", "field"),
    [
        ("", 1, 10, "reference"),
        ("010203-123A", 1, 10, "reference"),
        ("LUOVI-1", 10, 1, "end_on"),
        ("LUOVI-1", -3, 10, "start_on"),
        ("LUOVI-1", 10, 181, "end_on"),
    ],
)
def test_a_reservation_that_breaks_a_rule_is_refused_beside_its_field(
    db: Any, people: dict[str, User], quota: Quota, reference: str, start: int, end: int, field: str
) -> None:
    with pytest.raises(DomainError) as refused:
        places.reserve(
            people["provider_coordinator"],
            quota,
            reference=reference,
            start_on=day(start),
            end_on=day(end),
        )
    assert refused.value.field == field


# --- Releasing and placements that end ---------------------------------------------------------


def test_releasing_a_place_frees_it_at_once(db: Any, people: dict[str, User], quota: Quota) -> None:
    quota.start_on = day(-30)
    db.session.commit()
    first = hold(quota, -30, 150)
    hold(quota, -30, 150, reference="LUOVI-VARAUS-2")
    assert occupancy(quota).free == 0
    places.release(people["provider_coordinator"], first)
    db.session.commit()
    figures = occupancy(quota)
    assert figures.free == 1 and figures.first_free_on == TODAY
    # The past stays as it was: two places were in use until yesterday.
    assert figures.peak == 2
    assert kinds_for(people["workshop_coordinator"]) == ["quota.place_released"]
    with pytest.raises(DomainError, match="no longer held"):
        places.release(people["provider_coordinator"], first)


def test_a_declined_placement_frees_its_place_and_an_interrupted_one_from_the_date(
    db: Any, quota: Quota, period: Callable[..., Placement]
) -> None:
    quota.start_on = day(-60)
    db.session.commit()
    declined = period(10, 100, S.SUBMITTED)
    interrupted = period(-50, 100, S.ONGOING)
    hold(quota, 10, 100, placement=declined)
    hold(quota, -50, 100, placement=interrupted)
    assert occupancy(quota).peak == 2
    declined.status = S.DECLINED
    interrupted.status = S.INTERRUPTED
    interrupted.ended_on = day(-10)
    db.session.commit()
    db.session.expire_all()
    figures = occupancy(quota)
    assert figures.peak == 1 and figures.in_use == 0 and figures.free == 2
    assert intervals(quota.allocations) == [(day(-50), day(-11))]


def test_a_completed_placement_holds_its_place_through_its_last_day(
    db: Any, quota: Quota, period: Callable[..., Placement]
) -> None:
    quota.start_on = day(-60)
    completed = period(-50, 100, S.COMPLETED, ended_on=day(-5))
    hold(quota, -50, 100, placement=completed)
    assert intervals(quota.allocations) == [(day(-50), day(-5))]


# --- A placement's dates change ----------------------------------------------------------------


def test_an_amendment_that_would_over_fill_or_leave_the_period_is_refused(
    db: Any, people: dict[str, User], quota: Quota, period: Callable[..., Placement]
) -> None:
    from portal.placements import agreements
    from portal.placements.terms import Terms

    quota.places = 1
    agreed = period(10, 60, S.AGREED)
    hold(quota, 10, 60, placement=agreed)
    hold(quota, 61, 120, reference="LUOVI-VARAUS-2")
    coordinator = people["provider_coordinator"]

    longer = Terms.of(agreed)
    longer.end_on = day(90)
    with pytest.raises(DomainError, match="no free place") as refused:
        agreements.amend(coordinator, agreed, longer, "Jakso pitenee")
    assert refused.value.field == "end_on"
    db.session.rollback()

    outside = Terms.of(agreed)
    outside.start_on = day(-20)
    with pytest.raises(DomainError, match="stay inside that period") as refused:
        agreements.amend(coordinator, agreed, outside, "Aikaisempi alku")
    assert refused.value.field == "start_on"
    db.session.rollback()

    shorter = Terms.of(agreed)
    shorter.end_on = day(50)
    agreements.amend(coordinator, agreed, shorter, "Jakso lyhenee")
    agreements.sign(coordinator, agreed, 2, "")
    agreements.sign(people["workshop_coordinator"], agreed, 2, "")
    db.session.commit()
    place = places.live_place_of(agreed)
    assert place is not None and (place.start_on, place.end_on) == (day(10), day(50))


def test_a_drafts_new_dates_move_its_place(
    db: Any,
    people: dict[str, User],
    quota: Quota,
    period: Callable[..., Placement],
    workshop: Party,
) -> None:
    from portal.placements import service as placements
    from portal.placements.terms import Terms

    draft = period(10, 60, S.DRAFT)
    hold(quota, 10, 60, placement=draft)
    terms = Terms.of(draft)
    terms.start_on, terms.end_on = day(20), day(80)
    placements.update_draft(
        people["provider_coordinator"],
        draft,
        workshop,
        placements.Individual(draft.reference, draft.initials),
        terms,
    )
    db.session.commit()
    place = places.live_place_of(draft)
    assert place is not None and (place.start_on, place.end_on) == (day(20), day(80))
