"""Daily records of a workshop period: the job coach's entry for each day (present or absent
and why, the hours, a short coaching note), the month closed by the workshop's coordinator,
and corrections after closing as new, visible entries."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    from portal.core import navigation
    from portal.core.extension_points import panels
    from portal.core.navigation import NavItem
    from portal.daily_records import models, month_views, policy, views  # noqa: F401
    from portal.daily_records.blueprint import bp

    app.register_blueprint(bp)
    navigation.add(
        NavItem(
            "daily_records.day_screen",
            _l("Daily records"),
            22,
            _at_a_workshop,
            section="daily_records.",
        )
    )
    # The placement's page links to its records by month, for those who read them.
    app.jinja_env.globals["may_read_daily_records"] = _may_read
    panels.add("placements.detail.documents", "daily_records/_placement.html", order=10)


def _at_a_workshop(user: Any) -> bool:
    """The day screen is the workshop's: its coaches and coordinators write the days."""
    from portal.parties.models import PartyKind

    party = user.party
    return party is not None and party.kind == PartyKind.WORKSHOP


def _may_read(placement: Any) -> bool:
    from flask_login import current_user

    from portal.daily_records.policy import may_read

    return may_read(current_user, placement)
