"""A placement's documents follow the placement's need to know, and a paper consent names its
scan among them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from portal.core.dates import today
from portal.placements.team_models import Consent, ConsentManner
from tests.factories import UserFactory
from tests.test_document_links.conftest import Attach, Login, World


def test_staff_off_the_team_do_not_see_the_placements_documents_even_of_their_own_party(
    login: Login, world: World, attach: Attach
) -> None:
    internal = attach(
        world.parik_coordinator,
        world.placement,
        title="Väliarvio",
        recipients=[world.luovi],
        staff_may_see=True,
    )
    colleague = UserFactory(party=world.parik, name="Ville Valmentaja")
    off_team = login(colleague)
    assert off_team.get(f"/documents/{internal.id}").status_code == 404
    assert internal.title not in off_team.get("/documents/").get_data(as_text=True)
    assert login(world.parik_staff).get(f"/documents/{internal.id}").status_code == 200


def test_a_paper_consent_names_its_scan_among_the_placements_documents(
    login: Login, world: World, attach: Attach, db: Any
) -> None:
    scan = attach(
        world.luovi_coordinator,
        world.placement,
        title="Suostumus, skannattu",
        recipients=[world.parik],
    )
    elsewhere = attach(
        world.luovi_coordinator,
        world.other_placement,
        title="Muu",
        recipients=[world.other_placement.receiver],
    )
    client = login(world.luovi_coordinator)
    url = f"/placements/{world.placement.id}/consent/new"
    form = client.get(url).get_data(as_text=True)
    assert "Suostumus, skannattu" in form and "Muu" not in form

    def post(document_id: int | str) -> Any:
        return client.post(
            url,
            data={
                "information": "Jakson tavoitteet",
                "parties": [str(world.luovi.id), str(world.parik.id)],
                "purpose": "Tuen jatkuvuus",
                "given_on": today().isoformat(),
                "valid_until": (today() + timedelta(days=90)).isoformat(),
                "manner": "paper",
                "document": str(document_id),
            },
        )

    refused = post(elsewhere.id)
    assert refused.status_code == 422 and 'id="document-error"' in refused.get_data(as_text=True)
    assert db.session.scalars(sa.select(Consent)).all() == []
    assert post(scan.id).status_code == 303
    [consent] = db.session.scalars(sa.select(Consent)).all()
    assert consent.manner == ConsentManner.PAPER and consent.document_id == scan.id
    page = client.get(f"/placements/{world.placement.id}").get_data(as_text=True)
    assert f"/documents/{scan.id}" in page
