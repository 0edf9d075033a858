"""Who looked at the demo young person's full name: the access log of the ongoing period
with Kymsote on its team.

The period's young person has a full name (seen by the team and the two coordinators), and
the people who need it have opened its pages over the past weeks, so that the coordinators
of Parik and Luovi find a log on the placement's page (*Who has seen the full name*).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from portal.core.models import utcnow
from portal.core.part_chain import head_of, link
from portal.demo import DemoContext
from portal.demo.placement_teams import WITH_KYMSOTE
from portal.demo.young_people import NAMES
from portal.extensions import db
from portal.placements import access_log
from portal.placements.access_models import PlacementAccess
from portal.placements.models import Placement

# Who opened which view, how many days ago and at what hour, oldest first.
VIEWS = [
    ("mikko.laine@luovi.example", access_log.PAGE, 40, 9),
    ("paivi.korhonen@luovi.example", access_log.AGREEMENT, 38, 13),
    ("maria.virtanen@parik.example", access_log.AGREEMENT, 37, 10),
    ("sanna.nieminen@parik.example", access_log.PAGE, 30, 8),
    ("leena.heikkinen@kymsote.example", access_log.PAGE, 21, 14),
    ("sanna.nieminen@parik.example", access_log.PAGE, 7, 8),
    ("maria.virtanen@parik.example", access_log.PAGE, 2, 11),
]


def _at(days: int, hour: int) -> datetime:
    return (utcnow() - timedelta(days=days)).replace(hour=hour, minute=5, second=0, microsecond=0)


def load(context: DemoContext) -> None:
    placement = db.session.scalars(
        sa.select(Placement).where(Placement.reference == WITH_KYMSOTE)
    ).first()
    if placement is None:
        return
    # The young person is named here already: the views logged are of the name.
    placement.full_name = placement.full_name or NAMES[WITH_KYMSOTE]
    db.session.flush()
    for email, view, days, hour in VIEWS:
        person = context.user(email)
        entry = PlacementAccess(
            placement_id=placement.id,
            user_id=person.id,
            party_id=person.party_id,
            view=view,
            at=_at(days, hour),
        )
        link(db.session(), entry, head_of(db.session(), PlacementAccess, placement.id))
        db.session.add(entry)
        db.session.flush()
