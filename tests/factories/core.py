"""The audit trail's rows; the chain's hashes are filled in when the row is flushed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import factory

from portal.core.audit import DENIED, AuditEvent
from portal.core.audit_chain import _key_for, checkpoint_hash
from portal.core.audit_checkpoint import AuditCheckpoint
from portal.core.models import utcnow
from portal.core.observability.heartbeat import OUTBOX, Heartbeat
from portal.extensions import db
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


class AuditCheckpointFactory(BaseFactory):
    """Where the audit log continues after the retention step removed its oldest rows,
    sealed with the audit key as the step seals it."""

    class Meta:
        model = AuditCheckpoint

    chain = AuditEvent.chain_name
    first_seq = 101
    prev_hash = "0" * 64
    removed = 100
    made_by = "worker"
    made_at = factory.LazyFunction(utcnow)

    @classmethod
    def _create(cls, model_class: type[AuditCheckpoint], *args: Any, **kwargs: Any) -> Any:
        checkpoint = model_class(*args, **kwargs)
        checkpoint.hash = checkpoint_hash(_key_for(db.session()), checkpoint.values())
        db.session.add(checkpoint)
        db.session.commit()
        return checkpoint


class HeartbeatFactory(BaseFactory):
    """The outbox worker's last round, just now; ``stale`` was twenty minutes ago."""

    class Meta:
        model = Heartbeat

    class Params:
        stale = factory.Trait(
            beat_at=factory.LazyFunction(lambda: utcnow() - timedelta(minutes=20))
        )

    name = OUTBOX
    beat_at = factory.LazyFunction(utcnow)
