"""The words the interface uses for the ways a notification is delivered."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.notifications.models import Delivery

DELIVERY_LABELS = {
    Delivery.IMMEDIATELY: _l("By e-mail at once"),
    Delivery.DIGEST: _l("In a daily digest e-mail"),
    Delivery.PORTAL: _l("Only in the portal"),
}
