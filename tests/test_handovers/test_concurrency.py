"""A completion and a hand-over recorded at the same moment: the placement never ends up
completed with a hand-over waiting for its receiver, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import time, timedelta
from time import sleep as pause

import sqlalchemy as sa

from portal.auth.models import User
from portal.core.dates import today
from portal.core.errors import DomainError
from portal.extensions import db
from portal.handovers import service as handovers
from portal.handovers.models import Handover, NextService
from portal.placements import service
from portal.placements.models import NextStep, Placement, PlacementStatus
from tests.test_placements.test_concurrency import World, race, world  # noqa: F401

S = PlacementStatus


def _complete(user: User, placement: Placement) -> None:
    # A moment later than the hand-over: its row lock is taken but not yet committed, so the
    # completion's first look finds nothing waiting and only its look after the claim can.
    pause(0.1)
    service.complete(
        user,
        placement,
        on=today(),
        completed_unit_ids=[],
        other_units=[],
        next_step=NextStep.OTHER,
    )


def _hand_over(receiver_id: int) -> object:
    def act(user: User, placement: Placement) -> None:
        receiver = db.session.get(User, receiver_id)
        assert receiver is not None
        handovers.record(
            user,
            placement,
            handovers.HandoverDetails(
                service=NextService.STUDIES,
                party_id=receiver.party_id,
                person_id=receiver.id,
                meeting_on=today() + timedelta(days=3),
                start_time=time(9),
                end_time=time(10),
            ),
        )

    return act


def test_completing_and_handing_over_at_once_never_leaves_a_handover_hanging(
    world: World,  # noqa: F811
) -> None:
    with world.app.app_context():
        placement = db.session.get(Placement, world.placement_id)
        assert placement is not None
        placement.status = S.ONGOING
        placement.started_on = today() - timedelta(days=30)
        db.session.commit()
    results = race(
        world,
        [_complete, _hand_over(world.provider_coordinator)],  # type: ignore[list-item]
        list(world.workshop_coordinators),
    )
    assert any(r is None for r in results), results
    assert all(r is None or isinstance(r, DomainError) for r in results), results
    with world.app.app_context():
        status = db.session.get(Placement, world.placement_id).status
        waiting = db.session.scalar(
            sa.select(sa.func.count(Handover.id)).where(Handover.confirmed_at.is_(None))
        )
        assert not (status == S.COMPLETED and waiting), (status, waiting, results)
        assert (status == S.ONGOING) == (waiting == 1), (status, waiting, results)
