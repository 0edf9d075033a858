"""privacy: the notice's editable texts and each party's data protection contact

Revision ID: 5a1c9e7d2b40
Revises: b5e3a1c7d9f2
Create Date: 2026-12-06 18:50:00.000000
"""

import sqlalchemy as sa
from alembic import op

import portal.core.models

revision = "5a1c9e7d2b40"
down_revision = "b5e3a1c7d9f2"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("party", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("privacy_contact", sa.String(length=300), server_default="", nullable=False)
        )
    op.create_table(
        "privacy_notice_text",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "part",
            sa.Enum(
                "introduction",
                "retention",
                "requests",
                name="noticepart",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("updated_at", portal.core.models.UTCDateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["user_account.id"],
            name=op.f("fk_privacy_notice_text_updated_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_privacy_notice_text")),
        sa.UniqueConstraint("part", "language", name=op.f("uq_privacy_notice_text_part_language")),
    )


def downgrade():
    op.drop_table("privacy_notice_text")
    with op.batch_alter_table("party", schema=None) as batch_op:
        batch_op.drop_column("privacy_contact")
