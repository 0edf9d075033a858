"""placements: the access log of the views that show the young person's full name

Each placement's entries are a hash chain of their own, numbered from 1 (unique with the
placement, so that a fork is refused); on PostgreSQL the audit trail's trigger refuses every
UPDATE, DELETE and TRUNCATE of it.

Revision ID: b5e3a1c7d9f2
Revises: f3b9d2c1a7e4
Create Date: 2026-12-06 18:50:00.000000
"""

import sqlalchemy as sa
from alembic import op

import portal.core.models

revision = "b5e3a1c7d9f2"
down_revision = "f3b9d2c1a7e4"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "placement_access_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("placement_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=True),
        sa.Column("at", portal.core.models.UTCDateTime(), nullable=False),
        sa.Column("view", sa.String(length=32), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["party_id"], ["party.id"], name=op.f("fk_placement_access_log_party_id_party")
        ),
        sa.ForeignKeyConstraint(
            ["placement_id"],
            ["placement.id"],
            name=op.f("fk_placement_access_log_placement_id_placement"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_placement_access_log_user_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_placement_access_log")),
        sa.UniqueConstraint("placement_id", "seq", name="uq_placement_access_log_placement_seq"),
    )
    with op.batch_alter_table("placement_access_log", schema=None) as batch_op:
        batch_op.create_index(
            "ix_placement_access_log_placement_at", ["placement_id", "at"], unique=False
        )
    if op.get_bind().dialect.name == "postgresql":
        # refuse_audit_change() is the audit trail's, made by revision 4c1d7a9e2b30.
        op.execute(
            "CREATE TRIGGER placement_access_log_append_only BEFORE UPDATE OR DELETE OR "
            "TRUNCATE ON placement_access_log FOR EACH STATEMENT "
            "EXECUTE FUNCTION refuse_audit_change()"
        )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "DROP TRIGGER IF EXISTS placement_access_log_append_only ON placement_access_log"
        )
    with op.batch_alter_table("placement_access_log", schema=None) as batch_op:
        batch_op.drop_index("ix_placement_access_log_placement_at")
    op.drop_table("placement_access_log")
