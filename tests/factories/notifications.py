"""In-app notifications and each person's choice of how to hear of them."""

from __future__ import annotations

import factory

from portal.core.models import utcnow
from portal.notifications.models import Delivery, DigestItem, Notification, NotificationPreference
from tests.factories.auth import UserFactory
from tests.factories.base import BaseFactory


class NotificationFactory(BaseFactory):
    """An unread notification that a party joined; ``read`` has been opened."""

    class Meta:
        model = Notification
        # The row keeps the person's id; the account is only for making one.
        exclude = ("user",)

    class Params:
        read = factory.Trait(read_at=factory.LazyFunction(utcnow))

    user = factory.SubFactory(UserFactory)
    user_id = factory.SelfAttribute("user.id")
    kind = "party.joined"
    params = factory.LazyFunction(lambda: {"party": "Kotkan nuorten työpaja"})
    link = "/parties/"


class NotificationPreferenceFactory(BaseFactory):
    """A person who wants one kind in the daily digest."""

    class Meta:
        model = NotificationPreference
        exclude = ("user",)

    user = factory.SubFactory(UserFactory)
    user_id = factory.SelfAttribute("user.id")
    kind = "party.joined"
    delivery = Delivery.DIGEST


class DigestItemFactory(BaseFactory):
    """A notification that waits for its recipient's next daily digest."""

    class Meta:
        model = DigestItem
        exclude = ("user",)

    user = factory.SubFactory(UserFactory)
    user_id = factory.SelfAttribute("user.id")
    notification = factory.SubFactory(NotificationFactory, user=factory.SelfAttribute("..user"))
