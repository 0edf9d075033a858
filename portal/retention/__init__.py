"""Retention: each party keeps a placement's personal data as long as it must, within the
administrator's limits, and the retention step pseudonymises what is due (issue 18)."""

from flask import Flask


def init_app(app: Flask) -> None:
    from portal.outbox.worker import each_round
    from portal.retention import cli, models  # noqa: F401
    from portal.retention.blueprint import bp
    from portal.retention.daily import run_daily

    app.register_blueprint(bp)
    each_round(run_daily)
