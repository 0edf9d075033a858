"""The access log: every view and download, read only by the owner party's coordinators."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.documents.models import AccessAction, AccessLogEntry, ImmutableRecordError
from tests.people import People
from tests.test_documents.conftest import MakeDocument

Login = Callable[[User], FlaskClient]


def test_views_and_downloads_are_logged_and_read_by_the_owners_coordinators(
    login: Login, people: People, make_document: MakeDocument, db: Any
) -> None:
    document = make_document(staff_may_see=True)
    version = document.versions[0]
    login(people.provider_coordinator).get(
        f"/documents/{document.id}", environ_base={"REMOTE_ADDR": "192.0.2.7"}
    )
    login(people.provider_staff).get(f"/documents/{document.id}/versions/{version.id}/download")
    entries = db.session.scalars(sa.select(AccessLogEntry).order_by(AccessLogEntry.id)).all()
    assert [(e.user_id, e.party_id, e.action, e.version_id) for e in entries] == [
        (people.provider_coordinator.id, people.provider.id, AccessAction.VIEW, version.id),
        (people.provider_staff.id, people.provider.id, AccessAction.DOWNLOAD, version.id),
    ]
    assert entries[0].address == "192.0.2.7"

    response = login(people.workshop_coordinator).get(f"/documents/{document.id}/access-log")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Päivi Korhonen" in html and "Mikko Laine" in html and "Ammattiopisto Luovi" in html
    assert "192.0.2.7" in html and "Ladattu" in html and "Katsottu" in html
    fragment = login(people.workshop_coordinator).get(
        f"/documents/{document.id}/access-log", headers={"HX-Request": "true"}
    )
    assert "<html" not in fragment.get_data(as_text=True)
    assert "Päivi Korhonen" in fragment.get_data(as_text=True)


@pytest.mark.parametrize(
    ("viewer", "status"),
    [
        ("workshop_staff", 403),
        ("provider_coordinator", 403),
        ("social_coordinator", 404),
        ("admin", 404),
    ],
)
def test_others_do_not_read_the_log(
    login: Login, people: People, make_document: MakeDocument, viewer: str, status: int
) -> None:
    document = make_document()
    response = login(getattr(people, viewer)).get(f"/documents/{document.id}/access-log")
    assert response.status_code == status


def test_the_log_cannot_be_changed(
    login: Login, people: People, make_document: MakeDocument, db: Any
) -> None:
    document = make_document()
    client = login(people.workshop_coordinator)
    client.get(f"/documents/{document.id}")
    entry = db.session.scalars(sa.select(AccessLogEntry)).one()
    entry.address = "127.0.0.1"
    with pytest.raises(ImmutableRecordError):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(AccessLogEntry, entry.id))
    with pytest.raises(ImmutableRecordError):
        db.session.flush()
    db.session.rollback()
    # The portal offers no way to change it either.
    for method in ("post", "put", "delete"):
        response = getattr(client, method)(f"/documents/{document.id}/access-log")
        assert response.status_code == 405
