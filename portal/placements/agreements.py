"""The per-trainee agreement: its versions, signatures and amendments.

Version 1 is drawn up from the request's terms when the receiver accepts. Both contact
persons sign it in the portal; the second signature makes the placement *agreed*. After
that the terms are locked: a change is a new version (an amendment) that both sign again,
and the placement's terms follow it once both have. Every version is kept.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from portal.auth.models import User
from portal.core.errors import DomainError, TransitionNotAllowed
from portal.extensions import db
from portal.placements import steps, training
from portal.placements.models import (
    Direction,
    Placement,
    PlacementAgreement,
    PlacementSignature,
    StepKind,
)
from portal.placements.policy import may_act
from portal.placements.terms import Terms, check_dates
from portal.placements.terms_checks import check_terms
from portal.placements.workflow import AGREED_BY_SIGNING, Action, allows


def snapshot(placement: Placement, terms: Terms) -> dict[str, Any]:
    """What a version records: the individual (pseudonymously) and the terms."""
    return {
        "reference": placement.reference,
        "initials": placement.initials,
        "terms": terms.to_json(),
    }


def terms_of(version: PlacementAgreement) -> Terms:
    return Terms.from_json(version.terms["terms"])


def draw_up(actor: User, placement: Placement) -> PlacementAgreement:
    """Version 1, from the terms as requested; called when the request is accepted."""
    terms = training.place_of_work(placement, Terms.of(placement))
    placement.workplace_name, placement.workplace_address = (
        terms.workplace_name,
        terms.workplace_address,
    )
    version = PlacementAgreement(
        number=len(placement.agreements) + 1,
        terms=snapshot(placement, terms),
        created_by_id=actor.id,
    )
    placement.agreements.append(version)
    db.session.flush()
    return version


def amend(actor: User, placement: Placement, terms: Terms, reason: str) -> PlacementAgreement:
    """Propose new terms as a new version for both parties to sign."""
    steps.check(actor, Action.AMEND, placement)
    check_terms(placement.direction, terms, complete=True)
    if not reason.strip():
        raise DomainError(_l("Say what is changed and why."), field="reason")
    steps.claim(actor, Action.AMEND, placement)
    check_dates(placement, terms)
    _keep_completed_units(placement, terms)
    latest = placement.latest_agreement
    if placement.direction == Direction.TO_WORKSHOP:
        training.settle_people(
            actor,
            placement,
            terms,
            placement.workshop.id,
            placement.provider.id,
            current=terms_of(latest) if latest else None,
        )
    if latest is not None and terms_of(latest) == terms:
        raise DomainError(
            _l(
                "The terms are the same as in version %(number)d. Change something, or leave "
                "the agreement as it is.",
                number=latest.number,
            )
        )
    version = PlacementAgreement(
        number=(latest.number if latest else 0) + 1,
        terms=snapshot(placement, terms),
        reason=reason.strip(),
        created_by_id=actor.id,
    )
    placement.agreements.append(version)
    if placement.agreement_in_force is None:
        # Nothing has been agreed yet: the proposal is the placement's terms at once.
        terms.apply_to(placement)
    db.session.flush()
    steps.record_step(placement, actor, StepKind.AMENDED, comment=reason, version=version.number)
    steps.tell_other_party(actor, placement, steps.AMENDED, version=version.number)
    return version


def _keep_completed_units(placement: Placement, terms: Terms) -> None:
    """Refuse terms that drop a unit recorded completed: its completion (and bonus) stays."""
    named = {(u.name, u.code) for u in terms.units}
    for unit in placement.units:
        if unit.completed_on is not None and (unit.name, unit.code) not in named:
            raise DomainError(
                _l(
                    "%(unit)s has been recorded completed, so it stays among the qualification "
                    "units.",
                    unit=unit.label,
                ),
                field="qualification_units",
            )


def sign(actor: User, placement: Placement, number: int, title: str) -> PlacementSignature:
    """Sign version ``number`` for the actor's party, as the coordinator they are.

    Only the latest version can be signed, and only the one the signer has read: if an
    amendment has been made since the page was opened, the signature is refused.
    """
    steps.check(actor, Action.SIGN, placement)
    steps.claim(actor, Action.SIGN, placement)
    latest = placement.latest_agreement
    if latest is None or latest.number != number:
        raise TransitionNotAllowed(
            _l(
                "A newer version of the agreement has been made since you opened it. Read it "
                "before signing."
            )
        )
    if latest.signature_of(actor.party_id) is not None:
        raise TransitionNotAllowed(
            _l("Your party has already signed version %(number)d.", number=latest.number)
        )
    assert actor.party_id is not None
    signature = PlacementSignature(
        party_id=actor.party_id,
        user_id=actor.id,
        signer_name=actor.name,
        signer_title=title.strip() or actor.title,
        signer_role=actor.role,
    )
    latest.signatures.append(signature)
    try:
        db.session.flush()
    except sa.exc.IntegrityError as error:
        raise steps.ConcurrentChange() from error
    steps.record_step(placement, actor, StepKind.SIGNED, version=latest.number)
    if not latest.is_signed_by_both:
        steps.tell_other_party(actor, placement, steps.SIGNED, version=latest.number)
        return signature

    terms_of(latest).apply_to(placement)
    seen = placement.status
    if seen in AGREED_BY_SIGNING:
        steps.move(placement, seen, AGREED_BY_SIGNING[seen])
        steps.record_move(placement, actor, StepKind.AGREED, seen)
    steps.tell_other_party(actor, placement, steps.AGREED, version=latest.number)
    return signature


def can_sign(user: User, placement: Placement) -> bool:
    """Would the user's signature be taken now? (For showing the signing form.)"""
    latest = placement.latest_agreement
    return (
        latest is not None
        and not latest.is_signed_by_both
        and latest.signature_of(user.party_id) is None
        and may_act(user, Action.SIGN, placement)
        and allows(Action.SIGN, placement.status)
    )
