"""The invoice basis over HTTP, by role: the two parties' people read it, the provider's
coordinator confirms or disputes a line, the workshop's coordinator answers; everyone else
gets 404, and staff who see it but may not act get 403."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.core.audit import AuditEvent
from portal.daily_records.models import Presence
from portal.invoicing.models import BasisState, InvoiceBasis
from portal.notifications.models import Notification
from portal.placements.models import Placement
from portal.placements.team_models import TeamRole
from tests import factories
from tests.conftest import csrf_token_from
from tests.factories.placements import team_member_of
from tests.people import People

Login = Callable[[User], FlaskClient]


def url(people: People, tail: str = "", workshop: Any = None, provider: Any = None) -> str:
    workshop = workshop or people.workshop
    provider = provider or people.provider
    return f"/invoicing/{workshop.id}/{provider.id}/2024-12{tail}"


def _state(db: Any) -> BasisState | None:
    record = db.session.scalars(sa.select(InvoiceBasis)).first()
    return record.state if record else None


@pytest.mark.parametrize(
    "who", ["workshop_staff", "workshop_coordinator", "provider_staff", "provider_coordinator"]
)
def test_the_two_parties_people_read_the_basis_by_reference(
    people: People, closed: Placement, login: Login, who: str
) -> None:
    page = login(people[who]).get(url(people))
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "LUOVI-2024-077" in text and "450,00" in text
    assert closed.initials not in text


@pytest.mark.parametrize(
    "who", ["outsider", "social_coordinator", "admin", "supporting_coordinator"]
)
def test_everyone_else_gets_404(people: People, closed: Placement, login: Login, who: str) -> None:
    client = login(people[who])
    for tail in ("", ".csv", ".pdf"):
        assert client.get(url(people, tail)).status_code == 404
    assert client.post(url(people, "/confirm")).status_code == 404


def test_a_third_party_on_the_team_by_consent_gets_404(
    people: People, closed: Placement, login: Login, db: Any
) -> None:
    consent = factories.ConsentFactory(placement=closed, parties=[people.social])
    social_worker = factories.UserFactory(party=people.social, name="Sirpa Sosiaalityöntekijä")
    member = team_member_of(closed, social_worker, consent)
    member.role = TeamRole.SOCIAL_WORKER
    closed.team.append(member)
    db.session.commit()
    assert login(social_worker).get(url(people)).status_code == 404


def test_another_partys_ids_give_404(people: People, closed: Placement, login: Login) -> None:
    client = login(people.workshop_coordinator)
    assert client.get(url(people, workshop=people.other_workshop)).status_code == 404
    # The ids the wrong way round: a provider is no workshop.
    swapped = url(people, workshop=people.provider, provider=people.workshop)
    assert client.get(swapped).status_code == 404
    assert client.get("/invoicing/999999/1/2024-12").status_code == 404


def test_staff_see_but_may_not_confirm_or_dispute(
    people: People, closed: Placement, login: Login, db: Any
) -> None:
    for who in ("provider_staff", "workshop_staff", "workshop_coordinator"):
        client = login(people[who])
        assert client.post(url(people, "/confirm")).status_code == 403
        form = {"line": str(closed.id), "comment": "Väärin"}
        assert client.post(url(people, "/dispute"), data=form).status_code == 403
    assert _state(db) is None
    page = login(people.provider_staff).get(url(people)).get_data(as_text=True)
    assert "Vahvista laskutusperuste" not in page and "Kiistä rivi" not in page


def test_the_provider_confirms_and_the_workshop_is_told(
    people: People, closed: Placement, login: Login, db: Any
) -> None:
    client = login(people.provider_coordinator)
    assert "Vahvista laskutusperuste" in client.get(url(people)).get_data(as_text=True)
    response = client.post(url(people, "/confirm"))
    assert response.status_code == 303
    assert _state(db) == BasisState.CONFIRMED
    page = login(people.workshop_staff).get(url(people)).get_data(as_text=True)
    assert "Vahvistettu" in page
    assert db.session.scalar(sa.select(AuditEvent).where(AuditEvent.event == "invoicing.confirmed"))
    told = db.session.scalars(
        sa.select(Notification).where(Notification.user_id == people.workshop_coordinator.id)
    ).all()
    assert told and all(closed.initials not in n.message for n in told)


def test_a_provisional_basis_cannot_be_confirmed(
    people: People, period: Placement, login: Login, db: Any
) -> None:
    client = login(people.provider_coordinator)
    page = client.get(url(people)).get_data(as_text=True)
    assert "Alustava" in page and "Vahvista laskutusperuste" not in page
    assert client.post(url(people, "/confirm")).status_code == 409
    assert _state(db) is None


def test_a_dispute_without_a_comment_is_refused_beside_the_field(
    people: People, closed: Placement, login: Login, db: Any
) -> None:
    client = login(people.provider_coordinator)
    response = client.post(url(people, "/dispute"), data={"line": str(closed.id), "comment": ""})
    assert response.status_code == 422
    assert "Kirjoita kommentti." in response.get_data(as_text=True)
    assert _state(db) is None


def test_disputed_answered_after_a_correction_and_open_again(
    people: People, closed: Placement, login: Login, db: Any
) -> None:
    provider = login(people.provider_coordinator)
    form = {"line": str(closed.id), "comment": "Itsenäisyyspäivän viikolla yksi poissaolo."}
    assert provider.post(url(people, "/dispute"), data=form).status_code == 303
    assert _state(db) == BasisState.DISPUTED
    workshop_page = login(people.workshop_staff).get(url(people)).get_data(as_text=True)
    assert "Kiistetty" in workshop_page and "yksi poissaolo" in workshop_page
    # The workshop corrects the closed month's day and answers.
    factories.DailyRecordFactory(
        placement=closed, day=date(2024, 12, 4), revision=2, presence=Presence.ABSENT, hours=None
    )
    db.session.commit()
    workshop = login(people.workshop_coordinator)
    page = workshop.get(url(people)).get_data(as_text=True)
    assert "400,00" in page and "Luvut ovat muuttuneet" in page
    answer = {"comment": "Korjattu: 4.12. poissa."}
    assert workshop.post(url(people, "/answer"), data=answer).status_code == 303
    assert _state(db) == BasisState.OPEN
    assert provider.post(url(people, "/confirm")).status_code == 303
    assert _state(db) == BasisState.CONFIRMED


def test_the_index_leads_to_the_basis(people: People, closed: Placement, login: Login) -> None:
    client = login(people.workshop_staff)
    assert "Ammattiopisto Luovi" in client.get("/invoicing/").get_data(as_text=True)
    response = client.get(f"/invoicing/?party={people.provider.id}&month=2024-12")
    assert response.status_code == 303 and response.location.endswith(url(people))
    assert login(people.social_coordinator).get("/invoicing/").status_code == 404


def test_confirming_needs_the_csrf_token(
    people: People, closed: Placement, login: Login, db: Any, csrf_enabled: None
) -> None:
    client = login(people.provider_coordinator)
    assert client.post(url(people, "/confirm")).status_code == 400
    assert _state(db) is None
    token = csrf_token_from(client.get(url(people)).get_data(as_text=True))
    assert client.post(url(people, "/confirm"), data={"csrf_token": token}).status_code == 303
    assert _state(db) == BasisState.CONFIRMED
