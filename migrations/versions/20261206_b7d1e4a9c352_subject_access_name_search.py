"""subject access: a trigram index for finding a young person by any part of the full name

A coordinator answering a young person's request searches the party's placements for text
anywhere in the full name (``lower(full_name) LIKE '%text%'``), which no B-tree index serves.
On PostgreSQL a trigram index on the very expression searched serves it, as the references'
(7c3e5a91d4b2); SQLite has none. The initials are matched exactly within the party's own
placements, which its existing indexes find.

Revision ID: b7d1e4a9c352
Revises: ce5b7f52ee55
Create Date: 2026-12-06 19:12:00
"""

from alembic import op

revision = "b7d1e4a9c352"
down_revision = "ce5b7f52ee55"
branch_labels = None
depends_on = None

# The name ends in _search_… so that comparing the models with the schema leaves it out.
INDEX = "ix_placement_search_full_name"


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"CREATE INDEX {INDEX} ON placement USING gin ((lower(full_name)) gin_trgm_ops)")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP INDEX {INDEX}")
