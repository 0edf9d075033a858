"""How the calendar writes times and months, in the reader's language and Finnish time."""

from __future__ import annotations

from babel.dates import get_month_names
from flask_babel import format_date, format_time, get_locale

from portal.annual_calendar.blueprint import bp
from portal.annual_calendar.models import Event


@bp.app_template_filter("event_when")
def event_when(event: Event) -> str:
    """The event's days and times, e.g. "12.3.2026 9.00–12.00" or "4.5.2026 – 6.5.2026"."""
    first = format_date(event.local_start, "medium")
    if event.all_day:
        if event.start_date == event.end_date:
            return first
        return f"{first} – {format_date(event.end_date, 'medium')}"
    start = format_time(event.local_start, "short")
    end = format_time(event.local_end, "short")
    if event.start_date == event.end_date:
        return f"{first} {start}–{end}"
    return f"{first} {start} – {format_date(event.local_end, 'medium')} {end}"


@bp.app_template_global()
def month_name(number: int) -> str:
    locale = get_locale() or "fi"
    name = get_month_names("wide", context="stand-alone", locale=locale)[number]
    return name[:1].upper() + name[1:]
