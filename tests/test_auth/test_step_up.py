"""Step-up: the administrator's changes to people ask for a recent confirmation; the confirm
page takes the password (throttled and audited as sign-in) and leads back to the page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from portal.auth.models import ThrottleKey, User, UserSession
from portal.core.audit import AuditEvent
from portal.core.models import utcnow
from tests.conftest import PASSWORD, AuthActions, csrf_token_from
from tests.factories import UserFactory
from tests.step_up import confirm, confirm_target, make_stale

Login = Callable[[User], FlaskClient]
WRONG = "not the password at all"


def events(db: Any, name: str) -> list[AuditEvent]:
    return db.session.scalars(sa.select(AuditEvent).where(AuditEvent.event == name)).all()


def test_signing_in_confirms_the_new_session(auth: AuthActions, coordinator: User, db: Any) -> None:
    assert auth.login(coordinator.email).status_code == 303
    verified = db.session.scalar(
        sa.select(UserSession.verified_at).where(UserSession.user_id == coordinator.id)
    )
    assert verified is not None and utcnow() - verified < timedelta(minutes=1)


def test_a_fresh_administrator_changes_people_without_confirming(
    admin_client: FlaskClient, coordinator: User
) -> None:
    assert admin_client.get("/admin/accounts/new").status_code == 200
    assert admin_client.get(f"/admin/accounts/{coordinator.id}/edit").status_code == 200


def test_a_stale_administrator_confirms_first_and_comes_back_to_the_form(
    admin_client: FlaskClient, admin: User, db: Any
) -> None:
    make_stale(db, admin)
    response = admin_client.get("/admin/accounts/new?party=3")
    assert response.status_code == 303
    assert confirm_target(response) == "/admin/accounts/new?party=3"

    page = admin_client.get(response.headers["Location"])
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Vahvista henkilöllisyytesi" in html
    assert 'autocomplete="current-password"' in html

    confirmed = confirm(admin_client, "/admin/accounts/new?party=3")
    assert confirmed.status_code == 303
    assert confirmed.headers["Location"] == "/admin/accounts/new?party=3"
    assert admin_client.get("/admin/accounts/new").status_code == 200
    [row] = events(db, "step_up.success")
    assert row.actor_id == admin.id


def test_a_stale_save_changes_nothing_and_returns_to_the_page_of_the_form(
    admin_client: FlaskClient, admin: User, coordinator: User, db: Any
) -> None:
    make_stale(db, admin)
    edit = f"/admin/accounts/{coordinator.id}/edit"
    response = admin_client.post(
        edit,
        data={"name": "Vaihdettu Nimi", "email": coordinator.email, "role": "coordinator"},
        headers={"Referer": f"http://localhost{edit}"},
    )
    assert response.status_code == 303 and confirm_target(response) == edit
    db.session.expire_all()
    assert db.session.get(User, coordinator.id).name != "Vaihdettu Nimi"
    assert events(db, "user.role_change") == [] and events(db, "user.email_change") == []


def test_a_stale_invitation_is_not_sent_and_leads_back_to_the_account_page(
    admin_client: FlaskClient, admin: User, workshop: Any, db: Any
) -> None:
    invited = UserFactory(party=workshop, invited=True)
    db.session.commit()
    make_stale(db, admin)
    edit = f"/admin/accounts/{invited.id}/edit"
    response = admin_client.post(
        f"/admin/accounts/{invited.id}/invite", headers={"Referer": f"http://localhost{edit}"}
    )
    # Never back to the address of the form, which takes only POST: to the page it was on.
    assert response.status_code == 303 and confirm_target(response) == edit
    assert events(db, "user.invite") == []
    # Without a page to go back to, the confirm page leads to the front page.
    response = admin_client.post(f"/admin/accounts/{invited.id}/invite")
    assert confirm_target(response) is None
    assert confirm(admin_client, None).headers["Location"] == "/"
    response = admin_client.post(f"/admin/accounts/{invited.id}/invite")
    assert response.status_code == 303 and response.headers["Location"] == edit
    assert len(events(db, "user.invite")) == 1


def test_htmx_is_sent_to_the_confirm_page_as_a_whole_page(
    admin_client: FlaskClient, admin: User, coordinator: User, db: Any
) -> None:
    make_stale(db, admin)
    # A boosted link: back to the page it asked for.
    boosted = admin_client.get(
        "/admin/accounts/new", headers={"HX-Request": "true", "HX-Boosted": "true"}
    )
    assert boosted.status_code == 401 and "<html" not in boosted.get_data(as_text=True)
    assert confirm_target(boosted) == "/admin/accounts/new"
    # A form sent by htmx: back to the page it was on.
    edit = f"/admin/accounts/{coordinator.id}/edit"
    posted = admin_client.post(
        edit,
        data={"name": "X"},
        headers={"HX-Request": "true", "HX-Current-URL": f"http://localhost{edit}"},
    )
    assert posted.status_code == 401 and confirm_target(posted) == edit
    assert "Location" not in posted.headers


def test_wrong_passwords_are_counted_audited_and_slowed_like_sign_in(
    admin_client: FlaskClient, admin: User, db: Any
) -> None:
    make_stale(db, admin)
    wrong = confirm(admin_client, "/admin/accounts/new", WRONG)
    assert wrong.status_code == 422
    html = wrong.get_data(as_text=True)
    assert 'id="password-error"' in html and "Salasana on väärä." in html
    # Five failures are free; the sixth starts a wait that refuses even the right password.
    for _ in range(5):
        assert confirm(admin_client, "/admin/accounts/new", WRONG).status_code == 422
    refused = confirm(admin_client, "/admin/accounts/new")
    assert refused.status_code == 429 and 1 <= int(refused.headers["Retry-After"]) <= 30
    assert "Odota" in refused.get_data(as_text=True)
    assert admin_client.get("/admin/accounts/new").status_code == 303  # still not confirmed
    assert len(events(db, "step_up.failure")) == 6
    assert len(events(db, "rate_limit.exceeded")) == 1
    assert events(db, "step_up.success") == []

    # The wait passes; the right password confirms and clears the account's count.
    db.session.execute(sa.update(ThrottleKey).values(wait_until=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert confirm(admin_client, "/admin/accounts/new").status_code == 303
    assert admin_client.get("/admin/accounts/new").status_code == 200


def test_the_confirm_page_only_returns_to_this_site(
    coordinator_client: FlaskClient, coordinator: User, db: Any
) -> None:
    make_stale(db, coordinator)
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        response = confirm(coordinator_client, target)
        assert response.status_code == 303 and response.headers["Location"] == "/"


def test_the_confirm_form_needs_its_csrf_token(
    app: Flask, csrf_enabled: None, coordinator_client: FlaskClient
) -> None:
    assert confirm(coordinator_client, None).status_code == 400
    token = csrf_token_from(coordinator_client.get("/auth/account/confirm").get_data(as_text=True))
    response = coordinator_client.post(
        "/auth/account/confirm", data={"password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 303


def test_a_person_without_a_password_is_asked_to_sign_in_again(
    login: Login, workshop: Any, db: Any
) -> None:
    person = UserFactory(party=workshop, password_hash=None)
    db.session.commit()
    client = login(person)
    make_stale(db, person)
    page = client.get("/auth/account/confirm?next=/documents/1")
    html = page.get_data(as_text=True)
    assert 'name="password"' not in html
    assert 'action="/auth/logout"' in html and 'name="next" value="/documents/1"' in html
    # No password to give: a posted one confirms nothing.
    assert confirm(client, "/documents/1", "anything").status_code == 200
    assert events(db, "step_up.success") == []
    signed_out = client.post("/auth/logout", data={"next": "/documents/1"})
    assert signed_out.headers["Location"] == "/auth/login?next=/documents/1"


def test_reading_other_pages_needs_no_confirmation(
    admin_client: FlaskClient, admin: User, db: Any
) -> None:
    make_stale(db, admin, minutes=600)
    assert admin_client.get("/admin/accounts/").status_code == 200
    assert admin_client.get("/auth/account").status_code == 200
