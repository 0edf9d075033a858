"""Invoice bases between a workshop and a provider, and their dispute threads."""

from __future__ import annotations

from datetime import date

import factory

from portal.core.dates import today
from portal.invoicing.models import BasisState, CommentKind, InvoiceBasis, InvoiceBasisComment
from tests.factories.base import BaseFactory
from tests.factories.parties import PartyFactory


def _last_month() -> date:
    first = today().replace(day=1)
    return (
        first.replace(year=first.year - 1, month=12)
        if first.month == 1
        else first.replace(month=first.month - 1)
    )


class InvoiceBasisFactory(BaseFactory):
    """Last month's basis between a workshop and a provider, not yet decided on."""

    class Meta:
        model = InvoiceBasis

    workshop = factory.SubFactory(PartyFactory)
    provider = factory.SubFactory(PartyFactory, provider=True)
    month = factory.LazyFunction(_last_month)
    state = BasisState.OPEN


class InvoiceBasisCommentFactory(BaseFactory):
    """The provider's answer-awaiting dispute of the basis as a whole."""

    class Meta:
        model = InvoiceBasisComment

    basis = factory.SubFactory(InvoiceBasisFactory, state=BasisState.DISPUTED)
    kind = CommentKind.DISPUTE
    body = "Päiviä on yksi liikaa: 6.11. oli sovittu vapaa."
    author_name = "Päivi Korhonen"
