"""Quota places and the places filled in them, in the states a quota goes through."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import factory

from portal.parties.models import PartyKind
from portal.quotas.models import Quota, QuotaAllocation
from tests.factories.base import BaseFactory, days_from_today
from tests.factories.parties import PartyFactory, UnitFactory
from tests.factories.placements import PlacementFactory


class QuotaFactory(BaseFactory):
    """Two places of a workshop's field for a provider over the next half year, open for
    replies for a month. Traits: ``reply_passed`` (the reply-by day is behind, nothing released
    yet), ``released`` (the unfilled places went back at the reply-by day), ``ended``, and
    ``full`` (every place filled with a named reservation)."""

    class Meta:
        model = Quota

    class Params:
        reply_passed = factory.Trait(reply_by=factory.LazyFunction(lambda: days_from_today(-1)))
        released = factory.Trait(
            reply_by=factory.LazyFunction(lambda: days_from_today(-10)),
            released_on=factory.LazyFunction(lambda: days_from_today(-9)),
            places=0,
            released_places=2,
        )
        ended = factory.Trait(
            start_on=factory.LazyFunction(lambda: days_from_today(-200)),
            end_on=factory.LazyFunction(lambda: days_from_today(-20)),
            reply_by=factory.LazyFunction(lambda: days_from_today(-170)),
        )
        full = factory.Trait(
            filled=factory.RelatedFactoryList(
                "tests.factories.quotas.QuotaAllocationFactory",
                factory_related_name="quota",
                size=lambda: 2,
            )
        )

    workshop = factory.SubFactory(PartyFactory, kind=PartyKind.WORKSHOP)
    unit = factory.SubFactory(UnitFactory, party=factory.SelfAttribute("..workshop"))
    provider = factory.SubFactory(PartyFactory, provider=True)
    field_name = "Rakennus- ja puuala"
    start_on = factory.LazyFunction(lambda: days_from_today(0))
    end_on = factory.LazyAttribute(lambda o: o.start_on + timedelta(days=180))
    places = 2
    reply_by = factory.LazyAttribute(lambda o: o.start_on + timedelta(days=30))


class QuotaAllocationFactory(BaseFactory):
    """A named reservation over the whole quota; ``for_placement`` fills the place with a
    submitted workshop period of the quota's provider instead, ``released`` frees it today."""

    class Meta:
        model = QuotaAllocation

    class Params:
        for_placement = factory.Trait(
            reference="",
            placement=factory.SubFactory(
                PlacementFactory,
                submitted=True,
                sender=factory.SelfAttribute("..quota.provider"),
                receiver=factory.SelfAttribute("..quota.workshop"),
                start_on=factory.SelfAttribute("..start_on"),
                end_on=factory.SelfAttribute("..end_on"),
            ),
        )
        released = factory.Trait(released_on=factory.LazyFunction(lambda: days_from_today(0)))

    quota = factory.SubFactory(QuotaFactory)
    placement: Any = None
    reference = factory.Sequence(lambda n: f"LUOVI-VARAUS-{n}")
    start_on = factory.SelfAttribute("quota.start_on")
    end_on = factory.SelfAttribute("quota.end_on")
