"""Fixtures of quota places: the people of a workshop and a provider (from the placements'
fixtures), the workshop's unit, and quotas and placements to fill them with."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from portal.auth.models import User
from portal.extensions import db as _db
from portal.parties.models import Party, Unit, UnitKind
from portal.placements.models import Placement, PlacementStatus
from portal.quotas import service
from portal.quotas.models import Quota, QuotaAllocation
from tests import factories
from tests.test_placements.conftest import (  # noqa: F401  (fixtures)
    client_of,
    make_placement,
    outsider,
    people,
    provider_coordinator,
    provider_staff,
    request_context,
    workshop_coordinator,
    workshop_staff,
)

S = PlacementStatus
TODAY = date.today()


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


@pytest.fixture
def unit(workshop: Party) -> Unit:
    return factories.UnitFactory(party=workshop, kind=UnitKind.FIELD, name="Puu- ja metallityö")


@pytest.fixture
def make_quota(db: Any, workshop: Party, provider: Party, unit: Unit) -> Callable[..., Quota]:
    """A quota as a workshop coordinator would have made it: 2 places, days 0–180."""

    def build(**overrides: Any) -> Quota:
        values: dict[str, Any] = {
            "workshop_id": workshop.id,
            "unit_id": unit.id,
            "provider_id": provider.id,
            "field_name": "Rakennus- ja puuala",
            "start_on": day(0),
            "end_on": day(180),
            "places": 2,
            "reply_by": day(30),
        }
        values.update(overrides)
        quota = Quota(**values)
        _db.session.add(quota)
        _db.session.commit()
        return quota

    return build


@pytest.fixture
def quota(make_quota: Callable[..., Quota]) -> Quota:
    return make_quota()


@pytest.fixture
def period(make_placement: Callable[..., Placement]) -> Callable[..., Placement]:  # noqa: F811
    """A workshop period from the provider to the workshop, over the given days."""
    counter = iter(range(1, 1000))

    def build(start: int, end: int, status: PlacementStatus = S.SUBMITTED, **kw: Any) -> Placement:
        placement = make_placement(
            status,
            reference=f"LUOVI-2026-{next(counter):03d}",
            start_on=day(start),
            end_on=day(end),
            **kw,
        )
        return placement

    return build


def hold(
    quota: Quota, start: int, end: int, *, placement: Placement | None = None, **kw: Any
) -> QuotaAllocation:
    """A place as it would have been filled (without the service), over the given days."""
    place = QuotaAllocation(
        quota_id=quota.id,
        placement_id=placement.id if placement else None,
        reference="" if placement else kw.pop("reference", "LUOVI-VARAUS-1"),
        start_on=day(start),
        end_on=day(end),
        **kw,
    )
    _db.session.add(place)
    _db.session.commit()
    _db.session.expire(quota, ["allocations"])
    return place


def coordinator_for(party: Party, **kwargs: Any) -> User:
    return factories.coordinator_of(party, **kwargs)


def quota_details(quota: Quota | None = None, **overrides: Any) -> service.QuotaDetails:
    values: dict[str, Any] = {}
    if quota is not None:
        values = {
            "unit": quota.unit,
            "provider": quota.provider,
            "field_name": quota.field_name,
            "start_on": quota.start_on,
            "end_on": quota.end_on,
            "places": quota.places,
            "reply_by": quota.reply_by,
        }
    values.update(overrides)
    return service.QuotaDetails(**values)
