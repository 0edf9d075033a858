"""In-app notifications: what happened that a user should know about, and its mail, at once
or in the daily digest."""

from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_login import current_user


def init_app(app: Flask) -> None:
    from portal.core.extension_points import panels
    from portal.notifications import cli, kinds, party_notices, policy, views  # noqa: F401
    from portal.notifications.blueprint import bp
    from portal.notifications.digest import queue_due_digests
    from portal.outbox import labels as outbox_labels
    from portal.outbox.worker import each_round
    from portal.parties import extension_points as parties

    app.register_blueprint(bp)
    # The digest is queued first in each round of the worker, before the other features' jobs.
    each_round(queue_due_digests)
    outbox_labels.PURPOSE_LABELS["digest"] = _l("Daily digest")
    outbox_labels.name_purposes(kinds.label_of)
    parties.joined.connect(party_notices.party_joined)
    parties.withdrew.connect(party_notices.party_withdrew)
    panels.add("base.header.user", "notifications/_bell.html")
    app.jinja_env.globals["unread_notifications"] = _unread_notifications


def _unread_notifications() -> int:
    from portal.notifications.service import unread_this_request

    return unread_this_request(current_user) if current_user.is_authenticated else 0
