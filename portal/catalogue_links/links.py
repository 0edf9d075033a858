"""Where the catalogue and placements meet on a page: the link that starts a pre-filled
workshop-period request, and the report a placement's qualification units came from."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import url_for
from flask_login import current_user
from sqlalchemy.orm import contains_eager

from portal.catalogue.models import LearningEnvironment, QualificationUnit
from portal.catalogue_links.blueprint import bp
from portal.core.authz import visible
from portal.extensions import db
from portal.parties.models import PartyKind
from portal.placements.models import Direction, Placement, PlacementQualificationUnit
from portal.placements.service import directions_for


def period_request_url(
    environment: LearningEnvironment, qualification_unit: QualificationUnit | None = None
) -> str | None:
    """The address of a new workshop-period request for the report's unit, when the reader may
    start one (people of an active education provider) and the workshop takes requests."""
    if not getattr(current_user, "is_authenticated", False):
        return None
    party = environment.unit.party
    if not (environment.is_published and party.kind == PartyKind.WORKSHOP and party.is_active):
        return None
    if Direction.TO_WORKSHOP not in directions_for(current_user):
        return None
    if qualification_unit is None:
        return url_for("placements.create", slug="to-workshop", workshop_unit=environment.unit_id)
    return url_for(
        "placements.create",
        slug="to-workshop",
        workshop_unit=environment.unit_id,
        catalogue_units=qualification_unit.id,
    )


@dataclass
class Source:
    environment: LearningEnvironment
    # May the reader open the report now? A report taken back to a draft is its workshop's only.
    readable: bool
    units: list[PlacementQualificationUnit]


@bp.app_template_global()
def catalogue_sources(placement: Placement) -> list[Source]:
    """The learning-environment reports the placement's qualification units were chosen from."""
    chosen = {row.catalogue_unit_id for row in placement.units if row.catalogue_unit_id}
    if not chosen:
        return []
    # The catalogue's units with their reports and the reports' units, and whether the reader
    # may open each report now, in one statement however many units the placement has.
    readable_ids = (
        visible(LearningEnvironment).with_only_columns(LearningEnvironment.id).correlate(None)
    )
    rows = db.session.execute(
        sa.select(QualificationUnit, LearningEnvironment.id.in_(readable_ids))
        .join(QualificationUnit.environment)
        .where(QualificationUnit.id.in_(chosen))
        .options(contains_eager(QualificationUnit.environment).joinedload(LearningEnvironment.unit))
    ).all()
    readable = {unit.id: bool(is_readable) for unit, is_readable in rows}
    catalogue = {unit.id: unit for unit, _readable in rows}
    by_report: dict[int, Source] = {}
    for row in placement.units:
        unit = catalogue.get(row.catalogue_unit_id) if row.catalogue_unit_id else None
        if unit is None:
            continue
        environment = unit.environment
        source = by_report.setdefault(environment.id, Source(environment, readable[unit.id], []))
        source.units.append(row)
    return list(by_report.values())
