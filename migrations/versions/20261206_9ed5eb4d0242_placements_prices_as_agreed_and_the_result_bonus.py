"""placements: prices as agreed (by day or a service package in instalments, how special
support's extra is shared) and the result bonus per qualification unit completed

Existing placements are priced by day with no bonus, as before; the agreement versions
already signed keep their snapshots, which read so. A unit's completion date is recorded by
the education provider; units completed before this have none.

Revision ID: 9ed5eb4d0242
Revises: d3e5f7a9b1c2
Create Date: 2026-12-06 17:56:48.721840
"""

import sqlalchemy as sa
from alembic import op

import portal.core.models

revision = "9ed5eb4d0242"
down_revision = "d3e5f7a9b1c2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "placement_instalment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("placement_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["placement_id"],
            ["placement.id"],
            name=op.f("fk_placement_instalment_placement_id_placement"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_placement_instalment")),
    )
    with op.batch_alter_table("placement_instalment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_placement_instalment_due_on"), ["due_on"], unique=False
        )
        batch_op.create_index(
            "ix_placement_instalment_placement_due", ["placement_id", "due_on"], unique=False
        )

    with op.batch_alter_table("placement", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "pricing",
                sa.Enum("by_day", "package", name="pricing", native_enum=False, length=32),
                server_default="by_day",
                nullable=False,
            )
        )
        batch_op.add_column(
            sa.Column("package_sum", sa.Numeric(precision=10, scale=2), nullable=True)
        )
        batch_op.add_column(
            sa.Column("package_description", sa.Text(), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("extra_share_percent", sa.Numeric(precision=5, scale=2), nullable=True)
        )
        batch_op.add_column(
            sa.Column("extra_share_note", sa.Text(), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("bonus_amount", sa.Numeric(precision=10, scale=2), nullable=True)
        )
        batch_op.add_column(sa.Column("bonus_last_day", sa.Date(), nullable=True))

    with op.batch_alter_table("placement_qualification_unit", schema=None) as batch_op:
        batch_op.add_column(sa.Column("completed_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("completion_recorded_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("completion_recorded_at", portal.core.models.UTCDateTime(), nullable=True)
        )
        batch_op.create_index(
            batch_op.f("ix_placement_qualification_unit_completed_on"),
            ["completed_on"],
            unique=False,
        )
        batch_op.create_foreign_key(
            "fk_placement_qualification_unit_completion_recorded_by",
            "user_account",
            ["completion_recorded_by_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("placement_qualification_unit", schema=None) as batch_op:
        batch_op.drop_constraint(
            "fk_placement_qualification_unit_completion_recorded_by", type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_placement_qualification_unit_completed_on"))
        batch_op.drop_column("completion_recorded_at")
        batch_op.drop_column("completion_recorded_by_id")
        batch_op.drop_column("completed_on")

    with op.batch_alter_table("placement", schema=None) as batch_op:
        batch_op.drop_column("bonus_last_day")
        batch_op.drop_column("bonus_amount")
        batch_op.drop_column("extra_share_note")
        batch_op.drop_column("extra_share_percent")
        batch_op.drop_column("package_description")
        batch_op.drop_column("package_sum")
        batch_op.drop_column("pricing")

    with op.batch_alter_table("placement_instalment", schema=None) as batch_op:
        batch_op.drop_index("ix_placement_instalment_placement_due")
        batch_op.drop_index(batch_op.f("ix_placement_instalment_due_on"))

    op.drop_table("placement_instalment")
