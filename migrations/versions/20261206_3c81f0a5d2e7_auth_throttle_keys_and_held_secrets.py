"""auth: throttle keys, and a secret held for one session

Revision ID: 3c81f0a5d2e7
Revises: 4c1d7a9e2b30
Create Date: 2026-12-06 11:55:00
"""

import sqlalchemy as sa
from alembic import op

import portal.core.models

revision = "3c81f0a5d2e7"
down_revision = "4c1d7a9e2b30"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "throttle_key",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("last_counted_at", portal.core.models.UTCDateTime(), nullable=False),
        sa.Column("wait_until", portal.core.models.UTCDateTime(), nullable=True),
        sa.Column("reported_wait", portal.core.models.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_throttle_key")),
    )
    with op.batch_alter_table("user_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("held_secret", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("user_session", schema=None) as batch_op:
        batch_op.drop_column("held_secret")
    op.drop_table("throttle_key")
