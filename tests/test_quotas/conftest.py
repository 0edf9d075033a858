"""Fixtures of quota places between the common people's Parik and Luovi: the workshop's unit,
and quotas and placements to fill them with."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from portal.core.dates import today
from portal.extensions import db as _db
from portal.parties.models import Party, Unit, UnitKind
from portal.placements.models import Placement, PlacementStatus
from portal.quotas import service
from portal.quotas.models import Quota, QuotaAllocation
from tests import factories

S = PlacementStatus
TODAY = today()


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


@pytest.fixture
def unit(workshop: Party) -> Unit:
    return factories.UnitFactory(party=workshop, kind=UnitKind.FIELD, name="Puu- ja metallityö")


@pytest.fixture
def make_quota(db: Any, workshop: Party, provider: Party, unit: Unit) -> Callable[..., Quota]:
    """A quota as a workshop coordinator would have made it: 2 places, days 0–180."""

    def build(**overrides: Any) -> Quota:
        return factories.QuotaFactory(workshop=workshop, provider=provider, unit=unit, **overrides)

    return build


@pytest.fixture
def quota(make_quota: Callable[..., Quota]) -> Quota:
    return make_quota()


@pytest.fixture
def period(make_placement: factories.PlacementBuilder) -> Callable[..., Placement]:
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
    place = factories.QuotaAllocationFactory(
        quota=quota,
        placement=placement,
        reference="" if placement else kw.pop("reference", "LUOVI-VARAUS-1"),
        start_on=day(start),
        end_on=day(end),
        **kw,
    )
    _db.session.expire(quota, ["allocations"])
    return place


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
