"""Fixtures for documents: each test's own storage, and documents shared through the service.

The people are the common ones (``people``): Parik's coordinator owns the documents, Luovi
receives them, Kymsote is a party but no recipient, Työpajayhdistys supports but is no party.
Files to upload are in ``tests/files.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from portal.auth.models import User
from portal.documents import service
from portal.documents.models import Classification, Document
from portal.parties.models import Party
from tests.files import make_pdf, own_storage, store  # noqa: F401  (own_storage: autouse)
from tests.people import People

MakeDocument = Callable[..., Document]


@pytest.fixture
def make_document(app: Flask, db: Any, people: People) -> MakeDocument:
    """Share a document through the service, as an upload would."""

    def _make(
        *,
        owner: User | None = None,
        classification: Classification = Classification.CONFIDENTIAL,
        recipients: list[Party] | None = None,
        staff_may_see: bool = False,
        title: str = "Yhteistyöraportti",
        content: bytes | None = None,
        filename: str = "raportti.pdf",
        legal_basis: str = "",
    ) -> Document:
        owner = owner or people.workshop_coordinator
        if recipients is None:
            recipients = [people.provider] if classification.is_restricted else []
        content = make_pdf() if content is None else content
        with app.test_request_context():
            upload = store(content, filename)
            details = service.DocumentDetails(
                title=title,
                classification=classification,
                recipient_ids=[p.id for p in recipients],
                staff_may_see=staff_may_see,
                legal_basis=legal_basis
                or ("JulkL 24 § 1 mom 25 k" if classification == Classification.SECRET else ""),
            )
            document = service.create_document(owner, details, upload)
            db.session.commit()
        return document

    return _make
