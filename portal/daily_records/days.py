"""The calendar of daily records: months, a period's days, weekends and
Finnish public holidays (a record may still be written on them; the screen says so)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

from portal.core.i18n import current_language
from portal.placements.models import Placement

# The holidays package's names of the portal's languages.
HOLIDAY_LANGUAGES = {"fi": "fi", "sv": "sv_FI", "en": "en_US"}


def month_of(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def previous_month(month: date) -> date:
    return (month - timedelta(days=1)).replace(day=1)


def month_days(month: date) -> list[date]:
    end = next_month(month)
    return [month + timedelta(days=n) for n in range((end - month).days)]


def first_day(placement: Placement) -> date:
    """The period's first day: when it started, or as agreed until it has."""
    return placement.started_on or placement.start_on


def last_day(placement: Placement) -> date | None:
    """The period's last day: when it ended, or as agreed while it goes on."""
    return placement.ended_on or placement.end_on


def within_period(placement: Placement, day: date) -> bool:
    last = last_day(placement)
    return first_day(placement) <= day and (last is None or day <= last)


@lru_cache(maxsize=32)
def _holidays(year: int, language: str) -> dict[date, str]:
    return dict(holidays.Finland(years=year, language=language).items())


def holiday_name(day: date) -> str | None:
    """The Finnish public holiday on ``day``, named in the reader's language, if any."""
    language = HOLIDAY_LANGUAGES.get(current_language(), "fi")
    return _holidays(day.year, language).get(day)


def is_weekend(day: date) -> bool:
    return day.weekday() >= 5
