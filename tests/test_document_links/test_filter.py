"""The documents list filtered by what the documents belong to, among the objects the user
sees; the choices, the rows and the counts never name a hidden object or document."""

from __future__ import annotations

import re

from portal.document_links.models import EventRole
from portal.documents.models import Classification
from tests.test_document_links.conftest import Attach, Login, World


def _titles(html: str) -> list[str]:
    return re.findall(r'<td><a href="/documents/\d+">([^<]+)</a></td>', html)


def _count(html: str) -> str:
    match = re.search(r'id="results-count">([^<]+)<', html)
    assert match
    return match.group(1)


def _setup(world: World, attach: Attach) -> None:
    attach(world.luovi_coordinator, world.placement, title="HOKS-ote", recipients=[world.parik])
    attach(
        world.parik_coordinator,
        world.meeting,
        title="Esityslista",
        classification=Classification.INTERNAL,
        role=EventRole.AGENDA,
    )
    attach(
        world.parik_coordinator,
        world.report,
        title="Raportti, allekirjoitettu",
        classification=Classification.INTERNAL,
    )
    # Kymsote's own meeting, which Parik does not see: its internal agenda Parik reads as a
    # party, but it is never listed as the document of that meeting.
    attach(
        world.kymsote_coordinator,
        world.other_event,
        title="Kymsoten esityslista",
        classification=Classification.INTERNAL,
        role=EventRole.AGENDA,
    )


def test_filter_by_kind_and_by_object(login: Login, world: World, attach: Attach) -> None:
    _setup(world, attach)
    client = login(world.parik_coordinator)
    everything = client.get("/documents/?list=shared").get_data(as_text=True)
    assert sorted(_titles(everything)) == ["HOKS-ote", "Kymsoten esityslista"]
    # The choices: the objects Parik sees that have a document Parik sees.
    assert f'value="placement:{world.placement.id}"' in everything
    assert f'value="event:{world.meeting.id}"' in everything
    assert f'value="report:{world.report.id}"' in everything
    assert f'value="event:{world.other_event.id}"' not in everything
    assert "Kymsoten palaveri" not in everything

    placement = client.get(f"/documents/?list=shared&linked=placement:{world.placement.id}")
    assert _titles(placement.get_data(as_text=True)) == ["HOKS-ote"]
    own = client.get("/documents/?list=own&linked=event").get_data(as_text=True)
    assert _titles(own) == ["Esityslista"]
    assert _titles(client.get("/documents/?list=own&linked=report").get_data(as_text=True)) == [
        "Raportti, allekirjoitettu"
    ]
    # The hidden meeting's documents are not found through its id, and it is not counted.
    hidden = client.get(f"/documents/?list=shared&linked=event:{world.other_event.id}")
    html = hidden.get_data(as_text=True)
    assert _titles(html) == [] and _count(html) == "0 asiakirjaa"
    assert _titles(client.get("/documents/?list=shared&linked=event").get_data(as_text=True)) == []


def test_the_filter_is_an_htmx_fragment(login: Login, world: World, attach: Attach) -> None:
    _setup(world, attach)
    response = login(world.luovi_coordinator).get(
        f"/documents/?list=own&linked=placement:{world.placement.id}",
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<html" not in html and _titles(html) == ["HOKS-ote"] and _count(html) == "1 asiakirja"


def test_a_garbled_filter_is_ignored(login: Login, world: World, attach: Attach) -> None:
    _setup(world, attach)
    client = login(world.parik_coordinator)
    for value in ("placement:x", "nothing:1", "placement:-1", "event:1:2"):
        response = client.get(f"/documents/?list=shared&linked={value}")
        assert response.status_code == 200
        assert sorted(_titles(response.get_data(as_text=True))) == [
            "HOKS-ote",
            "Kymsoten esityslista",
        ]
