"""iCalendar (RFC 5545) for calendar clients: one event's ``.ics`` and a person's feed.

Each event keeps its UID for life and raises its SEQUENCE on every change; a cancelled
event stays in the feed with STATUS:CANCELLED so that subscribed clients remove it. Times
are written in Finnish time with a VTIMEZONE for Europe/Helsinki, whose rules (the last
Sundays of March and October) hold for every year, not only for a table of dates.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from email.utils import parseaddr
from typing import TYPE_CHECKING

from flask import current_app
from flask_babel import gettext as _
from icalendar import Calendar, Timezone, TimezoneDaylight, TimezoneStandard, vCalAddress, vRecur
from icalendar import Event as VEvent

from portal.annual_calendar.labels import KIND_LABELS, ROLE_LABELS
from portal.annual_calendar.models import Event
from portal.core.urls import public_url

if TYPE_CHECKING:
    from portal.auth.models import User

PRODID = "-//Silta//Vuosikello//FI"
TZID = "Europe/Helsinki"


def helsinki_vtimezone() -> Timezone:
    """Europe/Helsinki: EET (+02:00), summer time EEST (+03:00) from March to October."""
    zone = Timezone()
    zone.add("tzid", TZID)
    zone.add("x-lic-location", TZID)
    summer = TimezoneDaylight()
    summer.add("tzname", "EEST")
    summer.add("tzoffsetfrom", timedelta(hours=2))
    summer.add("tzoffsetto", timedelta(hours=3))
    summer.add("dtstart", datetime(1970, 3, 29, 3, 0))
    summer.add("rrule", vRecur(freq="YEARLY", bymonth=3, byday="-1SU"))
    winter = TimezoneStandard()
    winter.add("tzname", "EET")
    winter.add("tzoffsetfrom", timedelta(hours=3))
    winter.add("tzoffsetto", timedelta(hours=2))
    winter.add("dtstart", datetime(1970, 10, 25, 4, 0))
    winter.add("rrule", vRecur(freq="YEARLY", bymonth=10, byday="-1SU"))
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


def _calendar(name: str, method: str | None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", TZID)
    calendar.add_component(helsinki_vtimezone())
    return calendar


def _description(event: Event, link: str) -> str:
    parts = []
    if event.exchange is not None:
        exchange = event.exchange
        parts.append(
            _(
                "Staff exchange: %(guest)s (%(role)s, %(guest_party)s) hosted by %(host)s.",
                guest=exchange.guest.name if exchange.guest else _("a visitor to be named"),
                role=ROLE_LABELS[exchange.guest_role],
                guest_party=exchange.guest_party.name,
                host=exchange.host_party.name,
            )
        )
    if event.description:
        parts.append(event.description)
    if event.agenda:
        parts.append(_("Agenda") + ":\n" + event.agenda)
    if event.is_cancelled and event.cancellation_reason:
        parts.append(_("Cancelled") + ": " + event.cancellation_reason)
    parts.append(link)
    return "\n\n".join(parts)


def event_link(event: Event) -> str:
    """The event page's full address, also outside a request (for mail sent by a worker)."""
    return public_url("annual_calendar.detail", event_id=event.id)


def vevent(event: Event) -> VEvent:
    """One event as a VEVENT, in the current language."""
    link = event_link(event)
    component = VEvent()
    component.add("uid", event.uid)
    component.add("dtstamp", event.updated_at.astimezone(UTC))
    component.add("created", event.created_at.astimezone(UTC))
    component.add("last-modified", event.updated_at.astimezone(UTC))
    component.add("sequence", event.sequence)
    component.add("summary", event.title)
    if event.all_day:
        component.add("dtstart", event.start_date)
        # DTEND of an all-day event is the day after its last day.
        component.add("dtend", event.local_end.date())
        component.add("transp", "TRANSPARENT")
    else:
        component.add("dtstart", event.local_start, parameters={"TZID": TZID})
        component.add("dtend", event.local_end, parameters={"TZID": TZID})
    if event.place:
        component.add("location", event.place)
    component.add("description", _description(event, link))
    component.add("url", link)
    component.add("categories", [str(KIND_LABELS[event.kind])])
    component.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    component.add("class", "PRIVATE")
    return component


def event_calendar(event: Event, *, method: str = "PUBLISH") -> bytes:
    """One event as a calendar file: the ``.ics`` download, and the attachment of its e-mail.

    Outside a request, call it within ``force_locale(recipient's language)``.
    """
    calendar = _calendar(event.title, method)
    calendar.add_component(vevent(event))
    return calendar.to_ical()


def invitation_calendar(event: Event, attendee: User, *, method: str) -> bytes:
    """The file an invitation mail carries (METHOD:REQUEST, or CANCEL when the event is
    cancelled or the reader is no longer invited).

    Mail clients offer to add a REQUEST to the calendar when it names an organiser and the
    reader as an attendee; answers go through the portal, so no reply is asked for.
    """
    calendar = _calendar(event.title, method)
    component = vevent(event)
    if method == "CANCEL":
        # For a reader no longer invited the event is off, though it goes on for the others.
        component.pop("status")
        component.add("status", "CANCELLED")
    component.add(
        "organizer",
        vCalAddress(f"mailto:{parseaddr(current_app.config['MAIL_SENDER'])[1]}"),
        parameters={"CN": event.organiser.name},
    )
    component.add(
        "attendee",
        vCalAddress(f"mailto:{attendee.email}"),
        parameters={
            "CN": attendee.name,
            "ROLE": "REQ-PARTICIPANT",
            "PARTSTAT": "NEEDS-ACTION",
            "RSVP": "FALSE",
        },
    )
    calendar.add_component(component)
    return calendar.to_ical()


def feed_calendar(events: Iterable[Event]) -> bytes:
    """A person's subscription: every event they may see."""
    calendar = _calendar("Silta – " + _("Annual calendar"), "PUBLISH")
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    for event in events:
        calendar.add_component(vevent(event))
    return calendar.to_ical()
