"""The teams of the demo placements and the young people's consents (need to know).

Sanna (Parik's job coach) and Mikko (Luovi's study counsellor) are on the teams of the
placements they would work on, so they still see them; the ongoing workshop period has the
young person's consent to include Kymsote, and Leena of Kymsote is on its team as the social
worker. The period awaiting its start has no consent yet, so its page and *My trainees* show
recording it as the first thing to do.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from portal.demo import DemoContext
from portal.demo.placement_builder import Builder
from portal.extensions import db
from portal.placements.models import Placement, PlacementStatus, StepKind
from portal.placements.team_models import Consent, ConsentManner, TeamMember, TeamRole

S = PlacementStatus
SANNA = "sanna.nieminen@parik.example"
MIKKO = "mikko.laine@luovi.example"
LEENA = "leena.heikkinen@kymsote.example"
# The ongoing workshop period whose young person agreed to include Kymsote.
WITH_KYMSOTE = "LUOVI-2026-031"
ROLES = {SANNA: TeamRole.JOB_COACH, MIKKO: TeamRole.STUDY_COUNSELLOR}


def _member(placement: Placement, b: Builder, email: str, role: TeamRole) -> None:
    person = b.person(email)
    if any(m.user_id == person.id for m in placement.team) or person.party_id is None:
        return
    consent = next((c for c in placement.consents if c.covers(person.party_id)), None)
    if not placement.involves(person.party_id) and consent is None:
        # A third party's person only by the young person's consent.
        return
    placement.team.append(
        TeamMember(
            user_id=person.id,
            party_id=person.party_id,
            role=role,
            consent=None if placement.involves(person.party_id) else consent,
        )
    )


def _consent_with_kymsote(b: Builder, placement: Placement) -> None:
    parties = [placement.sender, placement.receiver, b.context.party("kymsote")]
    placement.consents.append(
        Consent(
            information="Jakson tavoitteet, läsnäolo, tuen tarve ja toimeentulon selvitys",
            purpose="Nuoren tuen jatkuvuus työpajajakson aikana ja sen jälkeen",
            given_on=placement.start_on - timedelta(days=7),
            valid_until=placement.start_on + timedelta(days=365),
            manner=ConsentManner.ORAL,
            noted_by="Mikko Laine",
            recorded_by=b.person(MIKKO),
            parties=parties,
        )
    )
    b.step(
        placement, StepKind.CONSENT_RECORDED, MIKKO, 40, comment=", ".join(p.name for p in parties)
    )
    _member(placement, b, LEENA, TeamRole.SOCIAL_WORKER)
    b.step(
        placement,
        StepKind.TEAM_MEMBER_ADDED,
        MIKKO,
        40,
        comment="Leena Heikkinen – sosiaalityöntekijä",
    )


def load(context: DemoContext) -> None:
    """After every feature's placements have been made (the front page's and the reports' too)."""
    b = Builder(context)
    placements = db.session.scalars(sa.select(Placement).order_by(Placement.id)).all()
    for placement in placements:
        creator = placement.created_by
        if creator is not None and creator.email in ROLES:
            _member(placement, b, creator.email, ROLES[creator.email])
        elif creator is not None and creator.party_id is not None:
            # As the portal does when someone drafts a request (placements.team).
            workshop = creator.party_id == placement.workshop.id
            role = TeamRole.JOB_COACH if workshop else TeamRole.STUDY_COUNSELLOR
            _member(placement, b, creator.email, role)
        for email, role in ROLES.items():
            person = b.person(email)
            receiving = person.party_id == placement.receiver_party_id
            if receiving and placement.submitted_at is None:
                continue
            _member(placement, b, email, role)
        if placement.reference == WITH_KYMSOTE:
            _consent_with_kymsote(b, placement)
        elif placement.status not in (S.AGREED, S.DRAFT):
            placement.consents.append(
                Consent(
                    information="Jakson tavoitteet ja läsnäolo",
                    purpose="Sijoituksen valmistelu ja seuranta",
                    given_on=placement.created_at.date(),
                    valid_until=placement.created_at.date() + timedelta(days=365),
                    manner=ConsentManner.ORAL,
                    noted_by=placement.created_by.name if placement.created_by else "",
                    recorded_by=placement.created_by,
                    parties=[placement.sender, placement.receiver],
                )
            )
    db.session.flush()
