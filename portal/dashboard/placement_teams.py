"""The team's part of the front page: the placements whose team I am on that still lack the
young person's consent — the first thing to do on each (DESIGN §2.7).

The query starts from ``visible(Placement)`` and the team the policy reads, so it lists what
*My trainees* does, and nothing the reader may not see.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _

from portal.auth.models import User
from portal.core.authz import visible
from portal.dashboard.sections import Group, Item, Section, Window, limited, source
from portal.extensions import db
from portal.placements.labels import DIRECTION_LABELS
from portal.placements.models import Placement
from portal.placements.policy import team_placement_ids, valid_consent_ids
from portal.placements.team_models import Consent
from portal.placements.workflow import FINAL


@source(Section.WAITING, order=5)
def consents_to_record(user: User, window: Window) -> Group | None:
    with_consent = sa.select(Consent.placement_id).where(Consent.id.in_(valid_consent_ids()))
    stmt = (
        visible(Placement, user)
        .where(
            Placement.id.in_(team_placement_ids(user)),
            Placement.status.not_in(FINAL),
            Placement.id.not_in(with_consent),
        )
        .order_by(Placement.start_on, Placement.id)
    )
    items = [
        Item(
            _("Consent of %(reference)s", reference=p.reference),
            url_for("placements.record_consent", placement_id=p.id),
            detail=str(DIRECTION_LABELS[p.direction]),
        )
        for p in db.session.scalars(stmt)
    ]
    return limited(_("The young person's consent to record"), items, url_for("placements.mine"))
