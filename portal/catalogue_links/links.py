"""Where the catalogue and placements meet on a page: the link that starts a pre-filled
workshop-period request, and the report a placement's qualification units came from."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_login import current_user

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
    by_report: dict[int, Source] = {}
    for row in placement.units:
        if row.catalogue_unit is None:
            continue
        environment = row.catalogue_unit.environment
        source = by_report.setdefault(environment.id, Source(environment, False, []))
        source.units.append(row)
    if by_report:
        readable = set(
            db.session.scalars(
                visible(LearningEnvironment)
                .where(LearningEnvironment.id.in_(by_report))
                .with_only_columns(LearningEnvironment.id)
            )
        )
        for source in by_report.values():
            source.readable = source.environment.id in readable
    return list(by_report.values())
