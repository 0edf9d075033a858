"""Which parties hold documents secret by law, for two-step verification's requirement.

The rule is a party's, not a person's, so that it is one cheap query at sign-in: a party
holds such documents when it owns one that is not deleted, or is named one's recipient.
Every person of that party must then have a second step (when the setting requires it),
staff too, since the owner may let any of them see the document at any time.
"""

from __future__ import annotations

import sqlalchemy as sa

from portal.documents.models import Classification, Document, document_recipient
from portal.extensions import db


def party_holds_secret_documents(party_id: int) -> bool:
    live_secret = sa.and_(
        Document.classification == Classification.SECRET, Document.deleted_at.is_(None)
    )
    owned = sa.select(Document.id).where(live_secret, Document.owner_party_id == party_id)
    received = (
        sa.select(Document.id)
        .join(document_recipient, document_recipient.c.document_id == Document.id)
        .where(live_secret, document_recipient.c.party_id == party_id)
    )
    return bool(db.session.scalar(sa.select(sa.exists(owned) | sa.exists(received))))
