"""The lists that grow run as many SQL statements with a few rows as with more than a page of
them, and few: no statement per row, and the filters' choices asked of the database once.

Each page is asked as the workshop's coordinator, with its filters, once with two rows of
everything and once with more rows than a page holds.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.core.models import utcnow
from portal.parties.models import Party
from portal.placements.models import PlacementStatus
from tests import factories
from tests.test_performance.counting import MOST_STATEMENTS, statements_of, summary

SMALL, LARGE = 2, 30


def _grow(
    count: int, workshop: Party, provider: Party, coordinator: User, provider_coordinator: User
) -> None:
    """``count`` of every row the lists show, between the workshop and the provider."""
    today = utcnow()
    for n in range(count):
        placement = factories.PlacementFactory(
            sender=provider,
            receiver=workshop,
            status=PlacementStatus.ONGOING,
            reference=f"LUOVI-2026-{len(workshop.name) * 1000 + n:04d}",
        )
        # The provider's document of the placement, shared with the workshop.
        document = factories.DocumentFactory(
            created_by=provider_coordinator,
            recipients=[workshop],
            title=f"HOKS-ote {n}",
            created_at=today - timedelta(minutes=n),
        )
        factories.DocumentLinkFactory(placement=placement, document=document, owner=provider)
        factories.DocumentFactory(created_by=coordinator, recipients=[provider], internal=True)
        factories.NotificationFactory(user=coordinator)
        quota = factories.QuotaFactory(workshop=workshop, provider=provider)
        factories.QuotaAllocationFactory(quota=quota)
        factories.EventFactory(
            organiser=workshop,
            created_by=coordinator,
            day=today.date() + timedelta(days=n % 3),
            invited_parties=[provider],
        )


PAGES = [
    "/documents/?list=shared",
    "/documents/?list=shared&classification=confidential&party={provider}",
    "/documents/?list=shared&belongs=LUOVI",
    "/documents/?list=shared&linked=placement",
    "/documents/?list=own&party={provider}",
    "/placements/",
    "/placements/?status=ongoing&party={provider}&q=LUOVI",
    "/notifications/",
    "/quotas/",
    "/calendar/month",
    "/calendar/?party={provider}",
]


@pytest.mark.parametrize("path", PAGES)
def test_a_list_runs_the_same_few_statements_however_long_it_grows(
    login: Callable[[User], FlaskClient],
    workshop: Party,
    provider: Party,
    coordinator: User,
    provider_coordinator: User,
    path: str,
) -> None:
    client = login(coordinator)
    address = path.format(provider=provider.id)
    _grow(SMALL, workshop, provider, coordinator, provider_coordinator)
    small = statements_of(client, address)
    _grow(LARGE - SMALL, workshop, provider, coordinator, provider_coordinator)
    large = statements_of(client, address)
    assert len(small) == len(large) <= MOST_STATEMENTS, summary(large)


def test_the_belongs_to_suggestions_ask_a_few_statements(
    login: Callable[[User], FlaskClient],
    workshop: Party,
    provider: Party,
    coordinator: User,
    provider_coordinator: User,
) -> None:
    client = login(coordinator)
    address = "/documents/belongs-to?list=shared&belongs=LUOVI"
    _grow(SMALL, workshop, provider, coordinator, provider_coordinator)
    small = statements_of(client, address, **{"HX-Request": "true"})
    _grow(LARGE - SMALL, workshop, provider, coordinator, provider_coordinator)
    large = statements_of(client, address, **{"HX-Request": "true"})
    html = client.get(address, headers={"HX-Request": "true"}).get_data(as_text=True)
    # At most twenty suggestions, however many placements match; once twenty are found the
    # other kinds are cut off.
    assert html.count("<li>") == 20
    assert len(small) == len(large) <= MOST_STATEMENTS, summary(large)
