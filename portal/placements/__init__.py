"""Placements in both directions: a trainee to studies, a student to a workshop period."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from portal.core import navigation
from portal.core.navigation import NavItem


def init_app(app: Flask) -> None:
    from portal.placements import (  # noqa: F401  (attach to the blueprint)
        activity_views,
        agreement_views,
        policy,
        step_views,
        views,
    )
    from portal.placements.blueprint import bp
    from portal.placements.service import takes_part

    app.register_blueprint(bp)
    navigation.add(
        NavItem("placements.index", _l("Placements"), 20, takes_part, section="placements.")
    )
