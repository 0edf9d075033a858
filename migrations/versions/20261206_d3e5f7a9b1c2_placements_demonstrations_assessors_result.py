"""placements: skills demonstrations name their unit and assessors, and keep their result

A demonstration links the placement's qualification unit it demonstrates and each assessor's
account when a portal user is chosen; the names stay as text, so the existing rows keep
their typed assessors as they are. An existing demonstration whose unit text is one of its
placement's units is linked to that unit. The result, its grade and the day it was
recorded are empty for every existing demonstration.

Revision ID: d3e5f7a9b1c2
Revises: 7c3e5a91d4b2
Create Date: 2026-12-06 18:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "d3e5f7a9b1c2"
down_revision = "7c3e5a91d4b2"
branch_labels = None
depends_on = None

TABLE = "placement_demonstration"
UNIT_FK = "fk_placement_demonstration_unit"
TEACHER_FK = "fk_placement_demonstration_teacher_assessor_id_user_account"
WORKING_LIFE_FK = "fk_placement_demonstration_wl_assessor"
RECORDER_FK = "fk_placement_demonstration_result_recorded_by_id_user_account"
INDEXED = ["unit_id", "teacher_assessor_id", "working_life_assessor_id"]


def upgrade():
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.add_column(sa.Column("unit_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("teacher_assessor_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("working_life_assessor_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("result", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("grade", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("result_recorded_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("result_recorded_by_id", sa.Integer(), nullable=True))
        for column in INDEXED:
            batch_op.create_index(batch_op.f(f"ix_{TABLE}_{column}"), [column], unique=False)
        batch_op.create_foreign_key(
            UNIT_FK, "placement_qualification_unit", ["unit_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_foreign_key(
            TEACHER_FK, "user_account", ["teacher_assessor_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_foreign_key(
            WORKING_LIFE_FK,
            "user_account",
            ["working_life_assessor_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_foreign_key(
            RECORDER_FK, "user_account", ["result_recorded_by_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_check_constraint(
            batch_op.f(f"ck_{TABLE}_grade_1_to_5"), "grade IS NULL OR grade BETWEEN 1 AND 5"
        )
        batch_op.create_check_constraint(
            batch_op.f(f"ck_{TABLE}_result_with_its_date"),
            "(result IS NULL) = (result_recorded_on IS NULL)",
        )
    # The unit as it was typed or chosen from the list of the placement's units: "name" or
    # "name (code)". The typed text stays as it is.
    op.execute(
        sa.text(
            f"""
            UPDATE {TABLE} SET unit_id = (
                SELECT u.id FROM placement_qualification_unit u
                WHERE u.placement_id = {TABLE}.placement_id
                  AND (u.name = {TABLE}.qualification_unit
                       OR u.name || ' (' || u.code || ')' = {TABLE}.qualification_unit)
                ORDER BY u.position, u.id
                LIMIT 1
            )
            """
        )
    )


def downgrade():
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f(f"ck_{TABLE}_result_with_its_date"), type_="check")
        batch_op.drop_constraint(batch_op.f(f"ck_{TABLE}_grade_1_to_5"), type_="check")
        for name in (RECORDER_FK, WORKING_LIFE_FK, TEACHER_FK, UNIT_FK):
            batch_op.drop_constraint(name, type_="foreignkey")
        for column in reversed(INDEXED):
            batch_op.drop_index(batch_op.f(f"ix_{TABLE}_{column}"))
        for column in (
            "result_recorded_by_id",
            "result_recorded_on",
            "grade",
            "result",
            "working_life_assessor_id",
            "teacher_assessor_id",
            "unit_id",
        ):
            batch_op.drop_column(column)
