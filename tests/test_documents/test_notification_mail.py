"""Mail about a confidential or secret document names no title; the portal does.

Mail leaves the portal: it is read on phones, forwarded and kept in mail servers, so a title
such as "Toimeentuloselvitys, M. K." must not be in it. Public and internal documents are
mailed with their titles as before.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.documents.models import Classification
from portal.notifications import digest
from portal.notifications.models import Delivery, NotificationPreference
from tests.files import document_form, make_pdf
from tests.mail import Mailbox, body_of, deliver
from tests.people import People
from tests.test_documents.conftest import MakeDocument

Login = Callable[[User], FlaskClient]

TITLE = "Toimeentuloselvitys, valmentautuja M. K."


def mail_text(mailbox: Mailbox, user: User) -> str:
    [message] = mailbox.to(user.email)
    return f"{message['Subject']}\n{body_of(message)}"


@pytest.mark.parametrize("classification", [Classification.CONFIDENTIAL, Classification.SECRET])
def test_sharing_a_restricted_document_mails_no_title(
    app: Flask,
    login: Login,
    people: People,
    mailbox: Mailbox,
    db: Any,
    classification: Classification,
) -> None:
    response = login(people.workshop_coordinator).post(
        "/documents/new",
        data=document_form(
            title=TITLE,
            classification=classification,
            recipients=[people.provider.id],
            legal_basis="JulkL 24 § 1 mom 25 k" if classification == Classification.SECRET else "",
        ),
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    document_path = response.headers["Location"]
    deliver(app)

    text = mail_text(mailbox, people.provider_coordinator)
    assert "Toimeentuloselvitys" not in text and "M. K." not in text
    assert "Parik-säätiö jakoi luottamuksellisen asiakirjan organisaatiollesi" in text
    assert f"{app.config['PUBLIC_URL']}{document_path}" in text
    # The portal names it to the reader.
    page = login(people.provider_coordinator).get("/notifications/").get_data(as_text=True)
    assert TITLE in page


def test_a_new_version_of_a_confidential_document_mails_no_title(
    app: Flask, login: Login, people: People, make_document: MakeDocument, mailbox: Mailbox
) -> None:
    document = make_document(title=TITLE)
    deliver(app)  # the mail about sharing it
    mailbox.clear()
    response = login(people.workshop_coordinator).post(
        f"/documents/{document.id}/versions/new",
        data={"file": (io.BytesIO(make_pdf(text="Toinen")), "selvitys v2.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    deliver(app)
    text = mail_text(mailbox, people.provider_coordinator)
    assert "Toimeentuloselvitys" not in text
    assert "lisäsi luottamuksellisesta asiakirjasta uuden version" in text


def test_disclosure_requests_and_decisions_mail_no_title(
    app: Flask, login: Login, people: People, make_document: MakeDocument, mailbox: Mailbox
) -> None:
    document = make_document(title=TITLE)
    deliver(app)
    mailbox.clear()
    response = login(people.provider_coordinator).post(
        f"/documents/{document.id}/disclosures/new",
        data={
            "third_party": "Kouvolan TE-palvelut",
            "purpose": "Työllistymisen tuki",
            "scope": "Sivut 1–2",
            "version": str(document.versions[0].id),
        },
    )
    assert response.status_code == 303
    deliver(app)
    asked = mail_text(mailbox, people.workshop_coordinator)
    assert "Toimeentuloselvitys" not in asked and "Kouvolan TE-palvelut" not in asked

    decide = [link for link in asked.split() if "/disclosures/" in link][0]
    response = login(people.workshop_coordinator).post(
        decide.removeprefix(app.config["PUBLIC_URL"]),
        data={"outcome": "refused", "decision": "Ei lupaa."},
    )
    assert response.status_code == 303
    deliver(app)
    decided = mail_text(mailbox, people.provider_coordinator)
    assert "Toimeentuloselvitys" not in decided


def test_the_daily_digest_names_no_title_either(
    app: Flask, people: People, make_document: MakeDocument, mailbox: Mailbox, db: Any
) -> None:
    db.session.add(
        NotificationPreference(
            user_id=people.provider_coordinator.id, kind="document.shared", delivery=Delivery.DIGEST
        )
    )
    db.session.commit()
    make_document(title=TITLE)
    with app.app_context():
        assert digest.queue_digests() == 1
    deliver(app)
    text = mail_text(mailbox, people.provider_coordinator)
    assert "Toimeentuloselvitys" not in text
    assert "jakoi luottamuksellisen asiakirjan" in text


def test_an_internal_document_is_mailed_with_its_title(
    app: Flask, people: People, make_document: MakeDocument, mailbox: Mailbox
) -> None:
    make_document(
        title="Yhteistyöryhmän muistio",
        classification=Classification.INTERNAL,
        recipients=[people.provider],
    )
    deliver(app)
    assert "Yhteistyöryhmän muistio" in mail_text(mailbox, people.provider_coordinator)
