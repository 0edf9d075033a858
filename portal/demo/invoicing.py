"""The invoice basis of last month between Parik and Luovi, disputed by Luovi.

The daily records' step closed last month for Parik's ongoing periods. Päivi, Luovi's
coordinator, has gone through Parik's invoice basis for it and disputes one line with a
comment; Maria, Parik's coordinator, has been told and can answer (after checking the
records), and Päivi then confirms. The figures are counted from the records as ever.
"""

from __future__ import annotations

from datetime import timedelta

from portal.core import dates
from portal.core.models import utcnow
from portal.daily_records import days
from portal.demo import DemoContext
from portal.extensions import db
from portal.invoicing import basis as counting
from portal.invoicing import service
from portal.invoicing.models import BasisState, CommentKind, InvoiceBasis, InvoiceBasisComment
from portal.notifications.service import notify

PAIVI = "paivi.korhonen@luovi.example"
MARIA = "maria.virtanen@parik.example"


def load(context: DemoContext) -> None:
    """After the daily records: last month's basis, one line disputed."""
    month = days.previous_month(days.month_of(dates.today()))
    workshop, provider = context.party("parik"), context.party("luovi")
    found = counting.count(workshop, provider, month)
    if not found.lines:
        return
    line = found.lines[0]
    paivi = context.user(PAIVI)
    at = utcnow() - timedelta(hours=3)
    record = InvoiceBasis(
        workshop_id=workshop.id,
        provider_id=provider.id,
        month=month,
        state=BasisState.DISPUTED,
        figures=found.fingerprint,
        decided_by_id=paivi.id,
        decided_at=at,
    )
    db.session.add(record)
    db.session.flush()
    db.session.add(
        InvoiceBasisComment(
            basis_id=record.id,
            kind=CommentKind.DISPUTE,
            placement_id=line.placement_id,
            body=(
                "Tukipäiviä on yksi enemmän kuin opiskelijan HOKS-seurannassa. "
                "Tarkistatteko kuukauden poissaolot?"
            ),
            author_id=paivi.id,
            author_name=paivi.name,
            created_at=at,
        )
    )
    notify(
        [context.user(MARIA)],
        service.DISPUTED,
        link=f"/invoicing/{workshop.id}/{provider.id}/{month:%Y-%m}",
        provider=provider.name,
        reference=line.reference,
        month=f"{month:%m/%Y}",
    )
