"""Reports for coordinators and the administrator: figures of placements, with charts and CSV."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from portal.core import navigation
from portal.core.navigation import NavItem


def init_app(app: Flask) -> None:
    # The report sections, one module each, register themselves (see portal.reports.registry):
    # the reports sit above the features and read down into their queries and policies.
    from portal.reports import (  # noqa: F401
        certificate_reports,
        follow_up_reports,
        invoice_reports,
        placement_reports,
        quota_reports,
        support_days,
        unit_reports,
        views,
    )
    from portal.reports.blueprint import bp
    from portal.reports.policy import may_read_reports

    app.register_blueprint(bp)
    navigation.add(
        NavItem("reports.index", _l("Reports"), 80, may_read_reports, section="reports.")
    )
