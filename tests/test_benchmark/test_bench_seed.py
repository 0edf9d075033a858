"""``bench-seed`` at a tiny scale: every kind of row around the demo data, an audit trail
that still verifies, the demo workshop the busiest, and its pages rendering for Maria."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.benchmark import SCALES
from portal.core.audit_chain import verify_all
from portal.documents.models import Document, DocumentVersion
from portal.parties.models import Party
from portal.placements.models import Placement, PlacementAgreement

SCALE = SCALES["test"]
assert SCALE is not None


def count(db: Any, model: Any, *where: Any) -> int:
    return int(db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where)))


def test_bench_seed_loads_each_kind_of_row_and_keeps_the_audit_trail_valid(
    runner: Any, db: Any, storage_dir: Path
) -> None:
    result = runner.invoke(args=["bench-seed", "--scale", "test"])
    assert result.exit_code == 0, result.output

    assert count(db, Party) == SCALE.parties
    assert count(db, Placement, Placement.reference.like("BENCH-%")) == SCALE.placements
    assert count(db, Document, Document.title.like("%(%)")) == SCALE.documents
    for table, expected in (
        ("document_access_log", SCALE.access_log),
        ("audit_event", SCALE.audit),
        ("notification", SCALE.notifications),
        ("calendar_event", SCALE.events),
        ("quota", SCALE.quotas),
    ):
        assert result.output.count(f"  {table} ") == 1
        written = db.session.scalar(sa.text(f"SELECT count(*) FROM {table}"))  # noqa: S608
        assert written >= expected, table
    # Copied timelines: bench placements have agreements, some signed by both parties.
    agreements = count(
        db,
        PlacementAgreement,
        PlacementAgreement.placement_id.in_(
            sa.select(Placement.id).where(Placement.reference.like("BENCH-%"))
        ),
    )
    assert agreements > SCALE.placements // 2
    # A share of the documents has real encrypted files that download.
    stored = count(db, DocumentVersion, DocumentVersion.storage_key.is_not(None))
    assert stored >= SCALE.files
    assert len(list((storage_dir).rglob("*"))) > SCALE.files
    # Every document, the demo's and the bench's, knows when its newest version came.
    newest = (
        sa.select(sa.func.max(DocumentVersion.uploaded_at))
        .where(DocumentVersion.document_id == Document.id)
        .scalar_subquery()
    )
    assert count(db, Document) > SCALE.documents
    assert count(db, Document, Document.latest_version_at.is_distinct_from(newest)) == 0

    results, problems = verify_all(db.session)
    assert problems == []
    assert {r.chain: r.rows for r in results}["audit_event"] >= SCALE.audit

    # The demo workshop is the busiest workshop.
    busiest = db.session.execute(
        sa.select(Party.name, sa.func.count(Placement.id))
        .join(Placement, Placement.receiver_party_id == Party.id)
        .where(Party.kind == "workshop")
        .group_by(Party.name)
        .order_by(sa.func.count(Placement.id).desc())
        .limit(1)
    ).one()
    assert busiest.name == "Parik-säätiö"


def test_the_demo_coordinator_sees_the_bench_data_on_every_main_page(
    runner: Any, db: Any, storage_dir: Path, login: Callable[[User], FlaskClient]
) -> None:
    assert runner.invoke(args=["bench-seed", "--scale", "test"]).exit_code == 0
    maria = db.session.scalar(sa.select(User).where(User.email == "maria.virtanen@parik.example"))
    client = login(maria)
    placement = db.session.scalar(
        sa.select(Placement)
        .where(Placement.reference.like("BENCH-%"), Placement.receiver_party_id == maria.party_id)
        .where(Placement.id.in_(sa.select(PlacementAgreement.placement_id)))
        .order_by(Placement.id)
        .limit(1)
    )
    assert placement is not None
    document = db.session.scalar(
        sa.select(Document)
        .join(DocumentVersion)
        .where(Document.owner_party_id == maria.party_id, DocumentVersion.storage_key.is_not(None))
        .limit(1)
    )
    assert document is not None
    version = document.versions[0]
    pages = [
        "/",
        "/placements/",
        f"/placements/{placement.id}",
        f"/placements/{placement.id}/agreement",
        "/documents/",
        f"/documents/{document.id}",
        "/quotas/",
        "/calendar/",
        "/calendar/month",
        "/directory",
        "/catalogue/?q=puu",
        "/reports/",
        "/notifications/",
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
    assert placement.reference in client.get("/placements/?q=" + placement.reference).text
    download = client.get(f"/documents/{document.id}/versions/{version.id}/download")
    assert download.status_code == 200
    assert len(download.data) > 1000
