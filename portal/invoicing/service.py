"""Confirming an invoice basis, disputing a line, answering a dispute.

* The education provider's coordinator confirms a final basis (every month closed), or
  disputes one of its lines with a comment, at any time.
* The workshop's coordinator answers a dispute — typically after correcting the daily
  records — and the basis is open again for the provider to confirm.
* A decision holds for the figures it was given on: when a correction changes them, the
  basis reads as open again (:func:`state_of`).

Functions take the acting user, change rows and only flush; the view commits once. Each
change is audited, and the other party's coordinators are told, naming the parties and the
month only (a disputed line's placement by its reference, never the young person).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l

from portal.auth.models import User
from portal.core import audit
from portal.core.errors import DomainError, NotPermitted
from portal.core.models import utcnow
from portal.extensions import db
from portal.invoicing.basis import Basis
from portal.invoicing.models import BasisState, CommentKind, InvoiceBasis, InvoiceBasisComment
from portal.invoicing.policy import may_answer, may_confirm
from portal.invoicing.sums import MonthSum
from portal.invoicing.workflow import RULES, Action, allows
from portal.notifications import kinds
from portal.notifications.service import notify
from portal.parties.models import Party
from portal.parties.service import coordinators_of

COMMENT_LENGTH = 1000

audit.name_events(
    {
        "invoicing.confirmed": _l("Invoice basis confirmed"),
        "invoicing.disputed": _l("Invoice basis line disputed"),
        "invoicing.answered": _l("Invoice basis dispute answered"),
    },
    targets={"InvoiceBasis": _l("Invoice basis")},
    details={"reference": _l("Reference")},
)

CONFIRMED = kinds.register(
    "invoicing.confirmed",
    _l("%(provider)s has confirmed the invoice basis of %(month)s."),
    label=_l("An invoice basis confirmed"),
)
DISPUTED = kinds.register(
    "invoicing.disputed",
    _l(
        "%(provider)s disputes the line of placement %(reference)s in the invoice basis of "
        "%(month)s."
    ),
    label=_l("An invoice basis disputed"),
)
ANSWERED = kinds.register(
    "invoicing.answered",
    _l("%(workshop)s has answered the dispute of the invoice basis of %(month)s."),
    label=_l("A dispute of an invoice basis answered"),
)


def find(workshop: Party, provider: Party, month: date) -> InvoiceBasis | None:
    return db.session.scalars(
        sa.select(InvoiceBasis).where(
            InvoiceBasis.workshop_id == workshop.id,
            InvoiceBasis.provider_id == provider.id,
            InvoiceBasis.month == month,
        )
    ).first()


def state_of(record: InvoiceBasis | None, basis: Basis | MonthSum) -> BasisState:
    """The state as both parties read it: a decision on other figures no longer holds."""
    if record is None or record.state == BasisState.OPEN:
        return BasisState.OPEN
    return record.state if record.figures == basis.fingerprint else BasisState.OPEN


def _record(basis: Basis) -> InvoiceBasis:
    found = find(basis.workshop, basis.provider, basis.month)
    if found is None:
        found = InvoiceBasis(
            workshop_id=basis.workshop.id, provider_id=basis.provider.id, month=basis.month
        )
        db.session.add(found)
        try:
            db.session.flush()
        except sa.exc.IntegrityError as error:
            # The other party's coordinator acted on the same basis at the same moment.
            raise DomainError(
                _l("Someone else acted on this basis at the same moment. Reload the page.")
            ) from error
    return found


def _decide(record: InvoiceBasis, actor: User, action: Action, figures: str) -> None:
    """Take ``action``: the state it leads to, on the figures it was taken on."""
    target = RULES[action].target
    assert target is not None, "every action of the table changes the state"
    record.state = target
    record.figures = figures
    record.decided_by_id = actor.id
    record.decided_at = utcnow()


def _comment(
    record: InvoiceBasis,
    actor: User,
    kind: CommentKind,
    body: str,
    placement_id: int | None = None,
) -> None:
    db.session.add(
        InvoiceBasisComment(
            basis_id=record.id,
            kind=kind,
            placement_id=placement_id,
            body=body,
            author_id=actor.id,
            author_name=actor.name,
        )
    )


def _announce(
    record: InvoiceBasis,
    actor: User,
    basis: Basis,
    event: str,
    kind: kinds.NotificationKind,
    told: Party,
    audited: dict[str, Any],
    **names: Any,
) -> None:
    """Audit the change and tell the other party's coordinators, naming the month."""
    db.session.flush()
    audit.record(event, actor=actor, target=record, **audited)
    notify(
        coordinators_of([told]),
        kind,
        link=_link(basis),
        month=f"{basis.month:%m/%Y}",
        **names,
    )


