"""What the calendar views show: the user's visible events of a year or a month, filtered."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.annual_calendar.models import (
    Event,
    EventKind,
    EventStatus,
    StaffExchange,
    event_party,
)
from portal.auth.models import User
from portal.core.authz import visible
from portal.core.i18n import HELSINKI
from portal.core.models import utcnow
from portal.extensions import db
from portal.parties.models import Party

# The guidelines: coordinators meet 1–3 times a year (more often in the early phase).
MEETINGS_EXPECTED = (1, 3)


@dataclass(frozen=True)
class Filters:
    kind: EventKind | None = None
    party_id: int | None = None

    def args(self) -> dict[str, str | int]:
        """The filters as query arguments, for links that keep them."""
        result: dict[str, str | int] = {}
        if self.kind is not None:
            result["kind"] = self.kind.value
        if self.party_id is not None:
            result["party"] = self.party_id
        return result


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=HELSINKI)


def year_bounds(year: int) -> tuple[datetime, datetime]:
    return local_midnight(date(year, 1, 1)), local_midnight(date(year + 1, 1, 1))


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return local_midnight(date(year, month, 1)), local_midnight(following)


def events_between(
    user: User, starts: datetime, ends: datetime, filters: Filters = Filters()
) -> list[Event]:
    """The user's visible events overlapping [starts, ends), in order of their start."""
    stmt = (
        visible(Event, user)
        .where(Event.starts_at < ends, Event.ends_at > starts)
        .options(
            selectinload(Event.organiser),
            selectinload(Event.invited_parties),
            selectinload(Event.exchange).selectinload(StaffExchange.guest),
        )
        .order_by(Event.starts_at, Event.id)
    )
    if filters.kind is not None:
        stmt = stmt.where(Event.kind == filters.kind)
    if filters.party_id is not None:
        invited = (
            sa.select(event_party.c.event_id)
            .where(event_party.c.event_id == Event.id, event_party.c.party_id == filters.party_id)
            .exists()
        )
        stmt = stmt.where(sa.or_(Event.organiser_party_id == filters.party_id, invited))
    return list(db.session.scalars(stmt))


def filter_parties(user: User, year: int) -> list[Party]:
    """The parties that organise, or are invited to, an event of the year that the user
    sees: the choices of the party filter, asked of the database rather than every party of
    the portal, and of the year shown rather than every year's events."""
    starts, ends = year_bounds(year)
    events = visible(Event, user).where(Event.starts_at < ends, Event.ends_at > starts)
    organisers = events.with_only_columns(Event.organiser_party_id)
    invited = sa.select(event_party.c.party_id).where(
        event_party.c.event_id.in_(events.with_only_columns(Event.id))
    )
    return list(
        db.session.scalars(
            sa.select(Party)
            .where(sa.or_(Party.id.in_(organisers), Party.id.in_(invited)))
            .order_by(Party.name)
        )
    )


def by_month(events: list[Event], year: int) -> dict[int, list[Event]]:
    """Events under each month of the year they touch (a long one under several)."""
    months: dict[int, list[Event]] = {m: [] for m in range(1, 13)}
    for event in events:
        first = event.start_date if event.start_date.year == year else date(year, 1, 1)
        last = event.end_date if event.end_date.year == year else date(year, 12, 31)
        for month in range(first.month, last.month + 1):
            months[month].append(event)
    return months


@dataclass
class MeetingCheck:
    """How many coordinators' meetings the year has, against the guidelines' 1–3."""

    year: int
    held: list[Event] = field(default_factory=list)
    planned: list[Event] = field(default_factory=list)

    @property
    def meetings(self) -> list[Event]:
        return self.held + self.planned

    @property
    def count(self) -> int:
        return len(self.meetings)

    @property
    def reasons(self) -> list[Event]:
        return [m for m in self.meetings if m.extra_meeting_reason.strip()]

    @property
    def none(self) -> bool:
        return self.count == 0

    @property
    def too_many_without_reason(self) -> bool:
        return self.count > MEETINGS_EXPECTED[1] and not self.reasons

    @property
    def more_with_reason(self) -> bool:
        return self.count > MEETINGS_EXPECTED[1] and bool(self.reasons)


def meeting_check(user: User, year: int) -> MeetingCheck:
    """The year's coordinators' meetings that the user can see, held and planned."""
    starts, ends = year_bounds(year)
    now = utcnow()
    check = MeetingCheck(year)
    for event in events_between(user, starts, ends, Filters(kind=EventKind.MEETING)):
        # A meeting belongs to the year it starts in.
        if event.status == EventStatus.CANCELLED or event.start_date.year != year:
            continue
        (check.held if event.ends_at <= now else check.planned).append(event)
    return check
