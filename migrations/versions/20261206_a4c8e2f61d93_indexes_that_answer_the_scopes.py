"""Indexes that answer the scopes from the index alone: a party's placements by side, and the
documents of placements

Every page that lists what a user sees asks for the ids of the placements of the user's party
(as sender, or as receiver once submitted), and for the documents of those placements. With the
id in the index, the database reads these from the index alone instead of visiting thousands
of table rows for a busy workshop. The receiver's index holds only submitted placements, as
the scope asks. The documents' index by placement gains the document, which supersedes it.

Revision ID: a4c8e2f61d93
Revises: a4c8e2f61b90
Create Date: 2026-12-06 21:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a4c8e2f61d93"
down_revision = "a4c8e2f61b90"
branch_labels = None
depends_on = None

SUBMITTED = sa.text("submitted_at IS NOT NULL")


def upgrade():
    with op.batch_alter_table("placement", schema=None) as batch_op:
        batch_op.create_index("ix_placement_sender_id", ["sender_party_id", "id"])
        batch_op.create_index(
            "ix_placement_receiver_submitted_id",
            ["receiver_party_id", "id"],
            postgresql_where=SUBMITTED,
            sqlite_where=SUBMITTED,
        )
    with op.batch_alter_table("document_link", schema=None) as batch_op:
        batch_op.drop_index("ix_document_link_placement_id")
        batch_op.create_index(
            "ix_document_link_placement_document", ["placement_id", "document_id"]
        )


def downgrade():
    with op.batch_alter_table("document_link", schema=None) as batch_op:
        batch_op.drop_index("ix_document_link_placement_document")
        batch_op.create_index("ix_document_link_placement_id", ["placement_id"])
    with op.batch_alter_table("placement", schema=None) as batch_op:
        batch_op.drop_index("ix_placement_receiver_submitted_id")
        batch_op.drop_index("ix_placement_sender_id")
