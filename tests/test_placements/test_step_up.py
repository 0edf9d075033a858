"""Signing a per-trainee agreement asks for a recent confirmation of who is signing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient

from portal.auth.models import User
from portal.placements.enums import PlacementStatus as S
from portal.placements.models import Placement
from tests.factories import PlacementBuilder
from tests.step_up import confirm, confirm_target, make_stale

Login = Callable[[User], FlaskClient]
SIGNATURE = {"version": "1", "title": "Vastuuhenkilö", "confirm": "y"}


def _signers(db: Any, placement: Placement) -> list[int]:
    db.session.expire_all()
    placement = db.session.get(Placement, placement.id)
    return [s.user_id for s in placement.latest_agreement.signatures]


def test_a_fresh_coordinator_signs(
    people: dict[str, User], login: Login, make_placement: PlacementBuilder, db: Any
) -> None:
    placement = make_placement(S.ACCEPTED)
    client = login(people["workshop_coordinator"])
    response = client.post(f"/placements/{placement.id}/agreement/sign", data=SIGNATURE)
    assert response.status_code == 303
    assert people["workshop_coordinator"].id in _signers(db, placement)


def test_a_stale_coordinator_confirms_then_signs_on_the_agreements_page(
    people: dict[str, User], login: Login, make_placement: PlacementBuilder, db: Any
) -> None:
    placement = make_placement(S.ACCEPTED)
    coordinator = people["workshop_coordinator"]
    client = login(coordinator)
    make_stale(db, coordinator)
    agreement = f"/placements/{placement.id}/agreement"
    # Reading the agreement needs nothing; signing it does.
    assert client.get(agreement).status_code == 200
    response = client.post(f"{agreement}/sign", data=SIGNATURE)
    assert response.status_code == 303 and confirm_target(response) == agreement
    assert coordinator.id not in _signers(db, placement)
    # A wrong password signs nothing.
    assert confirm(client, agreement, "not the password").status_code == 422
    assert confirm_target(client.post(f"{agreement}/sign", data=SIGNATURE)) == agreement
    assert coordinator.id not in _signers(db, placement)

    assert confirm(client, agreement).headers["Location"] == agreement
    assert client.post(f"{agreement}/sign", data=SIGNATURE).status_code == 303
    assert coordinator.id in _signers(db, placement)


def test_a_stale_signature_sent_by_htmx_reloads_the_confirm_page(
    people: dict[str, User], login: Login, make_placement: PlacementBuilder, db: Any
) -> None:
    placement = make_placement(S.ACCEPTED)
    client = login(people["provider_coordinator"])
    make_stale(db, people["provider_coordinator"])
    agreement = f"/placements/{placement.id}/agreement"
    response = client.post(
        f"{agreement}/sign",
        data=SIGNATURE,
        headers={"HX-Request": "true", "HX-Current-URL": f"http://localhost{agreement}"},
    )
    assert response.status_code == 401 and confirm_target(response) == agreement
    assert response.get_data() == b""


def test_another_partys_coordinator_gets_404_not_the_confirm_page(
    people: dict[str, User], login: Login, make_placement: PlacementBuilder, db: Any
) -> None:
    placement = make_placement(S.ACCEPTED)
    client = login(people["outsider"])
    make_stale(db, people["outsider"])
    response = client.post(f"/placements/{placement.id}/agreement/sign", data=SIGNATURE)
    assert response.status_code == 404
