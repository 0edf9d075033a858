"""A placement's documents: shared by one of its parties with the other one only, confidential
by default, shown on the placement's page to those who may see them — and to no one else."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from portal.documents.models import Classification
from portal.placements.models import PlacementStatus
from tests.files import stored_objects
from tests.test_document_links.conftest import (
    Attach,
    Login,
    Share,
    World,
    documents,
    is_checked,
    links,
)

TITLE = "Pajajakson väliarvio"


def test_a_party_shares_a_confidential_document_from_the_placement_page(
    login: Login, world: World, share: Share, db: Any
) -> None:
    client = login(world.parik_coordinator)
    placement_url = f"/placements/{world.placement.id}"
    page = client.get(placement_url).get_data(as_text=True)
    share_url = (
        f"/documents/new?next={placement_url}%23documents&amp;link=placement:{world.placement.id}"
    )
    assert share_url in page

    form = client.get(share_url.replace("&amp;", "&")).get_data(as_text=True)
    # Pre-filled: the placement, confidential, the other party as the only recipient.
    assert f'name="belongs_to" value="placement:{world.placement.id}" checked>' in form
    assert is_checked(form, "classification", "confidential")
    assert is_checked(form, "recipients", str(world.luovi.id))
    assert not is_checked(form, "recipients", str(world.kymsote.id))

    response = share(
        client,
        belongs_to=f"placement:{world.placement.id}",
        title=TITLE,
        recipients=[world.luovi.id],
        next_url=f"{placement_url}#documents",
    )
    assert response.status_code == 303
    assert response.headers["Location"] == f"{placement_url}#documents"
    [document] = documents(db)
    [link] = links(db)
    assert link.placement_id == world.placement.id and link.document_id == document.id
    assert document.owner_party_id == world.parik.id
    assert [p.id for p in document.recipients] == [world.luovi.id]

    # The other party's coordinator sees it on the placement's page, marked, and downloads it.
    other = login(world.luovi_coordinator)
    page = other.get(placement_url).get_data(as_text=True)
    assert (
        TITLE in page and '<span class="mark mark--confidential">Luottamuksellinen</span>' in page
    )
    download = f"/documents/{document.id}/versions/{document.versions[0].id}/download"
    assert f'href="{download}" hx-boost="false" download' in page
    response = other.get(download)
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    # The document's own page says what it belongs to.
    detail = other.get(f"/documents/{document.id}").get_data(as_text=True)
    assert "Liittyy" in detail and f'href="{placement_url}#documents"' in detail


@pytest.mark.parametrize(
    ("viewer", "page_status", "sees"),
    [
        ("parik_coordinator", 200, True),
        ("parik_staff", 200, True),  # the owner party's own people
        ("luovi_coordinator", 200, True),
        ("luovi_staff", 200, False),  # a recipient's staff, not allowed by the owner
        ("kymsote_coordinator", 404, False),
        ("tpy_person", 404, False),
        ("admin", 404, False),
    ],
)
def test_the_placement_page_lists_only_what_the_reader_may_see(
    login: Login, world: World, attach: Attach, viewer: str, page_status: int, sees: bool
) -> None:
    document = attach(
        world.parik_coordinator, world.placement, title=TITLE, recipients=[world.luovi]
    )
    client = login(world.person(viewer))
    response = client.get(f"/placements/{world.placement.id}")
    assert response.status_code == page_status
    html = response.get_data(as_text=True)
    # Not seen means not named, not counted, not linked.
    assert (TITLE in html) == sees
    assert (f"/documents/{document.id}" in html) == sees
    if page_status == 200 and not sees:
        assert "Ei asiakirjoja." in html


def test_the_recipients_staff_see_it_when_the_owner_allows(
    login: Login, world: World, attach: Attach
) -> None:
    attach(
        world.parik_coordinator,
        world.placement,
        title=TITLE,
        recipients=[world.luovi],
        staff_may_see=True,
    )
    html = login(world.luovi_staff).get(f"/placements/{world.placement.id}").get_data(as_text=True)
    assert TITLE in html


def test_another_partys_placement_cannot_be_linked(
    login: Login, world: World, share: Share, db: Any, storage_dir: Path
) -> None:
    client = login(world.parik_coordinator)
    hidden = world.other_placement.id
    assert client.get(f"/documents/new?link=placement:{hidden}").status_code == 404
    response = share(client, belongs_to=f"placement:{hidden}", recipients=[world.luovi.id])
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="belongs_to-error"' in html and "LUOVI-2026-099" not in html
    assert documents(db) == [] and links(db) == [] and stored_objects(storage_dir) == []
    # An id that does not exist at all is refused in the same words.
    response = share(client, belongs_to="placement:999999", recipients=[world.luovi.id])
    assert response.status_code == 422 and 'id="belongs_to-error"' in response.get_data(
        as_text=True
    )


def test_a_placement_document_is_confidential_or_secret(
    login: Login, world: World, share: Share, db: Any, storage_dir: Path
) -> None:
    response = share(
        login(world.parik_coordinator),
        belongs_to=f"placement:{world.placement.id}",
        classification=Classification.INTERNAL,
        recipients=[world.luovi.id],
        title=TITLE,
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="classification-error"' in html
    # What was typed is kept; nothing is saved.
    assert f'value="{TITLE}"' in html
    assert documents(db) == [] and links(db) == [] and stored_objects(storage_dir) == []


def test_a_placement_document_goes_to_the_other_party_only(
    login: Login, world: World, share: Share, db: Any
) -> None:
    response = share(
        login(world.parik_coordinator),
        belongs_to=f"placement:{world.placement.id}",
        recipients=[world.luovi.id, world.kymsote.id],
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="recipients-error"' in html and "Ammattiopisto Luovi" in html
    assert documents(db) == []


def test_the_receiver_cannot_link_to_a_draft_it_does_not_see(
    login: Login, world: World, share: Share, db: Any
) -> None:
    world.placement.status = PlacementStatus.DRAFT
    world.placement.submitted_at = None
    db.session.commit()
    client = login(world.parik_coordinator)
    assert client.get(f"/placements/{world.placement.id}").status_code == 404
    response = share(
        client, belongs_to=f"placement:{world.placement.id}", recipients=[world.luovi.id]
    )
    assert response.status_code == 422 and documents(db) == []


def test_staff_of_either_party_share_but_an_administrator_does_not(
    login: Login, world: World, share: Share, db: Any
) -> None:
    response = share(
        login(world.luovi_staff),
        belongs_to=f"placement:{world.placement.id}",
        recipients=[world.parik.id],
        title="HOKS-ote",
    )
    assert response.status_code == 303
    [link] = links(db)
    assert link.document.owner_party_id == world.luovi.id
    admin = login(world.admin)
    assert admin.get(f"/documents/new?link=placement:{world.placement.id}").status_code == 403
