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
    # No object is listed before a name is typed.
    assert "linked=placement" not in everything and "Kymsoten palaveri" not in everything

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


def _suggested(html: str) -> list[str]:
    return re.findall(r'<li><a href="[^"]*linked=([a-z]+(?::\d+)?)[^"]*">', html)


def _suggest(client: object, text: str, listing: str = "shared") -> str:
    response = client.get(  # type: ignore[attr-defined]
        "/documents/belongs-to",
        query_string={"list": listing, "classification": "", "belongs": text},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html: str = response.get_data(as_text=True)
    assert "<html" not in html
    return html


def test_a_typed_name_suggests_the_objects_the_user_sees(
    login: Login, world: World, attach: Attach
) -> None:
    _setup(world, attach)
    client = login(world.parik_coordinator)
    html = _suggest(client, "luovi-2026")
    # Only the placement that has a document Parik sees; the other is Luovi's with another
    # workshop, and no kind's name contains the text.
    assert _suggested(html) == [f"placement:{world.placement.id}"]
    assert "LUOVI-2026-031" in html and "LUOVI-2026-099" not in html
    assert "1 ehdotus" in html
    # Each suggestion keeps the other filters and leaves the typed text out.
    assert "list=shared" in html and "belongs=" not in html
    # An event's title and a unit's name find them too.
    assert _suggested(_suggest(client, "yhteistyö")) == [f"event:{world.meeting.id}"]
    assert _suggested(_suggest(client, "metalli")) == [f"report:{world.report.id}"]
    # Kymsote's meeting, which Parik does not see, is not suggested by its name.
    hidden = _suggest(client, "Kymsoten palaveri")
    assert _suggested(hidden) == [] and "0 ehdotusta" in hidden
    # A kind's own name offers all of that kind; nothing typed offers every kind.
    assert _suggested(_suggest(client, "")) == ["placement", "event", "report", "withdrawal"]
    # A kind's own name offers all of that kind.
    assert _suggested(_suggest(client, "siirtymä")) == ["placement"]
    # % and _ are matched as typed, not as patterns.
    assert _suggested(_suggest(client, "%")) == []


def test_without_a_script_the_typed_name_filters_and_suggests(
    login: Login, world: World, attach: Attach
) -> None:
    _setup(world, attach)
    client = login(world.parik_coordinator)
    html = client.get("/documents/?list=shared&belongs=LUOVI-2026-031").get_data(as_text=True)
    assert _titles(html) == ["HOKS-ote"] and _count(html) == "1 asiakirja"
    # The field keeps the text, and the page offers the object to choose.
    assert 'name="belongs" value="LUOVI-2026-031"' in html
    assert _suggested(html) == [f"placement:{world.placement.id}"]
    # The name of an object Parik does not see finds none of its documents.
    hidden = client.get("/documents/?list=shared&belongs=Kymsoten palaveri")
    assert _titles(hidden.get_data(as_text=True)) == []
    # The suggestions' own address, opened without a script, shows the filtered list.
    response = client.get("/documents/belongs-to?list=shared&belongs=LUOVI")
    assert response.status_code == 303
    assert "/documents/?list=shared&belongs=LUOVI" in response.headers["Location"]


def test_the_chosen_object_is_named_and_can_be_removed(
    login: Login, world: World, attach: Attach
) -> None:
    _setup(world, attach)
    client = login(world.parik_coordinator)
    html = client.get(f"/documents/?list=shared&linked=placement:{world.placement.id}").get_data(
        as_text=True
    )
    assert "Valittu: Pajajakso: LUOVI-2026-031" in html
    assert f'name="linked" value="placement:{world.placement.id}"' in html
    assert 'href="/documents/?list=shared">Poista valinta</a>' in html
    # An id of an object Parik does not see is not named.
    hidden = client.get(f"/documents/?list=shared&linked=event:{world.other_event.id}")
    assert "Kymsoten palaveri" not in hidden.get_data(as_text=True)
    # A name typed anew replaces the choice.
    typed = client.get(
        f"/documents/?list=shared&linked=placement:{world.placement.id}&belongs=Kymsote"
    ).get_data(as_text=True)
    assert "Valittu:" not in typed and _titles(typed) == []
