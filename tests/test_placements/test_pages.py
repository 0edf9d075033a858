"""The pages over HTTP: the whole path in each direction, forms that explain and keep what
was typed, refusals as clear 409 pages, the list with its filters, and the comment thread."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.core.dates import today
from portal.placements.models import Direction, NextStep, Placement, PlacementStatus
from tests import factories
from tests.factories import PlacementBuilder

S = PlacementStatus
Login = Callable[[User], FlaskClient]


def workshop_period_form(**changes: str) -> dict[str, str]:
    start = today() + timedelta(days=14)
    data = {
        "reference": "LUOVI-2026-031",
        "initials": "A.K.",
        "full_name": "",
        "start_on": start.isoformat(),
        "end_on": (start + timedelta(days=120)).isoformat(),
        "hoks_goals": "Työelämätaidot ja puutyön perusteet",
        "qualification_units": "106927 Puutuotteiden valmistus\nKiinteistönhoito",
        "support_level": "intermediate",
        "daily_price": "55,50",
        "price_reason": "",
        "special_support": "y",
        "extra_share_percent": "50",
        "livelihood_checked": "y",
        "livelihood_note": "Opintotuki ei muutu.",
        "duties_confirmed": "y",
    }
    data.update(changes)
    return data


def to_studies_form(**changes: str) -> dict[str, str]:
    data = {
        "reference": "PARIK-2026-014",
        "initials": "J.V.",
        "field_name": "Rakennus- ja puuala",
        "qualification_name": "Rakennusalan perustutkinto",
        "start_on": (today() + timedelta(days=60)).isoformat(),
        "support_role": "Työvalmentaja tapaa viikoittain.",
        "demonstrations_at_workshop": "y",
        "livelihood_checked": "y",
        "livelihood_note": "Työmarkkinatuen vaikutus selvitetty.",
    }
    data.update(changes)
    return data


def placement_id(response: Any) -> int:
    match = re.search(r"/placements/(\d+)$", response.headers["Location"])
    assert match, response.headers["Location"]
    return int(match.group(1))


@pytest.mark.parametrize("direction", list(Direction))
def test_the_whole_path_create_submit_accept_sign_start_complete(
    direction: Direction,
    people: dict[str, User],
    login: Login,
    workshop: Any,
    provider: Any,
    db: Any,
) -> None:
    to_workshop = direction == Direction.TO_WORKSHOP
    sender = login(people["provider_staff" if to_workshop else "workshop_staff"])
    sender_coordinator = login(
        people["provider_coordinator" if to_workshop else "workshop_coordinator"]
    )
    receiver = login(people["workshop_coordinator" if to_workshop else "provider_coordinator"])
    form = (
        workshop_period_form(receiver=str(workshop.id))
        if to_workshop
        else to_studies_form(receiver=str(provider.id))
    )
    slug = "to-workshop" if to_workshop else "to-studies"

    created = sender.post(f"/placements/new/{slug}", data=form)
    assert created.status_code == 303
    pid = placement_id(created)
    assert (
        sender.post(f"/placements/{pid}/submit", data={"comment": "Kiireellinen"}).status_code
        == 303
    )
    assert (
        receiver.post(f"/placements/{pid}/accept", data={"comment": "Tervetuloa"}).status_code
        == 303
    )
    for signer in (receiver, sender_coordinator):
        response = signer.post(
            f"/placements/{pid}/agreement/sign",
            data={"version": "1", "title": "Vastuuhenkilö", "confirm": "y"},
        )
        assert response.status_code == 303
    assert (
        receiver.post(f"/placements/{pid}/start", data={"on": today().isoformat()}).status_code
        == 303
    )
    placement = db.session.get(Placement, pid)
    unit_ids = [str(u.id) for u in placement.units]
    response = receiver.post(
        f"/placements/{pid}/complete",
        data={
            "on": today().isoformat(),
            "units": unit_ids,
            "next_step": "studies",
            "note": "Hyvä jakso",
        },
    )
    assert response.status_code == 303

    db.session.expire_all()
    placement = db.session.get(Placement, pid)
    assert placement.status == S.COMPLETED and placement.next_step == NextStep.STUDIES
    assert [s.kind.value for s in placement.steps] == [
        "created",
        "submitted",
        "accepted",
        "signed",
        "signed",
        "agreed",
        "started",
        "completed",
    ]
    assert placement.steps[1].comment == "Kiireellinen"
    page = sender.get(f"/placements/{pid}").get_data(as_text=True)
    assert "Tervetuloa" in page and "Hyvä jakso" in page
    if to_workshop:
        assert str(placement.daily_price) == "55.50" and placement.special_support
        assert all(u.completed for u in placement.units) and len(placement.units) == 2


def test_form_errors_are_explained_beside_the_field_and_the_input_is_kept(
    people: dict[str, User], login: Login, workshop: Any
) -> None:
    client = login(people["provider_staff"])
    response = client.post(
        "/placements/new/to-workshop",
        data=workshop_period_form(
            receiver=str(workshop.id), reference="", daily_price="85", hoks_goals="Tavoite X"
        ),
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="reference-error"' in html and "Tavoite X" in html
    # With the reference given, the price outside the range asks for a reason.
    response = client.post(
        "/placements/new/to-workshop",
        data=workshop_period_form(receiver=str(workshop.id), daily_price="85"),
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="price_reason-error"' in html and "40–80" in html
    assert 'value="85' in html


def test_an_identity_code_is_refused_beside_the_field(
    people: dict[str, User], login: Login, workshop: Any
) -> None:
    response = login(people["provider_staff"]).post(
        "/placements/new/to-workshop",
        data=workshop_period_form(receiver=str(workshop.id), full_name="131052-308T"),
    )
    assert response.status_code == 422
    assert 'id="full_name-error"' in response.get_data(as_text=True)


def test_submitting_without_the_livelihood_check_explains_what_is_missing(
    people: dict[str, User], login: Login, make_placement: PlacementBuilder
) -> None:
    placement = make_placement(S.DRAFT, livelihood_checked=False)
    response = login(people["provider_staff"]).post(f"/placements/{placement.id}/submit")
    assert response.status_code == 422
    assert "livelihood" in response.get_data(
        as_text=True
    ).lower() or "toimeentulo" in response.get_data(as_text=True)
    assert placement.status == S.DRAFT


def test_accepting_twice_in_two_tabs_is_refused_with_a_clear_message(
    people: dict[str, User], login: Login, make_placement: PlacementBuilder, db: Any
) -> None:
    placement = make_placement(S.SUBMITTED)
    tab = login(people["workshop_coordinator"])
    assert tab.post(f"/placements/{placement.id}/accept").status_code == 303
    again = tab.post(f"/placements/{placement.id}/accept")
    assert again.status_code == 409
    assert "Vain päätöstä odottavan" in again.get_data(
        as_text=True
    ) or "awaiting a decision" in again.get_data(as_text=True)
    assert len(placement.agreements) == 1


def test_starting_before_both_signatures_is_refused(
    people: dict[str, User], login: Login, make_placement: PlacementBuilder
) -> None:
    placement = make_placement(S.ACCEPTED)
    client = login(people["workshop_coordinator"])
    assert client.get(f"/placements/{placement.id}/start").status_code == 409
    response = client.post(f"/placements/{placement.id}/start", data={"on": today().isoformat()})
    assert response.status_code == 409
    assert placement.status == S.ACCEPTED


def test_agreement_page_is_printable_and_shows_who_signed(
    people: dict[str, User], login: Login, make_placement: PlacementBuilder
) -> None:
    placement = make_placement(S.AGREED)
    html = (
        login(people["provider_staff"])
        .get(f"/placements/{placement.id}/agreement")
        .get_data(as_text=True)
    )
    assert "print.css" in html and 'class="placement-agreement"' in html
    assert (
        people["workshop_coordinator"].name in html and people["provider_coordinator"].name in html
    )
    assert "531/2017" in html
    assert f'action="/placements/{placement.id}/agreement/sign"' not in html  # staff do not sign


def test_amendment_over_http_makes_a_new_version_to_sign(
    people: dict[str, User], login: Login, make_placement: PlacementBuilder, db: Any
) -> None:
    placement = make_placement(S.AGREED)
    client = login(people["provider_coordinator"])
    form = client.get(f"/placements/{placement.id}/amend").get_data(as_text=True)
    assert (
        "Työelämätaidot ja puutyön perusteet" in form and "106927 Puutuotteiden valmistus" in form
    )
    data = workshop_period_form(
        start_on=placement.start_on.isoformat(),
        end_on=placement.end_on.isoformat(),
        daily_price="60",
        reason="Hinta tarkistettu.",
    )
    response = client.post(f"/placements/{placement.id}/amend", data=data)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/placements/{placement.id}/agreement"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Hinta tarkistettu." in page and "Versio 2" in page
    detail = client.get(f"/placements/{placement.id}").get_data(as_text=True)
    assert "Muutos (versio 2) odottaa allekirjoituksia" in detail
    assert str(placement.daily_price) == "55.00"  # locked until both have signed
    old = client.get(f"/placements/{placement.id}/agreement/1").get_data(as_text=True)
    assert "Tämä on aiempi versio." in old
    assert client.get(f"/placements/{placement.id}/agreement/3").status_code == 404


def test_amending_a_request_not_yet_accepted_is_refused(
    people: dict[str, User], login: Login, make_placement: PlacementBuilder
) -> None:
    placement = make_placement(S.SUBMITTED)
    response = login(people["workshop_coordinator"]).get(f"/placements/{placement.id}/amend")
    assert response.status_code == 409
    assert "Ehtoja voi muuttaa vasta" in response.get_data(as_text=True)


def test_demonstration_form_explains_missing_fields(
    people: dict[str, User], login: Login, make_placement: PlacementBuilder
) -> None:
    placement = make_placement(S.ONGOING)
    client = login(people["workshop_staff"])
    response = client.post(f"/placements/{placement.id}/demonstrations/new", data={"place": "Paja"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="unit-error"' in html and 'id="held_on-error"' in html
    assert 'value="Paja"' in html


def test_the_placement_page_counts_the_unread_notifications_it_asks_along(
    people: dict[str, User], login: Login, make_placement: PlacementBuilder
) -> None:
    # The page asks the menu's unread count in the statement that loads the placement.
    placement = make_placement(S.ONGOING)
    reader = people["workshop_coordinator"]
    client = login(reader)
    before = client.get(f"/placements/{placement.id}").get_data(as_text=True)
    factories.NotificationFactory.create_batch(3, user=reader)
    factories.NotificationFactory(user=people["provider_coordinator"])
    html = client.get(f"/placements/{placement.id}").get_data(as_text=True)
    assert "3 lukematonta" in html and "3 lukematonta" not in before
