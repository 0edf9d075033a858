"""Counting a page's SQL statements on small and on larger data.

A page that asks the database only for what it shows runs the same statements whatever the
tables hold: no query per row, and no row loaded that the page does not show. The tests here
read each main page twice — once on "small" data (one of everything the page lists), once
after :func:`grow` has added many more — and compare the counts.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from portal.auth.models import Role, User
from portal.core.dates import today
from portal.extensions import db
from portal.parties.models import Agreement
from portal.placements.models import PlacementStatus, StepKind
from tests import factories
from tests.factories.base import days_from_today
from tests.people import People
from tests.test_performance.counting import statements_of

S = PlacementStatus


def grow(people: People, rounds: int) -> None:
    """``rounds`` of everything the main pages list, between Parik (the workshop) and Luovi
    (the education provider): placements in every state with agreements and steps, documents
    shared and asked about, events with invitations and action items, quotas, notifications,
    audit events, and parties with coordinators in the directory."""
    maria, paivi = people.workshop_coordinator, people.provider_coordinator
    if not db.session.scalar(sa.select(sa.func.count(Agreement.id))):
        # The agreement the front page shows, signed by one of its founders so far.
        agreement = factories.AgreementFactory()
        factories.SignatureFactory(agreement=agreement, party=people.workshop)
    pair = {"sender": people.provider, "receiver": people.workshop}
    for _round in range(rounds):
        factories.PlacementFactory(status=S.SUBMITTED, **pair)
        factories.PlacementFactory(status=S.ACCEPTED, versions=1, signers=(), **pair)
        factories.PlacementFactory(
            status=S.ONGOING,
            versions=2,
            signers=(people.provider,),
            **pair,
            start_on=days_from_today(-60),
            end_on=days_from_today(10),
        )
        for years_ago in (0, 1, 2):
            started = today().replace(month=1, day=10) - timedelta(days=365 * years_ago)
            factories.PlacementFactory(
                status=S.COMPLETED,
                versions=1,
                **pair,
                start_on=started,
                started_on=started,
                end_on=started + timedelta(days=90),
                ended_on=started + timedelta(days=90),
            )
        factories.PlacementStepFactory(
            placement=factories.PlacementFactory(status=S.SUBMITTED, **pair),
            kind=StepKind.SUBMITTED,
            actor=paivi,
        )
        shared = factories.DocumentFactory(created_by=paivi, recipients=[people.workshop])
        factories.DisclosureRequestFactory(
            document=factories.DocumentFactory(created_by=maria, recipients=[people.provider]),
            requested_by=paivi,
        )
        assert shared.id
        event = factories.EventFactory(organiser=people.workshop, invited_parties=[people.provider])
        factories.InvitationFactory(event=event, user=maria)
        factories.ActionItemFactory(owner=maria)
        factories.QuotaFactory(workshop=people.workshop, provider=people.provider)
        factories.NotificationFactory(user=maria)
        factories.AuditEventFactory(actor=maria)
        party = factories.PartyFactory()
        factories.UserFactory(party=party, role=Role.COORDINATOR)
        factories.UserFactory(party=party, role=Role.STAFF)
    db.session.commit()


@pytest.fixture
def page_statements(
    people: People, login: Callable[[User], FlaskClient]
) -> Callable[[User, str], tuple[list[str], list[str]]]:
    """The statements of a GET of the page by the user on small data, then on larger data."""

    def _count(user: User, url: str, **_: Any) -> tuple[list[str], list[str]]:
        grow(people, 1)
        client = login(user)
        small = statements_of(client, url)
        grow(people, 12)
        larger = statements_of(client, url)
        return small, larger

    return _count
