"""A hand-over to the next service in use: the ongoing workshop period LUOVI-2026-031 ends
soon, and the young person moves on to Kymsote's social services. Sanna, the job coach,
recorded the hand-over to Leena Heikkinen a few days ago; the hand-over meeting is next week
in the annual calendar, and the placement stays open until Leena confirms — her *My
trainees* shows it as the thing to do."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from portal.annual_calendar.models import Event, EventKind, Invitation
from portal.core.i18n import HELSINKI
from portal.core.models import utcnow
from portal.demo import Cast, DemoContext
from portal.demo.placement_builder import Builder
from portal.extensions import db
from portal.handovers.models import Handover, NextService
from portal.notifications.models import Notification
from portal.placements.models import Placement, StepKind
from portal.placements.policy import membership

REFERENCE = "LUOVI-2026-031"
SANNA = "sanna.nieminen@parik.example"


def load(context: DemoContext) -> None:
    """After the teams and consents (``placement_teams``): Leena is on the team by consent."""
    cast, b = Cast.of(context), Builder(context)
    placement = db.session.scalars(
        sa.select(Placement).where(Placement.reference == REFERENCE)
    ).one()
    day = b.today + timedelta(days=8)
    event = _handover_meeting_planned(cast, placement, day)
    _handover_recorded(cast, b, placement, event)
    _receiver_told(cast, placement, day)


def _handover_meeting_planned(cast: Cast, placement: Placement, day: date) -> Event:
    """The meeting of the hand-over, the placement's team invited in person."""
    event = Event(
        kind=EventKind.OTHER,
        title=f"Saattaen vaihdon tapaaminen: {REFERENCE}",
        organiser=cast.parik,
        starts_at=datetime.combine(day, time(13, 0), tzinfo=HELSINKI),
        ends_at=datetime.combine(day, time(14, 0), tzinfo=HELSINKI),
        place="Kymsoten aikuissosiaalityö, Kouvola",
        description=(
            f"Siirtymän {REFERENCE} saattaen vaihto seuraavaan palveluun. Nuori nimetään vain "
            "siirtymän sivulla."
        ),
        created_by=cast.sanna,
        created_at=utcnow() - timedelta(days=3),
        updated_at=utcnow() - timedelta(days=3),
    )
    event.invited_parties = [cast.luovi, cast.kymsote]
    team = [m.user for m in placement.team if membership(m.user, placement) is not None]
    event.invitations = [Invitation(user=u, personal=True) for u in dict.fromkeys(team)]
    db.session.add(event)
    db.session.flush()
    return event


def _handover_recorded(cast: Cast, b: Builder, placement: Placement, event: Event) -> None:
    """Sanna records the hand-over to Leena of the social services, with the meeting."""
    db.session.add(
        Handover(
            placement_id=placement.id,
            service=NextService.SOCIAL_SERVICES,
            receiver_id=cast.leena.id,
            receiver_name=cast.leena.name,
            receiver_party_id=cast.kymsote.id,
            event_id=event.id,
            recorded_by_id=cast.sanna.id,
            recorded_by_name=cast.sanna.name,
            recorded_at=utcnow() - timedelta(days=3),
        )
    )
    b.step(
        placement,
        StepKind.HANDOVER_RECORDED,
        SANNA,
        3,
        comment=f"Sosiaalipalvelut: {cast.leena.name}, {cast.kymsote.name}",
    )


def _receiver_told(cast: Cast, placement: Placement, day: date) -> None:
    """Leena was told, by the placement's reference only."""
    db.session.add(
        Notification(
            user_id=cast.leena.id,
            kind="handover.asked",
            params={"party": cast.parik.name, "reference": REFERENCE, "date": day.isoformat()},
            link=f"/placements/{placement.id}#handover",
            created_at=utcnow() - timedelta(days=3),
        )
    )
