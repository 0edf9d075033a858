"""The audit log of security events: who did what, when, from which address.

Entries are added to the current database transaction, so an event is logged exactly
when the change it describes is committed. The portal offers no way to edit or delete them;
the rows are hash-chained (``audit_chain``), so that ``flask audit verify`` names any row
changed behind its back, and on PostgreSQL a trigger refuses to change or delete them.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from flask import has_request_context
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.audit_chain import Chained, normalise_json, stamp
from portal.core.audit_checkpoint import AuditCheckpoint  # noqa: F401  (mapped with the log)
from portal.core.models import created_at_column, json_column
from portal.core.net import client_address
from portal.core.observability.metrics import count_audit_event
from portal.core.observability.request_id import current_request_id
from portal.extensions import Model, db

if TYPE_CHECKING:
    from portal.auth.models import User
    from portal.parties.models import Party


# What came of the attempt the row records.
SUCCESS = "success"
DENIED = "denied"
FAILED = "failed"
OUTCOME_LABELS: dict[str, LazyString] = {
    SUCCESS: _l("Succeeded"),
    DENIED: _l("Refused"),
    FAILED: _l("Failed"),
}
# Events that record a refusal; every other event records something done.
OUTCOMES: dict[str, str] = {
    "login.failure": FAILED,
    "login.organisation_refused": FAILED,
    "rate_limit.exceeded": DENIED,
    "csrf.failure": DENIED,
    "access.denied": DENIED,
}


# Names for the administrator's view; an event without one is shown by its code.
EVENT_LABELS: dict[str, LazyString] = {
    "login.success": _l("Signed in"),
    "login.failure": _l("Failed sign-in"),
    "login.organisation": _l("Signed in with the organisation's account"),
    "login.organisation_refused": _l("Sign-in with the organisation's account refused"),
    "identity.bind": _l("Organisation account bound"),
    "identity_provider.create": _l("Organisation sign-in set up"),
    "identity_provider.update": _l("Organisation sign-in changed"),
    "logout": _l("Signed out"),
    "rate_limit.exceeded": _l("Too many attempts"),
    "csrf.failure": _l("Form without a valid security token"),
    "password.change": _l("Password changed"),
    "password.reset_request": _l("Password reset asked for"),
    "password.reset": _l("Password reset"),
    "invitation.accept": _l("Invitation accepted"),
    "user.create": _l("Account created"),
    "user.invite": _l("Invitation sent"),
    "user.role_change": _l("Role changed"),
    "user.party_change": _l("Party changed"),
    "user.activate": _l("Account activated"),
    "user.deactivate": _l("Account deactivated"),
    "party.create": _l("Party added"),
    "party.update": _l("Party changed"),
    "party.withdraw": _l("Withdrawal recorded"),
    "unit.save": _l("Unit saved"),
    "agreement.save": _l("Agreement described"),
    "agreement.sign": _l("Signature recorded"),
    "access.denied": _l("Access refused"),
}


# What a target is, by its model's name, and what the details' keys mean.
TARGET_LABELS: dict[str, LazyString] = {
    "User": _l("Account"),
    "Party": _l("Party"),
    "Unit": _l("Unit"),
    "Agreement": _l("Agreement"),
}
DETAIL_LABELS: dict[str, LazyString] = {
    "reason": _l("Reason"),
    "name": _l("Name"),
    "role": _l("Role"),
    "old": _l("Before"),
    "new": _l("After"),
    "party": _l("Party"),
    "unit": _l("Unit"),
    "signer": _l("Signer"),
    "date": _l("Date"),
    "via": _l("Via"),
    "path": _l("Page"),
    "status": _l("Answer"),
}


# Coded detail values worth reading in words, by (key, value).
DETAIL_VALUE_LABELS: dict[tuple[str, str], LazyString] = {
    ("reason", "unknown"): _l("no account with this e-mail address"),
    ("reason", "password"): _l("wrong password"),
}


def name_events(
    events: dict[str, LazyString],
    *,
    targets: dict[str, LazyString] | None = None,
    details: dict[str, LazyString] | None = None,
) -> None:
    """Name a feature's events, targets and detail keys for the administrator's view.

    Each feature that records events calls this once, beside the code that records them, so
    that its events can be chosen in the log's filter and read in the user's language.
    """
    EVENT_LABELS.update(events)
    TARGET_LABELS.update(targets or {})
    for key, label in (details or {}).items():
        DETAIL_LABELS.setdefault(key, label)


def event_label(event: str) -> str:
    label = EVENT_LABELS.get(event)
    return str(label) if label is not None else event


def target_label(target_type: str) -> str:
    label = TARGET_LABELS.get(target_type)
    return str(label) if label is not None else target_type


def outcome_label(outcome: str) -> str:
    label = OUTCOME_LABELS.get(outcome)
    return str(label) if label is not None else outcome


def detail_label(key: str) -> str:
    label = DETAIL_LABELS.get(key)
    return str(label) if label is not None else key


def detail_value(key: str, value: Any) -> str:
    label = DETAIL_VALUE_LABELS.get((key, str(value)))
    return str(label) if label is not None else str(value)


class AuditEvent(Chained, Model):
    __tablename__ = "audit_event"
    chain_name = "audit_event"
    chain_columns = (
        "at",
        "event",
        "outcome",
        "actor_id",
        "actor_email",
        "actor_party_id",
        "target_type",
        "target_id",
        "address",
        "details",
    )
    # Added after the first rows were chained; covered whenever set (see audit_chain).
    chain_optional_columns = ("request_id",)
    chain_lock = 0x5117A_A0D17  # "silta audit"
    # The administrator's log, newest first, for everyone or for one party's people.
    __table_args__ = (
        sa.Index("ix_audit_event_at", "at"),
        sa.Index("ix_audit_event_actor_party_at", "actor_party_id", "at"),
        # The audit log pages by sequence, filtered by the kind of event.
        sa.Index("ix_audit_event_event_seq", "event", "seq"),
        # The rows of one request, found by the incident number of its error page.
        sa.Index("ix_audit_event_request_id", "request_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = created_at_column()
    # e.g. "login.success"; the first word groups events in the administrator's view.
    event: Mapped[str] = mapped_column(sa.String(64), index=True)
    actor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    # The e-mail typed at a failed sign-in, or the actor's, kept even if the account goes.
    actor_email: Mapped[str] = mapped_column(sa.String(254), default="")
    # The actor's party when the event happened; None for the administrator and strangers.
    actor_party_id: Mapped[int | None] = mapped_column(sa.ForeignKey("party.id"))
    outcome: Mapped[str] = mapped_column(sa.String(16), default=SUCCESS)
    target_type: Mapped[str] = mapped_column(sa.String(64), default="")
    target_id: Mapped[int | None]
    address: Mapped[str] = mapped_column(sa.String(64), default="")
    details: Mapped[dict[str, Any]] = json_column()
    # The id of the request that wrote the row, as in the application log and on the error
    # page ("incident number"); empty for rows written outside a request (the worker).
    request_id: Mapped[str] = mapped_column(sa.String(64), default="", server_default="")

    actor: Mapped[User | None] = relationship()
    actor_party: Mapped[Party | None] = relationship()

    def prepare_chain(self) -> None:
        stamp(self)
        if self.actor is not None:
            self.actor_id = self.actor.id
        self.actor_email = self.actor_email or ""
        self.target_type = self.target_type or ""
        self.address = self.address or ""
        self.request_id = self.request_id or ""
        self.outcome = self.outcome or SUCCESS
        self.details = normalise_json(self.details or {})


def record(
    event: str,
    *,
    actor: User | None = None,
    actor_email: str | None = None,
    target: Any = None,
    target_type: str | None = None,
    target_id: int | None = None,
    **details: Any,
) -> AuditEvent:
    """Add a security event to the current transaction.

    The target is an object, or named by ``target_type`` and ``target_id`` when there is no
    object to give (a refused request names only what it asked for).
    """
    if actor is not None and actor.id is None:
        # The hash covers the actor's id, which a new account gets only when it is written.
        db.session.flush()
    entry = AuditEvent(
        event=event,
        outcome=OUTCOMES.get(event, SUCCESS),
        actor=actor,
        actor_id=actor.id if actor is not None else None,
        actor_party_id=actor.party_id if actor is not None else None,
        actor_email=actor_email if actor_email is not None else (actor.email if actor else ""),
        target_type=type(target).__name__ if target is not None else (target_type or ""),
        target_id=getattr(target, "id", None) if target is not None else target_id,
        address=client_address() if has_request_context() else "",
        request_id=current_request_id(),
        details=details,
    )
    db.session.add(entry)
    count_audit_event(event)
    return entry
