"""Indexes for the lists that grow: their filters and sorts, the front page and the audit log.

Revision ID: e4a7c2b9d310
Revises: 5b1e9c7d2a40
Create Date: 2026-12-06 14:50:00
"""

from __future__ import annotations

from alembic import op

revision = "e4a7c2b9d310"
down_revision = "5b1e9c7d2a40"
branch_labels = None
depends_on = None

# (index, table, columns), as the models declare them.
INDEXES = [
    ("ix_placement_sender_start", "placement", ["sender_party_id", "start_on"]),
    ("ix_placement_receiver_start", "placement", ["receiver_party_id", "start_on"]),
    ("ix_placement_step_at", "placement_step", ["at"]),
    ("ix_document_created", "document", ["created_at"]),
    ("ix_document_owner_created", "document", ["owner_party_id", "created_at"]),
    ("ix_document_classification_created", "document", ["classification", "created_at"]),
    ("ix_document_version_uploaded_at", "document_version", ["uploaded_at"]),
    ("ix_notification_user_created", "notification", ["user_id", "created_at"]),
    ("ix_quota_workshop_start", "quota", ["workshop_id", "start_on"]),
    ("ix_quota_provider_start", "quota", ["provider_id", "start_on"]),
    ("ix_calendar_action_item_owner_due", "calendar_action_item", ["owner_id", "due_on"]),
    ("ix_audit_event_at", "audit_event", ["at"]),
    ("ix_audit_event_actor_party_at", "audit_event", ["actor_party_id", "at"]),
]


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
