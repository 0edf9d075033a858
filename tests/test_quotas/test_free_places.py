"""Free places for other features (the catalogue, the reports), through the user's scope;
and the demo's quotas in use."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from portal.auth.models import User
from portal.quotas.models import Quota
from portal.quotas.occupancy import occupancy
from portal.quotas.queries import availability, free_places
from tests.test_quotas.conftest import day, hold


def test_free_places_of_a_workshop_for_a_provider_now_and_ahead(
    db: Any, people: dict[str, User], make_quota: Any
) -> None:
    first = make_quota(places=2)
    second = make_quota(field_name="Metalliala", places=3, start_on=day(60), end_on=day(200))
    hold(first, 0, 30)
    hold(second, 60, 120, reference="LUOVI-VARAUS-2")
    provider = people["provider_coordinator"]
    ask = {"workshop_id": first.workshop_id, "provider_id": first.provider_id}
    assert free_places(provider, **ask) == 1
    assert free_places(provider, **ask, on=day(31)) == 2
    assert free_places(provider, **ask, on=day(90)) == 2 + 2
    assert free_places(provider, **ask, on=day(190)) == 3
    assert free_places(provider, **ask, unit_id=first.unit_id, on=day(250)) == 0
    assert [a.quota.id for a in availability(provider, **ask, on=day(90))] == [first.id, second.id]
    assert availability(provider, **ask)[0].first_free_on == day(0)


def test_free_places_count_only_what_the_user_may_see(
    db: Any, people: dict[str, User], make_quota: Any
) -> None:
    quota = make_quota()
    assert free_places(people["workshop_staff"], workshop_id=quota.workshop_id) == 2
    assert free_places(people["outsider"], workshop_id=quota.workshop_id) == 0
    assert free_places(people["admin"]) == 0


def test_the_demo_shows_quotas_in_use(runner: Any, db: Any) -> None:
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    quotas = {q.unit.name: q for q in db.session.scalars(sa.select(Quota))}
    wood = quotas["Puu- ja metallityö"]
    assert wood.places == 4 and 1 <= occupancy(wood).peak <= 4
    assert any(a.placement_id for a in wood.allocations)
    assert any(a.is_reservation for a in wood.allocations)
    returned = quotas["Kiinteistöhuolto"]
    assert returned.released_on is not None and (returned.places, returned.released_places) == (
        1,
        1,
    )
    assert occupancy(quotas["Ravintola ja catering"]).free == 2  # from its first day
