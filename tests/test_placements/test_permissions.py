"""Who sees and does what over HTTP: the two parties, by role; everyone else gets 404."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.placements.models import Direction, PlacementStatus
from tests.factories import DemonstrationFactory, PlacementBuilder

S = PlacementStatus
Login = Callable[[User], FlaskClient]


def sub_urls(pid: int, demonstration_id: int) -> list[tuple[str, str]]:
    return [
        ("get", f"/placements/{pid}"),
        ("get", f"/placements/{pid}/edit"),
        ("get", f"/placements/{pid}/agreement"),
        ("get", f"/placements/{pid}/agreement/1"),
        ("get", f"/placements/{pid}/amend"),
        ("get", f"/placements/{pid}/demonstrations/new"),
        ("get", f"/placements/{pid}/demonstrations/{demonstration_id}/edit"),
        ("get", f"/placements/{pid}/demonstrations/{demonstration_id}/result"),
        ("get", f"/placements/{pid}/demonstrations/assessors?role=teacher_assessor"),
        *(
            ("get", f"/placements/{pid}/{step}")
            for step in ("submit", "cancel", "accept", "decline", "start", "complete", "interrupt")
        ),
        ("post", f"/placements/{pid}/edit"),
        ("post", f"/placements/{pid}/accept"),
        ("post", f"/placements/{pid}/start"),
        ("post", f"/placements/{pid}/agreement/sign"),
        ("post", f"/placements/{pid}/amend"),
        ("post", f"/placements/{pid}/comments"),
        ("post", f"/placements/{pid}/demonstrations/new"),
        ("post", f"/placements/{pid}/demonstrations/{demonstration_id}/edit"),
        ("post", f"/placements/{pid}/demonstrations/{demonstration_id}/result"),
        ("post", f"/placements/{pid}/demonstrations/{demonstration_id}/delete"),
    ]


@pytest.mark.parametrize("who", ["outsider", "admin"])
def test_anyone_but_the_two_parties_gets_404_everywhere(
    who: str,
    people: dict[str, User],
    make_placement: PlacementBuilder,
    login: Login,
    request_context: None,
    db: Any,
) -> None:
    placement = make_placement(S.ONGOING)
    # Made directly: planning one tells the other party, which would sign this request in.
    demonstration = DemonstrationFactory(placement=placement)
    db.session.commit()
    client = login(people[who])
    for method, url in sub_urls(placement.id, demonstration.id):
        response = getattr(client, method)(
            url, data={"body": "x", "reason": "x", "confirm": "y", "version": "1"}
        )
        assert response.status_code == 404, (method, url, response.status_code)
    htmx = client.post(
        f"/placements/{placement.id}/comments", data={"body": "x"}, headers={"HX-Request": "true"}
    )
    assert htmx.status_code == 404 and "<html" not in htmx.get_data(as_text=True)
    listing = client.get("/placements/").get_data(as_text=True)
    assert placement.reference not in listing and "0 " in listing


def test_the_receiver_does_not_see_a_draft(
    people: dict[str, User], make_placement: PlacementBuilder, login: Login
) -> None:
    draft = make_placement(S.DRAFT, reference="LUOVI-DRAFT-1")
    cancelled_draft = make_placement(S.CANCELLED, reference="LUOVI-DRAFT-2", submitted_at=None)
    for who in ("workshop_coordinator", "workshop_staff"):
        client = login(people[who])
        assert client.get(f"/placements/{draft.id}").status_code == 404
        assert client.get(f"/placements/{cancelled_draft.id}").status_code == 404
        assert "LUOVI-DRAFT" not in client.get("/placements/").get_data(as_text=True)
    for who in ("provider_coordinator", "provider_staff"):
        assert login(people[who]).get(f"/placements/{draft.id}").status_code == 200


@pytest.mark.parametrize(
    "who", ["workshop_coordinator", "workshop_staff", "provider_coordinator", "provider_staff"]
)
def test_both_parties_people_see_a_submitted_placement_and_its_agreement(
    who: str, people: dict[str, User], make_placement: PlacementBuilder, login: Login
) -> None:
    placement = make_placement(S.AGREED, full_name="Aino Esimerkki")
    client = login(people[who])
    page = client.get(f"/placements/{placement.id}").get_data(as_text=True)
    assert placement.reference in page and "Aino Esimerkki" in page
    assert client.get(f"/placements/{placement.id}/agreement").status_code == 200
    assert placement.reference in client.get("/placements/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("workshop_coordinator", 303),  # the receiver's coordinator
        ("workshop_staff", 403),
        ("provider_coordinator", 403),  # the sender does not decide its own request
        ("provider_staff", 403),
    ],
)
def test_only_the_receivers_coordinator_accepts_and_declines(
    who: str, expected: int, people: dict[str, User], make_placement: PlacementBuilder, login: Login
) -> None:
    placement = make_placement(S.SUBMITTED)
    client = login(people[who])
    assert client.post(f"/placements/{placement.id}/accept").status_code == expected
    other = make_placement(S.SUBMITTED, reference="LUOVI-2026-002")
    response = client.post(f"/placements/{other.id}/decline", data={"reason": "Ei tilaa"})
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("workshop_coordinator", 303),
        ("provider_coordinator", 303),
        ("workshop_staff", 403),
        ("provider_staff", 403),
    ],
)
def test_only_coordinators_sign(
    who: str, expected: int, people: dict[str, User], make_placement: PlacementBuilder, login: Login
) -> None:
    placement = make_placement(S.ACCEPTED)
    response = login(people[who]).post(
        f"/placements/{placement.id}/agreement/sign",
        data={"version": "1", "title": "Koordinaattori", "confirm": "y"},
    )
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("provider_staff", 303),
        ("provider_coordinator", 303),
        ("workshop_coordinator", 403),
        ("workshop_staff", 403),
    ],
)
def test_the_senders_people_edit_submit_and_cancel_their_request(
    who: str, expected: int, people: dict[str, User], make_placement: PlacementBuilder, login: Login
) -> None:
    placement = make_placement(S.SUBMITTED)
    assert login(people[who]).post(f"/placements/{placement.id}/cancel").status_code == expected


def test_staff_of_both_parties_comment_and_record_demonstrations(
    people: dict[str, User], make_placement: PlacementBuilder, login: Login
) -> None:
    placement = make_placement(S.ONGOING)
    for who in ("workshop_staff", "provider_staff"):
        client = login(people[who])
        assert (
            client.post(
                f"/placements/{placement.id}/comments", data={"body": f"Terveiset, {who}"}
            ).status_code
            == 303
        )
        response = client.post(
            f"/placements/{placement.id}/demonstrations/new",
            data={
                "unit": str(placement.units[0].id),
                "held_on": "2026-12-01",
                "place": "Paja",
            },
        )
        assert response.status_code == 303
    assert len(placement.comments) == 2 and len(placement.demonstrations) == 2


def test_a_demonstration_is_reached_only_through_its_own_placement(
    people: dict[str, User],
    make_placement: PlacementBuilder,
    login: Login,
    request_context: None,
    db: Any,
) -> None:
    mine = make_placement(S.ONGOING, reference="A")
    other = make_placement(S.ONGOING, reference="B")
    demonstration = DemonstrationFactory(placement=other)
    db.session.commit()
    client = login(people["provider_staff"])
    response = client.post(f"/placements/{mine.id}/demonstrations/{demonstration.id}/delete")
    assert response.status_code == 404


def test_creating_is_for_the_sending_kind_of_party(people: dict[str, User], login: Login) -> None:
    assert login(people["workshop_staff"]).get("/placements/new/to-workshop").status_code == 403
    assert login(people["workshop_staff"]).get("/placements/new/to-studies").status_code == 200
    assert login(people["provider_staff"]).get("/placements/new/to-studies").status_code == 403
    assert login(people["provider_staff"]).get("/placements/new/to-workshop").status_code == 200
    assert login(people["admin"]).get("/placements/new/to-workshop").status_code == 403


def test_direction_to_studies_is_seen_by_both_parties_too(
    people: dict[str, User], make_placement: PlacementBuilder, login: Login
) -> None:
    placement = make_placement(S.SUBMITTED, Direction.TO_STUDIES, reference="PARIK-1")
    assert login(people["provider_staff"]).get(f"/placements/{placement.id}").status_code == 200
    assert login(people["outsider"]).get(f"/placements/{placement.id}").status_code == 404
