"""A day's presence as the reader's language names it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.daily_records.models import Presence

PRESENCE_LABELS = {
    Presence.PRESENT: _l("Present"),
    Presence.ILL: _l("Absent: ill"),
    Presence.ABSENT: _l("Absent: other reason"),
    Presence.AGREED_LEAVE: _l("Absent: agreed leave"),
}
