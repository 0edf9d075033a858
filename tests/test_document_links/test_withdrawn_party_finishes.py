"""A withdrawn party starts nothing new but finishes its placements (DESIGN §2.1): its people
still share the documents of a placement under way (or ended) — with the placement's other
party only — and nothing else."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from portal.core import dates
from portal.core.i18n import HELSINKI
from portal.documents.models import Classification, Document
from portal.placements.models import PlacementStatus
from tests.test_document_links.conftest import Attach, Login, Share, World, documents, links

S = PlacementStatus


@pytest.fixture
def withdrawn(world: World, db: Any) -> World:
    """Parik withdrew yesterday; Luovi's student is still on the period Parik agreed to."""
    world.parik.withdrawn_on = dates.today() - timedelta(days=1)
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


def _shared(db: Any, title: str) -> Document:
    return db.session.scalars(sa.select(Document).where(Document.title == title)).one()


def _reads(client: FlaskClient, document: Document) -> bool:
    version = document.versions[0]
    page = client.get(f"/documents/{document.id}").status_code
    download = client.get(f"/documents/{document.id}/versions/{version.id}/download").status_code
    assert page == download, "the page and the file are seen alike"
    assert page in (200, 404)
    return page == 200


def test_it_reads_what_others_shared_before_its_withdrawal_and_nothing_new(
    login: Login, world: World, share: Share, attach: Attach, db: Any
) -> None:
    """Parik's written notice took effect yesterday; the withdrawal is recorded today."""
    luovi = login(world.luovi_coordinator)
    internal = Classification.INTERNAL
    assert share(luovi, title="Vuosisuunnitelma", classification=internal).status_code == 303
    assert share(luovi, title="Uusi tiedote", classification=internal).status_code == 303
    of_placement = attach(
        world.luovi_coordinator, world.placement, title="Jakson väliarvio", recipients=[world.parik]
    )
    before, after = _shared(db, "Vuosisuunnitelma"), _shared(db, "Uusi tiedote")
    withdrawal_day = dates.today() - timedelta(days=1)
    # Shared just before the withdrawal took effect (its day begins in Helsinki).
    before.created_at = datetime.combine(withdrawal_day, time(), HELSINKI) - timedelta(minutes=1)
    world.parik.withdrawn_on = withdrawal_day
    db.session.commit()

    for person in (world.parik_coordinator, world.parik_staff):
        client = login(person)
        listing = client.get("/documents/").get_data(as_text=True)
        assert "Vuosisuunnitelma" in listing
        assert "Uusi tiedote" not in listing
        assert _reads(client, before) and not _reads(client, after)
    # What belongs to the placement it is finishing: on the placement's page and the document's.
    parik = login(world.parik_coordinator)
    assert _reads(parik, of_placement)
    page = parik.get(f"/placements/{world.placement.id}").get_data(as_text=True)
    assert "Jakson väliarvio" in page
    # The parties still in the agreement read what is new.
    assert _reads(login(world.kymsote_coordinator), after)