def _check_comment(comment: str) -> str:
    comment = comment.strip()
    if not comment:
        raise DomainError(_l("Write a comment."), field="comment")
    if len(comment) > COMMENT_LENGTH:
        raise DomainError(
            _l("Keep the comment within %(max)d characters.", max=COMMENT_LENGTH),
            field="comment",
        )
    return comment


def _link(basis: Basis) -> str:
    return url_for(
        "invoicing.basis",
        workshop_id=basis.workshop.id,
        provider_id=basis.provider.id,
        month=f"{basis.month:%Y-%m}",
    )


def confirm(actor: User, basis: Basis) -> InvoiceBasis:
    if not may_confirm(actor, basis.workshop, basis.provider):
        raise NotPermitted(_l("Only the education provider's coordinators confirm the basis."))
    if basis.is_empty:
        raise DomainError(_l("The month has nothing to invoice."))
    if basis.provisional:
        raise DomainError(
            _l("The basis is provisional: the workshop closes the month's records first.")
        )
    record = _record(basis)
    if not allows(RULES, Action.CONFIRM, state_of(record, basis)):
        raise DomainError(_l("The basis has already been confirmed."))
    _decide(record, actor, Action.CONFIRM, basis.fingerprint)
    _announce(
        record,
        actor,
        basis,
        "invoicing.confirmed",
        CONFIRMED,
        basis.workshop,
        {},
        provider=basis.provider.name,
    )
    return record


def dispute(actor: User, basis: Basis, placement_id: int | None, comment: str) -> InvoiceBasis:
    """A line disputed with a comment; a basis may be disputed in every state (:data:`RULES`)."""
    if not may_confirm(actor, basis.workshop, basis.provider):
        raise NotPermitted(_l("Only the education provider's coordinators dispute the basis."))
    reference = basis.references().get(placement_id) if placement_id is not None else None
    if placement_id is None or reference is None:
        raise DomainError(_l("Choose the line you dispute."), field="line")
    comment = _check_comment(comment)
    record = _record(basis)
    _decide(record, actor, Action.DISPUTE, basis.fingerprint)
    _comment(record, actor, CommentKind.DISPUTE, comment, placement_id)
    _announce(
        record,
        actor,
        basis,
        "invoicing.disputed",
        DISPUTED,
        basis.workshop,
        {"reference": reference},
        provider=basis.provider.name,
        reference=reference,
    )
    return record


def answer(actor: User, basis: Basis, comment: str) -> InvoiceBasis:
    """The workshop's answer to a dispute: the basis is open again, on its current figures."""
    if not may_answer(actor, basis.workshop, basis.provider):
        raise NotPermitted(_l("Only the workshop's coordinators answer a dispute."))
    record = find(basis.workshop, basis.provider, basis.month)
    if record is None or not allows(RULES, Action.ANSWER, record.state):
        raise DomainError(_l("The basis has no dispute to answer."))
    comment = _check_comment(comment)
    _decide(record, actor, Action.ANSWER, "")
    _comment(record, actor, CommentKind.ANSWER, comment)
    _announce(
        record,
        actor,
        basis,
        "invoicing.answered",
        ANSWERED,
        basis.provider,
        {},
        workshop=basis.workshop.name,
    )
    return record
