"""The demo has last month's invoice basis between Parik and Luovi, final and disputed."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from portal.core.dates import today
from portal.daily_records.days import month_of, previous_month
from portal.invoicing import basis as counting
from portal.invoicing import service
from portal.invoicing.models import BasisState, InvoiceBasis


def test_the_demo_has_last_months_basis_disputed(runner: Any, db: Any) -> None:
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    [record] = db.session.scalars(sa.select(InvoiceBasis)).all()
    assert record.month == previous_month(month_of(today()))
    assert record.workshop.name.startswith("Parik") and "Luovi" in record.provider.name
    found = counting.count(record.workshop, record.provider, record.month)
    assert {"LUOVI-2026-009", "LUOVI-2026-031"} <= {line.reference for line in found.lines}
    assert not found.provisional and found.total > 0
    assert service.state_of(record, found) == BasisState.DISPUTED
    assert record.comments and record.comments[0].placement_id is not None
