"""The demo's agreements pay for days of illness (the ongoing period also for agreed leave),
and its support-days report reads them, with daily records or without."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.placements.agreements import terms_of
from portal.placements.enums import PaidAbsence
from portal.placements.models import Placement
from tests.test_reports.figures import text_of


def test_the_demo_agreements_pay_for_absences_and_the_report_counts(
    runner: Any, db: Any, login: Callable[[User], FlaskClient]
) -> None:
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    ongoing = db.session.scalar(sa.select(Placement).where(Placement.reference == "LUOVI-2026-031"))
    assert ongoing.ill_days_paid and ongoing.agreed_leave_paid
    agreed = ongoing.agreement_in_force
    assert agreed is not None
    assert terms_of(agreed).paid_absences == {PaidAbsence.ILL, PaidAbsence.AGREED_LEAVE}

    maria = db.session.scalar(sa.select(User).where(User.email == "maria.virtanen@parik.example"))
    maria.locale = "en"
    html = login(maria).get("/reports/support-days?year=all").get_data(as_text=True)
    text = text_of(html)
    assert "Support days in all:" in text and "Support days in all: 0," not in text
    assert "Provisional:" in text
