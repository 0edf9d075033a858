"""Where a hash chain continues after retention removed its oldest rows.

A checkpoint names the first kept ``seq`` and the hash of the row before it, who removed the
rows and when; it is sealed with the audit key like a row, so that a checkpoint written
behind the portal's back (to hide rows deleted by hand) does not verify. The latest
checkpoint of a chain is where :func:`portal.core.audit_chain.verify_chain` starts.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column

from portal.core.audit_chain import Chained, _key_for, _lock, chain_start, checkpoint_hash
from portal.core.models import created_at_column, utcnow
from portal.extensions import Model


class AuditCheckpoint(Model):
    __tablename__ = "audit_checkpoint"
    __table_args__ = (sa.UniqueConstraint("chain", "first_seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    chain: Mapped[str] = mapped_column(sa.String(64))
    # The first row kept, and the hash of the last one removed (its ``prev_hash``).
    first_seq: Mapped[int] = mapped_column(sa.BigInteger)
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    removed: Mapped[int] = mapped_column(default=0)
    # Who ran the retention step: an account's e-mail, or the worker.
    made_by: Mapped[str] = mapped_column(sa.String(200))
    made_at: Mapped[datetime] = created_at_column()
    # HMAC of the fields above (portal.core.audit_chain.checkpoint_hash).
    hash: Mapped[str] = mapped_column(sa.String(64))

    # The columns the seal covers.
    sealed = ("chain", "first_seq", "prev_hash", "removed", "made_by", "made_at")

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.sealed}


# The setting that lets the PostgreSQL trigger pass a DELETE of a chain's rows, turned on
# for the retention step's statement alone (migrations: refuse_audit_change()).
PERMIT = "silta.retention_delete"


def remove_oldest(session: Session, model: type[Chained], before: datetime, made_by: str) -> int:
    """Delete the chain's rows older than ``before`` (always keeping the newest) and leave a
    checkpoint where the chain now starts. Only the oldest rows go, never one in between."""
    _lock(session, model)
    table = model.__table__  # type: ignore[attr-defined]
    connection = session.connection()
    head = connection.execute(sa.select(sa.func.max(table.c.seq))).scalar()
    if head is None:
        return 0
    kept = connection.execute(
        sa.select(sa.func.min(table.c.seq)).where(table.c.at >= before)
    ).scalar()
    first_kept = min(int(kept) if kept is not None else int(head), int(head))
    first, _before_hash = chain_start(session, model)
    removed = int(
        connection.execute(
            sa.select(sa.func.count()).select_from(table).where(table.c.seq < first_kept)
        ).scalar_one()
    )
    if removed == 0 or first_kept <= first:
        return 0
    prev_hash = connection.execute(
        sa.select(table.c.prev_hash).where(table.c.seq == first_kept)
    ).scalar_one()
    postgresql = connection.dialect.name == "postgresql"
    if postgresql:
        connection.execute(sa.text("SELECT set_config(:name, 'on', true)"), {"name": PERMIT})
    connection.execute(table.delete().where(table.c.seq < first_kept))
    if postgresql:
        connection.execute(sa.text("SELECT set_config(:name, 'off', true)"), {"name": PERMIT})
    checkpoint = AuditCheckpoint(
        chain=model.chain_name,
        first_seq=first_kept,
        prev_hash=prev_hash,
        removed=removed,
        made_by=made_by,
        made_at=utcnow(),
    )
    checkpoint.hash = checkpoint_hash(_key_for(session), checkpoint.values())
    session.add(checkpoint)
    session.flush()
    return removed
