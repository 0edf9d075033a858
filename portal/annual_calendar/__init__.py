"""The shared annual calendar (vuosikello): meetings, staff exchanges, trainings and visits."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from portal.core import navigation
from portal.core.navigation import NavItem


def init_app(app: Flask) -> None:
    from portal.annual_calendar import (  # noqa: F401  (attach to the blueprint)
        cli,
        event_views,
        feed_views,
        formatting,
        minutes_views,
        policy,
        views,
    )
    from portal.annual_calendar.blueprint import bp
    from portal.annual_calendar.reminders import remind_due_action_items
    from portal.outbox.worker import each_round

    app.register_blueprint(bp)
    each_round(remind_due_action_items)
    navigation.add(
        NavItem("annual_calendar.wheel_view", _l("Annual calendar"), 60, section="annual_calendar.")
    )
