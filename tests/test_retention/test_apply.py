"""The retention step on aged data with a frozen day: a dry run lists without changing, the
step empties names and notes where both parties' periods have passed, keeps what reports
count, and removes the audit trail's oldest rows behind a checkpoint that verifies."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
import sqlalchemy as sa

from portal.auth.models import User
from portal.core.audit import AuditEvent
from portal.core.audit_checkpoint import AuditCheckpoint
from portal.daily_records.models import DailyRecord
from portal.documents.models import Document
from portal.parties.models import Party
from portal.placements.access_models import PlacementAccess
from portal.placements.models import Placement, PlacementComment
from portal.reports.filters import Filters
from portal.reports.placement_reports import outcomes_report, placements_report
from portal.reports.support_days import support_days_report
from portal.retention.daily import run_daily
from portal.retention.models import Category
from portal.retention.periods import set_party_years
from portal.retention.service import PLACEMENT_CATEGORIES
from tests import databases, factories

# The frozen day the step counts from.
TODAY = date(2032, 6, 1)
ENDED_LONG_AGO = date(2025, 5, 30)
ENDED_RECENTLY = date(2030, 5, 30)


@pytest.fixture
def aged(db: Any, workshop: Party, provider: Party) -> dict[str, Placement]:
    """Two finished workshop periods: one ended seven years before TODAY, one two years."""
    found = {}
    for key, ended in (("old", ENDED_LONG_AGO), ("recent", ENDED_RECENTLY)):
        placement = factories.PlacementFactory(
            sender=provider,
            receiver=workshop,
            completed=True,
            start_on=date(ended.year, 2, 1),
            end_on=ended,
            started_on=date(ended.year, 2, 1),
            ended_on=ended,
            full_name=f"Aino Esimerkki {key}",
            outcome_note="Jatkaa opintoja syksyllä.",
        )
        factories.DailyRecordFactory(placement=placement, day=date(ended.year, 3, 2))
        factories.DailyRecordFactory(placement=placement, day=date(ended.year, 3, 3), ill=True)
        factories.PlacementCommentFactory(placement=placement)
        found[key] = placement
    db.session.commit()
    return found


def apply(runner: Any, *extra: str) -> Any:
    result = runner.invoke(args=["retention", "apply", "--today", TODAY.isoformat(), *extra])
    assert result.exit_code == 0, result.output
    return result


def figures(user: User) -> list[Any]:
    filters = Filters(year=None)
    reports = [
        placements_report(user, filters),
        outcomes_report(user, filters),
        support_days_report(user, Filters(year=ENDED_LONG_AGO.year), today=TODAY),
    ]
    return [[(t.key, t.rows, t.total) for t in report.tables] for report in reports]


def test_a_dry_run_lists_what_is_due_and_changes_nothing(
    runner: Any, db: Any, aged: dict[str, Placement]
) -> None:
    result = apply(runner, "--dry-run")
    old, recent = aged["old"], aged["recent"]
    assert f"identity: placement {old.reference}" in result.output
    assert f"daily_records: placement {old.reference}" in result.output
    assert f"comments: placement {old.reference}" in result.output
    assert recent.reference not in result.output
    assert "nothing was changed" in result.output
    db.session.expire_all()
    assert db.session.get(Placement, old.id).full_name == "Aino Esimerkki old"


def test_apply_empties_names_and_notes_and_keeps_the_figures(
    runner: Any, db: Any, aged: dict[str, Placement], coordinator: User
) -> None:
    before = figures(coordinator)
    apply(runner)
    db.session.expire_all()
    old = db.session.get(Placement, aged["old"].id)
    recent = db.session.get(Placement, aged["recent"].id)
    assert (old.full_name, old.outcome_note, old.livelihood_note) == ("", "", "")
    assert old.reference == aged["old"].reference and old.ended_on == ENDED_LONG_AGO
    assert all("full_name" not in a.terms or a.terms["full_name"] == "" for a in old.agreements)
    records = db.session.scalars(sa.select(DailyRecord).where(DailyRecord.placement_id == old.id))
    assert [(r.note, r.hours is not None) for r in records] == [("", True), ("", False)]
    comment = db.session.scalar(
        sa.select(PlacementComment).where(PlacementComment.placement_id == old.id)
    )
    assert comment is not None and comment.body == ""
    # Not yet due: five years have not passed.
    assert recent.full_name == "Aino Esimerkki recent" and recent.outcome_note
    assert figures(coordinator) == before
    # Audited by reference id, never by name; a second run has nothing more to do.
    logged = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.event == "retention.apply")
    ).all()
    assert [(e.target_id, sorted(e.details["categories"])) for e in logged] == [
        (old.id, sorted(category.value for category in PLACEMENT_CATEGORIES))
    ]
    assert "Aino" not in str([e.details for e in logged])
    assert "0 item(s)" in apply(runner).output


def test_the_longer_period_of_the_two_parties_wins(
    runner: Any, db: Any, aged: dict[str, Placement], coordinator: User, workshop: Party
) -> None:
    set_party_years(coordinator, workshop, {Category.IDENTITY: 10})
    db.session.commit()
    output = apply(runner, "--dry-run").output
    assert f"identity: placement {aged['old'].reference}" not in output
    assert f"comments: placement {aged['old'].reference}" in output


def test_a_coordinator_sets_only_within_the_limits_and_only_for_their_party(
    db: Any, coordinator: User, workshop: Party, provider: Party
) -> None:
    from portal.core.errors import DomainError, NotPermitted

    with pytest.raises(DomainError, match="between 1 and 10"):
        set_party_years(coordinator, workshop, {Category.COMMENTS: 40})
    with pytest.raises(NotPermitted):
        set_party_years(coordinator, provider, {Category.COMMENTS: 6})


def old_events(db: Any, count: int) -> list[AuditEvent]:
    rows = []
    for day in range(1, count + 1):
        row = AuditEvent(
            event="login.success",
            outcome="success",
            actor_email=f"person{day}@example.com",
            target_type="",
            address="",
            details={},
            at=datetime(2020, 1, day, 8, 0, tzinfo=UTC),
        )
        db.session.add(row)
        rows.append(row)
        db.session.flush()
    db.session.commit()
    return rows


def verify(runner: Any) -> tuple[int, str]:
    result = runner.invoke(args=["audit", "verify"])
    return result.exit_code, result.output


def test_the_oldest_audit_rows_go_behind_a_checkpoint_that_verifies(
    runner: Any, db: Any, workshop: Party
) -> None:
    old = [row.id for row in old_events(db, 3)]
    recent = AuditEvent(
        event="login.success",
        outcome="success",
        actor_email="x@example.com",
        target_type="",
        address="",
        details={},
    )
    db.session.add(recent)
    db.session.commit()
    assert verify(runner)[0] == 0
    apply(runner)
    db.session.expire_all()
    assert db.session.scalars(sa.select(AuditEvent.id).where(AuditEvent.id.in_(old))).all() == []
    checkpoint = db.session.scalar(
        sa.select(AuditCheckpoint).where(AuditCheckpoint.chain == "audit_event")
    )
    assert checkpoint is not None and checkpoint.removed >= 3
    assert checkpoint.made_by.startswith("retention (command line")
    code, output = verify(runner)
    assert code == 0, output
    # A row removed any other way is still named.
    kept = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.seq)).all()
    tamper(db, "DELETE FROM audit_event WHERE id = :id", id=kept[0].id)
    code, output = verify(runner)
    assert code == 1 and "deleted" in output


def test_a_forged_checkpoint_does_not_verify(runner: Any, db: Any, workshop: Party) -> None:
    old_events(db, 2)
    first = db.session.scalar(sa.select(sa.func.min(AuditEvent.seq)))
    row = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.seq == first + 1))
    tamper(db, "DELETE FROM audit_event WHERE seq = :seq", seq=first)
    db.session.add(
        AuditCheckpoint(
            chain="audit_event",
            first_seq=row.seq,
            prev_hash=row.prev_hash,
            removed=1,
            made_by="someone",
            made_at=datetime(2032, 1, 1, tzinfo=UTC),
            hash="0" * 64,
        )
    )
    db.session.commit()
    code, output = verify(runner)
    assert code == 1 and "the checkpoint was not written by retention" in output


def tamper(db: Any, sql: str, **params: Any) -> None:
    if databases.is_postgresql():
        db.session.execute(sa.text("SET LOCAL session_replication_role = replica"))
    db.session.execute(sa.text(sql), params)
    if databases.is_postgresql():
        db.session.execute(sa.text("SET LOCAL session_replication_role = origin"))
    db.session.commit()


@pytest.mark.skipif(not databases.is_postgresql(), reason="the trigger exists on PostgreSQL")
def test_other_deletes_of_the_audit_trail_still_fail(db: Any, workshop: Party) -> None:
    row_id = old_events(db, 1)[0].id
    for sql in (
        "DELETE FROM audit_event WHERE id = :id",
        "UPDATE audit_event SET address = '10.0.0.1' WHERE id = :id",
        "DELETE FROM audit_checkpoint WHERE id = :id",
    ):
        savepoint = db.session.begin_nested()
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            db.session.execute(sa.text(sql), {"id": row_id})
        savepoint.rollback()


def test_the_worker_runs_it_once_a_day(db: Any, aged: dict[str, Placement]) -> None:
    now = datetime(2032, 6, 1, 9, 0, tzinfo=UTC)
    assert run_daily(now) is True
    assert run_daily(now) is False
    db.session.expire_all()
    assert db.session.get(Placement, aged["old"].id).full_name == ""


def test_documents_go_by_their_mark_when_due(
    runner: Any, db: Any, aged: dict[str, Placement], coordinator: User, workshop: Party
) -> None:
    old, recent = aged["old"], aged["recent"]
    documents = {
        key: factories.DocumentLinkFactory(
            placement=placement, owner=workshop, document__title=f"Aino Esimerkki: {key}", **mark
        ).document
        for key, placement, mark in (
            ("old confidential", old, {"document__confidential": True}),
            ("old public", old, {"document__public": True}),
            ("recent", recent, {"document__confidential": True}),
        )
    }
    # The workshop keeps its public documents ten years: those of the old one stay.
    set_party_years(coordinator, workshop, {Category.DOCUMENTS_PUBLIC: 10})
    db.session.commit()
    output = apply(runner, "--dry-run").output
    assert f"documents_confidential: placement {old.reference}" in output
    assert "documents_public" not in output
    apply(runner)
    db.session.expire_all()
    gone = db.session.get(Document, documents["old confidential"].id)
    assert gone.deleted_at is not None and (gone.title, gone.description) == ("", "")
    for key in ("old public", "recent"):
        kept = db.session.get(Document, documents[key].id)
        assert kept.deleted_at is None and kept.title == f"Aino Esimerkki: {key}"


def test_a_placement_that_ended_before_the_audit_period_loses_its_access_log_whole(
    runner: Any, db: Any, aged: dict[str, Placement]
) -> None:
    # The audit trail is kept five years by default: the old period's log is due, the
    # recent one's is not.
    for placement in aged.values():
        factories.PlacementAccessFactory.create_batch(
            2, placement=placement, user=factories.UserFactory(party=placement.receiver)
        )
    listed = apply(runner, "--dry-run").output
    assert "2 rows of placement_access_log" in listed
    apply(runner)
    db.session.expire_all()
    left = db.session.execute(
        sa.select(PlacementAccess.placement_id, sa.func.count()).group_by(
            PlacementAccess.placement_id
        )
    ).all()
    assert left == [(aged["recent"].id, 2)]
    removal = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.event == "retention.audit")
    ).all()
    assert any(e.details.get("chain") == "placement_access_log" for e in removal)
    # What is left still verifies, and a row removed any other way is still found.
    code, output = verify(runner)
    assert code == 0, output
    first = db.session.scalar(sa.select(PlacementAccess.id).order_by(PlacementAccess.seq))
    tamper(db, "DELETE FROM placement_access_log WHERE id = :id", id=first)
    code, output = verify(runner)
    assert code == 1, output
