"""Reminders of action items: the owner is told on the day an item is due, and once more
the first time it is found overdue, through ``notify()`` (so by e-mail too, as they chose).

The outbox worker runs :func:`remind_due_action_items` on every round; before
``REMINDER_HOUR`` (Helsinki time) it does nothing, so nobody is reminded at night.
``flask --app portal calendar remind`` runs it at once, whatever the hour.

Each reminder is a row, unique per item, stage and due date, written as the first statement
of its own transaction together with the notification: a reminder is sent exactly once,
even when several workers run, and a reminder of a changed due date is a new one. An item
that is done or dropped is reminded of nothing.
"""

from __future__ import annotations

import enum
import logging
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from portal.annual_calendar.models import ActionItem, ActionState
from portal.annual_calendar.policy import sees
from portal.core.i18n import HELSINKI
from portal.core.models import UTCDateTime, str_enum, utcnow
from portal.core.urls import path_for
from portal.extensions import Model, db
from portal.notifications import kinds
from portal.notifications.service import notify

log = logging.getLogger(__name__)

# Reminders go from this hour of the day on (Helsinki time).
REMINDER_HOUR = 8

ACTION_DUE = kinds.register(
    "calendar.action_due",
    _l("Your action item “%(title)s” (%(event)s) is due on %(date)s."),
    date_params=("date",),
    label=_l("An action item of yours is due"),
)
ACTION_OVERDUE = kinds.register(
    "calendar.action_overdue",
    _l("Your action item “%(title)s” (%(event)s) was due on %(date)s and is still open."),
    date_params=("date",),
    label=_l("An action item of yours is overdue"),
)


class Stage(enum.StrEnum):
    DUE = "due"
    OVERDUE = "overdue"


KIND_OF_STAGE = {Stage.DUE: ACTION_DUE, Stage.OVERDUE: ACTION_OVERDUE}


class ActionItemReminder(Model):
    """A reminder sent (or found needless) for one item, stage and due date."""

    __tablename__ = "calendar_action_reminder"
    __table_args__ = (sa.UniqueConstraint("item_id", "stage", "due_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        sa.ForeignKey("calendar_action_item.id", ondelete="CASCADE"), index=True
    )
    stage: Mapped[Stage] = mapped_column(str_enum(Stage))
    due_on: Mapped[date]
    at: Mapped[datetime] = mapped_column(UTCDateTime())


def _candidates(stage: Stage, today: date) -> list[tuple[int, date]]:
    """Open items at this stage today that have had no reminder of it for their due date."""
    at_stage = ActionItem.due_on == today if stage == Stage.DUE else ActionItem.due_on < today
    reminded = (
        sa.select(ActionItemReminder.id)
        .where(
            ActionItemReminder.item_id == ActionItem.id,
            ActionItemReminder.stage == stage,
            ActionItemReminder.due_on == ActionItem.due_on,
        )
        .exists()
    )
    stmt = (
        sa.select(ActionItem.id, ActionItem.due_on)
        .where(ActionItem.state == ActionState.OPEN, at_stage, ~reminded)
        .order_by(ActionItem.due_on, ActionItem.id)
    )
    return [(row.id, row.due_on) for row in db.session.execute(stmt)]


def _remind(item_id: int, due_on: date, stage: Stage, now: datetime) -> bool:
    """Claim the reminder and tell the owner, in one transaction; False if someone came first."""
    # The claim is the transaction's first statement: on SQLite it takes the write lock
    # before anything is read, and on both databases a second claim fails on the key.
    db.session.add(ActionItemReminder(item_id=item_id, stage=stage, due_on=due_on, at=now))
    try:
        db.session.flush()
    except sa.exc.IntegrityError:
        db.session.rollback()
        return False
    item = db.session.get(ActionItem, item_id, populate_existing=True)
    told = False
    # Read again under the claim: done since, a new date, or an owner who no longer sees
    # the meeting are told nothing (the row stays, so the item is not looked at again).
    if (
        item is not None
        and item.state == ActionState.OPEN
        and item.due_on == due_on
        and item.owner.active
        and sees(item.owner, item.event)
    ):
        notify(
            [item.owner],
            KIND_OF_STAGE[stage],
            link=path_for("annual_calendar.detail", event_id=item.event_id) + "#decisions",
            title=item.title,
            event=item.event.title,
            date=due_on.isoformat(),
        )
        told = True
    db.session.commit()
    return told


def remind_due_action_items(now: datetime | None = None, *, any_hour: bool = False) -> int:
    """Remind the owners of items due today and, once, of those overdue; how many were told."""
    now = now or utcnow()
    local = now.astimezone(HELSINKI)
    if local.hour < REMINDER_HOUR and not any_hour:
        return 0
    today = local.date()
    due = [(stage, found) for stage in Stage for found in _candidates(stage, today)]
    # The reading transaction ends here, so each claim below starts a transaction of its own.
    db.session.commit()
    told = 0
    for stage, (item_id, due_on) in due:
        told += _remind(item_id, due_on, stage, now)
    if told:
        log.info("Reminded the owners of %d action items", told)
    return told
