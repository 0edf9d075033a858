"""Where the packages above the calendar add to its pages (see portal.core.extension_points)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from portal.core.extension_points import Hook

if TYPE_CHECKING:
    from portal.annual_calendar.models import Event
    from portal.auth.models import User

# Once an event's minutes note is saved: the address where the recorder shares the minutes
# themselves as a document, or None when there is nothing more to do (document_links).
minutes_document_url: Hook[[User, Event], str | None] = Hook("annual_calendar.minutes_document_url")

# Whether the event has documents of a role ("agenda", "minutes") that the user may read, so
# that its page says "No agenda yet" only when there is neither a note nor a document
# (document_links; the documents themselves are its panels on the page).
has_documents: Hook[[User, Event, str], bool] = Hook("annual_calendar.has_documents")
