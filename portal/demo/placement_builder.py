"""Building demo placements as the workflow would have left them, with dates in the past."""

from __future__ import annotations

from datetime import datetime, timedelta

from portal.auth.models import User
from portal.core import dates
from portal.core.models import utcnow
from portal.demo import DemoContext
from portal.extensions import db
from portal.notifications.models import Notification
from portal.placements.agreements import snapshot
from portal.placements.models import (
    Direction,
    Placement,
    PlacementAgreement,
    PlacementComment,
    PlacementSignature,
    PlacementStatus,
    PlacementStep,
    StepKind,
)
from portal.placements.terms import Terms

S = PlacementStatus


def _ago(days: int, hour: int = 10) -> datetime:
    """A moment ``days`` ago, during office hours."""
    moment = utcnow() - timedelta(days=days)
    return moment.replace(hour=hour, minute=15, second=0, microsecond=0)


class Builder:
    def __init__(self, context: DemoContext) -> None:
        self.context = context
        self.today = dates.today()

    def person(self, email: str) -> User:
        return self.context.user(email)

    def placement(
        self,
        direction: Direction,
        status: PlacementStatus,
        reference: str,
        initials: str,
        terms: Terms,
        created_by: str,
        created_days_ago: int,
    ) -> Placement:
        workshop, provider = self.context.party("parik"), self.context.party("luovi")
        sender, receiver = (
            (workshop, provider) if direction == Direction.TO_STUDIES else (provider, workshop)
        )
        author = self.person(created_by)
        placement = Placement(
            direction=direction,
            status=status,
            sender=sender,
            receiver=receiver,
            reference=reference,
            initials=initials,
            created_by=author,
            created_at=_ago(created_days_ago, 9),
        )
        terms.apply_to(placement)
        db.session.add(placement)
        db.session.flush()
        self.step(placement, StepKind.CREATED, created_by, created_days_ago, hour=9, to=S.DRAFT)
        return placement

    def step(
        self,
        placement: Placement,
        kind: StepKind,
        email: str,
        days_ago: int,
        *,
        hour: int = 10,
        from_: PlacementStatus | None = None,
        to: PlacementStatus | None = None,
        comment: str = "",
        version: int | None = None,
    ) -> None:
        actor = self.person(email)
        db.session.add(
            PlacementStep(
                placement=placement,
                kind=kind,
                from_status=from_,
                to_status=to,
                version=version,
                actor_id=actor.id,
                actor_name=actor.name,
                party_id=actor.party_id,
                comment=comment,
                at=_ago(days_ago, hour),
            )
        )

    def submit(self, placement: Placement, email: str, days_ago: int, comment: str = "") -> None:
        placement.submitted_at = _ago(days_ago, 11)
        self.step(
            placement,
            StepKind.SUBMITTED,
            email,
            days_ago,
            hour=11,
            from_=S.DRAFT,
            to=S.SUBMITTED,
            comment=comment,
        )

    def accept_and_sign(
        self,
        placement: Placement,
        accepted_by: str,
        days_ago: int,
        signers: list[str],
        comment: str = "",
    ) -> None:
        """Accept, draw up version 1 and have it signed by the given coordinators in turn."""
        self.step(
            placement,
            StepKind.ACCEPTED,
            accepted_by,
            days_ago,
            from_=S.SUBMITTED,
            to=S.ACCEPTED,
            comment=comment,
        )
        version = PlacementAgreement(
            number=1,
            terms=snapshot(placement, Terms.of(placement)),
            created_by_id=self.person(accepted_by).id,
            created_at=_ago(days_ago),
        )
        placement.agreements.append(version)
        for n, email in enumerate(signers):
            signer = self.person(email)
            version.signatures.append(
                PlacementSignature(
                    party_id=signer.party_id,
                    user_id=signer.id,
                    signer_name=signer.name,
                    signer_title=signer.title,
                    signer_role=signer.role,
                    signed_at=_ago(days_ago - 1 - n, 14),
                )
            )
            self.step(placement, StepKind.SIGNED, email, days_ago - 1 - n, hour=14, version=1)
        if len(signers) == 2:
            self.step(
                placement,
                StepKind.AGREED,
                signers[-1],
                days_ago - 2,
                hour=14,
                from_=S.ACCEPTED,
                to=S.AGREED,
            )

    def start(self, placement: Placement, email: str) -> None:
        placement.started_on = placement.start_on
        self.step(
            placement,
            StepKind.STARTED,
            email,
            (self.today - placement.start_on).days,
            hour=12,
            from_=S.AGREED,
            to=S.ONGOING,
        )

    def comment(self, placement: Placement, email: str, days_ago: int, body: str) -> None:
        author = self.person(email)
        db.session.add(
            PlacementComment(
                placement=placement,
                author_id=author.id,
                author_name=author.name,
                party_id=author.party_id,
                body=body,
                created_at=_ago(days_ago, 13),
            )
        )

    def notify(self, placement: Placement, emails: list[str], kind: str, party: str) -> None:
        for email in emails:
            db.session.add(
                Notification(
                    user_id=self.person(email).id,
                    kind=kind,
                    params={"party": party, "reference": placement.reference},
                    link=f"/placements/{placement.id}",
                    created_at=placement.submitted_at,
                )
            )
