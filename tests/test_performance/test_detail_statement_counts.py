"""The page of one object runs as many SQL statements when the object has gathered many steps,
comments, versions, documents, invitations and views as when it is new, and at most 15.

One object of each kind is made between Parik (the workshop) and Luovi (the provider); each
page is read once with one of everything on it, then again after :func:`_gather` has added
more to the same objects and :func:`grow` more objects elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from flask.testing import FlaskClient

from portal.annual_calendar.models import Event
from portal.auth.models import User
from portal.documents.models import Document
from portal.placements.models import Placement, PlacementStatus, StepKind
from portal.quotas.models import Quota
from tests import factories
from tests.people import People
from tests.test_performance.conftest import grow
from tests.test_performance.counting import MOST_STATEMENTS, statements_of, summary


@dataclass
class Objects:
    placement: Placement
    document: Document
    event: Event
    quota: Quota


def _objects(people: People) -> Objects:
    """An ongoing placement with a signed agreement, a document of it shared with the
    provider, a meeting Parik organises with Luovi invited, and a quota of Parik's for Luovi."""
    placement = factories.PlacementFactory(
        status=PlacementStatus.ONGOING, sender=people.provider, receiver=people.workshop
    )
    document = factories.DocumentFactory(
        created_by=people.workshop_coordinator, recipients=[people.provider]
    )
    factories.DocumentLinkFactory(placement=placement, document=document, owner=people.workshop)
    event = factories.EventFactory(
        organiser=people.workshop,
        created_by=people.workshop_coordinator,
        invited_parties=[people.provider],
    )
    # The workshop's job coach is on the placement's team, and so reads it.
    factories.TeamMemberFactory(placement=placement, person=people.workshop_staff)
    quota = factories.QuotaFactory(workshop=people.workshop, provider=people.provider)
    # The placement fills a place of the quota, at the quota's unit, with a unit of the
    # catalogue chosen from the unit's learning-environment report.
    placement.workshop_unit = quota.unit
    factories.QuotaAllocationFactory(quota=quota, placement=placement, reference="")
    report = factories.LearningEnvironmentFactory(unit=quota.unit)
    # A competence certificate issued, and a hand-over to the social services waiting for
    # its receiver: each adds a panel to the placement's page.
    _certificate(people, placement)
    factories.HandoverFactory(placement=placement)
    factories.PlacementQualificationUnitFactory(
        placement=placement, catalogue_unit=factories.QualificationUnitFactory(environment=report)
    )
    return Objects(placement, document, event, quota)


def _certificate(people: People, placement: Placement) -> None:
    factories.CertificateFactory(
        link=factories.DocumentLinkFactory(
            placement=placement,
            document=factories.DocumentFactory(
                created_by=people.workshop_coordinator,
                recipients=[people.provider],
                staff_may_see=True,
            ),
            owner=people.workshop,
        )
    )


def _gather(people: People, objects: Objects, count: int) -> None:
    """``count`` more of everything the objects' pages show, on the same objects."""
    maria, paivi = people.workshop_coordinator, people.provider_coordinator
    placement = objects.placement
    for _n in range(count):
        factories.PlacementStepFactory(placement=placement, kind=StepKind.EDITED, actor=maria)
        factories.PlacementCommentFactory(placement=placement, author=paivi)
        factories.TeamMemberFactory(
            placement=placement, person=factories.UserFactory(party=people.provider)
        )
        factories.PlacementQualificationUnitFactory(
            placement=placement,
            catalogue_unit=factories.QualificationUnitFactory(
                environment=factories.LearningEnvironmentFactory(
                    unit=factories.UnitFactory(party=people.workshop)
                )
            ),
        )
        factories.DemonstrationFactory(placement=placement)
        _certificate(people, placement)
        amendment = factories.PlacementAgreementFactory(placement=placement)
        factories.PlacementSignatureFactory(agreement=amendment)
        document = factories.DocumentFactory(created_by=maria, recipients=[people.provider])
        factories.DocumentLinkFactory(placement=placement, document=document, owner=people.workshop)
        factories.DocumentLinkFactory(
            event=objects.event,
            document=factories.DocumentFactory(created_by=maria, recipients=[people.provider]),
            owner=people.workshop,
            event_document=True,
        )
        factories.DocumentVersionFactory(document=objects.document)
        factories.AccessLogEntryFactory(document=objects.document, user=paivi)
        factories.DisclosureRequestFactory(document=objects.document, requested_by=paivi)
        factories.InvitationFactory(event=objects.event, user=factories.UserFactory())
        factories.ActionItemFactory(event=objects.event, owner=maria)
        factories.QuotaAllocationFactory(quota=objects.quota)
        factories.NotificationFactory(user=maria)


PAGES = [
    ("workshop_coordinator", "/placements/{placement}"),
    ("provider_coordinator", "/placements/{placement}"),
    ("workshop_staff", "/placements/{placement}"),
    ("workshop_coordinator", "/placements/{placement}/agreement"),
    ("provider_coordinator", "/placements/{placement}/agreement/1"),
    ("workshop_coordinator", "/quotas/{quota}"),
    ("provider_coordinator", "/quotas/{quota}"),
    ("workshop_coordinator", "/documents/{document}"),
    ("provider_coordinator", "/documents/{document}"),
    ("workshop_coordinator", "/documents/{document}/access-log"),
    # The upload form lists none of the placements and events a document may belong to.
    ("workshop_coordinator", "/documents/new"),
    ("workshop_coordinator", "/documents/new?link=placement:{placement}"),
    ("workshop_coordinator", "/calendar/events/{event}"),
    ("provider_coordinator", "/calendar/events/{event}"),
    ("workshop_coordinator", "/calendar/"),
    ("workshop_coordinator", "/calendar/month"),
    ("workshop_coordinator", "/parties/{workshop}"),
    ("provider_coordinator", "/parties/{workshop}"),
    ("workshop_coordinator", "/notifications/"),
    ("workshop_coordinator", "/auth/account"),
]


@pytest.mark.parametrize(("person", "page"), PAGES)
def test_a_detail_page_runs_as_many_statements_on_a_busier_object(
    people: People,
    login: Callable[[User], FlaskClient],
    person: str,
    page: str,
) -> None:
    objects = _objects(people)
    url = page.format(
        placement=objects.placement.id,
        document=objects.document.id,
        event=objects.event.id,
        quota=objects.quota.id,
        workshop=people.workshop.id,
    )
    _gather(people, objects, 1)
    grow(people, 1)
    client = login(people[person])
    small = statements_of(client, url)
    _gather(people, objects, 6)
    grow(people, 6)
    larger = statements_of(client, url)
    assert len(larger) == len(small), f"{url}\n{summary(small)}\n---\n{summary(larger)}"
    assert len(larger) <= MOST_STATEMENTS, f"{url}\n{summary(larger)}"
