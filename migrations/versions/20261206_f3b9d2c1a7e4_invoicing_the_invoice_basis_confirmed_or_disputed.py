"""invoicing: the invoice basis's state (confirmed or disputed) and its comments

The figures of a basis are counted from the daily records each time; only the provider's
decision, the fingerprint of the figures it was given on, and the dispute's comments are kept.

Revision ID: f3b9d2c1a7e4
Revises: f035a3f0cffd
Create Date: 2026-12-06 18:40:00
"""

import sqlalchemy as sa
from alembic import op

import portal.core.models

revision = "f3b9d2c1a7e4"
down_revision = "f035a3f0cffd"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "invoice_basis",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("figures", sa.String(length=64), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", portal.core.models.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["party.id"],
            name=op.f("fk_invoice_basis_workshop_id_party"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["party.id"],
            name=op.f("fk_invoice_basis_provider_id_party"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["user_account.id"],
            name=op.f("fk_invoice_basis_decided_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice_basis")),
        sa.UniqueConstraint(
            "workshop_id",
            "provider_id",
            "month",
            name=op.f("uq_invoice_basis_workshop_id_provider_id_month"),
        ),
    )
    op.create_index("ix_invoice_basis_provider_month", "invoice_basis", ["provider_id", "month"])
    op.create_table(
        "invoice_basis_comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("basis_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("placement_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("author_name", sa.String(length=200), nullable=False),
        sa.Column("created_at", portal.core.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["basis_id"],
            ["invoice_basis.id"],
            name=op.f("fk_invoice_basis_comment_basis_id_invoice_basis"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["placement_id"],
            ["placement.id"],
            name=op.f("fk_invoice_basis_comment_placement_id_placement"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["user_account.id"],
            name=op.f("fk_invoice_basis_comment_author_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice_basis_comment")),
    )
    op.create_index(
        op.f("ix_invoice_basis_comment_basis_id"), "invoice_basis_comment", ["basis_id"]
    )
    op.create_index(
        op.f("ix_invoice_basis_comment_placement_id"), "invoice_basis_comment", ["placement_id"]
    )
    op.create_index(
        op.f("ix_invoice_basis_comment_author_id"), "invoice_basis_comment", ["author_id"]
    )


def downgrade():
    op.drop_index(op.f("ix_invoice_basis_comment_author_id"), table_name="invoice_basis_comment")
    op.drop_index(op.f("ix_invoice_basis_comment_placement_id"), table_name="invoice_basis_comment")
    op.drop_index(op.f("ix_invoice_basis_comment_basis_id"), table_name="invoice_basis_comment")
    op.drop_table("invoice_basis_comment")
    op.drop_index("ix_invoice_basis_provider_month", table_name="invoice_basis")
    op.drop_table("invoice_basis")
