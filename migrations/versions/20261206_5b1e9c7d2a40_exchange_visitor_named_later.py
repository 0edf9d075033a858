"""A staff exchange's visitor may be named later by the guest party.

Revision ID: 5b1e9c7d2a40
Revises: 7b3e91c0d4a2
Create Date: 2026-12-06 12:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "5b1e9c7d2a40"
down_revision = "7b3e91c0d4a2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("calendar_staff_exchange") as batch:
        batch.alter_column("guest_id", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    # An exchange whose visitor is not named yet cannot be kept without one.
    op.execute("DELETE FROM calendar_staff_exchange WHERE guest_id IS NULL")
    with op.batch_alter_table("calendar_staff_exchange") as batch:
        batch.alter_column("guest_id", existing_type=sa.Integer(), nullable=False)
