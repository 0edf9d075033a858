"""handovers: the hand-over of a placement's young person to the next service

A hand-over names the receiving person and party, the kind of next service and the
hand-over meeting (an event of the annual calendar), and records who confirmed it and when,
or who called it off and why. Indexed by placement (its page and its completion ask), by
receiver (*My trainees* asks what waits for the reader) and by event.

Revision ID: 7b0e646e2c43
Revises: 5d2c8e41b7f9
Create Date: 2026-12-06 17:30:07
"""

import sqlalchemy as sa
from alembic import op

import portal.core.models

revision = "7b0e646e2c43"
down_revision = "5d2c8e41b7f9"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "handover",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("placement_id", sa.Integer(), nullable=False),
        sa.Column("service", sa.String(length=32), nullable=False),
        sa.Column("receiver_id", sa.Integer(), nullable=True),
        sa.Column("receiver_name", sa.String(length=200), nullable=False),
        sa.Column("receiver_party_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by_name", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", portal.core.models.UTCDateTime(), nullable=False),
        sa.Column("confirmed_at", portal.core.models.UTCDateTime(), nullable=True),
        sa.Column("confirmed_by_name", sa.String(length=200), nullable=False),
        sa.Column("called_off_at", portal.core.models.UTCDateTime(), nullable=True),
        sa.Column("called_off_by_name", sa.String(length=200), nullable=False),
        sa.Column("called_off_reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["calendar_event.id"],
            name=op.f("fk_handover_event_id_calendar_event"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["placement_id"],
            ["placement.id"],
            name=op.f("fk_handover_placement_id_placement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["receiver_id"],
            ["user_account.id"],
            name=op.f("fk_handover_receiver_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["receiver_party_id"], ["party.id"], name=op.f("fk_handover_receiver_party_id_party")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["user_account.id"],
            name=op.f("fk_handover_recorded_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handover")),
    )
    op.create_index(op.f("ix_handover_event_id"), "handover", ["event_id"])
    op.create_index(op.f("ix_handover_placement_id"), "handover", ["placement_id"])
    op.create_index(op.f("ix_handover_receiver_id"), "handover", ["receiver_id"])


def downgrade():
    op.drop_index(op.f("ix_handover_receiver_id"), table_name="handover")
    op.drop_index(op.f("ix_handover_placement_id"), table_name="handover")
    op.drop_index(op.f("ix_handover_event_id"), table_name="handover")
    op.drop_table("handover")
