"""placements: the team of a placement, the young person's consent, need to know

Who sees a placement now follows from its team. So that nobody loses sight of what they
worked on, every existing placement gets on its team the account that drafted it (a
workshop's person as job coach, a provider's as study counsellor), the workshop's named
instructor (job coach) and the provider's named teacher (teacher) — each once, and only
people of the two parties.

Revision ID: 9d4e2f6a1c58
Revises: c4f1a8e2d9b3
Create Date: 2026-12-06 15:00:00
"""

import sqlalchemy as sa
from alembic import op

import portal.core.models

revision = "9d4e2f6a1c58"
down_revision = "c4f1a8e2d9b3"
branch_labels = None
depends_on = None

# What the data migration calls a creator, by the kind of their party.
CREATOR_ROLE = {"workshop": "job_coach", "education_provider": "study_counsellor"}


def upgrade():
    with op.batch_alter_table("party", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "staff_see_unit_placements",
                sa.Boolean(),
                nullable=False,
                server_default=sa.false(),
            )
        )
    op.create_table(
        "placement_consent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("placement_id", sa.Integer(), nullable=False),
        sa.Column("information", sa.Text(), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("manner", sa.String(length=32), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("noted_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", portal.core.models.UTCDateTime(), nullable=False),
        sa.Column("withdrawn_at", portal.core.models.UTCDateTime(), nullable=True),
        sa.Column("withdrawn_by_name", sa.String(length=200), nullable=False),
        sa.Column("withdrawal_reason", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "valid_until >= given_on", name=op.f("ck_placement_consent_valid_after_given")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_placement_consent_document_id_document"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["placement_id"],
            ["placement.id"],
            name=op.f("fk_placement_consent_placement_id_placement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["user_account.id"],
            name=op.f("fk_placement_consent_recorded_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_placement_consent")),
    )
    op.create_index(
        op.f("ix_placement_consent_placement_id"), "placement_consent", ["placement_id"]
    )
    op.create_table(
        "placement_consent_party",
        sa.Column("consent_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consent_id"],
            ["placement_consent.id"],
            name=op.f("fk_placement_consent_party_consent_id_placement_consent"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["party_id"],
            ["party.id"],
            name=op.f("fk_placement_consent_party_party_id_party"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("consent_id", "party_id", name=op.f("pk_placement_consent_party")),
    )
    op.create_table(
        "placement_team_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("placement_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("consent_id", sa.Integer(), nullable=True),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.Column("added_at", portal.core.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["added_by_id"],
            ["user_account.id"],
            name=op.f("fk_placement_team_member_added_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["consent_id"],
            ["placement_consent.id"],
            name=op.f("fk_placement_team_member_consent_id_placement_consent"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["party.id"], name=op.f("fk_placement_team_member_party_id_party")
        ),
        sa.ForeignKeyConstraint(
            ["placement_id"],
            ["placement.id"],
            name=op.f("fk_placement_team_member_placement_id_placement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_placement_team_member_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_placement_team_member")),
        sa.UniqueConstraint(
            "placement_id", "user_id", name=op.f("uq_placement_team_member_placement_id_user_id")
        ),
    )
    op.create_index(
        op.f("ix_placement_team_member_placement_id"), "placement_team_member", ["placement_id"]
    )
    op.create_index(op.f("ix_placement_team_member_user_id"), "placement_team_member", ["user_id"])
    op.create_index(
        op.f("ix_placement_team_member_consent_id"), "placement_team_member", ["consent_id"]
    )
    _put_the_people_on_the_teams()


def _put_the_people_on_the_teams():
    connection = op.get_bind()
    rows = connection.execute(
        sa.text(
            "SELECT p.id, p.sender_party_id, p.receiver_party_id, p.created_by_id, "
            "p.instructor_id, p.teacher_id FROM placement p ORDER BY p.id"
        )
    ).all()
    kinds = dict(connection.execute(sa.text("SELECT id, kind FROM party")).all())
    party_of = dict(connection.execute(sa.text("SELECT id, party_id FROM user_account")).all())
    # Added when the placement was made: the timestamp is copied as the database keeps it.
    insert = sa.text(
        "INSERT INTO placement_team_member (placement_id, user_id, party_id, role, added_at) "
        "SELECT id, :user_id, :party_id, :role, created_at FROM placement WHERE id = :placement_id"
    )
    members = []
    for placement_id, sender_id, receiver_id, creator_id, instructor_id, teacher_id in rows:
        seen: set[int] = set()
        two_parties = (sender_id, receiver_id)
        creator_party = party_of.get(creator_id)
        named = [
            (creator_id, CREATOR_ROLE.get(kinds.get(creator_party, ""), "other")),
            (instructor_id, "job_coach"),
            (teacher_id, "teacher"),
        ]
        for user_id, role in named:
            party_id = party_of.get(user_id)
            if user_id is None or user_id in seen or party_id not in two_parties:
                continue
            seen.add(user_id)
            members.append(
                {
                    "placement_id": placement_id,
                    "user_id": user_id,
                    "party_id": party_id,
                    "role": role,
                }
            )
    for member in members:
        connection.execute(insert, member)


def downgrade():
    op.drop_index(op.f("ix_placement_team_member_consent_id"), table_name="placement_team_member")
    op.drop_index(op.f("ix_placement_team_member_user_id"), table_name="placement_team_member")
    op.drop_index(op.f("ix_placement_team_member_placement_id"), table_name="placement_team_member")
    op.drop_table("placement_team_member")
    op.drop_table("placement_consent_party")
    op.drop_index(op.f("ix_placement_consent_placement_id"), table_name="placement_consent")
    op.drop_table("placement_consent")
    with op.batch_alter_table("party", schema=None) as batch_op:
        batch_op.drop_column("staff_see_unit_placements")
