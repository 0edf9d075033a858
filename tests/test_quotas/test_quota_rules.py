"""The rules of reserving and changing quotas, through the service as the views call it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from portal.auth.models import User
from portal.core.errors import DomainError, NotPermitted
from portal.notifications.models import Notification
from portal.parties.models import Party, Unit
from portal.quotas import service
from portal.quotas.models import Quota
from tests import factories
from tests.test_quotas.conftest import TODAY, day, hold
from tests.test_quotas.conftest import quota_details as details

pytestmark = pytest.mark.usefixtures("request_context")


def kinds_for(user: User) -> list[str]:
    from portal.extensions import db

    return list(
        db.session.scalars(sa.select(Notification.kind).where(Notification.user_id == user.id))
    )


# --- Reserving -------------------------------------------------------------------------------


def test_a_workshop_coordinator_reserves_places_and_the_provider_is_told(
    db: Any, people: dict[str, User], unit: Unit, provider: Party
) -> None:
    quota = service.create_quota(
        people["workshop_coordinator"],
        details(
            unit=unit,
            provider=provider,
            field_name="Rakennus- ja puuala",
            start_on=day(10),
            end_on=day(190),
            places=4,
            reply_by=day(20),
            note="Kevätkausi",
        ),
    )
    db.session.commit()
    assert quota.workshop_id == unit.party_id and quota.places == 4
    assert kinds_for(people["provider_coordinator"]) == ["quota.reserved"]
    assert kinds_for(people["provider_staff"]) == []


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"end_on": day(5), "start_on": day(10)}, "end_on"),
        ({"end_on": day(-1), "start_on": day(-30), "reply_by": day(-10)}, "end_on"),
        ({"places": 0}, "places"),
        ({"reply_by": day(200)}, "reply_by"),
        ({"end_on": day(10 + 3 * 366 + 5)}, "end_on"),
    ],
)
def test_a_quota_that_breaks_a_rule_is_refused_beside_its_field(
    db: Any, people: dict[str, User], unit: Unit, provider: Party, overrides: Any, field: str
) -> None:
    values = {
        "unit": unit,
        "provider": provider,
        "field_name": "Puuala",
        "start_on": day(10),
        "end_on": day(190),
        "places": 2,
        "reply_by": day(20),
    }
    values.update(overrides)
    with pytest.raises(DomainError) as refused:
        service.create_quota(people["workshop_coordinator"], details(**values))
    assert refused.value.field == field


def test_only_a_workshop_coordinator_of_the_unit_reserves(
    db: Any, people: dict[str, User], unit: Unit, provider: Party, workshop: Party
) -> None:
    other_unit = factories.UnitFactory(party=workshop, name="Ravintola")
    unit_coordinator = factories.coordinator_of(workshop, unit=other_unit)
    values = details(
        unit=unit,
        provider=provider,
        field_name="Puuala",
        start_on=day(0),
        end_on=day(90),
        places=1,
        reply_by=day(10),
    )
    for person in (people["workshop_staff"], people["provider_coordinator"], unit_coordinator):
        with pytest.raises(NotPermitted):
            service.create_quota(person, values)


def test_a_withdrawn_provider_gets_no_new_places(
    db: Any, people: dict[str, User], unit: Unit, provider: Party
) -> None:
    provider.withdrawn_on = TODAY - timedelta(days=1)
    with pytest.raises(DomainError, match="withdrawn"):
        service.create_quota(
            people["workshop_coordinator"],
            details(
                unit=unit,
                provider=provider,
                field_name="Puuala",
                start_on=day(0),
                end_on=day(90),
                places=1,
                reply_by=day(10),
            ),
        )


def test_the_number_cannot_go_below_the_places_in_use(
    db: Any, people: dict[str, User], quota: Quota
) -> None:
    hold(quota, 0, 60)
    hold(quota, 30, 90, reference="LUOVI-VARAUS-2")
    with pytest.raises(DomainError, match=r"Places in use on .*: 2\.") as refused:
        service.update_quota(people["workshop_coordinator"], quota, details(quota, places=1))
    assert refused.value.field == "places"
    db.session.rollback()
    # Moving one after the other would make one place enough, but the number stays the rule.
    service.update_quota(people["workshop_coordinator"], quota, details(quota, places=3))
    db.session.commit()
    assert quota.places == 3
    assert kinds_for(people["provider_coordinator"]) == ["quota.changed"]


def test_the_period_must_keep_every_place_in_use(
    db: Any, people: dict[str, User], quota: Quota
) -> None:
    hold(quota, 100, 150)
    with pytest.raises(DomainError, match="outside the new period") as refused:
        service.update_quota(people["workshop_coordinator"], quota, details(quota, end_on=day(120)))
    assert refused.value.field == "end_on"
