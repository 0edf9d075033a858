"""Following up where the young person went: the outcome at the end of a placement, asked
again 3 and 6 months later (DESIGN §2.7)."""

from typing import Any

from flask import Flask
from flask_babel import lazy_gettext as _l

from portal.core import navigation
from portal.core.navigation import NavItem


def init_app(app: Flask) -> None:
    from portal.core.extension_points import panels
    from portal.follow_up import cli, policy, templating, views  # noqa: F401
    from portal.follow_up.blueprint import bp
    from portal.follow_up.reminders import remind_due_follow_ups
    from portal.follow_up.service import start
    from portal.outbox.worker import each_round
    from portal.placements.extension_points import ended

    app.register_blueprint(bp)
    ended.connect(start)
    each_round(remind_due_follow_ups)
    panels.add("placements.detail.outcome", "follow_up/_placement.html")
    navigation.add(NavItem("follow_up.index", _l("Follow-ups"), 22, _of_a_party))


def _of_a_party(user: Any) -> bool:
    """Everyone of a party may be asked, a third party's people on a team too."""
    party = user.party
    return party is not None and party.is_party
