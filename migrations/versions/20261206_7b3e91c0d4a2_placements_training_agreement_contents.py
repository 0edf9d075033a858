"""placements: the training agreement's contents of a workshop period

Existing placements and agreement versions keep what they have: the new texts start empty
and the people unchosen, which the agreement page shows as "not recorded" until amended.

Revision ID: 7b3e91c0d4a2
Revises: 3c81f0a5d2e7
Create Date: 2026-12-06 12:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "7b3e91c0d4a2"
down_revision = "3c81f0a5d2e7"
branch_labels = None
depends_on = None

TEXTS = [
    ("workplace_name", sa.String(length=200)),
    ("workplace_address", sa.String(length=300)),
    ("instructor_name", sa.String(length=200)),
    ("instructor_contact", sa.String(length=200)),
    ("teacher_name", sa.String(length=200)),
    ("teacher_contact", sa.String(length=200)),
    ("working_hours", sa.Text()),
    ("assessment", sa.Text()),
    ("provider_duties", sa.Text()),
    ("workshop_duties", sa.Text()),
]
PEOPLE = ["instructor_id", "teacher_id"]


def upgrade():
    with op.batch_alter_table("placement", schema=None) as batch_op:
        for name, type_ in TEXTS:
            batch_op.add_column(sa.Column(name, type_, nullable=False, server_default=""))
        for name in PEOPLE:
            batch_op.add_column(sa.Column(name, sa.Integer(), nullable=True))
            batch_op.create_foreign_key(
                batch_op.f(f"fk_placement_{name}_user_account"),
                "user_account",
                [name],
                ["id"],
                ondelete="SET NULL",
            )


def downgrade():
    with op.batch_alter_table("placement", schema=None) as batch_op:
        for name in reversed(PEOPLE):
            batch_op.drop_constraint(
                batch_op.f(f"fk_placement_{name}_user_account"), type_="foreignkey"
            )
            batch_op.drop_column(name)
        for name, _type in reversed(TEXTS):
            batch_op.drop_column(name)
