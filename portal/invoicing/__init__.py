"""The invoice basis: per workshop, education provider and month, the support days counted
from the closed daily records times the price in force each day, as a page, a CSV file and a
PDF; the provider's coordinator confirms it or disputes a line, the workshop answers."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    from portal.core import navigation
    from portal.core.navigation import NavItem
    from portal.invoicing import models, policy, service, views  # noqa: F401
    from portal.invoicing.blueprint import bp

    app.register_blueprint(bp)
    navigation.add(
        NavItem("invoicing.index", _l("Invoice basis"), 78, _of_the_parties, section="invoicing.")
    )


def _of_the_parties(user: Any) -> bool:
    """The basis is between a workshop and an education provider: their people see it."""
    from portal.parties.models import PartyKind

    party = user.party
    return party is not None and party.kind in (PartyKind.WORKSHOP, PartyKind.EDUCATION_PROVIDER)
