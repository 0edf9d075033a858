"""When a person last looked at what is new on their front page."""

from __future__ import annotations

from datetime import timedelta

import factory

from portal.core.models import utcnow
from portal.dashboard.models import DashboardSeen
from tests.factories.auth import UserFactory
from tests.factories.base import BaseFactory


class DashboardSeenFactory(BaseFactory):
    class Meta:
        model = DashboardSeen
        exclude = ("user",)

    user = factory.SubFactory(UserFactory)
    user_id = factory.SelfAttribute("user.id")
    new_seen_at = factory.LazyFunction(lambda: utcnow() - timedelta(days=1))
