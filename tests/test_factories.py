"""The factories: one for every mapped model, each making a row the database accepts, and
the traits leaving objects in the states their features would have left them."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from portal.documents.models import Classification
from portal.extensions import Model
from portal.placements.models import PlacementStatus
from portal.quotas import occupancy
from tests import factories
from tests.factories.base import BaseFactory

FACTORIES = sorted(
    (
        f
        for f in vars(factories).values()
        if inspect.isclass(f) and issubclass(f, BaseFactory) and not f._meta.abstract
    ),
    key=lambda f: f.__name__,
)
S = PlacementStatus


def test_every_mapped_model_has_a_factory(app: Any) -> None:
    # The application loads every feature's models: run alone, this test sees them all too.
    mapped = {mapper.class_ for mapper in Model.registry.mappers}
    made = {f._meta.model for f in FACTORIES}
    assert sorted(c.__name__ for c in mapped - made) == []


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f.__name__)
def test_each_factory_makes_a_row_the_database_accepts(db: Any, factory: Any) -> None:
    made = factory()
    db.session.expire_all()
    identity = sa.inspect(made).identity
    assert identity is not None
    assert db.session.get(factory._meta.model, identity) is not None


@pytest.mark.parametrize("status", [s for s in PlacementStatus], ids=lambda s: s.value)
def test_a_placement_trait_leaves_the_placement_as_the_workflow_would(
    db: Any, login: Any, status: PlacementStatus
) -> None:
    placement = factories.PlacementFactory(**{status.value: True})
    assert placement.status == status
    assert (placement.submitted_at is None) == (status == S.DRAFT)
    agreed = status in (S.AGREED, S.ONGOING, S.COMPLETED, S.INTERRUPTED)
    assert (placement.agreement_in_force is not None) == agreed
    assert (placement.pending_agreement is not None) == (status == S.ACCEPTED)
    # The receiving coordinator sees it in that state; a draft is the sender's alone.
    receiver = factories.coordinator_of(placement.receiver, locale="en")
    sender = factories.coordinator_of(placement.sender, locale="en")
    client: FlaskClient = login(sender if status == S.DRAFT else receiver)
    response = client.get(f"/placements/{placement.id}")
    assert response.status_code == 200
    assert placement.reference in response.get_data(as_text=True)


def test_a_move_to_studies_is_sent_by_the_workshop(db: Any) -> None:
    placement = factories.PlacementFactory(to_studies=True, submitted=True)
    assert placement.workshop.kind.value == "workshop" and placement.sender == placement.workshop
    assert placement.end_on is None and placement.support_level is None


@pytest.mark.parametrize("mark", list(Classification), ids=lambda c: c.value)
def test_a_document_trait_gives_its_mark(db: Any, login: Any, mark: Classification) -> None:
    document = factories.DocumentFactory(**{mark.value: True})
    assert document.classification == mark
    assert document.current_version is not None and document.current_version.number == 1
    owner = login(document.created_by)
    assert owner.get(f"/documents/{document.id}").status_code == 200


def test_a_full_quota_has_no_free_places_and_a_released_one_none_left(db: Any) -> None:
    full = factories.QuotaFactory(full=True)
    db.session.expire(full, ["allocations"])
    assert len(full.allocations) == full.places == 2
    figures = occupancy.occupancy(full)
    assert figures.in_use == 2 and figures.free == 0 and occupancy.unfilled(full) == 0
    assert occupancy.unfilled(factories.QuotaFactory(reply_passed=True)) == 2
    released = factories.QuotaFactory(released=True)
    assert released.places == 0 and released.released_on is not None


@pytest.mark.parametrize(
    "trait", ["meeting", "staff_exchange", "training", "visit", "agreement_review", "other"]
)
def test_an_event_trait_gives_its_kind(db: Any, trait: str) -> None:
    event = factories.EventFactory(**{trait: True})
    assert event.kind.value == trait
    assert (event.exchange is not None) == (trait == "staff_exchange")
