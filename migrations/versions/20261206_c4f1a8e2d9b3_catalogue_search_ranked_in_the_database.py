"""The catalogue's search is matched and ranked in the database, through a search index.

Reports get a search text of their own for the search by field (the unit's name and the
work, folded and stemmed as the qualification units' already are), filled in for the
existing reports. PostgreSQL gets pg_trgm, a trigram index on both search texts and a
full-text index with the Finnish configuration; SQLite an FTS5 table with the trigram
tokenizer over the qualification units' search text, kept in step by triggers and built
from the existing rows. These have no model (see portal.core.database.include_in_comparison).

A later migration that rebuilds ``qualification_unit`` on SQLite (batch mode copies the
table) must create the three triggers again.

Revision ID: c4f1a8e2d9b3
Revises: a61f0c3e8b27
Create Date: 2026-12-06 15:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from portal.catalogue.search import index_text

revision = "c4f1a8e2d9b3"
down_revision = "a61f0c3e8b27"
branch_labels = None
depends_on = None

_SQLITE_UP = [
    """CREATE VIRTUAL TABLE qualification_unit_fts USING fts5(
        search_text, content='qualification_unit', content_rowid='id', tokenize='trigram'
    )""",
    """CREATE TRIGGER qualification_unit_fts_insert AFTER INSERT ON qualification_unit BEGIN
        INSERT INTO qualification_unit_fts(rowid, search_text)
        VALUES (new.id, new.search_text);
    END""",
    """CREATE TRIGGER qualification_unit_fts_delete AFTER DELETE ON qualification_unit BEGIN
        INSERT INTO qualification_unit_fts(qualification_unit_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    END""",
    """CREATE TRIGGER qualification_unit_fts_update AFTER UPDATE ON qualification_unit BEGIN
        INSERT INTO qualification_unit_fts(qualification_unit_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO qualification_unit_fts(rowid, search_text)
        VALUES (new.id, new.search_text);
    END""",
    "INSERT INTO qualification_unit_fts(qualification_unit_fts) VALUES ('rebuild')",
]

_POSTGRESQL_UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """CREATE INDEX ix_qualification_unit_search_trgm ON qualification_unit
        USING gin (search_text gin_trgm_ops)""",
    # The same expression as portal.catalogue.ranking.finnish_vector, or it is not used.
    """CREATE INDEX ix_qualification_unit_search_fts ON qualification_unit
        USING gin (to_tsvector('finnish'::regconfig, qualification || ' ' || name))""",
    """CREATE INDEX ix_learning_environment_search_trgm ON learning_environment
        USING gin (search_text gin_trgm_ops)""",
]


def _fill_report_search_text() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.text(
            "SELECT e.id, u.name, e.work_description FROM learning_environment e"
            " JOIN unit u ON u.id = e.unit_id"
        )
    ).all()
    update = sa.text("UPDATE learning_environment SET search_text = :text WHERE id = :id")
    for report_id, unit_name, work in rows:
        connection.execute(update, {"id": report_id, "text": index_text(unit_name, work)})


def upgrade() -> None:
    op.add_column("learning_environment", sa.Column("search_text", sa.Text(), nullable=True))
    _fill_report_search_text()
    with op.batch_alter_table("learning_environment") as batch:
        batch.alter_column("search_text", existing_type=sa.Text(), nullable=False)
    statements = _POSTGRESQL_UP if op.get_bind().dialect.name == "postgresql" else _SQLITE_UP
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_learning_environment_search_trgm")
        op.execute("DROP INDEX ix_qualification_unit_search_fts")
        op.execute("DROP INDEX ix_qualification_unit_search_trgm")
        # pg_trgm stays: an extension may serve more than this schema, and keeping it is harmless.
    else:
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER qualification_unit_fts_{trigger}")
        op.execute("DROP TABLE qualification_unit_fts")
    with op.batch_alter_table("learning_environment") as batch:
        batch.drop_column("search_text")
