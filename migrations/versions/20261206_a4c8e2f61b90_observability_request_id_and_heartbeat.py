"""observability: the request id on audit rows, and the background processes' heartbeat

``audit_event.request_id`` ties a row to the request's log lines and error page; the hash
chain covers it whenever it is set (older rows, without one, still verify). ``heartbeat``
holds when the outbox worker last did its round.

Revision ID: a4c8e2f61b90
Revises: 1911a1d56f22
Create Date: 2026-12-06 21:00:00
"""

import sqlalchemy as sa
from alembic import op

from portal.core.models import UTCDateTime

revision = "a4c8e2f61b90"
down_revision = "1911a1d56f22"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("audit_event") as batch_op:
        batch_op.add_column(
            sa.Column("request_id", sa.String(length=64), server_default="", nullable=False)
        )
        batch_op.create_index("ix_audit_event_request_id", ["request_id"], unique=False)
    op.create_table(
        "heartbeat",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("beat_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_heartbeat")),
    )


def downgrade():
    op.drop_table("heartbeat")
    with op.batch_alter_table("audit_event") as batch_op:
        batch_op.drop_index("ix_audit_event_request_id")
        batch_op.drop_column("request_id")
