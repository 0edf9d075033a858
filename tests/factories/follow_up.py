"""The follow-ups of a finished placement."""

from __future__ import annotations

import factory

from portal.core.dates import add_months, today
from portal.core.models import utcnow
from portal.follow_up.enums import Checkpoint
from portal.follow_up.models import FollowUp
from tests.factories.base import BaseFactory
from tests.factories.placements import PlacementFactory


class FollowUpFactory(BaseFactory):
    """The 3-month follow-up of a completed placement, unanswered, asked of nobody unless
    told; ``answered`` gives it an answer (in work, told by the young person)."""

    class Meta:
        model = FollowUp

    class Params:
        answered = factory.Trait(
            situation="work",
            source="young_person",
            answered_by_name="Sanna Nieminen",
            answered_at=factory.LazyFunction(utcnow),
        )

    placement = factory.SubFactory(PlacementFactory, completed=True)
    checkpoint = Checkpoint.MONTHS_3
    due_on = factory.LazyAttribute(
        lambda o: add_months(o.placement.ended_on or today(), o.checkpoint.months)
    )
