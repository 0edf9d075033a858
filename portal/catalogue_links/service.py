"""Rules of a workshop period's unit and of the qualification units chosen from the catalogue.

* The unit is one of the receiving workshop's own.
* Qualification units chosen from the catalogue come from that unit's published
  learning-environment report; units typed as text stay possible for what it does not list.
* A placement keeps each unit's name and code as text. The catalogue link only says where
  it came from: when the workshop removes the unit from its report, the link goes empty
  (ON DELETE SET NULL) and the placement, its agreement and its outcome stay as they were.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from portal.auth.models import User
from portal.catalogue.models import QualificationUnit
from portal.core.authz import visible
from portal.core.errors import DomainError
from portal.extensions import db
from portal.parties.models import Party, Unit
from portal.placements.models import Placement


@dataclass
class Choice:
    """The workshop's unit and the catalogue's qualification units, as checked."""

    unit: Unit | None = None
    qualification_units: list[QualificationUnit] = field(default_factory=list)


def check(
    actor: User, receiver: Party, unit_id: int | None, qualification_unit_ids: list[int]
) -> Choice:
    """Refuse a unit that is not the receiving workshop's, or qualification units that are not
    on that unit's published report; before the request is saved, so that nothing is."""
    unit = db.session.get(Unit, unit_id) if unit_id is not None else None
    if unit_id is not None and (unit is None or unit.party_id != receiver.id):
        raise DomainError(
            _l("Choose a unit of %(workshop)s.", workshop=receiver.name), field="workshop_unit"
        )
    wanted = set(qualification_unit_ids)
    if not wanted:
        return Choice(unit)
    if unit is None:
        raise DomainError(
            _l("Choose the workshop's unit whose report lists these qualification units."),
            field="catalogue_units",
        )
    chosen = list(
        db.session.scalars(
            visible(QualificationUnit, actor)
            .where(QualificationUnit.id.in_(wanted))
            .options(selectinload(QualificationUnit.environment))
        )
    )
    if len(chosen) != len(wanted) or any(
        q.environment.unit_id != unit.id or not q.environment.is_published for q in chosen
    ):
        raise DomainError(
            _l(
                "Choose qualification units from the learning-environment report of %(unit)s.",
                unit=unit.name,
            ),
            field="catalogue_units",
        )
    return Choice(unit, chosen)


def record(placement: Placement, choice: Choice) -> None:
    """Keep the unit, and link each of the placement's units that was ticked in the catalogue."""
    placement.workshop_unit = choice.unit
    by_line = {(q.name, q.code): q for q in choice.qualification_units}
    for row in placement.units:
        row.catalogue_unit = by_line.get((row.name, row.code))
    db.session.flush()
