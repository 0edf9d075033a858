"""placements: which absences the terms of a workshop period pay for

Existing placements pay for none: only the days present are support days, as before. The
agreement versions already signed keep their snapshots, which read as none paid.

Revision ID: 5d2c8e41b7f9
Revises: 8ae012fb8fa1
Create Date: 2026-12-06 17:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "5d2c8e41b7f9"
down_revision = "8ae012fb8fa1"
branch_labels = None
depends_on = None

FLAGS = ["ill_days_paid", "agreed_leave_paid"]


def upgrade():
    with op.batch_alter_table("placement", schema=None) as batch_op:
        for name in FLAGS:
            batch_op.add_column(
                sa.Column(name, sa.Boolean(), nullable=False, server_default=sa.false())
            )


def downgrade():
    with op.batch_alter_table("placement", schema=None) as batch_op:
        for name in reversed(FLAGS):
            batch_op.drop_column(name)
