"""Indexes for the support-days year, each placement's latest step and the audit log by kind.

Revision ID: a61f0c3e8b27
Revises: e4a7c2b9d310
Create Date: 2026-12-06 15:45:00
"""

from __future__ import annotations

from alembic import op

revision = "a61f0c3e8b27"
down_revision = "e4a7c2b9d310"
branch_labels = None
depends_on = None

# (index, table, columns), as the models declare them.
INDEXES = [
    ("ix_placement_started", "placement", ["started_on"]),
    ("ix_placement_step_placement_at", "placement_step", ["placement_id", "at"]),
    ("ix_audit_event_event_seq", "audit_event", ["event", "seq"]),
]


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
