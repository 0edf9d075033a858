"""The placements' part of the front page: requests to decide, agreements to sign, periods
starting and ending, and placements changed by others.

Every query starts from ``visible(Placement)``; who may decide or sign is read from the
workflow table (side and role) in SQL, and each row found is checked once more with the
policy's own :func:`may_act`, so the front page offers exactly what the placement's page does.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from sqlalchemy.orm import aliased, selectinload
from sqlalchemy.sql.elements import ColumnElement

from portal.auth.models import User
from portal.core.authz import visible
from portal.dashboard.sections import Group, Item, Section, Window, limited, source
from portal.extensions import db
from portal.placements.agreements import can_sign
from portal.placements.labels import DIRECTION_LABELS, STEP_LABELS
from portal.placements.models import (
    Placement,
    PlacementAgreement,
    PlacementSignature,
    PlacementStatus,
    PlacementStep,
    StepKind,
)
from portal.placements.policy import may_act
from portal.placements.workflow import RULES, Action, Side, is_new_work

S = PlacementStatus
# Drafting and editing a draft are the sender's own work in progress, not news.
QUIET_STEPS = (StepKind.CREATED, StepKind.EDITED)


def may_take(user: User, action: Action) -> ColumnElement[bool]:
    """SQL for :func:`may_act` and the workflow's states: placements on which the user could
    take ``action`` now."""
    rule = RULES[action]
    if user.party_id is None or (rule.coordinators_only and not user.is_coordinator):
        return sa.false()
    sides = {
        Side.SENDER: Placement.sender_party_id == user.party_id,
        Side.RECEIVER: Placement.receiver_party_id == user.party_id,
        Side.EITHER: sa.or_(
            Placement.sender_party_id == user.party_id,
            Placement.receiver_party_id == user.party_id,
        ),
    }
    return sa.and_(Placement.status.in_(rule.sources), sides[rule.side])


def _placements(stmt: sa.Select[Any]) -> list[Placement]:
    return list(
        db.session.scalars(
            stmt.options(selectinload(Placement.sender), selectinload(Placement.receiver))
        )
    )


def _describe(user: User, placement: Placement) -> str:
    """The direction and the other party, e.g. "Workshop period · Parik-säätiö"."""
    other = placement.other_party(user.party_id)
    return f"{DIRECTION_LABELS[placement.direction]} · {other.name}"


def _detail_url(placement: Placement) -> str:
    return url_for("placements.detail", placement_id=placement.id)


@source(Section.WAITING, order=10)
def requests_to_decide(user: User, window: Window) -> Group | None:
    """Submitted requests that the user, as the receiver's coordinator, accepts or declines."""
    stmt = (
        visible(Placement, user)
        .where(may_take(user, Action.ACCEPT))
        .order_by(Placement.submitted_at, Placement.id)
    )
    found = [p for p in _placements(stmt) if may_act(user, Action.ACCEPT, p)]
    items = [
        Item(
            _("Request %(reference)s", reference=p.reference),
            _detail_url(p) + "#next-heading",
            detail=_describe(user, p),
            when=p.submitted_at,
        )
        for p in found
    ]
    return limited(
        _("Requests to decide"),
        items,
        url_for("placements.index", status=S.SUBMITTED.value),
    )


def _latest_unsigned_by(party_id: int) -> ColumnElement[bool]:
    """The placement's latest agreement version lacks the party's signature."""
    newer = aliased(PlacementAgreement)
    latest_number = (
        sa.select(sa.func.max(newer.number))
        .where(newer.placement_id == Placement.id)
        .scalar_subquery()
    )
    signed = (
        sa.select(PlacementSignature.id)
        .where(
            PlacementSignature.agreement_id == PlacementAgreement.id,
            PlacementSignature.party_id == party_id,
        )
        .exists()
    )
    return (
        sa.select(PlacementAgreement.id)
        .where(
            PlacementAgreement.placement_id == Placement.id,
            PlacementAgreement.number == latest_number,
            ~signed,
        )
        .exists()
    )


