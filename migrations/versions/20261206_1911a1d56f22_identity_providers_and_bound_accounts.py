"""identity: organisations' identity providers and the accounts bound to people there

A party's OpenID Provider (issuer, client, the sealed client secret, the e-mail domains it
vouches for, whether passwords stay allowed and MFA is required), and the provider's ``sub``
bound to a person at their first sign-in there.

Revision ID: 1911a1d56f22
Revises: e2a4c6b8d0f1
Create Date: 2026-12-06 20:37:46.044585
"""

import sqlalchemy as sa
from alembic import op

import portal.core.models

revision = "1911a1d56f22"
down_revision = "e2a4c6b8d0f1"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "identity_provider",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("issuer", sa.String(length=500), nullable=False),
        sa.Column("client_id", sa.String(length=255), nullable=False),
        sa.Column("client_secret_sealed", sa.Text(), nullable=False),
        sa.Column("domains", sa.Text(), nullable=False),
        sa.Column("password_allowed", sa.Boolean(), nullable=False),
        sa.Column("mfa_required", sa.Boolean(), nullable=False),
        sa.Column("mfa_acr_values", sa.String(length=500), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", portal.core.models.UTCDateTime(), nullable=False),
        sa.Column("updated_at", portal.core.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["party_id"],
            ["party.id"],
            name=op.f("fk_identity_provider_party_id_party"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identity_provider")),
        sa.UniqueConstraint("party_id", name=op.f("uq_identity_provider_party_id")),
    )
    op.create_table(
        "external_identity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("issuer", sa.String(length=500), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("bound_at", portal.core.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_external_identity_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_external_identity")),
        sa.UniqueConstraint("issuer", "subject", name="uq_external_identity_subject"),
        sa.UniqueConstraint("user_id", "issuer", name="uq_external_identity_user_issuer"),
    )


def downgrade():
    op.drop_table("external_identity")
    op.drop_table("identity_provider")
