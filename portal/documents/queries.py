"""The document lists: shared with my party, and my party's documents."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.auth.models import User
from portal.core.authz import visible
from portal.documents.extension_points import links
from portal.documents.models import Classification, Document, document_recipient


class Listing(enum.StrEnum):
    SHARED = "shared"
    OWN = "own"


@dataclass
class ListFilters:
    listing: Listing = Listing.SHARED
    classification: Classification | None = None
    party_id: int | None = None
    query: str = ""
    # What the documents belong to: any object of a kind, or one object the user sees.
    # (A reference of the package that links documents: extension_points.links.)
    linked: Any = None
    # Or, typed: the name of what they belong to (the filter without a script).
    belongs: str = ""


def document_list(user: User, filters: ListFilters) -> sa.Select[Any]:
    """Documents the user may see, filtered; the pager orders them newest first by
    ``created_at`` (and ``id``), the order the indexes serve."""
    stmt = visible(Document, user).options(
        selectinload(Document.owner),
        selectinload(Document.recipients),
        selectinload(Document.versions),
    )
    if filters.listing == Listing.OWN:
        stmt = stmt.where(Document.owner_party_id == user.party_id)
        if filters.party_id is not None:
            stmt = stmt.where(
                sa.select(document_recipient.c.document_id)
                .where(
                    document_recipient.c.document_id == Document.id,
                    document_recipient.c.party_id == filters.party_id,
                )
                .exists()
            )
    else:
        if user.party_id is not None:
            stmt = stmt.where(Document.owner_party_id != user.party_id)
        if filters.party_id is not None:
            stmt = stmt.where(Document.owner_party_id == filters.party_id)
    if filters.classification is not None:
        stmt = stmt.where(Document.classification == filters.classification)
    if filters.linked is not None:
        stmt = stmt.where(links().filter_condition(user, filters.linked))
    elif filters.belongs:
        stmt = stmt.where(links().text_condition(user, filters.belongs))
    if filters.query:
        stmt = stmt.where(
            sa.func.lower(Document.title).like(f"%{_escape(filters.query.lower())}%", escape="\\")
        )
    return stmt


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
