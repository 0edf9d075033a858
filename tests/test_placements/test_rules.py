"""Rules around the steps: who starts what, the livelihood check, periods and prices,
withdrawn parties, outcomes, notifications, and a stale update that must not win."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from portal.auth.models import User
from portal.core.dates import today
from portal.core.errors import DomainError, NotPermitted, TransitionNotAllowed
from portal.notifications.models import Notification
from portal.parties.models import Party, PartyKind
from portal.placements import service
from portal.placements.models import Direction, NextStep, Placement, PlacementStatus
from portal.placements.steps import ConcurrentChange
from portal.placements.terms import (
    UnitLine,
)
from tests import factories
from tests.factories import PlacementBuilder, to_studies_terms, workshop_period_terms

S = PlacementStatus
WHO = service.Individual("LUOVI-2026-007", "M.M.")


def test_a_workshop_starts_requests_to_studies_and_a_provider_workshop_periods(
    workshop_staff: User, provider_staff: User, outsider: User, admin: User
) -> None:
    assert service.directions_for(workshop_staff) == [Direction.TO_STUDIES]
    assert service.directions_for(provider_staff) == [Direction.TO_WORKSHOP]
    social = factories.UserFactory(party=factories.PartyFactory(kind=PartyKind.SOCIAL_SERVICES))
    assert service.directions_for(social) == []
    assert service.directions_for(admin) == []


def test_staff_member_drafts_a_request_to_an_active_party_of_the_right_kind(
    provider_staff: User, workshop: Party, request_context: None, db: Any
) -> None:
    placement = service.create(
        provider_staff, Direction.TO_WORKSHOP, workshop, WHO, workshop_period_terms()
    )
    db.session.commit()
    assert placement.status == S.DRAFT and placement.sender_party_id == provider_staff.party_id
    assert placement.submitted_at is None
    assert [u.label for u in placement.units] == ["Puutuotteiden valmistus (106927)"]

    another_provider = factories.PartyFactory(kind=PartyKind.EDUCATION_PROVIDER)
    with pytest.raises(DomainError, match="right kind") as wrong:
        service.create(
            provider_staff, Direction.TO_WORKSHOP, another_provider, WHO, workshop_period_terms()
        )
    assert wrong.value.field == "receiver"
    with pytest.raises(NotPermitted):
        service.create(provider_staff, Direction.TO_STUDIES, workshop, WHO, to_studies_terms())


def test_identity_code_is_never_stored(
    provider_staff: User, workshop: Party, request_context: None
) -> None:
    with pytest.raises(DomainError, match="identity code") as refused:
        service.create(
            provider_staff,
            Direction.TO_WORKSHOP,
            workshop,
            service.Individual("131052-308T", "A.K."),
            workshop_period_terms(),
        )
    assert refused.value.field == "reference"
    with pytest.raises(DomainError, match="identity code"):
        service.create(
            provider_staff,
            Direction.TO_WORKSHOP,
            workshop,
            WHO,
            workshop_period_terms(hoks_goals="Hetu 131052-308T"),
        )


@pytest.mark.parametrize(
    ("direction", "missing", "field"),
    [
        (Direction.TO_STUDIES, {"livelihood_checked": False}, "livelihood_checked"),
        (Direction.TO_STUDIES, {"livelihood_note": ""}, "livelihood_note"),
        (Direction.TO_WORKSHOP, {"livelihood_checked": False}, "livelihood_checked"),
        (Direction.TO_WORKSHOP, {"duties_confirmed": False}, "duties_confirmed"),
    ],
)
def test_livelihood_check_and_duties_are_required_before_submitting(
    direction: Direction,
    missing: dict[str, Any],
    field: str,
    make_placement: PlacementBuilder,
    workshop_coordinator: User,
    provider_coordinator: User,
    request_context: None,
    db: Any,
) -> None:
    placement = make_placement(S.DRAFT, direction, **missing)
    sender = provider_coordinator if direction == Direction.TO_WORKSHOP else workshop_coordinator
    with pytest.raises(DomainError) as refused:
        service.submit(sender, placement)
    assert refused.value.field == field
    db.session.rollback()
    assert placement.status == S.DRAFT


def test_decline_needs_a_reason(
    make_placement: PlacementBuilder, workshop_coordinator: User, request_context: None
) -> None:
    placement = make_placement(S.SUBMITTED)
    with pytest.raises(DomainError) as error:
        service.decline(workshop_coordinator, placement, "  ")
    assert error.value.field == "reason"


def test_only_the_receivers_coordinator_accepts(
    make_placement: PlacementBuilder,
    workshop_staff: User,
    provider_coordinator: User,
    request_context: None,
) -> None:
    placement = make_placement(S.SUBMITTED)
    for person in (workshop_staff, provider_coordinator):
        with pytest.raises(NotPermitted):
            service.accept(person, placement)


def test_completion_records_units_completed_and_the_next_step(
    make_placement: PlacementBuilder, workshop_coordinator: User, request_context: None, db: Any
) -> None:
    placement = make_placement(S.ONGOING)
    service.complete(
        workshop_coordinator,
        placement,
        on=today(),
        completed_unit_ids=[placement.units[0].id],
        other_units=[UnitLine("Kiinteistönhoito")],
        next_step=NextStep.STUDIES,
        note="Palasi opintoihin.",
    )
    db.session.commit()
    assert placement.status == S.COMPLETED and placement.next_step == NextStep.STUDIES
    assert [(u.label, u.completed) for u in placement.units] == [
        ("Puutuotteiden valmistus (106927)", True),
        ("Kiinteistönhoito", True),
    ]
    assert placement.ended_on == today() and placement.steps[-1].comment == "Palasi opintoihin."


def test_interruption_records_the_reason(
    make_placement: PlacementBuilder, provider_coordinator: User, request_context: None, db: Any
) -> None:
    placement = make_placement(S.ONGOING)
    service.interrupt(
        provider_coordinator,
        placement,
        on=today(),
        reason="Sairastuminen",
        next_step=NextStep.OTHER,
    )
    db.session.commit()
    assert placement.status == S.INTERRUPTED and placement.interruption_reason == "Sairastuminen"
    assert (
        placement.steps[-1].comment == "Sairastuminen"
        and placement.steps[-1].actor_name == provider_coordinator.name
    )


def test_a_withdrawn_party_starts_nothing_new_but_finishes_what_is_ongoing(
    make_placement: PlacementBuilder,
    workshop: Party,
    provider_staff: User,
    workshop_coordinator: User,
    provider_coordinator: User,
    request_context: None,
    db: Any,
) -> None:
    draft = make_placement(S.DRAFT, reference="A")
    submitted = make_placement(S.SUBMITTED, reference="B")
    agreed = make_placement(S.AGREED, reference="C")
    ongoing = make_placement(S.ONGOING, reference="D")
    workshop.withdrawn_on = today() - timedelta(days=1)
    db.session.commit()

    with pytest.raises(DomainError, match="withdrawn"):
        service.create(
            provider_staff, Direction.TO_WORKSHOP, workshop, WHO, workshop_period_terms()
        )
    with pytest.raises(DomainError, match="withdrawn"):
        service.submit(provider_coordinator, draft)
    with pytest.raises(DomainError, match="withdrawn"):
        service.accept(workshop_coordinator, submitted)
    with pytest.raises(DomainError, match="withdrawn"):
        service.start(workshop_coordinator, agreed, today())
    db.session.rollback()

    service.complete(
        workshop_coordinator,
        ongoing,
        on=today(),
        completed_unit_ids=[],
        other_units=[],
        next_step=NextStep.WORK,
    )
    service.cancel(provider_coordinator, submitted)
    db.session.commit()
    assert ongoing.status == S.COMPLETED and submitted.status == S.CANCELLED


def test_notifications_go_to_the_other_partys_coordinators_without_names(
    make_placement: PlacementBuilder,
    workshop_coordinator: User,
    workshop_staff: User,
    provider_coordinator: User,
    outsider: User,
    request_context: None,
    db: Any,
) -> None:
    second = factories.coordinator_of(workshop_coordinator.party, email="second@parik.example")
    placement = make_placement(S.DRAFT, full_name="Aino Esimerkki")
    service.submit(provider_coordinator, placement)
    db.session.commit()
    told = db.session.scalars(
        sa.select(Notification).where(Notification.kind == "placement.submitted")
    ).all()
    assert {n.user_id for n in told} == {workshop_coordinator.id, second.id}
    assert all(
        "Aino" not in str(n.params) and n.params["reference"] == "LUOVI-2026-001" for n in told
    )
    assert told[0].link == f"/placements/{placement.id}"


def test_a_stale_update_does_not_win(
    make_placement: PlacementBuilder, workshop_coordinator: User, request_context: None, db: Any
) -> None:
    """The conditional update: the state changed in the database after the page loaded it."""
    placement = make_placement(S.SUBMITTED)
    db.session.execute(
        sa.update(Placement)
        .where(Placement.id == placement.id)
        .values(status=S.DECLINED)
        .execution_options(synchronize_session=False)
    )
    assert placement.status == S.SUBMITTED  # what this request saw
    with pytest.raises(ConcurrentChange):
        service.accept(workshop_coordinator, placement)
    assert isinstance(ConcurrentChange(), TransitionNotAllowed)


def test_an_edit_cannot_slip_in_after_another_tab_submitted(
    make_placement: PlacementBuilder,
    provider_staff: User,
    workshop: Party,
    request_context: None,
    db: Any,
) -> None:
    placement = make_placement(S.DRAFT)
    db.session.execute(
        sa.update(Placement)
        .where(Placement.id == placement.id)
        .values(status=S.SUBMITTED)
        .execution_options(synchronize_session=False)
    )
    with pytest.raises(ConcurrentChange):
        service.update_draft(provider_staff, placement, workshop, WHO, workshop_period_terms())
