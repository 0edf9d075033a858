"""What the placement's page asks about its certificates (template globals for its panel)."""

from __future__ import annotations

from flask_login import current_user
from sqlalchemy.orm import joinedload

from portal.certificates.blueprint import bp
from portal.certificates.labels import RECOGNITION_LABELS
from portal.certificates.models import Certificate
from portal.certificates.policy import may_issue
from portal.core.authz import visible
from portal.extensions import db
from portal.placements.models import Placement, StepKind


@bp.app_template_global()
def placement_certificates(placement: Placement) -> list[Certificate]:
    """The placement's certificates that the reader may read, the latest first, with their
    units (one statement).

    Asked only when the timeline says a certificate was issued: the page's timeline loads the
    steps anyway, so a placement without certificates costs no statement here (the detail
    page keeps its statement budget)."""
    if not any(step.kind == StepKind.CERTIFICATE_ISSUED for step in placement.steps):
        return []
    stmt = (
        visible(Certificate)
        .where(Certificate.placement_id == placement.id)
        .options(joinedload(Certificate.units))
        .order_by(Certificate.issued_on.desc(), Certificate.id.desc())
    )
    return list(db.session.scalars(stmt).unique())


@bp.app_template_global()
def may_issue_certificate(placement: Placement) -> bool:
    return may_issue(current_user, placement)


@bp.app_context_processor
def _labels() -> dict[str, object]:
    return {"recognition_labels": RECOGNITION_LABELS}
