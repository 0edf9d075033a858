"""A workshop period under way, the young person's consent to include Kymsote, and a social
worker of Kymsote to hand the young person over to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.core.dates import today
from portal.placements.models import Placement, PlacementStatus
from tests.factories import ConsentFactory, PlacementBuilder, UserFactory
from tests.people import People

Login = Callable[[User], FlaskClient]


@dataclass
class Scene:
    placement: Placement
    receiver: User  # Sirpa, a social worker of Kymsote


@pytest.fixture
def scene(people: People, make_placement: PlacementBuilder) -> Scene:
    placement = make_placement(PlacementStatus.ONGOING, full_name="Aino Koivisto")
    ConsentFactory(placement=placement, parties=[people.workshop, people.provider, people.social])
    receiver = UserFactory(party=people.social, name="Sirpa Sosiaalityöntekijä")
    return Scene(placement, receiver)


def handover_form(receiver: User, **overrides: Any) -> dict[str, str]:
    """What a team member fills in: the receiver, and a meeting next week, 9–10."""
    data = {
        "service": "social_services",
        "party": str(receiver.party_id),
        "person": str(receiver.id),
        "meeting_on": (today() + timedelta(days=7)).isoformat(),
        "start_time": "09:00",
        "end_time": "10:00",
        "place": "Kymsoten toimisto, Kouvola",
    }
    data.update(overrides)
    return data


def record(client: FlaskClient, placement: Placement, receiver: User, **overrides: Any) -> Any:
    return client.post(
        f"/placements/{placement.id}/handover/new", data=handover_form(receiver, **overrides)
    )
