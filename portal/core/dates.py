"""Calendar arithmetic that several features share."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it has no such day.

    31 January plus one month is 28 (or 29) February: a period "of one month" from the last
    day of a month ends with the next month, not in the one after it.
    """
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
