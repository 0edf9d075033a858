"""The demo's workshop periods at Parik-säätiö: each done in one of its units, with the
qualification units that the unit's learning-environment report lists linked to it."""

from __future__ import annotations

import sqlalchemy as sa

from portal.catalogue.models import LearningEnvironment
from portal.demo import DemoContext
from portal.extensions import db
from portal.placements.models import Placement

# The reference of each demo workshop period, and the unit of Parik-säätiö where it is done.
UNITS = {
    "LUOVI-2026-031": "Puu- ja metallityö",
    "LUOVI-2026-036": "Kiinteistöhuolto",
    "LUOVI-2026-040": "Ravintola ja catering",
    "LUOVI-2025-112": "Puu- ja metallityö",
    "LUOVI-2026-012": "Puu- ja metallityö",
}


def load(context: DemoContext) -> None:
    units = {u.name: u for u in context.party("parik").units}
    reports = {
        e.unit_id: e
        for e in db.session.scalars(
            sa.select(LearningEnvironment).where(
                LearningEnvironment.unit_id.in_([u.id for u in units.values()])
            )
        )
    }
    for placement in db.session.scalars(sa.select(Placement).where(Placement.reference.in_(UNITS))):
        unit = units[UNITS[placement.reference]]
        placement.workshop_unit = unit
        report = reports.get(unit.id)
        listed = {(q.name, q.code): q for q in report.qualification_units} if report else {}
        for row in placement.units:
            row.catalogue_unit = listed.get((row.name, row.code))
