"""Purging stored bytes: of documents deleted longer ago than the retention period, and of
objects that no row refers to (an upload cut off, a server killed half-way).

An object still being written, or written but not yet committed, is younger than the grace
period and is left alone; so a purge running beside uploads never removes their bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from portal.core.storage import EncryptedStorage
from portal.documents.models import Document, DocumentVersion
from portal.extensions import db

ORPHAN_GRACE = timedelta(hours=1)


@dataclass
class PurgeResult:
    expired: int = 0
    orphans: int = 0


def purge(
    storage: EncryptedStorage,
    *,
    now: datetime,
    retention: timedelta,
    grace: timedelta = ORPHAN_GRACE,
) -> PurgeResult:
    result = PurgeResult()
    expired = db.session.scalars(
        sa.select(DocumentVersion)
        .join(Document)
        .where(Document.deleted_at <= now - retention, DocumentVersion.storage_key.is_not(None))
    ).all()
    keys = []
    for version in expired:
        keys.append(version.storage_key)
        version.storage_key = None
        version.purged_at = now
    # Forget the keys first: if deleting the bytes fails, they are orphans for the next purge;
    # the other way round a row could point to a missing file.
    db.session.commit()
    for key in keys:
        assert key is not None
        storage.delete(key)
    result.expired = len(keys)

    referenced = set(
        db.session.scalars(
            sa.select(DocumentVersion.storage_key).where(DocumentVersion.storage_key.is_not(None))
        )
    )
    for stored in list(storage.keys()):
        if stored.key not in referenced and stored.modified_at <= now - grace:
            storage.delete(stored.key)
            result.orphans += 1
    return result
