"""notifications: a confidential notification's mail names no title

Revision ID: dacf17f0332d
Revises: b8972f2dc4fa
Create Date: 2026-12-06 11:50:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "dacf17f0332d"
down_revision = "b8972f2dc4fa"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("confidential", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.drop_column("confidential")
