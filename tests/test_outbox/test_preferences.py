"""Each person chooses, per kind of notification: e-mail at once, a daily digest, or the portal."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.notifications.kinds import all_kinds
from portal.notifications.models import Delivery, NotificationPreference
from portal.notifications.service import preferences_of
from tests.conftest import csrf_token_from

URL = "/notifications/preferences"


def stored(db: Any, user: User) -> dict[str, Delivery]:
    db.session.expire_all()
    return {
        p.kind: p.delivery
        for p in db.session.query(NotificationPreference).filter_by(user_id=user.id)
    }


def choices(**chosen: str) -> dict[str, str]:
    """The form's data: every registered kind at its default unless chosen otherwise."""
    data = {f"kind__{kind.name.replace('.', '__')}": "immediately" for kind in all_kinds()}
    data.update({f"kind__{key}": value for key, value in chosen.items()})
    return data


def checked(html: str) -> dict[str, str]:
    """The chosen option of each kind on the page."""
    return dict(
        re.findall(r'<input checked id="[^"]+" name="kind__([a-z_]+)" [^>]*value="(\w+)"', html)
    )


def test_every_kind_is_offered_with_at_once_as_the_default(
    coordinator_client: FlaskClient,
) -> None:
    response = coordinator_client.get(URL)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<legend>Osapuoli liittyy linjauksiin</legend>" in html
    assert "<legend>Osapuoli irtisanoutuu linjauksista</legend>" in html
    offered = checked(html)
    assert {kind.name.replace(".", "__") for kind in all_kinds()} == set(offered)
    assert set(offered.values()) == {"immediately"}
    assert "Päivittäinen kooste lähtee klo 16.00" in html
    assert "coordinator@parik.example" in html


def test_choices_are_saved_and_shown_again(
    coordinator_client: FlaskClient, coordinator: User, db: Any
) -> None:
    response = coordinator_client.post(
        URL, data=choices(party__joined="portal", party__withdrew="digest")
    )
    assert response.status_code == 303 and response.headers["Location"] == URL
    assert stored(db, coordinator) == {
        "party.joined": Delivery.PORTAL,
        "party.withdrew": Delivery.DIGEST,
    }
    html = coordinator_client.get(URL).get_data(as_text=True)
    shown = checked(html)
    assert shown["party__joined"] == "portal" and shown["party__withdrew"] == "digest"

    # Back to the default: no row is kept for it.
    coordinator_client.post(URL, data=choices(party__withdrew="digest"))
    assert stored(db, coordinator) == {"party.withdrew": Delivery.DIGEST}


def test_a_missing_or_unknown_choice_is_explained_and_nothing_is_saved(
    coordinator_client: FlaskClient, coordinator: User, db: Any
) -> None:
    response = coordinator_client.post(
        URL, data=choices(party__joined="pigeon", party__withdrew="digest")
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="kind__party__joined-error"' in html
    assert 'id="kind__party__withdrew-error"' not in html
    # What was chosen is kept on the page.
    assert checked(html)["party__withdrew"] == "digest"
    assert "party__joined" not in checked(html)
    assert stored(db, coordinator) == {}


def test_each_person_has_their_own_choices(
    coordinator_client: FlaskClient,
    staff_client: FlaskClient,
    coordinator: User,
    staff: User,
    db: Any,
) -> None:
    staff_client.post(URL, data=choices(party__joined="portal", party__withdrew="portal"))
    assert stored(db, coordinator) == {}
    assert stored(db, staff) == {"party.joined": Delivery.PORTAL, "party.withdrew": Delivery.PORTAL}
    html = coordinator_client.get(URL).get_data(as_text=True)
    offered = checked(html)
    assert {kind.name.replace(".", "__") for kind in all_kinds()} == set(offered)
    assert set(offered.values()) == {"immediately"}


def test_the_form_needs_its_csrf_token(
    csrf_enabled: None, coordinator_client: FlaskClient, coordinator: User, db: Any
) -> None:
    data = choices(party__joined="portal", party__withdrew="portal")
    assert coordinator_client.post(URL, data=data).status_code == 400
    assert stored(db, coordinator) == {}
    token = csrf_token_from(coordinator_client.get(URL).get_data(as_text=True))
    response = coordinator_client.post(URL, data=data, headers={"X-CSRFToken": token})
    assert response.status_code == 303


def test_signing_in_is_required(client: FlaskClient) -> None:
    response = client.get(URL)
    assert response.status_code == 303 and "/auth/login" in response.headers["Location"]


def test_the_page_is_linked_from_the_account_and_the_notifications(
    coordinator_client: FlaskClient,
) -> None:
    for page in ("/auth/account", "/notifications/"):
        assert f'href="{URL}"' in coordinator_client.get(page).get_data(as_text=True)


def test_preferences_of_lists_every_kind(app: Flask, coordinator: User, db: Any) -> None:
    db.session.add(
        NotificationPreference(
            user_id=coordinator.id, kind="party.joined", delivery=Delivery.DIGEST
        )
    )
    db.session.commit()
    with app.app_context():
        preferences = preferences_of(coordinator)
    assert set(preferences) == {kind.name for kind in all_kinds()}
    assert preferences["party.joined"] == Delivery.DIGEST
    assert {preferences[name] for name in preferences if name != "party.joined"} == {
        Delivery.IMMEDIATELY
    }
