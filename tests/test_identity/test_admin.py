"""The administrator sets up a party's organisation sign-in."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.core.audit import AuditEvent
from portal.identity import sealing
from portal.identity.models import IdentityProvider
from portal.parties.models import Party
from tests import factories

SECRET = "very-secret-client-secret-42"


def form(**changes: Any) -> dict[str, Any]:
    data = {
        "issuer": "https://login.microsoftonline.com/tenant/v2.0/",
        "client_id": "silta-portal",
        "client_secret": SECRET,
        "domains": "Hel.fi\n@edu.hel.fi",
        "password_allowed": "",
        "mfa_required": "y",
        "mfa_acr_values": "",
        "enabled": "y",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_the_administrator_sets_up_a_provider_whose_secret_is_never_shown(
    app: Flask, db: Any, login: Any, admin: User, workshop: Party
) -> None:
    client: FlaskClient = login(admin)
    url = f"/admin/parties/{workshop.id}/sign-in"
    page = client.get(url).get_data(as_text=True)
    assert "http://127.0.0.1:5000/auth/organisation/callback" in page  # to register

    response = client.post(url, data=form())
    assert response.status_code == 303
    provider = db.session.query(IdentityProvider).filter_by(party_id=workshop.id).one()
    assert provider.issuer == "https://login.microsoftonline.com/tenant/v2.0"
    assert provider.domain_list == ["hel.fi", "edu.hel.fi"]
    assert not provider.password_allowed and provider.mfa_required
    # Sealed at rest, readable with the storage key, never on a page or in the audit log.
    assert SECRET not in provider.client_secret_sealed
    with app.app_context():
        assert sealing.unseal(provider.client_secret_sealed) == SECRET
    assert SECRET not in client.get(url).get_data(as_text=True)
    (created,) = db.session.query(AuditEvent).filter_by(event="identity_provider.create").all()
    assert created.actor_id == admin.id and SECRET not in str(created.details)

    # Saving without a secret keeps the saved one.
    sealed = provider.client_secret_sealed
    response = client.post(url, data=form(client_secret="", password_allowed="y"))
    assert response.status_code == 303
    db.session.refresh(provider)
    assert provider.client_secret_sealed == sealed and provider.password_allowed
    (updated,) = db.session.query(AuditEvent).filter_by(event="identity_provider.update").all()
    assert updated.details["changed"] == "password_allowed"


def test_bad_input_is_answered_beside_its_field_keeping_what_was_typed(
    db: Any, login: Any, admin: User, workshop: Party
) -> None:
    client: FlaskClient = login(admin)
    url = f"/admin/parties/{workshop.id}/sign-in"
    cases = [
        (form(issuer="http://idp.example.fi"), "issuer", "http://idp.example.fi"),
        (form(domains="hel.fi\nnot a domain"), "domains", "not a domain"),
        (form(client_secret=""), "client_secret", "silta-portal"),
    ]
    for data, field, kept in cases:
        response = client.post(url, data=data)
        page = response.get_data(as_text=True)
        assert response.status_code == 422, field
        assert f'id="{field}-error"' in page
        assert kept in page
    assert db.session.query(IdentityProvider).count() == 0
    assert db.session.query(AuditEvent).filter_by(event="identity_provider.create").count() == 0


def test_a_domain_vouched_for_by_another_partys_provider_is_refused(
    db: Any, login: Any, admin: User, workshop: Party, provider: Party
) -> None:
    factories.IdentityProviderFactory(party=provider, domains="hel.fi")
    client: FlaskClient = login(admin)
    response = client.post(f"/admin/parties/{workshop.id}/sign-in", data=form())
    assert response.status_code == 422
    assert "vastaa jo osoitteista hel.fi" in response.get_data(as_text=True)
    assert db.session.query(IdentityProvider).filter_by(party_id=workshop.id).count() == 0


def test_only_the_administrator_reaches_the_page(login: Any, people: Any, workshop: Party) -> None:
    url = f"/admin/parties/{workshop.id}/sign-in"
    for person in (people.workshop_coordinator, people.workshop_staff, people.outsider):
        client: FlaskClient = login(person)
        assert client.get(url).status_code == 403
        assert client.post(url, data=form()).status_code == 403
    assert login(people.admin).get("/admin/parties/999999/sign-in").status_code == 404


def test_the_party_page_links_the_administrator_to_it(
    login: Any, admin: User, coordinator: User, workshop: Party
) -> None:
    link = f"/admin/parties/{workshop.id}/sign-in"
    assert link in login(admin).get(f"/parties/{workshop.id}").get_data(as_text=True)
    assert link not in login(coordinator).get(f"/parties/{workshop.id}").get_data(as_text=True)
