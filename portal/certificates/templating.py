"""What the placement's page asks about its certificates (template globals for its panel)."""

from __future__ import annotations

from flask_login import current_user

from portal.certificates.blueprint import bp
from portal.certificates.labels import RECOGNITION_LABELS
from portal.certificates.models import Certificate
from portal.certificates.policy import may_issue
from portal.core.authz import visible
from portal.extensions import db
from portal.placements.models import Placement


@bp.app_template_global()
def placement_certificates(placement: Placement) -> list[Certificate]:
    """The placement's certificates that the reader may read, the latest first."""
    stmt = (
        visible(Certificate)
        .where(Certificate.placement_id == placement.id)
        .order_by(Certificate.issued_on.desc(), Certificate.id.desc())
    )
    return list(db.session.scalars(stmt))


@bp.app_template_global()
def may_issue_certificate(placement: Placement) -> bool:
    return may_issue(current_user, placement)


@bp.app_context_processor
def _labels() -> dict[str, object]:
    return {"recognition_labels": RECOGNITION_LABELS}
