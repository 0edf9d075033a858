"""catalogue_links: the workshop unit of a placement and its units' links to the catalogue

Revision ID: 95988b93f26a
Revises: 735f665de931
Create Date: 2026-11-24 11:47:40.276705
"""

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

revision = "95988b93f26a"
down_revision = "735f665de931"
branch_labels = None
depends_on = None

PLACEMENT_FK = "fk_placement_workshop_unit_id_unit"
UNIT_FK = "fk_placement_qualification_unit_catalogue_unit"


@contextmanager
def foreign_keys_off_on_sqlite() -> Iterator[None]:
    """Change tables the way SQLite's manual says: with foreign keys off, outside a transaction.

    On SQLite batch mode copies a table and drops the old one. With foreign keys on, dropping
    `placement` would delete its agreements, steps, comments and units by cascade.
    """
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        yield
        return
    # The pragma is ignored inside a transaction. Alembic holds one open on this connection and
    # commits it at the end (with the new revision), so step out of it and back in underneath.
    raw = bind.connection.dbapi_connection
    raw.execute("COMMIT")
    raw.execute("PRAGMA foreign_keys = OFF")
    raw.execute("BEGIN")
    try:
        yield
        broken = raw.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"the migration would break foreign keys: {broken}")
        raw.execute("COMMIT")
    except BaseException:
        raw.execute("ROLLBACK")
        raise
    finally:
        raw.execute("PRAGMA foreign_keys = ON")
        raw.execute("BEGIN")


def upgrade():
    with foreign_keys_off_on_sqlite():
        with op.batch_alter_table("placement", schema=None) as batch_op:
            batch_op.add_column(sa.Column("workshop_unit_id", sa.Integer(), nullable=True))
            batch_op.create_index(
                batch_op.f("ix_placement_workshop_unit_id"), ["workshop_unit_id"], unique=False
            )
            batch_op.create_foreign_key(
                PLACEMENT_FK, "unit", ["workshop_unit_id"], ["id"], ondelete="SET NULL"
            )

        with op.batch_alter_table("placement_qualification_unit", schema=None) as batch_op:
            batch_op.add_column(sa.Column("catalogue_unit_id", sa.Integer(), nullable=True))
            batch_op.create_index(
                batch_op.f("ix_placement_qualification_unit_catalogue_unit_id"),
                ["catalogue_unit_id"],
                unique=False,
            )
            batch_op.create_foreign_key(
                UNIT_FK, "qualification_unit", ["catalogue_unit_id"], ["id"], ondelete="SET NULL"
            )


def downgrade():
    with foreign_keys_off_on_sqlite():
        with op.batch_alter_table("placement_qualification_unit", schema=None) as batch_op:
            batch_op.drop_constraint(UNIT_FK, type_="foreignkey")
            batch_op.drop_index(batch_op.f("ix_placement_qualification_unit_catalogue_unit_id"))
            batch_op.drop_column("catalogue_unit_id")

        with op.batch_alter_table("placement", schema=None) as batch_op:
            batch_op.drop_constraint(PLACEMENT_FK, type_="foreignkey")
            batch_op.drop_index(batch_op.f("ix_placement_workshop_unit_id"))
            batch_op.drop_column("workshop_unit_id")
