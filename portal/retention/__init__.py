"""Retention: each party keeps a placement's personal data as long as it must, within the
administrator's limits, and the retention step pseudonymises what is due (issue 18)."""

from typing import Any

from flask import Flask
from flask_babel import lazy_gettext as _l

from portal.core import navigation
from portal.core.navigation import NavItem


def init_app(app: Flask) -> None:
    from portal.outbox.worker import each_round
    from portal.retention import cli, models, views  # noqa: F401
    from portal.retention.blueprint import bp
    from portal.retention.daily import run_daily

    app.register_blueprint(bp)
    each_round(run_daily)
    navigation.add(NavItem("retention.index", _l("Retention"), 95, _sets_retention, "retention."))


def _sets_retention(user: Any) -> bool:
    """The administrator sets the limits, a party's coordinator the party's periods."""
    return bool(user.is_admin or (user.is_coordinator and user.party_id is not None))
