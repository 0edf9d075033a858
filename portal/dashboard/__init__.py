"""The front page of a signed-in user."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from portal.core import navigation
from portal.core.navigation import NavItem


def init_app(app: Flask) -> None:
    # Each feature's items for the front page: one module here per feature, reading down
    # into that feature's queries and policy (see portal.dashboard.sections).
    from portal.dashboard import (  # noqa: F401
        annual_calendar,
        documents,
        follow_ups,
        models,
        placements,
        quotas,
        views,
    )
    from portal.dashboard.blueprint import bp

    app.register_blueprint(bp)
    navigation.add(NavItem("dashboard.index", _l("Front page"), 0))
