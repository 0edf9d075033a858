"""The demo's young people by name: each placement of the stories names its young person, so
that the portal shows the full name where it may (to the team) and the tests can check that it
appears nowhere else — not in mail, notifications, feeds or logs (tests/privacy_scan.py).

The names are invented; the initials match the placements' own.
"""

from __future__ import annotations

import sqlalchemy as sa

from portal.demo import DemoContext
from portal.extensions import db
from portal.placements.models import Placement

# The placement's reference → the young person's full name.
NAMES: dict[str, str] = {
    "LUOVI-2024-077": "Aleksi Vuorenmaa",
    "LUOVI-2024-081": "Minea Salokangas",
    "LUOVI-2025-018": "Santeri Lehtiranta",
    "LUOVI-2025-027": "Kaisla Mäntyvaara",
    "LUOVI-2025-041": "Niilo Rautakorpi",
    "LUOVI-2025-055": "Jade Honkavuori",
    "LUOVI-2025-063": "Veeti Tammelin",
    "LUOVI-2025-090": "Elviira Kuusjärvi",
    "LUOVI-2025-112": "Toivo Hirvelä",
    "LUOVI-2026-012": "Oona Närhinen",
    "LUOVI-2026-031": "Arttu Kivimaa",
    "LUOVI-2026-036": "Eevi Sarkkila",
    "LUOVI-2026-040": "Roope Peltomaa",
    "LUOVI-2026-044": "Sisu Aaltokari",
    "LUOVI-2026-047": "Vilja Ruohomaa",
    "PARIK-2024-030": "Ronja Sammalkivi",
    "PARIK-2025-006": "Topias Koivurinne",
    "PARIK-2026-014": "Jenna Vaskiluoto",
    "PARIK-2026-021": "Miro Kanervikko",
}


def load(context: DemoContext) -> None:
    placements = db.session.scalars(sa.select(Placement).where(Placement.reference.in_(NAMES)))
    for placement in placements:
        if not placement.full_name:
            placement.full_name = NAMES[placement.reference]
