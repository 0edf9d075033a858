"""The mail queue: messages in each state, and notifications waiting for the daily digest."""

from __future__ import annotations

from datetime import timedelta
from email.utils import make_msgid

import factory

from portal.core.models import utcnow
from portal.outbox.models import OutboxMessage, OutboxStatus
from tests.factories.auth import UserFactory
from tests.factories.base import BaseFactory


class OutboxMessageFactory(BaseFactory):
    """A message queued now for a person; ``sent``, ``failed`` and ``retrying`` (one attempt
    failed, the next one later) give the other states."""

    class Meta:
        model = OutboxMessage
        exclude = ("user",)

    class Params:
        sent = factory.Trait(
            status=OutboxStatus.SENT,
            attempts=1,
            last_attempt_at=factory.LazyFunction(utcnow),
            sent_at=factory.LazyFunction(utcnow),
        )
        retrying = factory.Trait(
            attempts=1,
            last_attempt_at=factory.LazyFunction(utcnow),
            next_attempt_at=factory.LazyFunction(lambda: utcnow() + timedelta(minutes=5)),
            last_error="Connection refused",
        )
        failed = factory.Trait(
            status=OutboxStatus.FAILED,
            attempts=8,
            last_attempt_at=factory.LazyFunction(utcnow),
            last_error="550 Mailbox unavailable",
        )

    user = factory.SubFactory(UserFactory)
    user_id = factory.SelfAttribute("user.id")
    purpose = "party.joined"
    recipient = factory.SelfAttribute("user.email")
    message_id = factory.LazyFunction(lambda: make_msgid(domain="silta"))
    subject = "Uusi osapuoli"
    body = "Teksti"
    status = OutboxStatus.QUEUED
    attempts = 0
    next_attempt_at = factory.LazyFunction(utcnow)
