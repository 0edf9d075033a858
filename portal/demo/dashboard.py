"""What makes the front pages of Maria (Parik-säätiö) and Päivi (Luovi) full: an agreement
both still have to sign, a disclosure request for Luovi to answer and an action item of
Päivi's coming due. The earlier steps already leave requests to decide, invitations,
events, periods starting and ending, and new documents and steps.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import sqlalchemy as sa

from portal.annual_calendar.models import ActionItem, Event
from portal.core.dates import add_months
from portal.core.models import utcnow
from portal.demo import DemoContext
from portal.demo.placement_builder import Builder
from portal.documents import disclosure as disclosures
from portal.documents.models import DisclosureRequest, Document
from portal.extensions import db
from portal.notifications.models import Notification
from portal.notifications.service import notify
from portal.placements.models import Direction, PlacementStatus, SupportLevel
from portal.placements.terms import Terms, UnitLine

MARIA = "maria.virtanen@parik.example"
PAIVI = "paivi.korhonen@luovi.example"
MIKKO = "mikko.laine@luovi.example"


def _accepted_awaiting_signatures(context: DemoContext) -> None:
    """A workshop period Parik accepted this week: both contact persons have yet to sign."""
    b = Builder(context)
    start = b.today + timedelta(days=21)
    placement = b.placement(
        Direction.TO_WORKSHOP,
        PlacementStatus.ACCEPTED,
        "LUOVI-2026-044",
        "S.A.",
        Terms(
            start_on=start,
            end_on=add_months(start, 4) - timedelta(days=1),
            hoks_goals="Kiinteistönhoidon perustehtävät ja työturvallisuus.",
            units=[UnitLine("Kiinteistönhoidon perustehtävät", "101417")],
            support_level=SupportLevel.BASIC,
            daily_price=Decimal("40.00"),
            livelihood_checked=True,
            livelihood_note="Opintotuki säilyy; koulumatkatuki haetaan.",
            duties_confirmed=True,
        ),
        MIKKO,
        9,
    )
    b.submit(placement, PAIVI, 8)
    b.accept_and_sign(placement, MARIA, 3, [], "Kiinteistöhuollossa on tilaa, tervetuloa!")
    db.session.add(
        Notification(
            user_id=b.person(PAIVI).id,
            kind="placement.accepted",
            params={"party": context.party("parik").name, "reference": placement.reference},
            link=f"/placements/{placement.id}",
            created_at=utcnow() - timedelta(days=3),
        )
    )


def _disclosure_request_for_luovi(context: DemoContext) -> None:
    """Parik asks Luovi's permission to show a student's period goals to Kymsote."""
    goals = db.session.scalars(
        sa.select(Document).where(Document.title.like("Pajajakson tavoitteet%"))
    ).one()
    maria = context.user(MARIA)
    assert goals.current_version is not None
    request = DisclosureRequest(
        document=goals,
        version=goals.current_version,
        requester_party_id=context.party("parik").id,
        requested_by_id=maria.id,
        third_party="Kymsote, Työelämäpalvelut",
        purpose="Jatkopolun suunnittelu sosiaaliohjauksessa pajajakson jälkeen.",
        scope="Sivu 1: tavoitteet ja tuen taso.",
        created_at=utcnow() - timedelta(days=2),
    )
    db.session.add(request)
    db.session.flush()
    notify(
        [context.user(PAIVI)],
        disclosures.DISCLOSURE_REQUESTED,
        link=f"/documents/{goals.id}/disclosures/{request.id}",
        party=context.party("parik").name,
        title=goals.title,
        third_party=request.third_party,
    )


def _action_item_for_paivi(context: DemoContext) -> None:
    """A decision of the last coordinators' meeting that Päivi owns, due in five days."""
    meeting = db.session.scalars(
        sa.select(Event)
        .where(Event.title == "Vastuuhenkilöiden tapaaminen", Event.starts_at < utcnow())
        .order_by(Event.starts_at.desc())
    ).first()
    assert meeting is not None
    meeting.action_items.append(
        ActionItem(
            title="Kootaan kevään pajajaksotarpeet Luovin toimipisteistä",
            owner=context.user(PAIVI),
            due_on=Builder(context).today + timedelta(days=5),
        )
    )


def load(context: DemoContext) -> None:
    _accepted_awaiting_signatures(context)
    _disclosure_request_for_luovi(context)
    _action_item_for_paivi(context)
