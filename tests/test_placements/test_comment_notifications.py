"""A comment tells those who work on the placement — the other party's coordinators and
whoever has written in the thread — but never the comment itself outside the portal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.notifications.models import Notification
from portal.placements.models import PlacementStatus
from tests.factories import PlacementBuilder
from tests.mail import Mailbox, deliver

S = PlacementStatus
Login = Callable[[User], FlaskClient]


def told(db: Any) -> dict[int, Notification]:
    rows = db.session.scalars(
        sa.select(Notification).where(Notification.kind == "placement.commented")
    ).all()
    return {n.user_id: n for n in rows}


def comment(client: FlaskClient, placement_id: int, body: str) -> None:
    response = client.post(f"/placements/{placement_id}/comments", data={"body": body})
    assert response.status_code == 303


def test_a_comment_tells_the_other_partys_coordinators_and_the_threads_writers(
    app: Flask,
    db: Any,
    people: dict[str, User],
    make_placement: PlacementBuilder,
    login: Login,
    mailbox: Mailbox,
) -> None:
    placement = make_placement(S.ONGOING)
    comment(login(people["provider_staff"]), placement.id, "Väliarvio sovittu ensi viikolle.")
    # Mikko at Luovi wrote: Parik's coordinator hears of it; Mikko and Parik's staff do not.
    assert set(told(db)) == {people["workshop_coordinator"].id}
    [note] = told(db).values()
    assert note.link == f"/placements/{placement.id}#comments"
    assert note.params["reference"] == placement.reference

    db.session.execute(sa.delete(Notification))
    db.session.commit()
    deliver(app)
    mailbox.clear()
    comment(login(people["workshop_staff"]), placement.id, "Sopii, A.K. on paikalla.")
    # Now Luovi's coordinator, and Mikko who wrote in the thread.
    assert set(told(db)) == {people["provider_coordinator"].id, people["provider_staff"].id}
    assert people["outsider"].id not in told(db) and people["admin"].id not in told(db)

    deliver(app)
    [mail] = mailbox.to(people["provider_coordinator"].email)
    text = mail.get_body(("plain",)).get_content()
    assert placement.reference in text and "kommentoi" in text
    assert "A.K. on paikalla" not in text  # the comment stays in the portal


def test_a_comment_on_a_draft_stays_with_its_sender(
    db: Any, people: dict[str, User], make_placement: PlacementBuilder, login: Login
) -> None:
    placement = make_placement(S.DRAFT)
    comment(login(people["provider_staff"]), placement.id, "Luonnos valmis tarkistettavaksi.")
    # The workshop does not see a draft: its coordinators are not told. Luovi's own
    # coordinator has not written in the thread either.
    assert told(db) == {}
    comment(login(people["provider_coordinator"]), placement.id, "Katson huomenna.")
    assert set(told(db)) == {people["provider_staff"].id}
