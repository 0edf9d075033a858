"""The placement's documents offered as the scan of a paper consent (placements'
``consent_documents`` slot): those the user sees, as its documents panel shows them."""

from __future__ import annotations

from portal.auth.models import User
from portal.document_links.queries import documents_of
from portal.placements.models import Placement


def documents(user: User, placement: Placement) -> list[tuple[int, str]]:
    return [(document.id, document.title) for document in documents_of(user, placement)]
