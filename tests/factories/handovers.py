"""A hand-over of an ongoing placement's young person to the next service."""

from __future__ import annotations

import factory

from portal.core.models import utcnow
from portal.handovers.models import Handover, NextService
from tests.factories.annual_calendar import EventFactory
from tests.factories.auth import UserFactory
from tests.factories.base import BaseFactory
from tests.factories.parties import PartyFactory
from tests.factories.placements import PlacementFactory, S


class HandoverFactory(BaseFactory):
    """Waiting for its receiver, a person of a third party, to confirm it; ``confirmed`` and
    ``called_off`` for the states it ends in."""

    class Meta:
        model = Handover

    class Params:
        confirmed = factory.Trait(
            confirmed_at=factory.LazyFunction(utcnow),
            confirmed_by_name=factory.SelfAttribute("receiver_name"),
        )
        called_off = factory.Trait(
            called_off_at=factory.LazyFunction(utcnow),
            called_off_by_name="Maria Virtanen",
            called_off_reason="Nuori jatkaa työpajalla.",
        )

    placement = factory.SubFactory(PlacementFactory, status=S.ONGOING)
    service = NextService.SOCIAL_SERVICES
    receiver_party = factory.SubFactory(PartyFactory, social_services=True)
    receiver = factory.SubFactory(UserFactory, party=factory.SelfAttribute("..receiver_party"))
    receiver_name = factory.SelfAttribute("receiver.name")
    event = factory.SubFactory(
        EventFactory, organiser=factory.SelfAttribute("..placement.receiver")
    )
    recorded_by_name = "Maria Virtanen"
