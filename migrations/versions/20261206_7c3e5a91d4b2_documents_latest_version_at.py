"""documents: when the newest version came, indexed, for the front page; trigram indexes
for the lists' searches of text anywhere in a name

*Documents shared* on the front page lists the documents whose newest version arrived since
the user last looked. Kept on the document (``latest_version_at``) and indexed, the few
recent documents are found by the index instead of by joining every document the user sees
to the recent versions. Existing documents get the time of their newest version.

The lists that grow search for text anywhere in a reference, a title or an e-mail address
(``LIKE '%text%'``), which no B-tree index serves. On PostgreSQL a trigram index (pg_trgm,
created by c4f1a8e2d9b3) on the very expression searched serves it; SQLite has none.

Revision ID: 7c3e5a91d4b2
Revises: e871119fdd4b
Create Date: 2026-12-06 17:40:00
"""

import sqlalchemy as sa
from alembic import op

import portal.core.models

revision = "7c3e5a91d4b2"
down_revision = "e871119fdd4b"
branch_labels = None
depends_on = None

# (index, table, expression): the expression as the queries search it, or it is not used.
# The names end in _search_… so that comparing the models with the schema leaves them out.
TRIGRAM_INDEXES = [
    # The placements list's search and the documents' "belongs to" a placement.
    ("ix_placement_search_reference", "placement", "lower(reference)"),
    # The documents list's search by title.
    ("ix_document_search_title", "document", "lower(title)"),
    # The documents' "belongs to" an event.
    ("ix_calendar_event_search_title", "calendar_event", "lower(title)"),
    # The audit log's search by e-mail address, stored and searched in lower case.
    ("ix_audit_event_search_actor_email", "audit_event", "actor_email"),
]


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
    if op.get_bind().dialect.name == "postgresql":
        for name, table, expression in TRIGRAM_INDEXES:
            op.execute(f"CREATE INDEX {name} ON {table} USING gin (({expression}) gin_trgm_ops)")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for name, _table, _expression in reversed(TRIGRAM_INDEXES):
            op.execute(f"DROP INDEX {name}")
    op.drop_index("ix_document_latest_version_at", table_name="document")
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_column("latest_version_at")
