from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.notifications.models import Notification
from portal.notifications.party_notices import PARTY_JOINED
from portal.notifications.service import notify
from tests import factories


def test_notification_shows_in_the_readers_language(
    app: Flask, coordinator_client: FlaskClient, coordinator: User, db: Any
) -> None:
    with app.app_context():
        notify([coordinator], PARTY_JOINED, link="/directory", party="Kotkan paja")
        db.session.commit()
    html = coordinator_client.get("/notifications/").get_data(as_text=True)
    assert "Kotkan paja on liittynyt yhteistyön linjauksiin." in html
    coordinator_client.post("/language", data={"locale": "en"})
    html = coordinator_client.get("/notifications/").get_data(as_text=True)
    assert "Kotkan paja has joined the collaboration agreement." in html


def test_bell_counts_unread_and_opening_marks_read(
    app: Flask, coordinator_client: FlaskClient, coordinator: User, db: Any
) -> None:
    with app.app_context():
        notify([coordinator], PARTY_JOINED, link="/directory", party="A")
        notify([coordinator], PARTY_JOINED, link="/directory", party="B")
        db.session.commit()
    assert "2 lukematonta" in coordinator_client.get("/").get_data(as_text=True)

    first = db.session.query(Notification).filter_by(user_id=coordinator.id).first()
    response = coordinator_client.get(f"/notifications/{first.id}")
    assert response.status_code == 303 and response.headers["Location"] == "/directory"
    assert "1 lukematon" in coordinator_client.get("/").get_data(as_text=True)

    coordinator_client.post("/notifications/read")
    assert "lukemat" not in coordinator_client.get("/").get_data(as_text=True)


def test_another_persons_notification_is_404(
    app: Flask, staff_client: FlaskClient, coordinator: User, db: Any
) -> None:
    with app.app_context():
        [theirs] = notify([coordinator], PARTY_JOINED, link="/directory", party="A")
        db.session.commit()
    assert staff_client.get(f"/notifications/{theirs.id}").status_code == 404
    assert "A on liittynyt" not in staff_client.get("/notifications/").get_data(as_text=True)
    db.session.refresh(theirs)
    assert theirs.read_at is None


def test_deactivated_people_are_not_notified(db: Any) -> None:
    gone = factories.UserFactory(active=False)
    assert notify([gone], PARTY_JOINED, party="A") == []
