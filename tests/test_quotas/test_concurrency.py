"""Coordinators filling the last places at the same moment: never more places in use than
the quota has, on SQLite and on PostgreSQL.

Each test gets a database of its own with real commits. Every thread has its own
connection and transaction: it loads the quota's page as its user saw it, waits until all
have, and then fills a place through the service, holding its transaction open a moment
so that the others really overlap with it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade

from portal import create_app
from portal.auth.models import Role, User
from portal.core.dates import today
from portal.core.errors import DomainError
from portal.extensions import db
from portal.parties.models import Party, PartyKind, Unit, UnitKind
from portal.placements.models import Direction, Placement, PlacementStatus, SupportLevel
from portal.quotas import places
from portal.quotas.models import Quota, QuotaAllocation
from portal.quotas.occupancy import intervals
from portal.quotas.overlap import peak
from tests import databases
from tests.conftest import app_config

TODAY = today()


@dataclass
class World:
    app: Flask
    coordinators: list[int]
    quotas: list[int]
    placements: list[int]


def _placement(provider: Party, workshop: Party, number: int) -> Placement:
    return Placement(
        direction=Direction.TO_WORKSHOP,
        status=PlacementStatus.SUBMITTED,
        sender_party_id=provider.id,
        receiver_party_id=workshop.id,
        reference=f"LUOVI-2026-{number:03d}",
        initials="A.K.",
        start_on=TODAY + timedelta(days=10),
        end_on=TODAY + timedelta(days=100),
        support_level=SupportLevel.BASIC,
        daily_price=Decimal("40.00"),
    )


@pytest.fixture
def world(tmp_path: Path, smtp_server: Any) -> Iterator[World]:
    """Two quotas of one place each, 20 coordinators of the provider, 20 workshop periods."""
    with databases.fresh_database(tmp_path, "quota_race") as url:
        # A connection for every thread at once; the default pool holds fifteen.
        engine = {"pool_size": 25, "max_overflow": 5}
        app = create_app(app_config(url, smtp_server[0].port, SQLALCHEMY_ENGINE_OPTIONS=engine))
        with app.app_context():
            upgrade()
        with app.test_request_context(headers={"Accept-Language": "en"}):
            workshop = Party(name="Parik-säätiö", kind=PartyKind.WORKSHOP, business_id="0914726-0")
            provider = Party(
                name="Ammattiopisto Luovi",
                kind=PartyKind.EDUCATION_PROVIDER,
                business_id="2049381-8",
            )
            unit = Unit(party=workshop, kind=UnitKind.FIELD, name="Puu- ja metallityö")
            people = [
                User(
                    email=f"c{n}@luovi.example",
                    name=f"Vastuuhenkilö {n}",
                    role=Role.COORDINATOR,
                    party=provider,
                )
                for n in range(20)
            ]
            db.session.add_all([workshop, provider, unit, *people])
            db.session.flush()
            quotas = [
                Quota(
                    workshop_id=workshop.id,
                    unit=unit,
                    provider_id=provider.id,
                    field_name=field,
                    start_on=TODAY,
                    end_on=TODAY + timedelta(days=180),
                    places=1,
                    reply_by=TODAY + timedelta(days=30),
                )
                for field in ("Puuala", "Metalliala")
            ]
            placements = [_placement(provider, workshop, n) for n in range(20)]
            db.session.add_all([*quotas, *placements])
            db.session.commit()
            ids = World(
                app, [p.id for p in people], [q.id for q in quotas], [p.id for p in placements]
            )
        try:
            yield ids
        finally:
            with app.app_context():
                db.engine.dispose()


def race(world: World, actions: list[Callable[[User], Any]]) -> list[Any]:
    """Run each action in its own thread, as its own coordinator; None for each success,
    else the error that refused it."""
    loaded = threading.Barrier(len(actions), timeout=30)
    results: list[Any] = [None] * len(actions)

    def run(index: int) -> None:
        with world.app.test_request_context(headers={"Accept-Language": "en"}):
            user = db.session.get(User, world.coordinators[index])
            assert user is not None
            _ = user.party.name  # the page as each user saw it, in this thread's transaction
            loaded.wait()
            try:
                actions[index](user)
                time.sleep(0.05)
                db.session.commit()
            except Exception as error:  # a refusal; anything else shows in the assertion
                db.session.rollback()
                results[index] = error
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(actions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results


def _reserve(quota_id: int, number: int) -> Callable[[User], Any]:
    def act(user: User) -> Any:
        quota = db.session.get(Quota, quota_id)
        assert quota is not None
        return places.reserve(
            user,
            quota,
            reference=f"LUOVI-VARAUS-{number}",
            start_on=TODAY + timedelta(days=20 + number),
            end_on=TODAY + timedelta(days=120),
        )

    return act


def _fill(quota_id: int, placement_id: int) -> Callable[[User], Any]:
    def act(user: User) -> Any:
        quota = db.session.get(Quota, quota_id)
        placement = db.session.get(Placement, placement_id)
        assert quota is not None and placement is not None
        return places.fill_with_placement(user, quota, placement)

    return act


def places_in_use(world: World, quota_id: int) -> tuple[int, int]:
    """(live places, the most in use on any day) as the database has them now."""
    with world.app.app_context():
        quota = db.session.get(Quota, quota_id)
        assert quota is not None
        live = db.session.scalar(
            sa.select(sa.func.count(QuotaAllocation.id)).where(
                QuotaAllocation.quota_id == quota_id, QuotaAllocation.released_on.is_(None)
            )
        )
        return live or 0, peak(intervals(quota.allocations))


def assert_refusals_are_clear(results: list[Any]) -> None:
    for result in results:
        if result is not None:
            assert isinstance(result, DomainError), repr(result)
            assert "no free place" in str(result) or "at the same moment" in str(result)


def test_two_coordinators_filling_the_last_place_one_succeeds(world: World) -> None:
    quota = world.quotas[0]
    results = race(world, [_fill(quota, world.placements[0]), _fill(quota, world.placements[1])])
    assert sum(r is None for r in results) == 1, results
    assert_refusals_are_clear(results)
    assert places_in_use(world, quota) == (1, 1)


def test_twenty_coordinators_at_once_never_over_fill(world: World) -> None:
    quota = world.quotas[0]
    with world.app.app_context():
        db.session.get(Quota, quota).places = 5  # type: ignore[union-attr]
        db.session.commit()
    actions = [
        _fill(quota, world.placements[n]) if n % 2 else _reserve(quota, n) for n in range(20)
    ]
    results = race(world, actions)
    assert sum(r is None for r in results) == 5, results
    assert_refusals_are_clear(results)
    assert places_in_use(world, quota) == (5, 5)


def test_one_placement_put_into_two_quotas_at_once_fills_one_place(world: World) -> None:
    placement = world.placements[0]
    results = race(world, [_fill(world.quotas[0], placement), _fill(world.quotas[1], placement)])
    assert sum(r is None for r in results) == 1, results
    refusal = next(r for r in results if r is not None)
    assert isinstance(refusal, DomainError) and "already fills" in str(refusal)
    assert sorted([places_in_use(world, q)[0] for q in world.quotas]) == [0, 1]
