"""The words for what a document belongs to."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.document_links.models import EventRole, LinkKind

EVENT_ROLE_LABELS = {
    EventRole.AGENDA: _l("The agenda"),
    EventRole.MINUTES: _l("The minutes"),
    EventRole.OTHER: _l("Another document of the event"),
}

# Short forms, shown beside a document's link to its event.
EVENT_ROLE_NAMES = {
    EventRole.AGENDA: _l("agenda"),
    EventRole.MINUTES: _l("minutes"),
    EventRole.OTHER: _l("other document"),
}

KIND_LABELS = {
    LinkKind.PLACEMENT: _l("Placements"),
    LinkKind.EVENT: _l("Calendar events"),
    LinkKind.REPORT: _l("Learning-environment reports"),
    LinkKind.WITHDRAWAL: _l("Notices of withdrawal"),
}

ALL_OF_KIND = {
    LinkKind.PLACEMENT: _l("Any placement"),
    LinkKind.EVENT: _l("Any calendar event"),
    LinkKind.REPORT: _l("Any learning-environment report"),
    LinkKind.WITHDRAWAL: _l("Any notice of withdrawal"),
}
