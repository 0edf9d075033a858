"""The placements' part of the front page: requests to decide, agreements to sign, periods
starting and ending, and placements changed by others.

Every query starts from the placements' scope; who may decide or sign is read from the
workflow table (side and role) in SQL, so the front page offers exactly what the placement's
page does. Each group asks the database for the rows it lists and their number
(:func:`~portal.dashboard.sections.first_rows`), never for all of them.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from sqlalchemy.orm import aliased, joinedload
from sqlalchemy.sql.elements import ColumnElement

from portal.auth.models import User
from portal.core import dates
from portal.core.authz import scope, visible
from portal.dashboard.sections import Group, Item, Section, Window, first_rows, limited, source
from portal.parties.models import Party
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
from portal.placements.workflow import RULES, Action, Side

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


def _with_parties(stmt: sa.Select[Any]) -> sa.Select[Any]:
    # Joined in the same statement: each placement names its other party.
    return stmt.options(joinedload(Placement.sender), joinedload(Placement.receiver))


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
    rows, total = first_rows(_with_parties(stmt))
    found = [p for p, _total in rows if may_act(user, Action.ACCEPT, p)]
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
        total,
    )


def _agreements_unsigned_by(party_id: int) -> sa.Select[Any]:
    """The visible placements joined to their latest agreement version, where that version
    lacks the party's signature (and so is not signed by both either)."""
    latest = aliased(PlacementAgreement)
    newer = aliased(PlacementAgreement)
    # "Latest" is the placement's own: no version of the same placement has a higher number.
    later_version = (
        sa.select(newer.id)
        .where(newer.placement_id == latest.placement_id, newer.number > latest.number)
        .exists()
    )
    signed = (
        sa.select(PlacementSignature.id)
        .where(
            PlacementSignature.agreement_id == latest.id,
            PlacementSignature.party_id == party_id,
        )
        .exists()
    )
    return (
        sa.select(Placement)
        .add_columns(latest.number, latest.created_at)
        .join(latest, latest.placement_id == Placement.id)
        .where(~later_version, ~signed)
    )


def _not_blocked() -> ColumnElement[bool]:
    """Signing would not be new work that a withdrawn party may no longer start."""
    sender, receiver = aliased(Party), aliased(Party)
    today = dates.today()

    def active(party: Any) -> ColumnElement[bool]:
        return sa.or_(party.withdrawn_on.is_(None), party.withdrawn_on > today)

    both_active = (
        sa.select(sender.id)
        .join(receiver, receiver.id == Placement.receiver_party_id)
        .where(sender.id == Placement.sender_party_id, active(sender), active(receiver))
        .exists()
    )
    return sa.or_(Placement.status.not_in(RULES[Action.SIGN].new_work_in), both_active)


@source(Section.WAITING, order=20)
def agreements_to_sign(user: User, window: Window) -> Group | None:
    """Per-trainee agreements (or amendments) that wait for the signature of the user's party.

    The SQL says all that :func:`~portal.placements.agreements.can_sign` checks on the
    placement's page: the workflow's side, role and states, and the latest version unsigned
    by the party; so the count is the database's.
    """
    if user.party_id is None:
        return None
    stmt = (
        _agreements_unsigned_by(user.party_id)
        .where(scope(Placement, user), may_take(user, Action.SIGN), _not_blocked())
        .order_by(Placement.start_on, Placement.id)
    )
    rows, total = first_rows(_with_parties(stmt))
    items = []
    for p, number, created_at, _total in rows:
        version = (
            _("amendment, version %(number)d", number=number)
            if number > 1
            else _("version %(number)d", number=number)
        )
        items.append(
            Item(
                _("Agreement of %(reference)s", reference=p.reference),
                url_for("placements.agreement", placement_id=p.id),
                detail=f"{_describe(user, p)} · {version}",
                when=created_at,
            )
        )
    return limited(_("Agreements to sign"), items, url_for("placements.index"), total)


@source(Section.COMING, order=20)
def periods_starting_and_ending(user: User, window: Window) -> Group | None:
    """Placements agreed to start, and ongoing ones planned to end, before the window closes."""
    # An ongoing placement's moment is its end, an agreed one's its start: never both.
    ending = Placement.status == S.ONGOING
    day = sa.case((ending, Placement.end_on), else_=Placement.start_on)
    stmt = visible(Placement, user).where(
        sa.or_(
            Placement.status.in_([S.ACCEPTED, S.AGREED]) & ~ending,
            ending & Placement.end_on.is_not(None),
        ),
        day >= window.today,
        day <= window.coming_until,
    )
    rows, total = first_rows(_with_parties(stmt.order_by(day, Placement.id)))
    items = []
    for p, _total in rows:
        if p.status == S.ONGOING and p.end_on is not None:
            when, text = p.end_on, _("%(reference)s ends", reference=p.reference)
        else:
            when, text = p.start_on, _("%(reference)s starts", reference=p.reference)
        items.append(Item(text, _detail_url(p), detail=_describe(user, p), when=when))
    return limited(_("Placements starting and ending"), items, url_for("placements.index"), total)


@source(Section.NEW, order=20)
def placements_changed(user: User, window: Window) -> Group | None:
    """Placements that someone else has moved on, signed or amended since the user looked."""
    visible_ids = visible(Placement, user).with_only_columns(Placement.id)
    # The latest step of each placement tells where it stands now: ranked in the database.
    ranked = (
        sa.select(
            PlacementStep.id,
            sa.func.row_number()
            .over(
                partition_by=PlacementStep.placement_id,
                order_by=(PlacementStep.at.desc(), PlacementStep.id.desc()),
            )
            .label("rank"),
        )
        .where(
            PlacementStep.placement_id.in_(visible_ids),
            PlacementStep.at > window.since,
            PlacementStep.kind.not_in(QUIET_STEPS),
            sa.or_(PlacementStep.actor_id.is_(None), PlacementStep.actor_id != user.id),
        )
        .subquery()
    )
    stmt = (
        sa.select(PlacementStep)
        .join(ranked, ranked.c.id == PlacementStep.id)
        .where(ranked.c.rank == 1)
        .options(
            joinedload(PlacementStep.placement).joinedload(Placement.sender),
            joinedload(PlacementStep.placement).joinedload(Placement.receiver),
            joinedload(PlacementStep.party),
        )
        .order_by(PlacementStep.at.desc(), PlacementStep.id.desc())
    )
    rows, total = first_rows(stmt)
    items = []
    for step, _total in rows:
        who = step.party.name if step.party else step.actor_name
        items.append(
            Item(
                f"{step.placement.reference}: {STEP_LABELS[step.kind]}",
                _detail_url(step.placement),
                detail=f"{DIRECTION_LABELS[step.placement.direction]} · {who}",
                when=step.at,
            )
        )
    return limited(_("Placements changed"), items, url_for("placements.index"), total)
