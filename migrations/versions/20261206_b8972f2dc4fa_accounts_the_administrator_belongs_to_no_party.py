"""accounts: the administrator belongs to no party, unless the command line says otherwise

Revision ID: b8972f2dc4fa
Revises: 9e690a77782b
Create Date: 2026-12-06 11:50:00.000000

Until now the administrator's own form could put an administrator in a party, whose
confidential documents they then read. Such administrators leave their party here (their
unit too); each is named in the migration's output, so that an operator who meant it can
create that person's administrator account again with ``create-admin --party``.
"""

import logging

import sqlalchemy as sa
from alembic import op

revision = "b8972f2dc4fa"
down_revision = "9e690a77782b"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")

user_account = sa.table(
    "user_account",
    sa.column("id", sa.Integer),
    sa.column("email", sa.String),
    sa.column("role", sa.String),
    sa.column("party_id", sa.Integer),
    sa.column("unit_id", sa.Integer),
)
in_a_party = sa.and_(user_account.c.role == "admin", user_account.c.party_id.is_not(None))


def upgrade():
    connection = op.get_bind()
    for user_id, email, party_id in connection.execute(
        sa.select(user_account.c.id, user_account.c.email, user_account.c.party_id)
        .where(in_a_party)
        .order_by(user_account.c.id)
    ):
        log.warning(
            "Administrator %s (account %s) leaves party %s: an administrator belongs to no party.",
            email,
            user_id,
            party_id,
        )
    connection.execute(
        sa.update(user_account).where(in_a_party).values(party_id=None, unit_id=None)
    )

    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "party_from_command_line",
                sa.Boolean(),
                server_default=sa.false(),
                nullable=False,
            )
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_user_account_admin_without_party"),
            "role <> 'admin' OR party_id IS NULL OR party_from_command_line",
        )


def downgrade():
    # The parties of the administrators moved out by the upgrade are not restored.
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_user_account_admin_without_party"), type_="check")
        batch_op.drop_column("party_from_command_line")
