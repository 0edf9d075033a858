"""audit: hash chains over the audit and access logs, the actor's party and the outcome

Revision ID: 4c1d7a9e2b30
Revises: dacf17f0332d
Create Date: 2026-12-06 11:45:00.000000

Rows that exist already are chained here, in the order they were written, with the key the
application is configured with (PORTAL_AUDIT_KEY, or the one derived from the secret key).
On PostgreSQL a trigger then refuses every UPDATE and DELETE of the two tables, whoever
asks; accounts are deactivated, never deleted, so the actor's ON DELETE SET NULL never
needs to run (and is refused like any other change).
"""

import sqlalchemy as sa
from alembic import op

import portal.core.models
from portal.core.audit_chain import GENESIS, audit_key, compute_hash

revision = "4c1d7a9e2b30"
down_revision = "dacf17f0332d"
branch_labels = None
depends_on = None

UTC = portal.core.models.UTCDateTime

# The tables as this revision knows them, and the columns each chain's hash covers.
AUDIT = sa.table(
    "audit_event",
    sa.column("id", sa.Integer),
    sa.column("at", UTC()),
    sa.column("event", sa.String),
    sa.column("outcome", sa.String),
    sa.column("actor_id", sa.Integer),
    sa.column("actor_email", sa.String),
    sa.column("actor_party_id", sa.Integer),
    sa.column("target_type", sa.String),
    sa.column("target_id", sa.Integer),
    sa.column("address", sa.String),
    sa.column("details", sa.JSON),
    sa.column("seq", sa.BigInteger),
    sa.column("prev_hash", sa.String),
    sa.column("hash", sa.String),
)
ACCESS = sa.table(
    "document_access_log",
    sa.column("id", sa.Integer),
    sa.column("at", UTC()),
    sa.column("document_id", sa.Integer),
    sa.column("version_id", sa.Integer),
    sa.column("user_id", sa.Integer),
    sa.column("party_id", sa.Integer),
    sa.column("action", sa.String),
    sa.column("address", sa.String),
    sa.column("seq", sa.BigInteger),
    sa.column("prev_hash", sa.String),
    sa.column("hash", sa.String),
)
CHAINED = {
    AUDIT: (
        "at",
        "event",
        "outcome",
        "actor_id",
        "actor_email",
        "actor_party_id",
        "target_type",
        "target_id",
        "address",
        "details",
    ),
    ACCESS: ("at", "document_id", "version_id", "user_id", "party_id", "action", "address"),
}

# The outcome of the events recorded before outcomes were.
REFUSALS = {"login.failure": "failed", "rate_limit.exceeded": "denied", "csrf.failure": "denied"}

TRIGGER = """
CREATE FUNCTION refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the % table is append-only: rows cannot be changed or deleted',
        TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
"""


def _chain_existing(table: sa.TableClause, columns: tuple[str, ...]) -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.select(table).order_by(table.c.at, table.c.id)).mappings().all()
    if not rows:
        return
    key = audit_key()
    previous = GENESIS
    for seq, row in enumerate(rows, start=1):
        values = {name: row[name] for name in columns}
        if table is AUDIT:
            values["outcome"] = REFUSALS.get(row["event"], "success")
            values["actor_party_id"] = None
        digest = compute_hash(key, values, seq, previous)
        extra = {"outcome": values["outcome"]} if table is AUDIT else {}
        connection.execute(
            table.update()
            .where(table.c.id == row["id"])
            .values(seq=seq, prev_hash=previous, hash=digest, **extra)
        )
        previous = digest


def upgrade():
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("actor_party_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("outcome", sa.String(length=16), nullable=False, server_default="success")
        )
        batch_op.add_column(sa.Column("seq", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("hash", sa.String(length=64), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_audit_event_actor_party_id_party"), "party", ["actor_party_id"], ["id"]
        )
    with op.batch_alter_table("document_access_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seq", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("hash", sa.String(length=64), nullable=True))

    for table, columns in CHAINED.items():
        _chain_existing(table, columns)

    for name in ("audit_event", "document_access_log"):
        with op.batch_alter_table(name, schema=None) as batch_op:
            if name == "audit_event":
                batch_op.alter_column("outcome", server_default=None)
            batch_op.alter_column("seq", existing_type=sa.BigInteger(), nullable=False)
            batch_op.alter_column("prev_hash", existing_type=sa.String(length=64), nullable=False)
            batch_op.alter_column("hash", existing_type=sa.String(length=64), nullable=False)
            batch_op.create_unique_constraint(batch_op.f(f"uq_{name}_seq"), ["seq"])

    if op.get_bind().dialect.name == "postgresql":
        op.execute(TRIGGER)
        for name in ("audit_event", "document_access_log"):
            op.execute(
                f"CREATE TRIGGER {name}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE "
                f"ON {name} FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change()"
            )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for name in ("audit_event", "document_access_log"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}_append_only ON {name}")
        op.execute("DROP FUNCTION IF EXISTS refuse_audit_change()")
    with op.batch_alter_table("document_access_log", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_document_access_log_seq"), type_="unique")
        batch_op.drop_column("hash")
        batch_op.drop_column("prev_hash")
        batch_op.drop_column("seq")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_audit_event_seq"), type_="unique")
        batch_op.drop_constraint(
            batch_op.f("fk_audit_event_actor_party_id_party"), type_="foreignkey"
        )
        batch_op.drop_column("hash")
        batch_op.drop_column("prev_hash")
        batch_op.drop_column("seq")
        batch_op.drop_column("outcome")
        batch_op.drop_column("actor_party_id")