def _blocked(placement: Placement) -> bool:
    """Signing would be new work that a withdrawn party may no longer start."""
    return is_new_work(Action.SIGN, placement.status) and not (
        placement.sender.is_active and placement.receiver.is_active
    )


@source(Section.WAITING, order=20)
def agreements_to_sign(user: User, window: Window) -> Group | None:
    """Per-trainee agreements (or amendments) that wait for the signature of the user's party."""
    if user.party_id is None:
        return None
    stmt = (
        visible(Placement, user)
        .where(may_take(user, Action.SIGN), _latest_unsigned_by(user.party_id))
        .options(selectinload(Placement.agreements).selectinload(PlacementAgreement.signatures))
        .order_by(Placement.start_on, Placement.id)
    )
    found = [p for p in _placements(stmt) if can_sign(user, p) and not _blocked(p)]
    items = []
    for p in found:
        latest = p.latest_agreement
        assert latest is not None  # can_sign saw it
        version = (
            _("amendment, version %(number)d", number=latest.number)
            if latest.number > 1
            else _("version %(number)d", number=latest.number)
        )
        items.append(
            Item(
                _("Agreement of %(reference)s", reference=p.reference),
                url_for("placements.agreement", placement_id=p.id),
                detail=f"{_describe(user, p)} · {version}",
                when=latest.created_at,
            )
        )
    return limited(_("Agreements to sign"), items, url_for("placements.index"))


@source(Section.COMING, order=20)
def periods_starting_and_ending(user: User, window: Window) -> Group | None:
    """Placements agreed to start, and ongoing ones planned to end, before the window closes."""
    starting = visible(Placement, user).where(
        Placement.status.in_([S.ACCEPTED, S.AGREED]),
        Placement.start_on >= window.today,
        Placement.start_on <= window.coming_until,
    )
    ending = visible(Placement, user).where(
        Placement.status == S.ONGOING,
        Placement.end_on >= window.today,
        Placement.end_on <= window.coming_until,
    )
    moments = [
        (p.start_on, _("%(reference)s starts", reference=p.reference), p)
        for p in _placements(starting)
    ]
    moments += [
        (p.end_on, _("%(reference)s ends", reference=p.reference), p)
        for p in _placements(ending)
        if p.end_on is not None
    ]
    moments.sort(key=lambda m: (m[0], m[2].id))
    items = [
        Item(text, _detail_url(p), detail=_describe(user, p), when=day) for day, text, p in moments
    ]
    return limited(_("Placements starting and ending"), items, url_for("placements.index"))


@source(Section.NEW, order=20)
def placements_changed(user: User, window: Window) -> Group | None:
    """Placements that someone else has moved on, signed or amended since the user looked."""
    visible_ids = visible(Placement, user).with_only_columns(Placement.id)
    stmt = (
        sa.select(PlacementStep)
        .where(
            PlacementStep.placement_id.in_(visible_ids),
            PlacementStep.at > window.since,
            PlacementStep.kind.not_in(QUIET_STEPS),
            sa.or_(PlacementStep.actor_id.is_(None), PlacementStep.actor_id != user.id),
        )
        .options(
            selectinload(PlacementStep.placement).selectinload(Placement.sender),
            selectinload(PlacementStep.placement).selectinload(Placement.receiver),
            selectinload(PlacementStep.party),
        )
        .order_by(PlacementStep.at.desc(), PlacementStep.id.desc())
    )
    # The latest step of each placement tells where it stands now.
    latest: dict[int, PlacementStep] = {}
    for step in db.session.scalars(stmt):
        latest.setdefault(step.placement_id, step)
    items = []
    for step in latest.values():
        who = step.party.name if step.party else step.actor_name
        items.append(
            Item(
                f"{step.placement.reference}: {STEP_LABELS[step.kind]}",
                _detail_url(step.placement),
                detail=f"{DIRECTION_LABELS[step.placement.direction]} · {who}",
                when=step.at,
            )
        )
    return limited(_("Placements changed"), items, url_for("placements.index"))
