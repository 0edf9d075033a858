"""The shared annual calendar (vuosikello): meetings, staff exchanges, trainings and visits."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from portal.core import navigation
from portal.core.navigation import NavItem

# Its commands are `flask --app portal calendar …`.
bp = Blueprint("annual_calendar", __name__, url_prefix="/calendar", cli_group="calendar")

from portal.annual_calendar import (  # noqa: E402,F401
    cli,
    event_views,
    feed_views,
    formatting,
    views,
)


def init_app(app: Flask) -> None:
    from portal.annual_calendar import policy  # noqa: F401
    from portal.annual_calendar.reminders import remind_due_action_items
    from portal.outbox.worker import each_round

    app.register_blueprint(bp)
    each_round(remind_due_action_items)
    navigation.add(
        NavItem("annual_calendar.wheel_view", _l("Annual calendar"), 60, section="annual_calendar.")
    )
