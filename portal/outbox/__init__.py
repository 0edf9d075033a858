"""The outbox: e-mail queued in the transaction of the change that causes it, sent by a worker."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from portal.core import navigation
from portal.core.navigation import NavItem

bp = Blueprint("outbox", __name__, url_prefix="/admin/outbox")

from portal.outbox import admin, cli  # noqa: E402,F401


def init_app(app: Flask) -> None:
    from portal.outbox import policy  # noqa: F401

    app.register_blueprint(bp)  # also the `flask outbox …` commands
    navigation.add(
        NavItem("outbox.index", _l("Outbox"), 120, lambda u: u.is_admin, section="outbox.")
    )
