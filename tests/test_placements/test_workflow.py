"""Every allowed and every refused step of the workflow (DESIGN §2.2), in both directions."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from portal.auth.models import User
from portal.core.dates import today
from portal.core.errors import NotPermitted, TransitionNotAllowed
from portal.notifications.models import Notification
from portal.parties.models import Party
from portal.placements import activity, agreements, demonstrations, service
from portal.placements.models import (
    Demonstration,
    Direction,
    NextStep,
    Placement,
    PlacementAgreement,
    PlacementComment,
    PlacementSignature,
    PlacementStatus,
    PlacementStep,
)
from portal.placements.workflow import RULES, Action, Side
from tests.factories import PlacementBuilder, to_studies_terms, workshop_period_terms

S = PlacementStatus
ALL = set(S)

# The workflow as the design states it, written out independently of the code's table.
ALLOWED: dict[str, set[PlacementStatus]] = {
    "edit": {S.DRAFT},
    "submit": {S.DRAFT},
    "cancel": {S.DRAFT, S.SUBMITTED},
    "accept": {S.SUBMITTED},
    "decline": {S.SUBMITTED},
    "sign": {S.ACCEPTED, S.AGREED, S.ONGOING},
    "amend": {S.ACCEPTED, S.AGREED, S.ONGOING},
    "start": {S.AGREED},
    "complete": {S.ONGOING},
    "interrupt": {S.ACCEPTED, S.AGREED, S.ONGOING},
    "demonstrate": {S.ACCEPTED, S.AGREED, S.ONGOING, S.COMPLETED},
    "comment": ALL,
}
TARGET = {
    "submit": S.SUBMITTED,
    "cancel": S.CANCELLED,
    "accept": S.ACCEPTED,
    "decline": S.DECLINED,
    "start": S.ONGOING,
    "complete": S.COMPLETED,
    "interrupt": S.INTERRUPTED,
}
CASES = [(action, status) for action in ALLOWED for status in S]


def _terms(placement: Placement, **changes: Any) -> Any:
    if placement.direction == Direction.TO_WORKSHOP:
        return workshop_period_terms(**changes)
    return to_studies_terms(**changes)


def perform(action: str, placement: Placement, people: dict[str, User], receiver: Party) -> None:
    """Take ``action`` as someone whose side and role the workflow allows it to."""
    sender_side = (
        people["provider_coordinator"]
        if placement.sender.kind.value == "education_provider"
        else people["workshop_coordinator"]
    )
    receiver_side = (
        people["workshop_coordinator"]
        if sender_side is people["provider_coordinator"]
        else people["provider_coordinator"]
    )
    match action:
        case "edit":
            service.update_draft(
                sender_side,
                placement,
                receiver,
                service.Individual("X-1", "B.C."),
                _terms(placement),
            )
        case "submit":
            service.submit(sender_side, placement)
        case "cancel":
            service.cancel(sender_side, placement)
        case "accept":
            service.accept(receiver_side, placement)
        case "decline":
            service.decline(receiver_side, placement, "Ei tilaa tällä hetkellä.")
        case "sign":
            latest = placement.latest_agreement
            agreements.sign(receiver_side, placement, latest.number if latest else 1, "")
        case "amend":
            agreements.amend(
                receiver_side,
                placement,
                _terms(placement, livelihood_note="Tarkistettu uudelleen."),
                "Muutos",
            )
        case "start":
            service.start(receiver_side, placement, today())
        case "complete":
            service.complete(
                receiver_side,
                placement,
                on=today(),
                completed_unit_ids=[u.id for u in placement.units],
                other_units=[],
                next_step=NextStep.STUDIES,
            )
        case "interrupt":
            service.interrupt(
                receiver_side,
                placement,
                on=today(),
                reason="Muutto toiselle paikkakunnalle.",
                next_step=NextStep.UNKNOWN,
            )
        case "demonstrate":
            demonstrations.add(
                sender_side,
                placement,
                demonstrations.DemonstrationDetails("Puutuotteiden valmistus", today(), "Paja"),
            )
        case "comment":
            activity.add_comment(sender_side, placement, "Hyvin menee.")
        case _:
            raise AssertionError(action)


def footprint(db: Any, placement: Placement) -> tuple[Any, ...]:
    """Everything a step could change, read from the database."""

    def count(model: Any, *where: Any) -> int:
        return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))

    return (
        db.session.scalar(sa.select(Placement.status).where(Placement.id == placement.id)),
        count(PlacementStep, PlacementStep.placement_id == placement.id),
        count(PlacementAgreement, PlacementAgreement.placement_id == placement.id),
        count(PlacementSignature),
        count(Notification),
        count(PlacementComment),
        count(Demonstration),
    )


@pytest.mark.parametrize("direction", list(Direction))
@pytest.mark.parametrize(("action", "status"), CASES, ids=[f"{a}-from-{s}" for a, s in CASES])
def test_each_step_is_allowed_exactly_from_the_states_of_the_workflow(
    action: str,
    status: PlacementStatus,
    direction: Direction,
    make_placement: PlacementBuilder,
    people: dict[str, User],
    workshop: Party,
    provider: Party,
    request_context: None,
    db: Any,
) -> None:
    placement = make_placement(status, direction)
    if action == "sign" and status in (S.AGREED, S.ONGOING):
        # Signing after agreement is signing an amendment.
        agreements.amend(
            people["provider_coordinator"],
            placement,
            _terms(placement, livelihood_note="Uusi"),
            "Muutos",
        )
        db.session.commit()
    receiver = workshop if direction == Direction.TO_WORKSHOP else provider
    before = footprint(db, placement)

    if status in ALLOWED[action]:
        perform(action, placement, people, receiver)
        db.session.commit()
        assert footprint(db, placement) != before
        expected = TARGET.get(action, status)
        assert (
            db.session.scalar(sa.select(Placement.status).where(Placement.id == placement.id))
            == expected
        )
    elif status == S.DRAFT and RULES[Action(action)].side != Side.SENDER:
        # The receiver does not see the sender's draft, so it cannot act on it at all.
        with pytest.raises((NotPermitted, TransitionNotAllowed)):
            perform(action, placement, people, receiver)
        db.session.rollback()
        assert footprint(db, placement) == before
    else:
        with pytest.raises(TransitionNotAllowed) as refused:
            perform(action, placement, people, receiver)
        db.session.rollback()
        assert footprint(db, placement) == before
        assert "Its status is now" in str(refused.value) or "Tila on nyt" in str(refused.value)
