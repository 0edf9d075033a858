"""Placements in both directions: a trainee to studies, a student to a workshop period."""

from typing import Any

from flask import Flask
from flask_babel import LazyString, gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.core import navigation
from portal.core.navigation import NavItem


def init_app(app: Flask) -> None:
    from portal.placements import (  # noqa: F401  (attach to the blueprint)
        access_log_views,
        activity_views,
        agreement_views,
        demonstration_views,
        policy,
        result_views,
        step_views,
        team_views,
        views,
    )
    from portal.placements.blueprint import bp
    from portal.placements.service import takes_part

    app.register_blueprint(bp)
    navigation.add(
        NavItem("placements.index", _l("Placements"), 20, takes_part, section="placements.")
    )
    navigation.add(NavItem("placements.mine", LazyString(_my_label), 21, _on_a_team))


def _on_a_team(user: Any) -> bool:
    """Everyone of a party may be on a placement's team, a third party's people too."""
    party = user.party
    return party is not None and party.is_party


def _my_label() -> str:
    """*My students* at an education provider, *My trainees* elsewhere."""
    from portal.parties.models import PartyKind

    party = getattr(current_user, "party", None)
    if party is not None and party.kind == PartyKind.EDUCATION_PROVIDER:
        return gettext("My students")
    return gettext("My trainees")
