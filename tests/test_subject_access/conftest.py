"""A young person with two placements between Parik (the workshop) and Luovi (the provider),
each party having written its own comments, documents and views, and another young person
of the same name whose placement is Kotka's and Luovi's, not Parik's."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.parties.models import Party
from portal.placements.enums import NextStep, PlacementStatus
from portal.placements.models import Placement
from tests import factories

NAME = "Aino Kallio"


@pytest.fixture
def person(
    db: Any,
    make_placement: Any,
    workshop: Party,
    provider: Party,
    other_workshop: Party,
    workshop_coordinator: User,
    provider_coordinator: User,
    login: Callable[[User], FlaskClient],
) -> dict[str, Placement]:
    ended = make_placement(
        PlacementStatus.COMPLETED,
        reference="LUOVI-2025-007",
        full_name=NAME,
        initials="A.K.",
        start_on=date(2025, 2, 3),
        end_on=date(2025, 5, 30),
        started_on=date(2025, 2, 3),
        ended_on=date(2025, 5, 30),
        next_step=NextStep.STUDIES,
    )
    going = make_placement(
        PlacementStatus.ONGOING,
        reference="LUOVI-2026-012",
        full_name=NAME,
        initials="A.K.",
    )
    for placement in (ended, going):
        factories.PlacementCommentFactory(
            placement=placement, author=workshop_coordinator, body="Parikin oma huomio."
        )
        factories.PlacementCommentFactory(
            placement=placement, author=provider_coordinator, body="Luovin salainen huomio."
        )
        factories.DailyRecordFactory(placement=placement, day=date(2025, 3, 4), note="Hyvä päivä.")
        factories.DocumentLinkFactory(
            placement=placement,
            document=factories.DocumentFactory(
                created_by=workshop_coordinator, title="Parikin arviointi", internal=True
            ),
        )
        factories.DocumentLinkFactory(
            placement=placement,
            document=factories.DocumentFactory(
                created_by=provider_coordinator, title="Luovin HOKS-liite", internal=True
            ),
        )
    factories.ConsentFactory(placement=ended, parties=[workshop, provider])
    factories.FollowUpFactory(placement=ended, answered=True)
    stranger = factories.PlacementFactory(
        sender=provider,
        receiver=other_workshop,
        submitted=True,
        reference="KOTKA-2026-001",
        full_name=NAME,
        initials="A.K.",
    )
    db.session.commit()
    # Each party's coordinator opens the placement: the access log has a row of each.
    for user in (workshop_coordinator, provider_coordinator):
        assert login(user).get(f"/placements/{ended.id}").status_code == 200
    return {"ended": ended, "going": going, "stranger": stranger}
