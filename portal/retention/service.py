"""The retention step: pseudonymise what is due, remove the audit trail's oldest rows.

Names and free-text notes are emptied; the rows themselves, their references, dates,
presences, hours and prices stay, so that every report counts the same afterwards. A
placement's category is due when the longer of its two parties' periods has passed since
the placement ended; it is then marked done (``RetentionDone``) and not looked at again.
The audit chains keep the longest period of any party (they are one chain for everyone)
and lose only their oldest rows, leaving a sealed checkpoint (``portal.core.audit_checkpoint``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

import sqlalchemy as sa

from portal.core import audit
from portal.core.audit_chain import CHAINS
from portal.core.audit_checkpoint import PERMIT, remove_oldest
from portal.core.dates import add_months
from portal.core.models import utcnow
from portal.daily_records.models import DailyRecord
from portal.document_links.models import DocumentLink
from portal.documents.models import Classification, Document
from portal.extensions import db
from portal.handovers.models import Handover
from portal.placements.access_models import PlacementAccess
from portal.placements.enums import PlacementStatus
from portal.placements.models import (
    Placement,
    PlacementAgreement,
    PlacementComment,
    PlacementStep,
)
from portal.placements.team_models import Consent
from portal.retention.models import Category, RetentionDone
from portal.retention.periods import years_by_party

# A placement in one of these has ended; its data waits for nothing more.
ENDED = (
    PlacementStatus.COMPLETED,
    PlacementStatus.INTERRUPTED,
    PlacementStatus.CANCELLED,
    PlacementStatus.DECLINED,
)
# The placement's own fields that name or describe the young person, also in the terms
# each agreement version keeps.
PLACEMENT_TEXT = (
    "full_name",
    "livelihood_note",
    "hoks_goals",
    "interruption_reason",
    "decline_reason",
    "outcome_note",
)
# Each document category by the mark it covers.
MARKS = {
    Category.DOCUMENTS_PUBLIC: Classification.PUBLIC,
    Category.DOCUMENTS_INTERNAL: Classification.INTERNAL,
    Category.DOCUMENTS_CONFIDENTIAL: Classification.CONFIDENTIAL,
    Category.DOCUMENTS_SECRET: Classification.SECRET,
}
PLACEMENT_CATEGORIES = (
    Category.IDENTITY,
    Category.DAILY_RECORDS,
    Category.COMMENTS,
    *MARKS,
)


@dataclass
class Plan:
    today: date
    # The placements due, by category: (id, reference).
    due: dict[Category, list[tuple[int, str]]] = field(default_factory=dict)
    # The rows of each audit chain older than the longest period.
    audit_before: datetime | None = None
    audit_rows: dict[str, int] = field(default_factory=dict)
    # The rows of the access logs of placements that ended before then (each placement's log
    # is a chain of its own, removed whole).
    placement_access_rows: int = 0

    def lines(self) -> list[str]:
        out = []
        for category in PLACEMENT_CATEGORIES:
            for placement_id, reference in self.due.get(category, []):
                out.append(f"{category.value}: placement {reference} (id {placement_id})")
        for chain, rows in sorted(self.audit_rows.items()):
            if rows:
                out.append(f"audit: {rows} oldest rows of {chain} (before {self.audit_before})")
        if self.placement_access_rows:
            out.append(
                f"audit: {self.placement_access_rows} rows of placement_access_log, of placements"
                f" ended before {self.audit_before}"
            )
        return out


def _ended_on() -> sa.ColumnElement[date]:
    return sa.func.coalesce(Placement.ended_on, Placement.end_on, Placement.start_on)


def _categories_done() -> sa.ScalarSelect[int]:
    return (
        sa.select(sa.func.count())
        .where(RetentionDone.placement_id == Placement.id)
        .scalar_subquery()
    )


def plan(today: date) -> Plan:
    """What is due on ``today``; nothing is changed."""
    result = Plan(today)
    years = years_by_party()
    shortest = min(
        (party[category] for party in years.values() for category in PLACEMENT_CATEGORIES),
        default=0,
    )
    longest_audit = max((party[Category.AUDIT] for party in years.values()), default=None)
    stmt = (
        sa.select(
            Placement.id,
            Placement.reference,
            Placement.sender_party_id,
            Placement.receiver_party_id,
            _ended_on().label("ended"),
        )
        .where(
            Placement.status.in_(ENDED),
            _ended_on() <= add_months(today, -12 * shortest),
            # A placement cleared of every category is not read again, so the daily run
            # costs what is still to do, not everything that ever ended.
            _categories_done() < len(PLACEMENT_CATEGORIES),
        )
        .order_by(Placement.id)
    )
    rows = db.session.execute(stmt).all()
    done: set[tuple[int, Category]] = set()
    for chunk in _chunks([(row.id, "") for row in rows]):
        ids = [placement_id for placement_id, _ in chunk]
        found = sa.select(RetentionDone.placement_id, RetentionDone.category).where(
            RetentionDone.placement_id.in_(ids)
        )
        done |= {(row.placement_id, row.category) for row in db.session.execute(found)}
    for row in rows:
        for category in PLACEMENT_CATEGORIES:
            if (row.id, category) in done:
                continue
            kept = max(years[row.sender_party_id][category], years[row.receiver_party_id][category])
            if add_months(row.ended, 12 * kept) <= today:
                result.due.setdefault(category, []).append((row.id, row.reference))
    if longest_audit is not None:
        before = datetime.combine(add_months(today, -12 * longest_audit), time(), tzinfo=UTC)
        result.audit_before = before
        for name, model in CHAINS.items():
            table = model.__table__  # type: ignore[attr-defined]
            count = db.session.execute(
                sa.select(sa.func.count()).select_from(table).where(table.c.at < before)
            ).scalar_one()
            result.audit_rows[name] = int(count)
        result.placement_access_rows = db.session.execute(
            sa.select(sa.func.count())
            .select_from(PlacementAccess)
            .where(PlacementAccess.placement_id.in_(_ended_before(before.date())))
        ).scalar_one()
    return result


def _ended_before(day: date) -> sa.Select[Any]:
    return sa.select(Placement.id).where(Placement.status.in_(ENDED), _ended_on() < day)


def _remove_placement_access_logs(before: date) -> int:
    """Remove the whole access log of each placement that ended before ``before``.

    Each placement's log is a chain of its own that starts at 1: removed whole, nothing is
    left that ``audit verify`` would miss. The database's guard lets the delete through for
    this statement alone, as it does for the audit log's oldest rows.
    """
    connection = db.session.connection()
    postgresql = connection.dialect.name == "postgresql"
    if postgresql:
        connection.execute(sa.text("SELECT set_config(:name, 'on', true)"), {"name": PERMIT})
    removed = connection.execute(
        sa.delete(PlacementAccess).where(PlacementAccess.placement_id.in_(_ended_before(before)))
    ).rowcount
    if postgresql:
        connection.execute(sa.text("SELECT set_config(:name, 'off', true)"), {"name": PERMIT})
    return int(removed or 0)


def _identity(ids: list[int]) -> None:
    db.session.execute(
        sa.update(Placement).where(Placement.id.in_(ids)).values(dict.fromkeys(PLACEMENT_TEXT, ""))
    )
    db.session.execute(
        sa.update(Consent)
        .where(Consent.placement_id.in_(ids))
        .values(information="", purpose="", withdrawal_reason="")
    )
    db.session.execute(
        sa.update(PlacementStep).where(PlacementStep.placement_id.in_(ids)).values(comment="")
    )
    db.session.execute(
        sa.update(Handover).where(Handover.placement_id.in_(ids)).values(called_off_reason="")
    )
    agreements = sa.select(PlacementAgreement).where(PlacementAgreement.placement_id.in_(ids))
    for agreement in db.session.scalars(agreements):
        # The terms as signed keep their figures; only the texts about the person go.
        terms = dict(agreement.terms)
        for key in PLACEMENT_TEXT:
            if terms.get(key):
                terms[key] = ""
        agreement.terms = terms


def _daily_records(ids: list[int]) -> None:
    db.session.execute(
        sa.update(DailyRecord)
        .where(DailyRecord.placement_id.in_(ids))
        .values(note="", correction_reason="")
    )


def _comments(ids: list[int]) -> None:
    db.session.execute(
        sa.update(PlacementComment).where(PlacementComment.placement_id.in_(ids)).values(body="")
    )


def _documents(mark: Classification) -> Callable[[list[int]], None]:
    def step(ids: list[int]) -> None:
        # Deleted as a person deletes one (the stored bytes go with the documents' purge),
        # and what a title or description may say about the young person goes now.
        linked = sa.select(DocumentLink.document_id).where(DocumentLink.placement_id.in_(ids))
        documents = sa.and_(Document.id.in_(linked), Document.classification == mark)
        db.session.execute(
            sa.update(Document)
            .where(documents, Document.deleted_at.is_(None))
            .values(deleted_at=utcnow())
        )
        db.session.execute(sa.update(Document).where(documents).values(title="", description=""))

    return step


STEPS: dict[Category, Callable[[list[int]], None]] = {
    Category.IDENTITY: _identity,
    Category.DAILY_RECORDS: _daily_records,
    Category.COMMENTS: _comments,
    **{category: _documents(mark) for category, mark in MARKS.items()},
}


def _chunks(items: list[tuple[int, str]], size: int = 500) -> Iterable[list[tuple[int, str]]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def apply(today: date, made_by: str) -> Plan:
    """Do what :func:`plan` lists, in the current transaction, and audit it without names."""
    result = plan(today)
    categories_by_placement: dict[int, list[str]] = {}
    for category, due in result.due.items():
        for chunk in _chunks(due):
            ids = [placement_id for placement_id, _reference in chunk]
            STEPS[category](ids)
            db.session.add_all(RetentionDone(placement_id=i, category=category) for i in ids)
            for placement_id in ids:
                categories_by_placement.setdefault(placement_id, []).append(category.value)
    for placement_id, categories in sorted(categories_by_placement.items()):
        audit.record(
            "retention.apply",
            actor_email=made_by,
            target_type="Placement",
            target_id=placement_id,
            categories=categories,
        )
    if result.audit_before is not None:
        # The entries just written are chained first, so they are kept with the newest.
        db.session.flush()
        for name, model in sorted(CHAINS.items()):
            removed = remove_oldest(db.session(), model, result.audit_before, made_by)
            result.audit_rows[name] = removed
            if removed:
                audit.record("retention.audit", actor_email=made_by, chain=name, removed=removed)
        removed = _remove_placement_access_logs(result.audit_before.date())
        result.placement_access_rows = removed
        if removed:
            audit.record(
                "retention.audit",
                actor_email=made_by,
                chain=PlacementAccess.chain_name,
                removed=removed,
            )
    db.session.flush()
    return result
