"""Documents with each confidentiality mark, their versions, access log and disclosures.

The stored bytes are not written: a factory's version names a storage key of its own. Tests
that download a file share it through the upload form or the service instead.
"""

from __future__ import annotations

from datetime import timedelta

import factory

from portal.auth.models import Role
from portal.core.models import utcnow
from portal.documents.models import (
    AccessAction,
    AccessLogEntry,
    Classification,
    DisclosureRequest,
    DisclosureStatus,
    Document,
    DocumentVersion,
)
from tests.factories.auth import UserFactory
from tests.factories.base import BaseFactory


class DocumentFactory(BaseFactory):
    """A confidential document made by a workshop's coordinator (``created_by``) for their
    party, with one version.

    A trait per mark: ``public``, ``internal``, ``confidential``, ``secret`` (with the legal
    basis the mark needs); ``deleted``. ``recipients`` are the named recipient parties.
    """

    class Meta:
        model = Document

    class Params:
        public = factory.Trait(classification=Classification.PUBLIC)
        internal = factory.Trait(classification=Classification.INTERNAL)
        confidential = factory.Trait(classification=Classification.CONFIDENTIAL)
        secret = factory.Trait(
            classification=Classification.SECRET, legal_basis="JulkL 24 § 1 mom 25 k"
        )
        deleted = factory.Trait(
            deleted_at=factory.LazyFunction(utcnow),
            deleted_by_id=factory.SelfAttribute("created_by.id"),
        )

    created_by = factory.SubFactory(UserFactory, role=Role.COORDINATOR)
    owner = factory.SelfAttribute("created_by.party")
    title = factory.Sequence(lambda n: f"Asiakirja {n}")
    classification = Classification.CONFIDENTIAL
    created_at = factory.LazyFunction(utcnow)
    recipients = factory.LazyFunction(list)
    staff_may_see = False
    first_version = factory.RelatedFactory(
        "tests.factories.documents.DocumentVersionFactory",
        factory_related_name="document",
        uploaded_at=factory.SelfAttribute("..created_at"),
    )


class DocumentVersionFactory(BaseFactory):
    """The next version of a document; ``purged`` when its bytes were removed."""

    class Meta:
        model = DocumentVersion

    class Params:
        purged = factory.Trait(purged_at=factory.LazyFunction(utcnow), storage_key=None)

    document = factory.SubFactory(DocumentFactory, first_version=None)
    number = factory.LazyAttribute(lambda o: len(o.document.versions) + 1)
    filename = "raportti.pdf"
    content_type = "application/pdf"
    size = 1024
    sha256 = "0" * 64
    storage_key = factory.Sequence(lambda n: f"test-key-{n:08d}")
    uploaded_by = factory.SelfAttribute("document.created_by")
    uploaded_at = factory.LazyFunction(utcnow)

    @factory.post_generation
    def noted(self: DocumentVersion, create: bool, _extracted: object) -> None:
        # As the upload service does: the document knows when its newest version came.
        self.document.note_version(self)
        if create:
            DocumentVersionFactory._meta.sqlalchemy_session_factory().commit()


class AccessLogEntryFactory(BaseFactory):
    """A recipient coordinator's view of a document's current version."""

    class Meta:
        model = AccessLogEntry

    class Params:
        download = factory.Trait(action=AccessAction.DOWNLOAD)

    document = factory.SubFactory(DocumentFactory)
    version = factory.LazyAttribute(lambda o: o.document.current_version)
    user = factory.SubFactory(UserFactory, role=Role.COORDINATOR)
    party = factory.SelfAttribute("user.party")
    action = AccessAction.VIEW
    address = "192.0.2.20"


class DisclosureRequestFactory(BaseFactory):
    """A recipient's request to disclose a document to a third party; ``granted`` or
    ``refused`` in writing by the owner's coordinator."""

    class Meta:
        model = DisclosureRequest

    class Params:
        granted = factory.Trait(
            status=DisclosureStatus.GRANTED,
            decided_by=factory.SelfAttribute("document.created_by"),
            decided_at=factory.LazyFunction(utcnow),
            decision="Luovutus sallittu pyydettyyn tarkoitukseen.",
        )
        refused = factory.Trait(
            status=DisclosureStatus.REFUSED,
            decided_by=factory.SelfAttribute("document.created_by"),
            decided_at=factory.LazyFunction(utcnow),
            decision="Tieto ei ole tarpeen pyydettyyn tarkoitukseen.",
        )

    document = factory.SubFactory(DocumentFactory)
    version = factory.LazyAttribute(lambda o: o.document.current_version)
    requested_by = factory.SubFactory(UserFactory, role=Role.COORDINATOR)
    requester_party = factory.SelfAttribute("requested_by.party")
    third_party = "Kela"
    purpose = "Etuuskäsittely"
    scope = "Koko asiakirja"
    created_at = factory.LazyFunction(lambda: utcnow() - timedelta(minutes=1))
    status = DisclosureStatus.PENDING
