"""The demo's workshop periods are done in Parik-säätiö's units, with the qualification units
that the units' reports list linked to them."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from portal.demo.catalogue_links import UNITS
from portal.placements.models import Direction, Placement


def test_the_demos_workshop_periods_point_at_parik_units_and_catalogue_units(
    runner: Any, db: Any
) -> None:
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    periods = list(
        db.session.scalars(
            sa.select(Placement).where(
                Placement.direction == Direction.TO_WORKSHOP, Placement.reference.in_(UNITS)
            )
        )
    )
    assert len(periods) == len(UNITS) == 5
    for placement in periods:
        unit = placement.workshop_unit
        assert unit is not None and unit.party_id == placement.receiver_party_id
        for row in placement.units:
            if row.catalogue_unit is not None:
                assert row.catalogue_unit.environment.unit_id == unit.id
                assert (row.name, row.code) == (row.catalogue_unit.name, row.catalogue_unit.code)
    linked = {
        (p.reference, r.name) for p in periods for r in p.units if r.catalogue_unit is not None
    }
    unlinked = {(p.reference, r.name) for p in periods for r in p.units if r.catalogue_unit is None}
    assert len(linked) == 7
    assert unlinked == {("LUOVI-2025-112", "Koneistuksen perustehtävät")}
