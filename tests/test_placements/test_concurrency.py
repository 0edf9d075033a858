"""Two coordinators acting at the same moment cannot both win, on SQLite and PostgreSQL.

Each test gets a database of its own with real commits, and two threads, each with its own
connection and transaction, that load the placement and then act at the same time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade

from portal import create_app
from portal.auth.models import Role, User
from portal.core.errors import DomainError
from portal.extensions import db
from portal.notifications.models import Notification
from portal.parties.models import Party, PartyKind
from portal.placements import agreements, service
from portal.placements.models import (
    Direction,
    Placement,
    PlacementAgreement,
    PlacementSignature,
    PlacementStatus,
    PlacementStep,
    StepKind,
)
from tests import databases
from tests.conftest import app_config
from tests.factories import workshop_period_terms

S = PlacementStatus


@dataclass
class World:
    app: Flask
    placement_id: int
    workshop_coordinators: tuple[int, int]
    provider_coordinator: int


@pytest.fixture
def world(tmp_path: Path, smtp_server: Any) -> Iterator[World]:
    with databases.fresh_database(tmp_path, "race") as url:
        app = create_app(app_config(url, smtp_server[0].port))
        with app.app_context():
            upgrade()
        with app.test_request_context(headers={"Accept-Language": "en"}):
            workshop = Party(name="Parik-säätiö", kind=PartyKind.WORKSHOP, business_id="0914726-0")
            provider = Party(
                name="Ammattiopisto Luovi",
                kind=PartyKind.EDUCATION_PROVIDER,
                business_id="2049381-8",
            )
            people = [
                User(
                    email=f"c{n}@parik.example",
                    name=f"Vastuuhenkilö {n}",
                    role=Role.COORDINATOR,
                    party=workshop,
                )
                for n in (1, 2)
            ]
            sender = User(
                email="c@luovi.example", name="Päivi", role=Role.COORDINATOR, party=provider
            )
            db.session.add_all([workshop, provider, *people, sender])
            db.session.flush()
            placement = service.create(
                sender,
                Direction.TO_WORKSHOP,
                workshop,
                service.Individual("LUOVI-1", "A.K."),
                workshop_period_terms(),
            )
            service.submit(sender, placement)
            db.session.commit()
            ids = World(app, placement.id, (people[0].id, people[1].id), sender.id)
        try:
            yield ids
        finally:
            with app.app_context():
                db.engine.dispose()


def race(
    world: World, actions: list[Callable[[User, Placement], Any]], users: list[int]
) -> list[Any]:
    """Run each action in its own thread and transaction; both load first, then act at once.

    Returns, per action, None for success or the DomainError that refused it.
    """
    loaded = threading.Barrier(len(actions))
    results: list[Any] = [None] * len(actions)

    def run(index: int) -> None:
        with world.app.test_request_context(headers={"Accept-Language": "en"}):
            user = db.session.get(User, users[index])
            placement = db.session.get(Placement, world.placement_id)
            assert user is not None and placement is not None
            _ = placement.status, placement.agreements  # the page as each user saw it
            loaded.wait()
            try:
                actions[index](user, placement)
                # Hold the transaction open a moment, so that the other really overlaps.
                time.sleep(0.3)
                db.session.commit()
            except DomainError as error:
                db.session.rollback()
                results[index] = error
            except Exception as error:  # pragma: no cover - shown in the assertion
                db.session.rollback()
                results[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(actions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def count(model: Any, *where: Any) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where)) or 0


def test_two_coordinators_accepting_at_once_one_wins_and_the_other_is_refused(world: World) -> None:
    results = race(
        world,
        [
            lambda u, p: service.accept(u, p, "ensimmäinen"),
            lambda u, p: service.accept(u, p, "toinen"),
        ],
        list(world.workshop_coordinators),
    )
    refused = [r for r in results if r is not None]
    assert len(refused) == 1 and isinstance(refused[0], DomainError), results
    assert "same moment" in str(refused[0]) or "awaiting a decision" in str(refused[0])
    with world.app.app_context():
        assert db.session.get(Placement, world.placement_id).status == S.ACCEPTED
        assert count(PlacementStep, PlacementStep.kind == StepKind.ACCEPTED) == 1
        assert count(PlacementAgreement) == 1
        assert count(Notification, Notification.kind == "placement.accepted") == 1


def test_accept_and_decline_at_once_cannot_both_happen(world: World) -> None:
    results = race(
        world,
        [lambda u, p: service.accept(u, p), lambda u, p: service.decline(u, p, "Ei tilaa")],
        list(world.workshop_coordinators),
    )
    assert sum(r is None for r in results) == 1, results
    with world.app.app_context():
        status = db.session.get(Placement, world.placement_id).status
        kinds = {k for (k,) in db.session.execute(sa.select(PlacementStep.kind))}
        assert (status == S.ACCEPTED) == (StepKind.ACCEPTED in kinds)
        assert (status == S.DECLINED) == (StepKind.DECLINED in kinds)
        assert not {StepKind.ACCEPTED, StepKind.DECLINED} <= kinds


def test_both_parties_signing_at_once_never_leaves_two_signatures_unagreed(world: World) -> None:
    with world.app.test_request_context(headers={"Accept-Language": "en"}):
        placement = db.session.get(Placement, world.placement_id)
        service.accept(db.session.get(User, world.workshop_coordinators[0]), placement)
        db.session.commit()
    signers = [world.workshop_coordinators[0], world.provider_coordinator]
    sign = [lambda u, p: agreements.sign(u, p, 1, "")] * 2
    results = race(world, sign, signers)
    # PostgreSQL lets the second wait and then sign; SQLite refuses it, to be tried again.
    assert all(r is None or isinstance(r, DomainError) for r in results), results
    assert any(r is None for r in results)
    with world.app.app_context():
        signed = count(PlacementSignature)
        status = db.session.get(Placement, world.placement_id).status
        assert (signed == 2) == (status == S.AGREED)
    retry = [i for i, r in enumerate(results) if r is not None]
    for index in retry:
        assert race(world, [sign[index]], [signers[index]]) == [None]
    with world.app.app_context():
        assert db.session.get(Placement, world.placement_id).status == S.AGREED
        assert count(PlacementSignature) == 2
        assert count(PlacementStep, PlacementStep.kind == StepKind.AGREED) == 1
