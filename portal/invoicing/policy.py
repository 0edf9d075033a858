"""Who sees an invoice basis and who acts on it.

* Read: the people of its two parties, the workshop and the education provider: the basis
  names placements by their reference only and shows sums, which both parties' staff need
  for invoicing. Everyone else — another party, a third party's person on a period's team by
  the young person's consent, the administrator of no party — gets 404.
* Confirm, or dispute a line: the education provider's coordinators (the one who pays).
* Answer a dispute: the workshop's coordinators (the one who invoices).

A staff member of either party sees the basis but may not act: 403, as ``authorize`` does.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from portal.auth.models import User
from portal.core.authz import VIEW, Policy, policy
from portal.invoicing.models import InvoiceBasis
from portal.parties.models import Party, PartyKind

CONFIRM = "confirm"
ANSWER = "answer"


def _active(user: User) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and bool(
        getattr(user, "is_active", False)
    )


def may_read(user: User, workshop: Party, provider: Party) -> bool:
    return (
        _active(user)
        and workshop.kind == PartyKind.WORKSHOP
        and provider.kind == PartyKind.EDUCATION_PROVIDER
        and user.party_id is not None
        and user.party_id in (workshop.id, provider.id)
    )


def may_confirm(user: User, workshop: Party, provider: Party) -> bool:
    return (
        may_read(user, workshop, provider)
        and user.is_coordinator
        and (user.party_id == provider.id)
    )


def may_answer(user: User, workshop: Party, provider: Party) -> bool:
    return (
        may_read(user, workshop, provider)
        and user.is_coordinator
        and (user.party_id == workshop.id)
    )


@policy
class InvoiceBasisPolicy(Policy[InvoiceBasis]):
    model = InvoiceBasis

    def scope(self, user: User) -> ColumnElement[bool]:
        if user.party_id is None:
            return sa.false()
        return sa.or_(
            InvoiceBasis.workshop_id == user.party_id, InvoiceBasis.provider_id == user.party_id
        )

    def permits(self, user: User, action: str, obj: InvoiceBasis) -> bool:
        if action == VIEW:
            return may_read(user, obj.workshop, obj.provider)
        if action == CONFIRM:
            return may_confirm(user, obj.workshop, obj.provider)
        if action == ANSWER:
            return may_answer(user, obj.workshop, obj.provider)
        return False
