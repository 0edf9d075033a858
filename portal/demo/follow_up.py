"""Following up the demo's finished placements: the outcome at the end of each, and the
follow-ups at 3 and 6 months, answered where they came due — all but the latest, which is
due now, so the named person's front page and "Follow-ups due" list show it.

After the teams (the named person is one of the team), as the portal does when a placement
ends (portal.follow_up.service.start).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa

from portal.core import dates
from portal.demo import DemoContext
from portal.extensions import db
from portal.follow_up import service
from portal.follow_up.enums import Source
from portal.follow_up.models import FollowUp
from portal.placements.enums import NextStep
from portal.placements.models import Placement, PlacementStatus

S = PlacementStatus
# The answers given in turn, as the demo's follow-ups come due: most in studies or work.
ANSWERS = [
    (NextStep.STUDIES, Source.YOUNG_PERSON, "Puuseppäalan perustutkinto"),
    (NextStep.WORK, Source.YOUNG_PERSON, ""),
    (NextStep.STUDIES, Source.SCHOOL, "Kiinteistöpalvelujen perustutkinto"),
    (NextStep.WORKSHOP, Source.TEAM, ""),
    (NextStep.UNKNOWN, Source.OTHER, ""),
    (NextStep.WORK, Source.REGISTER, ""),
    (NextStep.OTHER, Source.REGISTER, ""),
]


def load(context: DemoContext) -> None:
    ended = db.session.scalars(
        sa.select(Placement)
        .where(Placement.status.in_([S.COMPLETED, S.INTERRUPTED]), Placement.ended_on.is_not(None))
        .order_by(Placement.ended_on, Placement.id)
    ).all()
    today = dates.today()
    asked: list[FollowUp] = []
    for placement in ended:
        coordinator = context.user(
            "jukka.lehtonen@parik.example"
            if placement.workshop.id == context.party("parik").id
            else "paivi.korhonen@luovi.example"
        )
        rows = service.start(coordinator, placement)
        asked += [f for f in rows if f.asked_id is not None and f.due_on <= today]
    asked.sort(key=lambda f: (f.due_on, f.id))
    # The latest that came due waits for its answer; the others were answered in time.
    for n, follow_up in enumerate(asked[:-1]):
        situation, source, qualification = ANSWERS[n % len(ANSWERS)]
        person = follow_up.asked
        assert person is not None
        follow_up.situation = situation
        follow_up.source = source
        follow_up.qualification = qualification
        follow_up.answered_by_id = person.id
        follow_up.answered_by_name = person.name
        answered_on = follow_up.due_on + timedelta(days=3 + n % 5)
        follow_up.answered_at = datetime.combine(min(answered_on, today), time(10), UTC)
        follow_up.reminded_at = datetime.combine(follow_up.due_on, time(8), UTC)
    db.session.flush()
