"""second step: authenticator app keys, passkeys, recovery codes and waiting sign-ins

Revision ID: e2a4c6b8d0f1
Revises: e2c9a4f7b815
Create Date: 2026-12-06 21:00:00
"""

import sqlalchemy as sa
from alembic import op

import portal.core.models

revision = "e2a4c6b8d0f1"
down_revision = "e2c9a4f7b815"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "second_step_totp",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("secret", sa.Text(), nullable=True),
        sa.Column("pending_secret", sa.Text(), nullable=True),
        sa.Column("confirmed_at", portal.core.models.UTCDateTime(), nullable=True),
        sa.Column("last_step", sa.BigInteger(), nullable=True),
        sa.Column("created_at", portal.core.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_second_step_totp_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_second_step_totp")),
        sa.UniqueConstraint("user_id", name=op.f("uq_second_step_totp_user_id")),
    )
    op.create_table(
        "second_step_recovery_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("used_at", portal.core.models.UTCDateTime(), nullable=True),
        sa.Column("created_at", portal.core.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_second_step_recovery_code_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_second_step_recovery_code")),
    )
    op.create_index(
        op.f("ix_second_step_recovery_code_user_id"),
        "second_step_recovery_code",
        ["user_id"],
        unique=False,
    )
    op.create_table(
        "second_step_passkey",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("credential_id", sa.String(length=1400), nullable=False),
        sa.Column("public_key", sa.LargeBinary(), nullable=False),
        sa.Column("sign_count", sa.BigInteger(), nullable=False),
        sa.Column("created_at", portal.core.models.UTCDateTime(), nullable=False),
        sa.Column("last_used_at", portal.core.models.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_second_step_passkey_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_second_step_passkey")),
        sa.UniqueConstraint("credential_id", name=op.f("uq_second_step_passkey_credential_id")),
    )
    op.create_index(
        op.f("ix_second_step_passkey_user_id"), "second_step_passkey", ["user_id"], unique=False
    )
    op.create_table(
        "second_step_pending",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", portal.core.models.UTCDateTime(), nullable=False),
        sa.Column("next_url", sa.String(length=2000), nullable=False),
        sa.Column("challenge", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_second_step_pending_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_second_step_pending")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_second_step_pending_key_hash")),
    )
    op.create_index(
        op.f("ix_second_step_pending_user_id"), "second_step_pending", ["user_id"], unique=False
    )


def downgrade():
    op.drop_index(op.f("ix_second_step_pending_user_id"), table_name="second_step_pending")
    op.drop_table("second_step_pending")
    op.drop_index(op.f("ix_second_step_passkey_user_id"), table_name="second_step_passkey")
    op.drop_table("second_step_passkey")
    op.drop_index(
        op.f("ix_second_step_recovery_code_user_id"), table_name="second_step_recovery_code"
    )
    op.drop_table("second_step_recovery_code")
    op.drop_table("second_step_totp")
