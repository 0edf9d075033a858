"""A document secret by law asks for a recent confirmation of who is reading it: the page,
its downloads (stamped PDFs too) and the link lists; what is not shared stays a 404."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.documents.models import AccessLogEntry, Classification, Document
from tests.people import People
from tests.step_up import confirm, confirm_target, make_stale
from tests.test_auth.second_step_helpers import enrol_totp
from tests.test_documents.conftest import MakeDocument

Login = Callable[[User], FlaskClient]


def _download_url(document: Document) -> str:
    return f"/documents/{document.id}/versions/{document.versions[0].id}/download"


def _accesses(db: Any, document: Document) -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(AccessLogEntry)
        .where(AccessLogEntry.document_id == document.id)
    )


def test_a_fresh_recipient_opens_and_downloads_a_secret_document(
    login: Login, people: People, make_document: MakeDocument
) -> None:
    document = make_document(classification=Classification.SECRET)
    client = login(people.provider_coordinator)
    page = client.get(f"/documents/{document.id}")
    assert page.status_code == 200
    # A plain link, not `download`: a stale session is sent to the confirm page, not saved.
    assert f'href="{_download_url(document)}" hx-boost="false">' in page.get_data(as_text=True)
    response = client.get(_download_url(document))
    assert response.status_code == 200 and response.mimetype == "application/pdf"


def test_a_stale_recipient_confirms_first_and_nothing_is_opened_before(
    login: Login, people: People, make_document: MakeDocument, db: Any
) -> None:
    document = make_document(classification=Classification.SECRET)
    client = login(people.provider_coordinator)
    make_stale(db, people.provider_coordinator)
    before = _accesses(db, document)

    page = client.get(f"/documents/{document.id}")
    assert page.status_code == 303 and confirm_target(page) == f"/documents/{document.id}"
    download = client.get(_download_url(document))
    # A download leaves no page behind: back to the document's page after confirming.
    assert download.status_code == 303 and confirm_target(download) == f"/documents/{document.id}"
    assert b"%PDF" not in download.get_data()
    assert _accesses(db, document) == before
    # A wrong password opens nothing, and counts.
    assert confirm(client, f"/documents/{document.id}", "not the password").status_code == 422
    assert client.get(f"/documents/{document.id}").status_code == 303
    assert _accesses(db, document) == before

    assert confirm(client, f"/documents/{document.id}").headers["Location"] == (
        f"/documents/{document.id}"
    )
    assert client.get(f"/documents/{document.id}").status_code == 200
    assert client.get(_download_url(document)).status_code == 200
    assert _accesses(db, document) == before + 2


def test_a_stale_boosted_link_is_sent_to_the_confirm_page_whole(
    login: Login, people: People, make_document: MakeDocument, db: Any
) -> None:
    document = make_document(classification=Classification.SECRET)
    client = login(people.provider_coordinator)
    make_stale(db, people.provider_coordinator)
    response = client.get(
        f"/documents/{document.id}", headers={"HX-Request": "true", "HX-Boosted": "true"}
    )
    assert response.status_code == 401 and "<html" not in response.get_data(as_text=True)
    assert confirm_target(response) == f"/documents/{document.id}"


@pytest.mark.parametrize(
    "classification", [Classification.CONFIDENTIAL, Classification.INTERNAL, Classification.PUBLIC]
)
def test_other_classifications_need_no_confirmation(
    login: Login,
    people: People,
    make_document: MakeDocument,
    db: Any,
    classification: Classification,
) -> None:
    document = make_document(classification=classification)
    client = login(people.provider_coordinator)
    make_stale(db, people.provider_coordinator, minutes=600)
    page = client.get(f"/documents/{document.id}")
    assert page.status_code == 200
    assert f'href="{_download_url(document)}" hx-boost="false" download>' in page.get_data(
        as_text=True
    )
    assert client.get(_download_url(document)).status_code == 200


@pytest.mark.parametrize("who", ["outsider", "social_coordinator", "admin", "provider_staff"])
def test_a_secret_document_not_shared_is_a_404_fresh_or_stale(
    login: Login, people: People, make_document: MakeDocument, db: Any, who: str
) -> None:
    document = make_document(classification=Classification.SECRET)
    client = login(people[who])
    for fresh in (True, False):
        if not fresh:
            make_stale(db, people[who])
        assert client.get(f"/documents/{document.id}").status_code == 404
        assert client.get(_download_url(document)).status_code == 404


def test_a_stale_reader_with_a_second_step_confirms_with_it_not_the_password(
    app: Any, login: Login, people: People, make_document: MakeDocument, db: Any
) -> None:
    document = make_document(classification=Classification.SECRET)
    reader = people.provider_coordinator
    totp = enrol_totp(app, db, reader)
    client = login(reader)
    make_stale(db, reader)

    page = client.get(f"/documents/{document.id}")
    next_url = confirm_target(page)
    # The password alone is not offered: the second step is what a fresh sign-in would ask.
    asked = client.get("/auth/account/confirm", query_string={"next": next_url})
    assert asked.status_code == 303
    assert asked.headers["Location"] == f"/auth/second-step/?next=/documents/{document.id}"
    assert confirm(client, next_url).status_code == 303
    assert client.get(f"/documents/{document.id}").status_code == 303

    passed = client.post(asked.headers["Location"], data={"code": totp.now()})
    assert passed.headers["Location"] == f"/documents/{document.id}"
    assert client.get(f"/documents/{document.id}").status_code == 200
