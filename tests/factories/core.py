"""The audit trail's rows; the chain's hashes are filled in when the row is flushed."""

from __future__ import annotations

import factory

from portal.core.audit import DENIED, AuditEvent
from tests.factories.auth import UserFactory
from tests.factories.base import BaseFactory


class AuditEventFactory(BaseFactory):
    """A person's e-mail address changed, by the person; ``denied`` was refused."""

    class Meta:
        model = AuditEvent

    class Params:
        denied = factory.Trait(outcome=DENIED)

    event = "user.email_change"
    actor = factory.SubFactory(UserFactory)
    actor_email = factory.SelfAttribute("actor.email")
    actor_party = factory.SelfAttribute("actor.party")
    target_type = "user"
    target_id = factory.SelfAttribute("actor.id")
    address = "192.0.2.30"
    details = factory.LazyFunction(lambda: {"email": "uusi@silta.example"})
