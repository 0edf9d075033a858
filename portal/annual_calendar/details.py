"""What an organiser gives for an event, and its times.

Times are Finnish time; a time that the clocks skip when summer time begins does not exist
and is refused. An event ends after it starts; an all-day event runs from midnight to
midnight.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l

from portal.annual_calendar.models import EventKind, ExchangeRole
from portal.core.errors import DomainError
from portal.core.i18n import HELSINKI


@dataclass
class ExchangeDetails:
    guest_id: int | None
    host_party_id: int
    guest_role: ExchangeRole
    # Needed when no guest is named yet; otherwise the guest's own party.
    guest_party_id: int | None = None


@dataclass
class EventDetails:
    kind: EventKind
    title: str
    start_date: date
    end_date: date
    all_day: bool = False
    start_time: time | None = None
    end_time: time | None = None
    place: str = ""
    description: str = ""
    agenda: str = ""
    extra_meeting_reason: str = ""
    invited_party_ids: list[int] = field(default_factory=list)
    invited_user_ids: list[int] = field(default_factory=list)
    exchange: ExchangeDetails | None = None


def local_to_utc(day: date, at: time, field_name: str) -> datetime:
    """A Finnish wall-clock time as an aware datetime; refuse a time the clocks skip."""
    local = datetime.combine(day, at, tzinfo=HELSINKI)
    # When summer time begins, 03:00–03:59 does not exist: a round trip through UTC moves it.
    if local.astimezone(UTC).astimezone(HELSINKI).replace(tzinfo=None) != local.replace(
        tzinfo=None
    ):
        raise DomainError(
            _l("This time does not exist in Finland: the clocks go forward an hour that night."),
            field=field_name,
        )
    return local


def event_times(details: EventDetails) -> tuple[datetime, datetime]:
    """Start and end as aware datetimes; an all-day event runs from midnight to midnight."""
    if details.all_day:
        if details.end_date < details.start_date:
            raise DomainError(_l("The event must end after it starts."), field="end_date")
        starts = datetime.combine(details.start_date, time(0), tzinfo=HELSINKI)
        ends = datetime.combine(details.end_date + timedelta(days=1), time(0), tzinfo=HELSINKI)
        return starts, ends
    if details.start_time is None:
        raise DomainError(
            _l("Enter the starting time, or mark the event all-day."), field="start_time"
        )
    if details.end_time is None:
        raise DomainError(_l("Enter the ending time, or mark the event all-day."), field="end_time")
    starts = local_to_utc(details.start_date, details.start_time, "start_time")
    ends = local_to_utc(details.end_date, details.end_time, "end_time")
    if ends <= starts:
        raise DomainError(_l("The event must end after it starts."), field="end_time")
    return starts, ends
