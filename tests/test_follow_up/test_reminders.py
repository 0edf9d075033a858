"""The reminder of a follow-up come due: once, to the named person, in the portal and by mail
that names the placement's reference and a link to the portal — never the young person."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from flask import Flask

from portal.auth.models import User
from portal.core.dates import today
from portal.core.i18n import HELSINKI
from portal.follow_up.reminders import remind_due_follow_ups
from portal.notifications.models import Notification
from portal.placements.models import PlacementStatus
from tests import factories
from tests.factories import PlacementBuilder
from tests.mail import Mailbox, body_of, deliver
from tests.people import People

S = PlacementStatus
DUE = date(2026, 3, 10)


def at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=HELSINKI).astimezone(UTC)


def remind(app: Flask, now: datetime, **kw: Any) -> int:
    with app.app_context():
        return remind_due_follow_ups(now, **kw)


def notifications(db: Any, user: User) -> list[Notification]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Notification).where(Notification.user_id == user.id)))


def test_the_named_person_is_told_once_by_mail_with_the_reference_only(
    app: Flask,
    db: Any,
    people: People,
    make_placement: PlacementBuilder,
    mailbox: Mailbox,
) -> None:
    people.workshop_staff.locale = "en"
    placement = make_placement(S.COMPLETED, full_name="Aino Koivisto", initials="A.K.")
    follow_up = factories.FollowUpFactory(
        placement=placement, due_on=DUE, asked_id=people.workshop_staff.id
    )
    db.session.commit()
    assert remind(app, at(DUE - timedelta(days=1))) == 0
    assert remind(app, at(DUE, 7)) == 0  # not at night
    assert remind(app, at(DUE)) == 1
    assert remind(app, at(DUE, 15)) == 0
    assert remind(app, at(DUE + timedelta(days=5))) == 0
    [told] = notifications(db, people.workshop_staff)
    assert told.kind == "follow_up.due" and told.link == f"/follow-ups/{follow_up.id}"

    deliver(app)
    [mail] = mailbox.to(people.workshop_staff.email)
    body = body_of(mail)
    assert placement.reference in body
    assert f"https://silta.example/follow-ups/{follow_up.id}" in body or (
        f"/follow-ups/{follow_up.id}" in body
    )
    for name in ("Aino", "Koivisto", "A.K."):
        assert name not in body and name not in str(mail["Subject"])
    # Nobody else heard of it.
    assert notifications(db, people.workshop_coordinator) == []


def test_answered_follow_ups_and_people_who_left_the_team_are_not_reminded(
    app: Flask, db: Any, people: People, make_placement: PlacementBuilder
) -> None:
    placement = make_placement(S.COMPLETED)
    factories.FollowUpFactory(
        placement=placement, due_on=DUE, asked_id=people.workshop_staff.id, answered=True
    )
    other = make_placement(S.COMPLETED, reference="LUOVI-2026-002")
    # Asked once, and no longer on the team (nor ever seeing the placement again).
    gone = factories.UserFactory(party=people.workshop)
    factories.FollowUpFactory(placement=other, due_on=DUE, asked_id=gone.id)
    db.session.commit()
    assert remind(app, at(DUE)) == 0
    assert notifications(db, gone) == []
    assert notifications(db, people.workshop_staff) == []


def test_the_command_reminds_at_once(
    app: Flask, db: Any, people: People, make_placement: PlacementBuilder, runner: Any
) -> None:
    factories.FollowUpFactory(
        placement=make_placement(S.COMPLETED),
        due_on=today(),
        asked_id=people.workshop_staff.id,
    )
    db.session.commit()
    result = runner.invoke(args=["follow-up", "remind"])
    assert result.exit_code == 0, result.output
    assert "1 follow-up." in result.output
    assert len(notifications(db, people.workshop_staff)) == 1
