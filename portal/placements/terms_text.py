"""Terms as people write them: qualification units one a line, a daily price."""

from __future__ import annotations

import re
from decimal import Decimal

from portal.placements.models import PlacementQualificationUnit
from portal.placements.terms import UnitLine

_UNIT_LINE = re.compile(r"^(?P<code>\d{3,10})\s*[-–:]?\s+(?P<name>\S.*)$")


def parse_units(text: str) -> list[UnitLine]:
    """Qualification units from text, one a line, an optional numeric code first."""
    units: list[UnitLine] = []
    for raw in (text or "").splitlines():
        line = " ".join(raw.split())
        if not line:
            continue
        match = _UNIT_LINE.match(line)
        unit = UnitLine(match["name"], match["code"]) if match else UnitLine(line)
        if unit not in units:
            units.append(unit)
    return units


def format_units(units: list[UnitLine] | list[PlacementQualificationUnit]) -> str:
    return "\n".join(f"{u.code} {u.name}" if u.code else u.name for u in units)


def parse_price(text: str | None) -> Decimal | None:
    """A daily price as people write it: 45.50, 45,50 or 45,50 €; None if it is not one."""
    cleaned = (text or "").replace("€", "").replace(" ", "").replace("\xa0", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except ArithmeticError:
        return None
    return value if value.is_finite() else None
