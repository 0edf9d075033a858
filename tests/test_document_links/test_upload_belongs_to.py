"""The upload form's "belongs to" is a typed name, not a list of everything: resolved when the
form is sent, offered to choose from as it is typed, and only ever among the objects the
person may share a document for."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from portal.placements.models import PlacementStatus
from tests import factories
from tests.factories import PlacementBuilder
from tests.files import stored_objects
from tests.test_document_links.conftest import (
    Login,
    Share,
    World,
    documents,
    is_checked,
    links,
)

SUGGESTIONS = "/documents/new/belongs-to"
HTMX = {"HX-Request": "true"}


def _offered(html: str) -> set[str]:
    """The objects offered to choose from, as ``kind:id``."""
    return set(re.findall(r'name="belongs_to" value="([a-z]+:\d+)"', html))


def test_the_form_lists_nothing_until_a_name_is_typed(
    login: Login, world: World, make_placement: PlacementBuilder
) -> None:
    for n in range(5):
        make_placement(PlacementStatus.ONGOING, reference=f"LUOVI-2026-2{n:02d}", team=())
    html = login(world.parik_coordinator).get("/documents/new").get_data(as_text=True)
    assert 'id="belongs_to"' in html and 'name="belongs_to_name"' in html
    assert _offered(html) == set() and "LUOVI-2026-2" not in html


def test_a_typed_reference_is_resolved_when_the_form_is_sent(
    login: Login, world: World, share: Share, db: Any
) -> None:
    response = share(
        login(world.parik_coordinator),
        belongs_to_name=" luovi-2026-031 ",
        recipients=[world.luovi.id],
    )
    assert response.status_code == 303
    (link,) = links(db)
    assert link.placement_id == world.placement.id


def test_a_name_of_several_offers_them_and_keeps_what_was_typed(
    login: Login,
    world: World,
    share: Share,
    db: Any,
    storage_dir: Path,
    make_placement: PlacementBuilder,
) -> None:
    longer = make_placement(PlacementStatus.ONGOING, reference="LUOVI-2026-0310", team=())
    client = login(world.parik_coordinator)
    response = share(client, belongs_to_name="2026-031", recipients=[world.luovi.id])
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    error = re.search(r'<p class="error" id="belongs_to-error">([^<]*)</p>', html)
    assert error and "“2026-031” vastaa useaa" in error.group(1)
    assert 'value="2026-031"' in html
    assert _offered(html) == {f"placement:{world.placement.id}", f"placement:{longer.id}"}
    assert documents(db) == [] and stored_objects(storage_dir) == []
    # One of them chosen, the typed name no longer matters.
    response = share(
        client,
        belongs_to=f"placement:{longer.id}",
        belongs_to_name="2026-031",
        recipients=[world.luovi.id],
    )
    assert response.status_code == 303
    assert [link.placement_id for link in links(db)] == [longer.id]


def test_a_name_typed_in_full_wins_over_longer_names(
    login: Login, world: World, share: Share, db: Any, make_placement: PlacementBuilder
) -> None:
    make_placement(PlacementStatus.ONGOING, reference="LUOVI-2026-0310", team=())
    response = share(
        login(world.parik_coordinator),
        belongs_to_name="LUOVI-2026-031",
        recipients=[world.luovi.id],
    )
    assert response.status_code == 303
    assert [link.placement_id for link in links(db)] == [world.placement.id]


def test_another_partys_placement_is_neither_suggested_nor_resolved(
    login: Login, world: World, share: Share, db: Any, storage_dir: Path
) -> None:
    client = login(world.parik_coordinator)
    fragment = client.get(f"{SUGGESTIONS}?belongs_to_name=LUOVI-2026", headers=HTMX)
    assert fragment.status_code == 200
    html = fragment.get_data(as_text=True)
    assert _offered(html) == {f"placement:{world.placement.id}"}
    assert "LUOVI-2026-099" not in html
    response = share(client, belongs_to_name="LUOVI-2026-099", recipients=[world.luovi.id])
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="belongs_to-error">Nimellä “LUOVI-2026-099” ei löydy' in html
    assert _offered(html) == set()
    assert 'value="LUOVI-2026-099"' in html
    assert documents(db) == [] and links(db) == [] and stored_objects(storage_dir) == []


def test_only_the_organiser_is_offered_its_event(login: Login, world: World) -> None:
    # Luovi, invited to Parik's meeting, shares nothing as its agenda or minutes.
    typed = f"{SUGGESTIONS}?belongs_to_name=Yhteisty%C3%B6"
    parik = login(world.parik_coordinator).get(typed, headers=HTMX).get_data(as_text=True)
    assert _offered(parik) == {f"event:{world.meeting.id}"}
    luovi = login(world.luovi_coordinator).get(typed, headers=HTMX).get_data(as_text=True)
    assert _offered(luovi) == set()
    assert "0 ehdotusta" in luovi


def test_a_cancelled_event_is_not_offered(login: Login, world: World) -> None:
    cancelled = factories.EventFactory(
        organiser=world.parik, title="Peruttu palaveri", cancelled=True
    )
    html = (
        login(world.parik_coordinator)
        .get(f"{SUGGESTIONS}?belongs_to_name=palaveri", headers=HTMX)
        .get_data(as_text=True)
    )
    assert f"event:{cancelled.id}" not in _offered(html)


def test_the_suggestions_without_a_script_lead_back_to_the_form(login: Login, world: World) -> None:
    response = login(world.parik_coordinator).get(f"{SUGGESTIONS}?belongs_to_name=LUOVI")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/documents/new")


def test_a_chosen_object_comes_back_chosen_when_another_field_is_wrong(
    login: Login, world: World, share: Share, db: Any
) -> None:
    response = share(
        login(world.parik_coordinator),
        belongs_to_name="LUOVI-2026-031",
        title="",
        recipients=[world.luovi.id],
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert is_checked(html, "belongs_to", f"placement:{world.placement.id}")
    assert documents(db) == []
