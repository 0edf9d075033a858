"""Telling the other parties' coordinators that a party joined or withdrew.

The parties sit below notifications, so they announce the change through their hooks
(:data:`portal.parties.extension_points.joined` and ``withdrew``) and this module, connected in
:func:`portal.notifications.init_app`, writes the notices in the same transaction.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from portal.notifications import kinds
from portal.notifications.service import notify
from portal.parties.models import Party
from portal.parties.service import coordinators_of

PARTY_JOINED = kinds.register(
    "party.joined",
    _l("%(party)s has joined the collaboration agreement."),
    label=_l("A party joins the agreement"),
)
PARTY_WITHDREW = kinds.register(
    "party.withdrew",
    _l("%(party)s has withdrawn from the collaboration agreement as of %(date)s."),
    label=_l("A party withdraws from the agreement"),
    date_params=("date",),
)


def party_joined(party: Party, others: list[Party]) -> None:
    notify(
        coordinators_of(others),
        PARTY_JOINED,
        link=url_for("parties.detail", party_id=party.id),
        party=party.name,
    )


def party_withdrew(party: Party, others: list[Party]) -> None:
    assert party.withdrawn_on is not None  # set by the service just before
    notify(
        coordinators_of(others),
        PARTY_WITHDREW,
        link=url_for("parties.detail", party_id=party.id),
        party=party.name,
        date=party.withdrawn_on.isoformat(),
    )
