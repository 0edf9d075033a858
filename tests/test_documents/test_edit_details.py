"""The owner party's people correct a document's title and description; its mark, readers and
versions stay as shared. Others cannot, and a document they cannot see is a 404."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.core.audit import AuditEvent
from portal.documents.models import Classification
from tests.people import People
from tests.test_documents.conftest import MakeDocument

Login = Callable[[User], FlaskClient]


@pytest.mark.parametrize("who", ["workshop_coordinator", "workshop_staff"])
def test_the_owner_partys_people_correct_the_title_and_description(
    login: Login, people: People, make_document: MakeDocument, db: Any, who: str
) -> None:
    document = make_document(title="Pajajakson väliarvo")
    client = login(getattr(people, who))
    page = client.get(f"/documents/{document.id}").get_data(as_text=True)
    assert f'href="/documents/{document.id}/edit"' in page
    form = client.get(f"/documents/{document.id}/edit").get_data(as_text=True)
    assert 'value="Pajajakson väliarvo"' in form

    response = client.post(
        f"/documents/{document.id}/edit",
        data={"title": "Pajajakson väliarvio", "description": "Syyskuun HOKS-palaveri"},
    )
    assert response.status_code == 303
    db.session.refresh(document)
    assert (document.title, document.description) == (
        "Pajajakson väliarvio",
        "Syyskuun HOKS-palaveri",
    )
    assert document.classification == Classification.CONFIDENTIAL
    assert [p.id for p in document.recipients] == [people.provider.id]
    [event] = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.event == "document.update"))
    assert event.details == {"old": "Pajajakson väliarvo", "new": "Pajajakson väliarvio"}
    # The recipient reads the corrected title.
    assert "Pajajakson väliarvio" in login(people.provider_coordinator).get(
        f"/documents/{document.id}"
    ).get_data(as_text=True)


def test_an_empty_title_is_refused_beside_the_field_keeping_what_was_typed(
    login: Login, people: People, make_document: MakeDocument, db: Any
) -> None:
    document = make_document(title="Väliarvio")
    response = login(people.workshop_coordinator).post(
        f"/documents/{document.id}/edit", data={"title": "  ", "description": "Uusi kuvaus"}
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="title-error"' in html and "Kirjoita asiakirjan otsikko" in html
    assert "Uusi kuvaus" in html
    db.session.refresh(document)
    assert document.title == "Väliarvio" and document.description == ""


def test_nobody_else_edits_and_a_hidden_document_is_not_found(
    login: Login, people: People, make_document: MakeDocument
) -> None:
    document = make_document(staff_may_see=True)
    data = {"title": "Muutettu", "description": ""}
    # The recipients read it, but it is not theirs to edit.
    for user in (people.provider_coordinator, people.provider_staff):
        client = login(user)
        page = client.get(f"/documents/{document.id}")
        assert f'/documents/{document.id}/edit"' not in page.get_data(as_text=True)
        assert client.post(f"/documents/{document.id}/edit", data=data).status_code == 403
    # Those who may not see it (the administrator sees no confidential document) get 404.
    for user in (people.social_coordinator, people.supporting_coordinator, people.admin):
        assert login(user).post(f"/documents/{document.id}/edit", data=data).status_code == 404
    assert (
        login(people.provider_coordinator).get(f"/documents/{document.id}/edit").status_code == 403
    )
