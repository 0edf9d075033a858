"""The privacy notice: public in three languages, its controllers' contacts from the directory,
and its own words kept by the administrator alone."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from portal.core.audit import AuditEvent
from portal.parties.models import Party
from portal.privacy.models import NoticeText
from tests.people import People

HEADINGS = {
    "fi": "Tietosuojaseloste",
    "sv": "Dataskyddsbeskrivning",
    "en": "Privacy notice",
}


def _in(client: FlaskClient, language: str) -> str:
    client.post("/language", data={"locale": language})
    response = client.get("/privacy")
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_notice_is_public_in_each_language(
    client: FlaskClient, people: People, language: str
) -> None:
    html = _in(client, language)
    assert f"<h1>{HEADINGS[language]}</h1>" in html
    # The controllers are the parties of the agreement, each with its business ID.
    assert people.workshop.name in html
    assert people.workshop.business_id in html
    # Supporting organisations are not controllers.
    assert people.supporting.name not in html


def test_the_notice_says_that_no_personal_identity_code_is_stored(client: FlaskClient) -> None:
    assert "No personal identity code (henkilötunnus) is stored" in _in(client, "en")
    assert "Henkilötunnusta ei tallenneta" in _in(client, "fi")


def test_the_footer_links_the_notice_beside_the_accessibility_statement(
    client: FlaskClient,
) -> None:
    html = client.get("/accessibility").get_data(as_text=True)
    footer = html[html.index('<footer class="site-footer">') :]
    assert 'href="/accessibility"' in footer
    assert 'href="/privacy"' in footer


def test_each_partys_data_protection_contact_is_shown_from_the_directory(
    admin_client: FlaskClient, client: FlaskClient, people: People, db: Any
) -> None:
    party = people.workshop
    form = {
        "name": party.name,
        "kind": party.kind.value,
        "business_id": party.business_id,
        "privacy_contact": "tietosuoja@paja.example",
    }
    response = admin_client.post(f"/admin/parties/{party.id}/edit", data=form)
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Party, party.id).privacy_contact == "tietosuoja@paja.example"

    assert "tietosuoja@paja.example" in _in(client, "en")
    directory = admin_client.get("/directory").get_data(as_text=True)
    assert "Data protection contact" in directory or "Tietosuojan yhteyshenkilö" in directory
    assert "tietosuoja@paja.example" in directory
    detail = admin_client.get(f"/parties/{party.id}").get_data(as_text=True)
    assert "tietosuoja@paja.example" in detail
    # A party without one is shown with where to ask instead.
    assert "not given yet" in _in(client, "en")


def test_a_too_long_contact_is_refused_beside_its_field(
    admin_client: FlaskClient, people: People
) -> None:
    party = people.workshop
    form = {
        "name": party.name,
        "kind": party.kind.value,
        "business_id": party.business_id,
        "privacy_contact": "x" * 301,
    }
    response = admin_client.post(f"/admin/parties/{party.id}/edit", data=form)
    assert response.status_code == 422
    assert 'id="privacy_contact-error"' in response.get_data(as_text=True)


def test_the_administrator_writes_the_notices_own_words_per_language(
    admin_client: FlaskClient, client: FlaskClient, people: People, db: Any
) -> None:
    page = admin_client.get("/admin/privacy-notice/sv")
    assert page.status_code == 200
    response = admin_client.post(
        "/admin/privacy-notice/sv",
        data={"retention": "Uppgifterna bevaras i fem år.", "introduction": "", "requests": ""},
    )
    assert response.status_code == 303
    assert "Uppgifterna bevaras i fem år." in _in(client, "sv")
    # The other languages keep their default text.
    english = _in(client, "en")
    assert "Uppgifterna bevaras" not in english
    assert "has not been written here yet" in english
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.event == "privacy_notice.save")
    )
    assert event is not None and event.actor_id == people.admin.id


def test_a_too_long_text_comes_back_with_what_was_typed(admin_client: FlaskClient, db: Any) -> None:
    typed = "y" * 8001
    response = admin_client.post(
        "/admin/privacy-notice/en", data={"introduction": "Kept", "retention": typed}
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="retention-error"' in html
    assert "Kept</textarea>" in html
    assert db.session.scalar(sa.select(sa.func.count(NoticeText.id))) == 0


def test_an_unknown_language_is_not_found(admin_client: FlaskClient) -> None:
    assert admin_client.get("/admin/privacy-notice/de").status_code == 404


@pytest.mark.parametrize(
    "person", ["workshop_coordinator", "workshop_staff", "provider_coordinator", "outsider"]
)
def test_only_the_administrator_edits_the_notice(login: Any, people: People, person: str) -> None:
    client = login(getattr(people, person))
    assert client.get("/admin/privacy-notice/fi").status_code == 403
    response = client.post("/admin/privacy-notice/fi", data={"retention": "Ei"})
    assert response.status_code == 403
    # Nor do they see the way to the form on the notice.
    assert "/admin/privacy-notice" not in client.get("/privacy").get_data(as_text=True)


def test_an_anonymous_visitor_is_sent_to_sign_in_from_the_form(client: FlaskClient) -> None:
    response = client.get("/admin/privacy-notice/fi")
    assert response.status_code == 303
    assert "/auth/login" in response.headers["Location"]
