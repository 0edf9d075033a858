"""A young person's request in use: Kaisla asked Parik what it holds about her. Maria found her
placement, gave her the export, and corrected her surname, which had been typed wrong — the
timeline keeps the misspelt one for those who may read the name."""

from __future__ import annotations

import sqlalchemy as sa

from portal.demo import Cast, DemoContext
from portal.demo.young_people import NAMES
from portal.extensions import db
from portal.placements.models import Placement
from portal.subject_access import service

REFERENCE = "LUOVI-2025-027"
MISSPELT = "Kaisla Mäntyvara"


def load(context: DemoContext) -> None:
    cast = Cast.of(context)
    placement = db.session.scalars(
        sa.select(Placement).where(Placement.reference == REFERENCE)
    ).one()
    service.record_export(cast.maria, [placement], "pdf", files=False)
    # As it had been typed when the request was made, before the young person noticed it.
    placement.full_name = MISSPELT
    service.rectify(cast.maria, placement, NAMES[REFERENCE], placement.initials)
