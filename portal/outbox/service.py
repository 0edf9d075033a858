"""Queueing e-mail in the current transaction, and the administrator's view of the outbox.

:func:`queue` only adds a row to the session: the message exists exactly when the change
that causes it is committed, and nothing waits for the mail server. The worker
(:mod:`portal.outbox.worker`) sends it afterwards.
"""

from __future__ import annotations

import base64
import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from portal.core import audit, mail
from portal.core.errors import TransitionNotAllowed
from portal.core.models import utcnow
from portal.core.transitions import Transition, allows, states
from portal.extensions import db
from portal.outbox.models import OutboxMessage, OutboxStatus

if TYPE_CHECKING:
    from portal.auth.models import User


class OutboxAction(enum.StrEnum):
    REQUEUE = "requeue"


# The administrator may only put a failed message back in the queue.
RULES: dict[OutboxAction, Transition[OutboxStatus]] = {
    OutboxAction.REQUEUE: Transition(states(OutboxStatus.FAILED), OutboxStatus.QUEUED),
}

audit.name_events(
    {"outbox.requeue": _l("E-mail queued again")},
    targets={"OutboxMessage": _l("E-mail")},
    details={"purpose": _l("Purpose")},
)

SUBJECT_LENGTH = 255


@dataclass(frozen=True)
class Attachment:
    """A file sent with a message, e.g. an invitation's ``.ics``.

    ``params`` are added to the Content-Type header: a calendar invitation is
    ``Attachment("invitation.ics", ics_text, "text/calendar", {"method": "REQUEST"})``.
    """

    filename: str
    content: bytes | str
    mimetype: str = "application/octet-stream"
    params: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data = self.content.encode() if isinstance(self.content, str) else self.content
        return {
            "filename": self.filename,
            "mimetype": self.mimetype,
            "params": dict(self.params),
            "data": base64.b64encode(data).decode("ascii"),
        }

    @classmethod
    def from_json(cls, stored: dict[str, Any]) -> Attachment:
        return cls(
            filename=stored["filename"],
            content=base64.b64decode(stored["data"]),
            mimetype=stored["mimetype"],
            params=dict(stored.get("params") or {}),
        )

    def add_to(self, message: EmailMessage) -> None:
        maintype, _, subtype = self.mimetype.partition("/")
        data = self.content.encode() if isinstance(self.content, str) else self.content
        if maintype == "text":
            # Text parts (e.g. text/calendar; method=REQUEST) travel as UTF-8 text, as mail
            # clients expect of an invitation.
            message.add_attachment(
                data.decode("utf-8"), subtype=subtype, filename=self.filename, params=self.params
            )
        else:
            message.add_attachment(
                data, maintype=maintype, subtype=subtype, filename=self.filename, params=self.params
            )


def queue(
    to: str,
    subject: str,
    body: str,
    *,
    purpose: str,
    user: User | None = None,
    attachments: Sequence[Attachment] = (),
) -> OutboxMessage:
    """Add a message to the outbox in the current transaction; the worker sends it after commit."""
    message = OutboxMessage(
        purpose=purpose,
        user_id=user.id if user is not None else None,
        recipient=to,
        message_id=make_msgid(domain="silta"),
        subject=" ".join(subject.split())[:SUBJECT_LENGTH],
        body=body,
        attachments=[a.to_json() for a in attachments],
        status=OutboxStatus.QUEUED,
        attempts=0,
        next_attempt_at=utcnow(),
    )
    db.session.add(message)
    return message


def build_email(message: OutboxMessage) -> EmailMessage:
    """The e-mail of a queued message, the same on every attempt."""
    email = mail.build_message(message.recipient, message.subject, message.body)
    email.replace_header("Message-ID", message.message_id)
    email["Date"] = format_datetime(message.created_at)
    # Automatic mail: out-of-office replies should not answer it (RFC 3834).
    email["Auto-Submitted"] = "auto-generated"
    for stored in message.attachments:
        Attachment.from_json(stored).add_to(email)
    return email


def counts() -> dict[OutboxStatus, int]:
    """How many messages are queued, sent and failed."""
    rows = db.session.execute(
        sa.select(OutboxMessage.status, sa.func.count(OutboxMessage.id)).group_by(
            OutboxMessage.status
        )
    )
    found = {OutboxStatus(status): count for status, count in rows}
    return {status: found.get(status, 0) for status in OutboxStatus}


def requeue(actor: User, message: OutboxMessage) -> None:
    """Give a failed message a new round of attempts, starting now."""
    if not allows(RULES, OutboxAction.REQUEUE, message.status):
        raise TransitionNotAllowed(_l("Only a failed message can be queued again."))
    message.status = OutboxStatus.QUEUED
    message.attempts = 0
    message.next_attempt_at = utcnow()
    message.claimed_until = None
    message.claim_token = None
    audit.record("outbox.requeue", actor=actor, target=message, purpose=message.purpose)


def requeue_all_failed(actor: User) -> int:
    """Queue every failed message again; the number of messages."""
    failed = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.status == OutboxStatus.FAILED)
    ).all()
    for message in failed:
        requeue(actor, message)
    return len(failed)
