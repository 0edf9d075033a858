"""The portal's calendar: which day it is, and arithmetic that several features share."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

# The workshops, schools and their people are in Finland: a day starts at midnight there.
HELSINKI = ZoneInfo("Europe/Helsinki")


def today(now: datetime | None = None) -> date:
    """The day it is in Finland (at ``now``, an aware instant; by default this moment).

    Never the server's own date: a server on UTC is still on yesterday for two or three
    hours after Finnish midnight, and a deadline, a daily record or a quota's last day would
    be judged by the wrong day.
    """
    return (now or datetime.now(UTC)).astimezone(HELSINKI).date()


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it has no such day.

    31 January plus one month is 28 (or 29) February: a period "of one month" from the last
    day of a month ends with the next month, not in the one after it.
    """
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
