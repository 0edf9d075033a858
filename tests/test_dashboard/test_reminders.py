"""The daily reminders of action items: once when due, once when overdue, never when done."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from portal.annual_calendar import reminders
from portal.annual_calendar.models import ActionItem, ActionState
from portal.annual_calendar.reminders import (
    ActionItemReminder,
    Stage,
    _remind,
    remind_due_action_items,
)
from portal.auth.models import User
from portal.core.i18n import HELSINKI
from portal.notifications.models import Notification
from portal.outbox import worker
from tests.mail import Mailbox, body_of, deliver
from tests.test_dashboard.conftest import People, make_action_item, make_event

DUE = date(2026, 3, 10)


def at(day: date, hour: int = 9) -> datetime:
    """A moment of that day, Helsinki time, as the worker would see it (in UTC)."""
    return datetime.combine(day, time(hour), tzinfo=HELSINKI).astimezone(UTC)


def notifications(db: Any, user: User) -> list[Notification]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
        )
    )


def remind(app: Flask, now: datetime, **kw: Any) -> int:
    with app.app_context():
        return remind_due_action_items(now, **kw)


def item_of(people: People, due_on: date = DUE, **kw: Any) -> ActionItem:
    meeting = make_event(
        people.parik, "Vastuuhenkilöiden tapaaminen", due_on - timedelta(days=30),
        parties=(people.luovi,),
    )  # fmt: skip
    return make_action_item(meeting, people.paivi, "Kootaan tarpeet", due_on, **kw)


def test_the_owner_is_told_once_on_the_due_date_and_once_when_overdue(
    app: Flask, db: Any, people: People, mailbox: Mailbox
) -> None:
    people.paivi.locale = "en"
    item = item_of(people)
    assert remind(app, at(DUE - timedelta(days=1))) == 0
    assert remind(app, at(DUE)) == 1
    assert remind(app, at(DUE, 15)) == 0  # the same day, again: nothing
    [due] = notifications(db, people.paivi)
    assert due.kind == "calendar.action_due"
    assert due.link == f"/calendar/events/{item.event_id}#decisions"
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert due.message == (
            "Your action item “Kootaan tarpeet” (Vastuuhenkilöiden tapaaminen) is due on "
            "10 Mar 2026."
        )

    # The e-mail follows through the outbox, in the owner's language.
    deliver(app)
    [mail] = mailbox.to(people.paivi.email)
    assert "Kootaan tarpeet" in body_of(mail)
    assert f"/calendar/events/{item.event_id}#decisions" in body_of(mail)

    assert remind(app, at(DUE + timedelta(days=1))) == 1
    for later in (1, 2, 7):
        assert remind(app, at(DUE + timedelta(days=later), 18)) == 0
    kinds = [n.kind for n in notifications(db, people.paivi)]
    assert kinds == ["calendar.action_due", "calendar.action_overdue"]


def test_nothing_is_sent_before_eight_in_the_morning(app: Flask, db: Any, people: People) -> None:
    item_of(people)
    assert remind(app, at(DUE, 7)) == 0
    assert notifications(db, people.paivi) == []
    # The command sends at once, whatever the hour.
    assert remind(app, at(DUE, 7), any_hour=True) == 1


def test_done_and_dropped_items_are_not_reminded(app: Flask, db: Any, people: People) -> None:
    item_of(people, state=ActionState.DONE)
    item_of(people, state=ActionState.DROPPED)
    assert remind(app, at(DUE)) == 0
    assert remind(app, at(DUE + timedelta(days=3))) == 0
    assert notifications(db, people.paivi) == []


def test_an_item_first_seen_overdue_gets_only_the_overdue_reminder(
    app: Flask, db: Any, people: People
) -> None:
    item_of(people)
    assert remind(app, at(DUE + timedelta(days=5))) == 1
    assert [n.kind for n in notifications(db, people.paivi)] == ["calendar.action_overdue"]


def test_a_new_due_date_is_reminded_anew(app: Flask, db: Any, people: People) -> None:
    item = item_of(people)
    remind(app, at(DUE))
    remind(app, at(DUE + timedelta(days=1)))
    item.due_on = DUE + timedelta(days=14)
    db.session.commit()
    assert remind(app, at(DUE + timedelta(days=2))) == 0
    assert remind(app, at(DUE + timedelta(days=14))) == 1
    assert len(notifications(db, people.paivi)) == 3


def test_an_owner_who_no_longer_sees_the_meeting_is_not_told(
    app: Flask, db: Any, people: People
) -> None:
    item = item_of(people)
    item.event.invited_parties = []
    db.session.commit()
    assert remind(app, at(DUE)) == 0
    assert notifications(db, people.paivi) == []
    # It is looked at once: the next rounds do not try it again.
    assert db.session.scalar(sa.select(sa.func.count(ActionItemReminder.id))) == 1


def test_a_reminder_already_claimed_is_not_sent_twice(app: Flask, db: Any, people: People) -> None:
    # Two workers that found the same item: the second claim fails on the unique key.
    item = item_of(people)
    with app.app_context():
        assert _remind(item.id, DUE, Stage.DUE, at(DUE)) is True
        assert _remind(item.id, DUE, Stage.DUE, at(DUE)) is False
    assert len(notifications(db, people.paivi)) == 1


def test_the_worker_reminds_on_its_rounds(
    app: Flask, db: Any, people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Whatever the hour the tests run at.
    monkeypatch.setattr(reminders, "REMINDER_HOUR", 0)
    item = item_of(people, due_on=datetime.now(HELSINKI).date() - timedelta(days=1))
    with app.app_context():
        worker.run_round_jobs()
        worker.run_round_jobs()
    [overdue] = notifications(db, people.paivi)
    assert overdue.kind == "calendar.action_overdue"
    assert overdue.params["title"] == item.title


def test_the_command_reminds_at_once(app: Flask, db: Any, people: People) -> None:
    item_of(people, due_on=datetime.now(HELSINKI).date())
    runner = app.test_cli_runner()
    result = runner.invoke(args=["calendar", "remind"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Reminded the owners of 1 action item."
    result = runner.invoke(args=["calendar", "remind"])
    assert result.output.strip() == "Reminded the owners of 0 action items."


def test_the_owner_chooses_how_reminders_arrive(
    people: People, login: Callable[[User], FlaskClient]
) -> None:
    people.paivi.locale = "en"
    html = login(people.paivi).get("/notifications/preferences").get_data(as_text=True)
    assert "An action item of yours is due" in html
    assert "An action item of yours is overdue" in html
