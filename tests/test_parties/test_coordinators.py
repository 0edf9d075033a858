"""Whom a party's notices go to: its active coordinators, in one query for every feature."""

from __future__ import annotations

from typing import Any

from portal.auth.models import Role
from portal.parties.service import coordinators_of
from tests import factories


def test_only_active_coordinators_of_the_parties_by_name(workshop: Any, provider: Any) -> None:
    other = factories.PartyFactory()
    wanted = [
        factories.UserFactory(party=provider, role=Role.COORDINATOR, name="Örn Aalto"),
        factories.UserFactory(party=workshop, role=Role.COORDINATOR, name="Aino Virta"),
    ]
    factories.UserFactory(party=workshop, role=Role.STAFF)
    factories.UserFactory(party=workshop, role=Role.COORDINATOR, active=False)
    factories.UserFactory(party=other, role=Role.COORDINATOR)

    assert coordinators_of([workshop, provider]) == sorted(wanted, key=lambda u: u.name)
    # The parties' ids do as well, as lists of rows often carry only those.
    assert coordinators_of({workshop.id, provider.id}) == sorted(wanted, key=lambda u: u.name)
    assert coordinators_of([]) == []


def test_a_unit_is_answered_for_by_its_own_and_the_whole_party_s_coordinators(
    workshop: Any,
) -> None:
    wood, metal = factories.UnitFactory(party=workshop), factories.UnitFactory(party=workshop)
    whole = factories.UserFactory(party=workshop, role=Role.COORDINATOR, name="A")
    of_wood = factories.UserFactory(party=workshop, role=Role.COORDINATOR, unit=wood, name="B")
    factories.UserFactory(party=workshop, role=Role.COORDINATOR, unit=metal, name="C")

    assert coordinators_of([workshop], unit_id=wood.id) == [whole, of_wood]
