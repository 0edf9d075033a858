"""documents: when the newest version came, indexed, for the front page

*Documents shared* on the front page lists the documents whose newest version arrived since
the user last looked. Kept on the document (``latest_version_at``) and indexed, the few
recent documents are found by the index instead of by joining every document the user sees
to the recent versions. Existing documents get the time of their newest version.

Revision ID: 7c3e5a91d4b2
Revises: 9d4e2f6a1c58
Create Date: 2026-12-06 17:40:00
"""

import sqlalchemy as sa
from alembic import op

import portal.core.models

revision = "7c3e5a91d4b2"
down_revision = "9d4e2f6a1c58"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("latest_version_at", portal.core.models.UTCDateTime(), nullable=True)
        )
    op.execute(
        """UPDATE document SET latest_version_at = (
            SELECT max(uploaded_at) FROM document_version
            WHERE document_version.document_id = document.id)"""
    )
    op.create_index("ix_document_latest_version_at", "document", ["latest_version_at"])


def downgrade():
    op.drop_index("ix_document_latest_version_at", table_name="document")
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_column("latest_version_at")
