"""Rules of confirming and disputing, at the service: who may, what is refused, and two
coordinators acting on the same basis at the same moment."""

from __future__ import annotations

from typing import Any

import pytest

from portal.core.errors import DomainError, NotPermitted
from portal.invoicing import service
from portal.invoicing.basis import count
from portal.invoicing.models import BasisState, InvoiceBasis
from portal.placements.models import Placement
from tests.people import People
from tests.test_invoicing.conftest import DECEMBER


def test_only_the_providers_coordinator_confirms_and_only_a_final_basis(
    people: People, period: Placement, db: Any, request_context: None
) -> None:
    basis = count(people.workshop, people.provider, DECEMBER)
    with pytest.raises(NotPermitted):
        service.confirm(people.workshop_coordinator, basis)
    with pytest.raises(DomainError, match="provisional"):
        service.confirm(people.provider_coordinator, basis)


def test_a_comment_is_required_and_kept_within_its_length(
    people: People, closed: Placement, db: Any, request_context: None
) -> None:
    basis = count(people.workshop, people.provider, DECEMBER)
    with pytest.raises(DomainError) as refused:
        service.dispute(people.provider_coordinator, basis, closed.id, "x" * 1001)
    assert refused.value.field == "comment"
    with pytest.raises(DomainError) as refused:
        service.dispute(people.provider_coordinator, basis, 999999, "Väärä rivi")
    assert refused.value.field == "line"
    with pytest.raises(DomainError, match="no dispute"):
        service.answer(people.workshop_coordinator, basis, "Ei kiistaa")


def test_two_acting_at_once_are_told_to_reload(
    people: People, closed: Placement, db: Any, request_context: None, monkeypatch: Any
) -> None:
    basis = count(people.workshop, people.provider, DECEMBER)
    db.session.add(
        InvoiceBasis(
            workshop_id=people.workshop.id,
            provider_id=people.provider.id,
            month=DECEMBER,
            state=BasisState.OPEN,
        )
    )
    db.session.commit()
    # The other's row was not there yet when this request looked for it.
    monkeypatch.setattr(service, "find", lambda *args: None)
    with pytest.raises(DomainError, match="same moment"):
        service.confirm(people.provider_coordinator, basis)
