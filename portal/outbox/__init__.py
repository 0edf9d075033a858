"""The outbox: e-mail queued in the transaction of the change that causes it, sent by a worker.

A generic mail queue: it takes an address, a subject, a body and attachments, and knows
nothing of who sends them: auth, notifications and the features import it, never the
other way round.
"""

from flask import Flask
from flask_babel import lazy_gettext as _l

from portal.core import navigation
from portal.core.navigation import NavItem


def init_app(app: Flask) -> None:
    from portal.outbox import admin, cli, monitoring, policy  # noqa: F401
    from portal.outbox.blueprint import bp
    from portal.outbox.worker import each_round, refresh_statistics_daily

    each_round(refresh_statistics_daily)

    app.register_blueprint(bp)  # also the `flask outbox …` commands
    # The queue's figures in /metrics, and /readyz failing when mail stops moving.
    monitoring.register()
    navigation.add(
        NavItem("outbox.index", _l("Outbox"), 120, lambda u: u.is_admin, section="outbox.")
    )
