"""Document bytes stored, for /metrics."""

from __future__ import annotations

import sqlalchemy as sa

from portal.core.observability import metrics
from portal.documents.models import DocumentVersion
from portal.extensions import db


def bytes_stored() -> float:
    """The size of every version whose file is still kept (deleted ones until purged)."""
    total = db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(DocumentVersion.size), 0)).where(
            DocumentVersion.storage_key.is_not(None)
        )
    )
    return float(total or 0)


def register() -> None:
    metrics.gauge(
        "silta_document_bytes_stored",
        "Bytes of document files stored (before encryption), deleted ones until purged.",
        bytes_stored,
    )
