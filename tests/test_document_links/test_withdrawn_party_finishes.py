"""A withdrawn party starts nothing new but finishes its placements (DESIGN §2.1): its people
still share the documents of a placement under way (or ended) — with the placement's other
party only — and nothing else."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from portal.placements.models import PlacementStatus
from tests.test_document_links.conftest import Login, Share, World, documents, links

S = PlacementStatus


@pytest.fixture
def withdrawn(world: World, db: Any) -> World:
    """Parik withdrew yesterday; Luovi's student is still on the period Parik agreed to."""
    world.parik.withdrawn_on = date.today() - timedelta(days=1)
    db.session.commit()
    return world


@pytest.mark.parametrize("person", ["parik_coordinator", "parik_staff"])
def test_the_withdrawn_party_shares_a_document_of_a_placement_it_finishes(
    login: Login, withdrawn: World, share: Share, db: Any, person: str
) -> None:
    world = withdrawn
    client = login(world.person(person))
    placement_url = f"/placements/{world.placement.id}"
    assert "/documents/new?" in client.get(placement_url).get_data(as_text=True)
    form = client.get(f"/documents/new?link=placement:{world.placement.id}")
    assert form.status_code == 200

    response = share(
        client,
        belongs_to=f"placement:{world.placement.id}",
        title="Pajajakson loppuarvio",
        recipients=[world.luovi.id],
    )
    assert response.status_code == 303
    [document] = documents(db)
    assert document.owner_party_id == world.parik.id
    assert [p.id for p in document.recipients] == [world.luovi.id]
    [link] = links(db)
    assert link.placement_id == world.placement.id
    # The provider reads it on the placement's page.
    page = login(world.luovi_coordinator).get(placement_url).get_data(as_text=True)
    assert "Pajajakson loppuarvio" in page


def test_only_with_the_placements_other_party(
    login: Login, withdrawn: World, share: Share, db: Any
) -> None:
    world = withdrawn
    response = share(
        login(world.parik_coordinator),
        belongs_to=f"placement:{world.placement.id}",
        recipients=[world.luovi.id, world.kymsote.id],
    )
    assert response.status_code == 422
    assert "jaetaan vain siirtymän toiselle osapuolelle" in response.get_data(as_text=True)
    assert documents(db) == [] and links(db) == []


def test_nothing_new_and_nothing_else(
    login: Login, withdrawn: World, share: Share, db: Any
) -> None:
    world = withdrawn
    client = login(world.parik_coordinator)
    # A document of its own, or one for its meeting, is something new.
    response = share(client, recipients=[world.luovi.id], title="Yleinen tiedote")
    assert response.status_code == 422
    assert "Organisaatiosi on eronnut sopimuksesta" in response.get_data(as_text=True)
    assert client.get(f"/documents/new?link=event:{world.meeting.id}").status_code == 403
    assert documents(db) == []

    # A request, or a period agreed but not started, is not one it finishes: it never starts.
    for status in (S.SUBMITTED, S.ACCEPTED, S.AGREED):
        world.placement.status = status
        db.session.commit()
        assert client.get(f"/documents/new?link=placement:{world.placement.id}").status_code == 403
        assert client.get("/documents/new").status_code == 403


@pytest.mark.parametrize("status", [S.ONGOING, S.COMPLETED, S.INTERRUPTED])
def test_every_placement_under_way_or_ended_is_one_it_finishes(
    login: Login, withdrawn: World, db: Any, status: PlacementStatus
) -> None:
    world = withdrawn
    world.placement.status = status
    db.session.commit()
    client = login(world.parik_coordinator)
    assert client.get(f"/documents/new?link=placement:{world.placement.id}").status_code == 200
