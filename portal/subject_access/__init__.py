"""The young person's request (issue 18): a coordinator finds what their party holds about a
person and gives it out as a subject-access export, a readable PDF and a JSON file."""

from typing import Any

from flask import Flask
from flask_babel import lazy_gettext as _l

from portal.core import navigation
from portal.core.navigation import NavItem


def init_app(app: Flask) -> None:
    from portal.subject_access import views  # noqa: F401
    from portal.subject_access.blueprint import bp

    app.register_blueprint(bp)
    navigation.add(
        NavItem("subject_access.index", _l("Data requests"), 96, _answers, "subject_access.")
    )


def _answers(user: Any) -> bool:
    """A party's coordinator answers for the party's placements."""
    return bool(user.is_coordinator and user.party_id is not None)
