"""Which absences the agreement pays for: chosen in the terms' form, shown with the terms,
kept in each version of the agreement, and none in a version recorded before they were asked."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient

from portal.auth.models import User
from portal.placements.agreements import terms_of
from portal.placements.enums import PaidAbsence
from portal.placements.models import Placement, PlacementStatus
from tests.factories import PlacementBuilder
from tests.test_placements.test_pages import placement_id, workshop_period_form

S = PlacementStatus
Login = Callable[[User], FlaskClient]


def ticked(html: str, name: str) -> bool:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert tag, name
    return " checked" in tag.group(0)


def english(login: Login, user: User) -> FlaskClient:
    user.locale = "en"
    return login(user)


def test_a_request_says_which_absences_are_paid(
    people: dict[str, User], login: Login, workshop: Any, db: Any
) -> None:
    client = english(login, people["provider_staff"])
    form = client.get("/placements/new/to-workshop").get_data(as_text=True)
    assert "Days of illness are paid" in form and "Agreed leave is paid" in form
    # None is paid unless ticked.
    assert not ticked(form, "ill_days_paid") and not ticked(form, "agreed_leave_paid")

    data = workshop_period_form(receiver=str(workshop.id), ill_days_paid="y")
    response = client.post("/placements/new/to-workshop", data=data)
    assert response.status_code == 303
    placement = db.session.get(Placement, placement_id(response))
    assert (placement.ill_days_paid, placement.agreed_leave_paid) == (True, False)
    page = client.get(f"/placements/{placement.id}").get_data(as_text=True)
    assert "Paid absences" in page and "days of illness" in page

    # A wrong field elsewhere keeps the choice.
    data = workshop_period_form(receiver=str(workshop.id), ill_days_paid="y", daily_price="x")
    response = client.post(f"/placements/{placement.id}/edit", data=data)
    assert response.status_code == 422
    assert ticked(response.get_data(as_text=True), "ill_days_paid")


def test_an_amendment_can_change_the_paid_absences(
    people: dict[str, User], login: Login, make_placement: PlacementBuilder, db: Any
) -> None:
    placement = make_placement(S.AGREED)
    client = english(login, people["provider_coordinator"])
    data = workshop_period_form(
        start_on=placement.start_on.isoformat(),
        end_on=placement.end_on.isoformat(),
        daily_price=str(placement.daily_price),
        ill_days_paid="y",
        agreed_leave_paid="y",
        reason="Sairauspäivät ja sovitut vapaat maksetaan.",
    )
    assert client.post(f"/placements/{placement.id}/amend", data=data).status_code == 303
    db.session.expire_all()
    first, second = db.session.get(Placement, placement.id).agreements
    assert terms_of(first).paid_absences == frozenset()
    assert terms_of(second).paid_absences == {PaidAbsence.ILL, PaidAbsence.AGREED_LEAVE}
    page = client.get(f"/placements/{placement.id}/agreement/2").get_data(as_text=True)
    assert "days of illness, agreed leave" in page
    page = client.get(f"/placements/{placement.id}/agreement/1").get_data(as_text=True)
    assert "None: only the days present are support days" in page


def test_a_version_recorded_before_paid_absences_pays_for_none(
    make_placement: PlacementBuilder, db: Any
) -> None:
    placement = make_placement(S.AGREED, ill_days_paid=True)
    version = placement.agreements[0]
    assert terms_of(version).ill_days_paid
    older = dict(version.terms["terms"])
    del older["ill_days_paid"], older["agreed_leave_paid"]
    version.terms = dict(version.terms, terms=older)
    db.session.commit()
    assert terms_of(version).paid_absences == frozenset()
