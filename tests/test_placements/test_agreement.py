"""The per-trainee agreement: both sign, then the terms are locked and changed only by
amendments that both sign again; every version stays in the history."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from portal.auth.models import User
from portal.core.dates import today
from portal.core.errors import DomainError, NotPermitted, TransitionNotAllowed
from portal.notifications.models import Notification
from portal.placements import agreements, service
from portal.placements.models import PlacementStatus, StepKind
from tests.factories import PlacementBuilder, workshop_period_terms

S = PlacementStatus


def kinds_for(db: Any, user: User) -> list[str]:
    return [n.kind for n in db.session.query(Notification).filter_by(user_id=user.id)]


def test_both_contact_persons_sign_and_the_placement_is_agreed(
    make_placement: PlacementBuilder,
    workshop_coordinator: User,
    provider_coordinator: User,
    request_context: None,
    db: Any,
) -> None:
    placement = make_placement(S.ACCEPTED)
    agreements.sign(provider_coordinator, placement, 1, "Koulutuspäällikkö")
    db.session.commit()
    assert placement.status == S.ACCEPTED
    assert kinds_for(db, workshop_coordinator) == ["placement.signed"]

    agreements.sign(workshop_coordinator, placement, 1, "")
    db.session.commit()
    assert placement.status == S.AGREED
    version = placement.agreement_in_force
    assert version is not None and version.number == 1
    who = {
        (s.party_id, s.signer_name, s.signer_title, s.signer_role.value) for s in version.signatures
    }
    assert who == {
        (
            provider_coordinator.party_id,
            provider_coordinator.name,
            "Koulutuspäällikkö",
            "coordinator",
        ),
        (
            workshop_coordinator.party_id,
            workshop_coordinator.name,
            workshop_coordinator.title,
            "coordinator",
        ),
    }
    assert all(s.signed_at is not None for s in version.signatures)
    assert [s.kind for s in placement.steps][-3:] == [
        StepKind.SIGNED,
        StepKind.SIGNED,
        StepKind.AGREED,
    ]
    assert kinds_for(db, provider_coordinator) == ["placement.agreed"]


def test_a_party_signs_a_version_only_once(
    make_placement: PlacementBuilder, provider_coordinator: User, request_context: None, db: Any
) -> None:
    placement = make_placement(S.ACCEPTED)
    agreements.sign(provider_coordinator, placement, 1, "")
    db.session.commit()
    with pytest.raises(TransitionNotAllowed, match="already signed"):
        agreements.sign(provider_coordinator, placement, 1, "")


def test_staff_do_not_sign(
    make_placement: PlacementBuilder, provider_staff: User, request_context: None
) -> None:
    placement = make_placement(S.ACCEPTED)
    with pytest.raises(NotPermitted):
        agreements.sign(provider_staff, placement, 1, "")


def test_the_period_cannot_start_before_both_have_signed(
    make_placement: PlacementBuilder,
    workshop_coordinator: User,
    provider_coordinator: User,
    request_context: None,
    db: Any,
) -> None:
    placement = make_placement(S.ACCEPTED)
    agreements.sign(provider_coordinator, placement, 1, "")
    db.session.commit()
    with pytest.raises(TransitionNotAllowed, match="both parties have signed"):
        service.start(workshop_coordinator, placement, today())
    db.session.rollback()
    assert placement.status == S.ACCEPTED and placement.started_on is None


def test_after_agreement_the_terms_change_only_by_an_amendment_both_sign(
    make_placement: PlacementBuilder,
    workshop_coordinator: User,
    provider_coordinator: User,
    request_context: None,
    db: Any,
) -> None:
    placement = make_placement(S.ONGOING)
    old_end = placement.end_on
    longer = workshop_period_terms(
        start_on=placement.start_on,
        end_on=date(old_end.year + 1, 1, 15)
        if old_end.month > 6
        else old_end.replace(month=old_end.month + 1),
        daily_price=Decimal("60.00"),
    )
    agreements.amend(provider_coordinator, placement, longer, "Jaksoa jatketaan kuukaudella.")
    db.session.commit()
    # Locked: the terms in force stay until both parties have signed the amendment.
    assert placement.end_on == old_end and placement.daily_price == Decimal("55.00")
    assert placement.pending_agreement.number == 2
    assert placement.agreement_in_force.number == 1
    assert kinds_for(db, workshop_coordinator) == ["placement.amended"]

    agreements.sign(provider_coordinator, placement, 2, "")
    db.session.commit()
    assert placement.daily_price == Decimal("55.00")
    agreements.sign(workshop_coordinator, placement, 2, "")
    db.session.commit()
    assert placement.daily_price == Decimal("60.00") and placement.end_on == longer.end_on
    assert placement.status == S.ONGOING
    # The history keeps every version with its own terms and signatures.
    assert [v.number for v in placement.agreements] == [1, 2]
    assert agreements.terms_of(placement.agreements[0]).daily_price == Decimal("55.00")
    assert all(v.is_signed_by_both for v in placement.agreements)


def test_an_amendment_with_the_same_terms_is_refused(
    make_placement: PlacementBuilder, provider_coordinator: User, request_context: None
) -> None:
    placement = make_placement(S.AGREED)
    same = agreements.terms_of(placement.latest_agreement)
    with pytest.raises(DomainError, match="same as in version 1"):
        agreements.amend(provider_coordinator, placement, same, "Ei muutosta")


def test_only_the_latest_version_can_be_signed(
    make_placement: PlacementBuilder,
    workshop_coordinator: User,
    provider_coordinator: User,
    request_context: None,
    db: Any,
) -> None:
    placement = make_placement(S.ACCEPTED)
    agreements.amend(
        provider_coordinator, placement, workshop_period_terms(daily_price=Decimal("50")), "Hinta"
    )
    db.session.commit()
    # Before agreement an amendment is the proposal at once; version 1 can no longer be signed.
    assert placement.daily_price == Decimal("50")
    with pytest.raises(TransitionNotAllowed, match="newer version"):
        agreements.sign(workshop_coordinator, placement, 1, "")
    db.session.rollback()
    agreements.sign(workshop_coordinator, placement, 2, "")
    agreements.sign(provider_coordinator, placement, 2, "")
    db.session.commit()
    assert placement.status == S.AGREED and placement.agreement_in_force.number == 2


def test_signing_a_declined_request_is_refused(
    make_placement: PlacementBuilder, workshop_coordinator: User, request_context: None
) -> None:
    placement = make_placement(S.DECLINED)
    with pytest.raises(TransitionNotAllowed, match="accepted"):
        agreements.sign(workshop_coordinator, placement, 1, "")
