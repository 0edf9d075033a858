"""The demo shows prices as agreed in use: a package-priced period with its instalments, and
a period whose result bonus is due for a unit Luovi recorded completed."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from portal.placements import results
from portal.placements.agreements import terms_of
from portal.placements.enums import Pricing
from portal.placements.models import Placement


def test_the_demo_has_a_package_and_a_bonus_due(runner: Any, db: Any) -> None:
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    by_reference = {
        p.reference: p
        for p in db.session.scalars(
            sa.select(Placement).where(
                Placement.reference.in_(["LUOVI-2026-047", "LUOVI-2026-031"])
            )
        )
    }
    package = by_reference["LUOVI-2026-047"]
    in_force = terms_of(package.agreement_in_force)
    assert in_force.pricing == Pricing.PACKAGE and len(in_force.instalments) == 4
    assert sum(i.amount for i in package.instalments) == package.package_sum
    with_bonus = by_reference["LUOVI-2026-031"]
    due = results.bonuses_of(with_bonus)
    assert [(b.unit, str(b.amount)) for b in due] == [("Pintakäsittely (106795)", "300.00")]
    assert terms_of(with_bonus.agreement_in_force).extra_share_percent is not None
