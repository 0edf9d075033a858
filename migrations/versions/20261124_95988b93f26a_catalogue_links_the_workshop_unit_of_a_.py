"""catalogue_links: the workshop unit of a placement and its units' links to the catalogue

On SQLite the tables are copied; migrations/env.py turns foreign keys off meanwhile, so that
dropping the old `placement` does not delete its agreements, steps and units by cascade.

Revision ID: 95988b93f26a
Revises: b7d15df317bc
Create Date: 2026-11-24 11:47:40.276705
"""

import sqlalchemy as sa
from alembic import op

revision = "95988b93f26a"
down_revision = "b7d15df317bc"
branch_labels = None
depends_on = None

PLACEMENT_FK = "fk_placement_workshop_unit_id_unit"
UNIT_FK = "fk_placement_qualification_unit_catalogue_unit"


def upgrade():
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
    with op.batch_alter_table("placement_qualification_unit", schema=None) as batch_op:
        batch_op.drop_constraint(UNIT_FK, type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_placement_qualification_unit_catalogue_unit_id"))
        batch_op.drop_column("catalogue_unit_id")

    with op.batch_alter_table("placement", schema=None) as batch_op:
        batch_op.drop_constraint(PLACEMENT_FK, type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_placement_workshop_unit_id"))
        batch_op.drop_column("workshop_unit_id")
