"""document_links: what a document belongs to

Revision ID: 2e43a9222526
Revises: 95988b93f26a
Create Date: 2026-11-24 11:50:11.361486
"""

import sqlalchemy as sa
from alembic import op

import portal.core.models

revision = "2e43a9222526"
down_revision = "95988b93f26a"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "document_link",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("placement_id", sa.Integer(), nullable=True),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column(
            "event_role",
            sa.Enum("agenda", "minutes", "other", name="eventrole", native_enum=False, length=32),
            nullable=True,
        ),
        sa.Column("environment_id", sa.Integer(), nullable=True),
        sa.Column("withdrawal_party_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", portal.core.models.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "(CASE WHEN placement_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN event_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN environment_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN withdrawal_party_id IS NULL THEN 0 ELSE 1 END) = 1",
            name=op.f("ck_document_link_one_object"),
        ),
        sa.CheckConstraint(
            "(event_id IS NULL AND event_role IS NULL) "
            "OR (event_id IS NOT NULL AND event_role IS NOT NULL)",
            name=op.f("ck_document_link_event_role_with_event"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_document_link_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_document_link_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["environment_id"],
            ["learning_environment.id"],
            name=op.f("fk_document_link_environment_id_learning_environment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["calendar_event.id"],
            name=op.f("fk_document_link_event_id_calendar_event"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["placement_id"],
            ["placement.id"],
            name=op.f("fk_document_link_placement_id_placement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["withdrawal_party_id"],
            ["party.id"],
            name=op.f("fk_document_link_withdrawal_party_id_party"),
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_document_link")),
        sa.UniqueConstraint(
            "withdrawal_party_id", name=op.f("uq_document_link_withdrawal_party_id")
        ),
    )
    with op.batch_alter_table("document_link", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_document_link_environment_id"), ["environment_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_document_link_event_id"), ["event_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_document_link_placement_id"), ["placement_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("document_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_link_placement_id"))
        batch_op.drop_index(batch_op.f("ix_document_link_event_id"))
        batch_op.drop_index(batch_op.f("ix_document_link_environment_id"))

    op.drop_table("document_link")
