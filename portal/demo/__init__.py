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


@dataclass(frozen=True)
class Cast:
    """The parties and people who act in the demo's stories, by the names the stories use."""

    parik: Party
    luovi: Party
    kymsote: Party
    tpy: Party
    kouvola: Party
    admin: User
    maria: User
    jukka: User
    sanna: User
    paivi: User
    mikko: User
    leena: User
    timo: User
    anna: User

    @classmethod
    def of(cls, context: DemoContext) -> Cast:
        party, user = context.party, context.user
        return cls(
            parik=party("parik"),
            luovi=party("luovi"),
            kymsote=party("kymsote"),
            tpy=party("tpy"),
            kouvola=party("kouvola"),
            admin=user("admin@silta.example"),
            maria=user("maria.virtanen@parik.example"),
            jukka=user("jukka.lehtonen@parik.example"),
            sanna=user("sanna.nieminen@parik.example"),
            paivi=user("paivi.korhonen@luovi.example"),
            mikko=user("mikko.laine@luovi.example"),
            leena=user("leena.heikkinen@kymsote.example"),
            timo=user("timo.saarinen@kouvola.example"),
            anna=user("anna.makela@tpy.example"),
        )


def _steps() -> list[Callable[[DemoContext], None]]:
    from portal.demo import (
        annual_calendar,
        catalogue,
        catalogue_links,
        certificates,
        daily_records,
        dashboard,
        document_links,
        documents,
        follow_up,
        handovers,
        identity,
        invoicing,
        outbox,
        parties,
        placement_access,
        placement_teams,
        placements,
        prices,
        quotas,
        reports,
        retention,
        second_step,
        sessions,
        subject_access,
        young_people,
    )

    return [
        parties.load,
        placements.load,
        # A package-priced period, and a unit completed that earns its result bonus.
        prices.load,
        catalogue.load,
        catalogue_links.load,
        annual_calendar.load,
        documents.load,
        document_links.load,
        outbox.load,
        quotas.load,
        reports.load,
        dashboard.load,
        # The teams and consents of every feature's placements.
        placement_teams.load,
        # Who has opened the pages that show a young person's full name (needs the teams).
        placement_access.load,
        # The job coach on a workshop period's team writes its days.
        daily_records.load,
        # Last month's invoice basis, counted from the records just written.
        invoicing.load,
        # A hand-over to the next service, which needs the teams and consents.
        handovers.load,
        # After the teams: a follow-up is asked of a person on the team.
        follow_up.load,
        # A completed period's competence certificate, and what the provider recognised.
        certificates.load,
        # The administrator's limits and a party's own periods.
        retention.load,
        # Maria is signed in on her phone too.
        sessions.load,
        # Kouvola's organisation sign-in, entered but switched off.
        identity.load,
        # Last: the young people of every feature's placements by name.
        young_people.load,
        # After the names: a young person's request answered, a misspelt name corrected.
        subject_access.load,
        # A coordinator who signs in with an authenticator app.
        second_step.load,
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
