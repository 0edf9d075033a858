"""certificates: competence certificates of placements, their units and the provider's
recognition

A certificate's PDF is one of the placement's documents (document_id); its code is what the
verification page looks up, so it is unique (and indexed by that).

Revision ID: f035a3f0cffd
Revises: 9ed5eb4d0242
Create Date: 2026-12-06 17:57:56.996177
"""

import sqlalchemy as sa
from alembic import op

import portal.core.models

revision = "f035a3f0cffd"
down_revision = "9ed5eb4d0242"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "competence_certificate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("placement_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=False),
        sa.Column("workshop_name", sa.String(length=200), nullable=False),
        sa.Column("signer_name", sa.String(length=200), nullable=False),
        sa.Column("signer_title", sa.String(length=200), nullable=False),
        sa.Column("assessed_by", sa.String(length=300), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("hours", sa.Numeric(precision=7, scale=2), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("issued_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", portal.core.models.UTCDateTime(), nullable=False),
        sa.Column("recognised_on", sa.Date(), nullable=True),
        sa.Column("recognised_by_name", sa.String(length=200), nullable=False),
        sa.Column("recognition_recorded_at", portal.core.models.UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "period_end >= period_start", name=op.f("ck_competence_certificate_period_in_order")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_competence_certificate_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["issued_by_id"],
            ["user_account.id"],
            name=op.f("fk_competence_certificate_issued_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["placement_id"],
            ["placement.id"],
            name=op.f("fk_competence_certificate_placement_id_placement"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_competence_certificate")),
        sa.UniqueConstraint("code", name=op.f("uq_competence_certificate_code")),
        sa.UniqueConstraint("document_id", name=op.f("uq_competence_certificate_document_id")),
    )
    with op.batch_alter_table("competence_certificate", schema=None) as batch_op:
        batch_op.create_index(
            "ix_competence_certificate_placement_issued",
            ["placement_id", "issued_on"],
            unique=False,
        )

    op.create_table(
        "competence_certificate_unit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("certificate_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("skills", sa.Text(), nullable=False),
        sa.Column("how_shown", sa.Text(), nullable=False),
        sa.Column(
            "recognition",
            sa.Enum(
                "recognised",
                "partly",
                "not_recognised",
                name="recognition",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("remaining", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["certificate_id"],
            ["competence_certificate.id"],
            name="fk_competence_certificate_unit_certificate",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_competence_certificate_unit")),
    )
    with op.batch_alter_table("competence_certificate_unit", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_competence_certificate_unit_certificate_id"),
            ["certificate_id"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("competence_certificate_unit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_competence_certificate_unit_certificate_id"))

    op.drop_table("competence_certificate_unit")
    with op.batch_alter_table("competence_certificate", schema=None) as batch_op:
        batch_op.drop_index("ix_competence_certificate_placement_issued")

    op.drop_table("competence_certificate")
