"""The database itself keeps a document to at most one object, and an event's document to a
role, whatever the code above it does."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.exc import IntegrityError

from portal.document_links.models import DocumentLink, EventRole
from portal.documents.models import Classification, Document
from tests.test_document_links.conftest import Attach, World


@pytest.fixture
def document(world: World, attach: Attach) -> Document:
    return attach(
        world.parik_coordinator,
        world.report,
        title="Raportti",
        classification=Classification.INTERNAL,
    )


def _refused(db: Any, link: DocumentLink) -> None:
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.add(link)
        db.session.flush()


def test_a_document_belongs_to_one_object_at_most(
    db: Any, world: World, document: Document
) -> None:
    # A second link for the same document: the document is the link's key.
    _refused(db, DocumentLink(document_id=document.id, placement_id=world.placement.id))


def test_a_link_names_exactly_one_object(db: Any, world: World, attach: Attach) -> None:
    other = attach(
        world.parik_coordinator,
        world.meeting,
        title="Esityslista",
        classification=Classification.INTERNAL,
        role=EventRole.AGENDA,
    )
    db.session.delete(db.session.get(DocumentLink, other.id))
    db.session.commit()
    _refused(db, DocumentLink(document_id=other.id))
    _refused(
        db,
        DocumentLink(
            document_id=other.id,
            placement_id=world.placement.id,
            environment_id=world.report.id,
        ),
    )


def test_an_event_document_has_a_role_and_only_it_does(
    db: Any, world: World, attach: Attach
) -> None:
    other = attach(
        world.parik_coordinator,
        world.meeting,
        title="Esityslista",
        classification=Classification.INTERNAL,
        role=EventRole.AGENDA,
    )
    db.session.delete(db.session.get(DocumentLink, other.id))
    db.session.commit()
    _refused(db, DocumentLink(document_id=other.id, event_id=world.meeting.id))
    _refused(
        db,
        DocumentLink(
            document_id=other.id, placement_id=world.placement.id, event_role=EventRole.MINUTES
        ),
    )
