"""The one object a document belongs to: a placement, an event, a report or a withdrawal."""

from __future__ import annotations

import factory

from portal.auth.models import Role
from portal.document_links.models import DocumentLink, EventRole
from tests.factories.annual_calendar import EventFactory
from tests.factories.auth import UserFactory
from tests.factories.base import BaseFactory
from tests.factories.catalogue import LearningEnvironmentFactory
from tests.factories.documents import DocumentFactory
from tests.factories.parties import PartyFactory
from tests.factories.placements import PlacementFactory, S


class DocumentLinkFactory(BaseFactory):
    """A document of an ongoing placement, owned by its receiving workshop and shared with the
    sending provider. Traits for the other objects: ``agenda``, ``minutes`` and
    ``event_document`` of a meeting, ``report`` of a learning environment, ``withdrawal`` (a
    party's written notice)."""

    class Meta:
        model = DocumentLink

    class Params:
        agenda = factory.Trait(
            placement=None,
            event=factory.SubFactory(EventFactory, organiser=factory.SelfAttribute("..owner")),
            event_role=EventRole.AGENDA,
        )
        minutes = factory.Trait(
            placement=None,
            event=factory.SubFactory(
                EventFactory, past=True, organiser=factory.SelfAttribute("..owner")
            ),
            event_role=EventRole.MINUTES,
        )
        event_document = factory.Trait(
            placement=None,
            event=factory.SubFactory(EventFactory, organiser=factory.SelfAttribute("..owner")),
            event_role=EventRole.OTHER,
        )
        report = factory.Trait(
            placement=None,
            environment=factory.SubFactory(
                LearningEnvironmentFactory, unit__party=factory.SelfAttribute("...owner")
            ),
        )
        withdrawal = factory.Trait(
            placement=None,
            withdrawal_party=factory.SelfAttribute("owner"),
            owner=factory.SubFactory(PartyFactory, withdrawn=True),
        )
        owner = factory.SubFactory(PartyFactory)

    placement = factory.SubFactory(
        PlacementFactory, status=S.ONGOING, receiver=factory.SelfAttribute("..owner")
    )
    document = factory.SubFactory(
        DocumentFactory,
        created_by=factory.SubFactory(
            UserFactory, role=Role.COORDINATOR, party=factory.SelfAttribute("...owner")
        ),
        recipients=factory.LazyAttribute(
            lambda o: [o.factory_parent.placement.sender] if o.factory_parent.placement else []
        ),
    )
    created_by_id = factory.SelfAttribute("document.created_by_id")
