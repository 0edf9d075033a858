"""documents: documents, versions, access log and disclosure requests

Revision ID: a8bad24d78a8
Revises: 51128a2884e0
Create Date: 2026-11-24 10:52:51.881568
"""

import sqlalchemy as sa
from alembic import op

import portal.core.models

revision = "a8bad24d78a8"
down_revision = "51128a2884e0"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_party_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column(
            "classification",
            sa.Enum(
                "public",
                "internal",
                "confidential",
                "secret",
                name="classification",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("legal_basis", sa.String(length=200), nullable=False),
        sa.Column("secret_until", sa.Date(), nullable=True),
        sa.Column("staff_may_see", sa.Boolean(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", portal.core.models.UTCDateTime(), nullable=False),
        sa.Column("deleted_at", portal.core.models.UTCDateTime(), nullable=True),
        sa.Column("deleted_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "classification != 'secret' OR legal_basis != ''",
            name=op.f("ck_document_secret_has_legal_basis"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_document_created_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["deleted_by_id"],
            ["user_account.id"],
            name=op.f("fk_document_deleted_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["owner_party_id"], ["party.id"], name=op.f("fk_document_owner_party_id_party")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document")),
    )
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.create_index(
            "ix_document_owner_deleted", ["owner_party_id", "deleted_at"], unique=False
        )

    op.create_table(
        "document_recipient",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_document_recipient_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["party.id"], name=op.f("fk_document_recipient_party_id_party")
        ),
        sa.PrimaryKeyConstraint("document_id", "party_id", name=op.f("pk_document_recipient")),
    )
    with op.batch_alter_table("document_recipient", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_document_recipient_party_id"), ["party_id"], unique=False
        )

    op.create_table(
        "document_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=120), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("storage_key", sa.String(length=100), nullable=True),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=False),
        sa.Column("uploaded_at", portal.core.models.UTCDateTime(), nullable=False),
        sa.Column("purged_at", portal.core.models.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_document_version_document_id_document")
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["user_account.id"],
            name=op.f("fk_document_version_uploaded_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_version")),
        sa.UniqueConstraint(
            "document_id", "number", name=op.f("uq_document_version_document_id_number")
        ),
        sa.UniqueConstraint("storage_key", name=op.f("uq_document_version_storage_key")),
    )
    with op.batch_alter_table("document_version", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_document_version_document_id"), ["document_id"], unique=False
        )

    op.create_table(
        "disclosure_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("requester_party_id", sa.Integer(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=False),
        sa.Column("third_party", sa.String(length=200), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("created_at", portal.core.models.UTCDateTime(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "granted",
                "refused",
                name="disclosurestatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", portal.core.models.UTCDateTime(), nullable=True),
        sa.Column("decision", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["user_account.id"],
            name=op.f("fk_disclosure_request_decided_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_disclosure_request_document_id_document"),
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["user_account.id"],
            name=op.f("fk_disclosure_request_requested_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["requester_party_id"],
            ["party.id"],
            name=op.f("fk_disclosure_request_requester_party_id_party"),
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["document_version.id"],
            name=op.f("fk_disclosure_request_version_id_document_version"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disclosure_request")),
    )
    with op.batch_alter_table("disclosure_request", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_disclosure_request_document_id"), ["document_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_disclosure_request_requester_party_id"),
            ["requester_party_id"],
            unique=False,
        )

    op.create_table(
        "document_access_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=True),
        sa.Column(
            "action",
            sa.Enum("view", "download", name="accessaction", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("at", portal.core.models.UTCDateTime(), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_document_access_log_document_id_document"),
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["party.id"], name=op.f("fk_document_access_log_party_id_party")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_document_access_log_user_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["document_version.id"],
            name=op.f("fk_document_access_log_version_id_document_version"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_access_log")),
    )
    with op.batch_alter_table("document_access_log", schema=None) as batch_op:
        batch_op.create_index(
            "ix_document_access_log_document_at", ["document_id", "at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("document_access_log", schema=None) as batch_op:
        batch_op.drop_index("ix_document_access_log_document_at")

    op.drop_table("document_access_log")
    with op.batch_alter_table("disclosure_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_disclosure_request_requester_party_id"))
        batch_op.drop_index(batch_op.f("ix_disclosure_request_document_id"))

    op.drop_table("disclosure_request")
    with op.batch_alter_table("document_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_version_document_id"))

    op.drop_table("document_version")
    with op.batch_alter_table("document_recipient", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_recipient_party_id"))

    op.drop_table("document_recipient")
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_index("ix_document_owner_deleted")

    op.drop_table("document")
