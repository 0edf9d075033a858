"""The demo shows a month of daily records: the previous month closed, with one correction
after closing, and this month's weekdays so far, with absences of each kind."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from portal.core.dates import today
from portal.daily_records.days import month_of, previous_month
from portal.daily_records.models import ClosedMonth, DailyRecord, Presence
from portal.placements.models import Placement, StepKind


def test_the_demo_has_a_closed_month_a_correction_and_this_month_so_far(
    runner: Any, db: Any
) -> None:
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    records = db.session.scalars(sa.select(DailyRecord)).all()
    this_month, last_month = month_of(today()), previous_month(month_of(today()))
    assert {r.presence for r in records} == set(Presence)
    assert all(r.day < today() for r in records)
    assert any(r.day >= this_month for r in records) or today().day <= 3
    assert [r.revision for r in records if r.correction_reason] == [2]
    closed = db.session.scalars(sa.select(ClosedMonth)).all()
    assert closed and {c.month for c in closed} == {last_month}
    placement = db.session.get(Placement, closed[0].placement_id)
    assert StepKind.RECORDS_MONTH_CLOSED in {s.kind for s in placement.steps}
    # Nothing is recorded on weekends in the demo.
    assert all(r.day.weekday() < 5 for r in records)
