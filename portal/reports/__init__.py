"""Reports for coordinators and the administrator: figures of placements, with charts and CSV."""

from importlib import import_module

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from portal.core import navigation
from portal.core.navigation import NavItem

bp = Blueprint("reports", __name__, url_prefix="/reports")

# The modules that register report sections (see portal.reports.registry); a feature that
# adds a report (such as quota use, in portal.quotas.reports) lists its module here.
SOURCES = (
    "portal.reports.placement_reports",
    "portal.reports.unit_reports",
    "portal.reports.support_days",
    "portal.quotas.reports",
)

from portal.reports import views  # noqa: E402,F401


def init_app(app: Flask) -> None:
    from portal.reports.policy import may_read_reports

    for name in SOURCES:
        import_module(name)
    app.register_blueprint(bp)
    navigation.add(
        NavItem("reports.index", _l("Reports"), 80, may_read_reports, section="reports.")
    )
