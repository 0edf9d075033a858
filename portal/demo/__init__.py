"""Demo data for ``flask --app portal seed-demo``: the guidelines' own parties at work.

Each feature adds a step that builds on the earlier ones through :class:`DemoContext`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa

from portal.auth.models import User
from portal.extensions import db
from portal.parties.models import Party

# Demo accounts only; `check --deploy` flags them.
DEMO_PASSWORD = "silta-demo-2026"  # nosec B105


@dataclass
class DemoContext:
    parties: dict[str, Party] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)

    def party(self, short_name: str) -> Party:
        return self.parties[short_name]

    def user(self, email: str) -> User:
        return self.users[email]


def _steps() -> list[Callable[[DemoContext], None]]:
    from portal.demo import (
        annual_calendar,
        catalogue,
        catalogue_links,
        dashboard,
        document_links,
        documents,
        outbox,
        parties,
        placements,
        quotas,
        reports,
    )

    return [
        parties.load,
        placements.load,
        catalogue.load,
        catalogue_links.load,
        annual_calendar.load,
        documents.load,
        document_links.load,
        outbox.load,
        quotas.load,
        reports.load,
        dashboard.load,
    ]


def is_loaded() -> bool:
    return db.session.scalar(sa.select(sa.func.count(Party.id))) != 0


def load() -> DemoContext:
    """Load every feature's demo data in one transaction."""
    context = DemoContext()
    for step in _steps():
        step(context)
        db.session.flush()
    db.session.commit()
    return context


def accounts() -> list[User]:
    return list(
        db.session.scalars(sa.select(User).where(User.email.like("%.example")).order_by(User.id))
    )
