"""Retention: the administrator's limits, a party's own periods, and what the step has done."""

from __future__ import annotations

import factory

from portal.core.dates import today
from portal.placements.models import PlacementStatus
from portal.retention.models import (
    Category,
    RetentionDone,
    RetentionLimit,
    RetentionRun,
    RetentionSetting,
)
from tests.factories.base import BaseFactory
from tests.factories.parties import PartyFactory
from tests.factories.placements import PlacementFactory


class RetentionLimitFactory(BaseFactory):
    """The limits of the comments: 1 to 10 years, 5 unless a party chooses."""

    class Meta:
        model = RetentionLimit
        sqlalchemy_get_or_create = ("category",)

    category = Category.COMMENTS
    min_years = 1
    default_years = 5
    max_years = 10


class RetentionSettingFactory(BaseFactory):
    """A party keeps its daily records' notes for six years."""

    class Meta:
        model = RetentionSetting
        exclude = ("party",)

    party = factory.SubFactory(PartyFactory)
    party_id = factory.SelfAttribute("party.id")
    category = Category.DAILY_RECORDS
    years = 6


class RetentionDoneFactory(BaseFactory):
    """A completed placement whose full name and notes have been emptied."""

    class Meta:
        model = RetentionDone
        exclude = ("placement",)

    placement = factory.SubFactory(PlacementFactory, status=PlacementStatus.COMPLETED)
    placement_id = factory.SelfAttribute("placement.id")
    category = Category.IDENTITY


class RetentionRunFactory(BaseFactory):
    """Today's run of the step."""

    class Meta:
        model = RetentionRun

    day = factory.LazyFunction(today)
