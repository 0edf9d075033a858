"""daily records: the job coach's entry for each day of a workshop period, and the months closed

A day's entry is changed in place until the workshop's coordinator closes its month; a later
correction is a new revision of the day. Indexed for a placement's days in order, for one day
across every trainee (the day screen) and for the closed months of a year.

Revision ID: 8ae012fb8fa1
Revises: 9d4e2f6a1c58
Create Date: 2026-12-06 17:26:15.214358
"""

import sqlalchemy as sa
from alembic import op

import portal.core.models

revision = "8ae012fb8fa1"
down_revision = "9d4e2f6a1c58"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "daily_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("placement_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column(
            "presence",
            sa.Enum(
                "present",
                "ill",
                "absent",
                "agreed_leave",
                name="presence",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("hours", sa.Numeric(precision=4, scale=2), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("qualification_unit", sa.String(length=200), nullable=False),
        sa.Column("correction_reason", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", portal.core.models.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "hours >= 0 AND hours <= 24", name=op.f("ck_daily_record_hours_within_a_day")
        ),
        sa.CheckConstraint("revision >= 1", name=op.f("ck_daily_record_revision_positive")),
        sa.ForeignKeyConstraint(
            ["placement_id"],
            ["placement.id"],
            name=op.f("fk_daily_record_placement_id_placement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["user_account.id"],
            name=op.f("fk_daily_record_recorded_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_daily_record")),
        sa.UniqueConstraint(
            "placement_id",
            "day",
            "revision",
            name=op.f("uq_daily_record_placement_id_day_revision"),
        ),
    )
    with op.batch_alter_table("daily_record", schema=None) as batch_op:
        batch_op.create_index("ix_daily_record_day", ["day"], unique=False)
        batch_op.create_index(
            "ix_daily_record_placement_day", ["placement_id", "day"], unique=False
        )

    op.create_table(
        "daily_record_month",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("placement_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.Column("closed_at", portal.core.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["closed_by_id"],
            ["user_account.id"],
            name=op.f("fk_daily_record_month_closed_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["placement_id"],
            ["placement.id"],
            name=op.f("fk_daily_record_month_placement_id_placement"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_daily_record_month")),
        sa.UniqueConstraint(
            "placement_id", "month", name=op.f("uq_daily_record_month_placement_id_month")
        ),
    )
    with op.batch_alter_table("daily_record_month", schema=None) as batch_op:
        batch_op.create_index("ix_daily_record_month_month", ["month"], unique=False)


def downgrade():
    with op.batch_alter_table("daily_record_month", schema=None) as batch_op:
        batch_op.drop_index("ix_daily_record_month_month")

    op.drop_table("daily_record_month")
    with op.batch_alter_table("daily_record", schema=None) as batch_op:
        batch_op.drop_index("ix_daily_record_placement_day")
        batch_op.drop_index("ix_daily_record_day")

    op.drop_table("daily_record")
