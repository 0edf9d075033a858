"""Retention on the demo data aged by a frozen day years ahead: every ended placement's names
and notes go, the reports of its coordinator count the same figures before and after, and
the audit trail still verifies; the demo's own periods show on Parik's page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.daily_records.models import DailyRecord
from portal.placements.models import Placement, PlacementComment
from portal.retention.service import ENDED, PLACEMENT_TEXT

# Far enough ahead that every ended demo placement has passed the longest period, and
# near enough that the placements still going have not ended.
LATER = "2045-01-02"
REPORTS = ("placements", "outcomes", "follow-up", "support-days")


def report_figures(client: FlaskClient) -> dict[str, Any]:
    found = {}
    for name in REPORTS:
        html = client.get(f"/reports/{name}?year=all")
        assert html.status_code == 200, name
        found[name] = html.get_data(as_text=True).split("<main", 1)[1].split("</main>")[0]
    return found


def test_the_aged_demo_is_pseudonymised_and_its_reports_count_the_same(
    runner: Any, db: Any, login: Callable[[User], FlaskClient]
) -> None:
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    maria = db.session.scalar(sa.select(User).where(User.email == "maria.virtanen@parik.example"))
    client = login(maria)
    before = report_figures(client)
    ended = db.session.scalars(sa.select(Placement.id).where(Placement.status.in_(ENDED))).all()
    # The demo writes no full names, but notes about the young people.
    noted = sa.or_(*(getattr(Placement, name) != "" for name in PLACEMENT_TEXT))
    named = db.session.scalars(sa.select(Placement.id).where(Placement.id.in_(ended), noted)).all()
    assert named, "the demo has notes about the young people"

    dry = runner.invoke(args=["retention", "apply", "--dry-run", "--today", LATER])
    assert dry.exit_code == 0 and "nothing was changed" in dry.output
    db.session.expire_all()
    assert db.session.scalar(
        sa.select(sa.func.count()).where(Placement.id.in_(named), noted)
    ) == len(named)

    applied = runner.invoke(args=["retention", "apply", "--today", LATER])
    assert applied.exit_code == 0, applied.output
    db.session.expire_all()
    assert not db.session.scalar(sa.select(sa.func.count()).where(Placement.id.in_(ended), noted))
    assert not db.session.scalar(
        sa.select(sa.func.count())
        .select_from(DailyRecord)
        .where(DailyRecord.placement_id.in_(ended), DailyRecord.note != "")
    )
    assert not db.session.scalar(
        sa.select(sa.func.count())
        .select_from(PlacementComment)
        .where(PlacementComment.placement_id.in_(ended), PlacementComment.body != "")
    )
    assert report_figures(client) == before
    verified = runner.invoke(args=["audit", "verify"])
    assert verified.exit_code == 0, verified.output


def test_parik_s_coordinator_reads_the_demo_periods(
    runner: Any, db: Any, login: Callable[[User], FlaskClient]
) -> None:
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    maria = db.session.scalar(sa.select(User).where(User.email == "maria.virtanen@parik.example"))
    html = login(maria).get("/retention/", follow_redirects=True).get_data(as_text=True)
    assert 'name="comments" required type="number" value="3"' in html
    assert "2–10, 6 ellei toisin valita" in html
