"""auth: when each session last confirmed who is using it

A session confirms its person at sign-in and again on the confirm page; what matters
(a document secret by law, signing an agreement, the administrator's changes to people) asks
for a confirmation younger than a few minutes. Sessions that exist before this revision have
no time: they are asked to confirm the first time they need it.

Revision ID: e2c9a4f7b815
Revises: b7d1e4a9c352
Create Date: 2026-12-06 20:45:00
"""

import sqlalchemy as sa
from alembic import op

import portal.core.models

revision = "e2c9a4f7b815"
down_revision = "b7d1e4a9c352"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user_session", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("verified_at", portal.core.models.UTCDateTime(), nullable=True)
        )


def downgrade():
    with op.batch_alter_table("user_session", schema=None) as batch_op:
        batch_op.drop_column("verified_at")
