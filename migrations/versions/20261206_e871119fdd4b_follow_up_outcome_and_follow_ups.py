"""follow_up: the outcome at the end of a placement and the follow-ups at 3 and 6 months

Every placement that has already ended gets its outcome at the end from the next step
recorded then (a next step not recorded is "not known"), so the follow-up report counts
them too; no follow-ups are asked after the fact for them.

Revision ID: e871119fdd4b
Revises: 7b0e646e2c43
Create Date: 2026-12-06 17:28:22
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import portal.core.models

revision = "e871119fdd4b"
down_revision = "7b0e646e2c43"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("placement_id", sa.Integer(), nullable=False),
        sa.Column(
            "checkpoint",
            sa.Enum("end", "months_3", "months_6", name="checkpoint", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("asked_id", sa.Integer(), nullable=True),
        sa.Column(
            "situation",
            sa.Enum(
                "studies",
                "work",
                "workshop",
                "other",
                "unknown",
                name="nextstep",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("qualification", sa.String(length=200), nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                "team",
                "young_person",
                "school",
                "employer",
                "register",
                "other",
                name="source",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("answered_by_name", sa.String(length=200), nullable=False),
        sa.Column("answered_at", portal.core.models.UTCDateTime(), nullable=True),
        sa.Column("reminded_at", portal.core.models.UTCDateTime(), nullable=True),
        sa.Column("created_at", portal.core.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["answered_by_id"],
            ["user_account.id"],
            name=op.f("fk_follow_up_answered_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["asked_id"],
            ["user_account.id"],
            name=op.f("fk_follow_up_asked_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["placement_id"],
            ["placement.id"],
            name=op.f("fk_follow_up_placement_id_placement"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up")),
        sa.UniqueConstraint(
            "placement_id", "checkpoint", name=op.f("uq_follow_up_placement_id_checkpoint")
        ),
    )
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.create_index("ix_follow_up_asked_due", ["asked_id", "due_on"], unique=False)
        batch_op.create_index("ix_follow_up_due_on", ["due_on"], unique=False)

    # The outcome at the end of the placements that have ended, from their next step.
    now = datetime.now(UTC).replace(tzinfo=None)
    placement = sa.table(
        "placement",
        sa.column("id", sa.Integer),
        sa.column("status", sa.String),
        sa.column("ended_on", sa.Date),
        sa.column("next_step", sa.String),
    )
    follow_up = sa.table(
        "follow_up",
        sa.column("placement_id", sa.Integer),
        sa.column("checkpoint", sa.String),
        sa.column("due_on", sa.Date),
        sa.column("situation", sa.String),
        sa.column("qualification", sa.String),
        sa.column("source", sa.String),
        sa.column("answered_by_name", sa.String),
        sa.column("answered_at", sa.DateTime),
        sa.column("created_at", sa.DateTime),
    )
    ended = sa.select(
        placement.c.id,
        sa.literal("end"),
        placement.c.ended_on,
        sa.func.coalesce(placement.c.next_step, "unknown"),
        sa.literal(""),
        sa.literal("team"),
        sa.literal(""),
        sa.literal(now, sa.DateTime),
        sa.literal(now, sa.DateTime),
    ).where(placement.c.status.in_(["completed", "interrupted"]), placement.c.ended_on.is_not(None))
    op.execute(
        follow_up.insert().from_select(
            [
                "placement_id",
                "checkpoint",
                "due_on",
                "situation",
                "qualification",
                "source",
                "answered_by_name",
                "answered_at",
                "created_at",
            ],
            ended,
        )
    )


def downgrade():
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_index("ix_follow_up_due_on")
        batch_op.drop_index("ix_follow_up_asked_due")
    op.drop_table("follow_up")
