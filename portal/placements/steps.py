"""Taking a step in the workflow safely, recording it and telling the other party.

:func:`claim` checks the workflow table and then changes the row with a conditional
``UPDATE placement … WHERE id = :id AND status = :seen``. Whoever's update finds the row
still in the state they saw wins; the other gets a clear refusal and nothing of theirs is
applied. The update also holds the row until the transaction ends, so the rest of the step
(signatures, versions) is decided by one request at a time. On PostgreSQL a second writer
waits for the first and then finds the state changed; on SQLite its stale transaction
cannot write and the database says so, which is refused in the same words.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.attributes import set_committed_value

from portal.auth.models import User
from portal.core import audit
from portal.core.errors import DomainError, NotPermitted, TransitionNotAllowed
from portal.core.models import utcnow
from portal.extensions import db
from portal.notifications import kinds
from portal.notifications.kinds import NotificationKind
from portal.notifications.service import notify
from portal.parties.service import coordinators_of
from portal.placements.labels import REFUSALS, STATUS_LABELS
from portal.placements.models import Placement, PlacementStatus, PlacementStep, StepKind
from portal.placements.policy import may_act
from portal.placements.workflow import RULES, Action, allows, is_new_work

audit.name_events(
    {"placement.step": _l("Step of a placement")},
    targets={"Placement": _l("Placement")},
    details={"step": _l("Step")},
)

SUBMITTED = kinds.register(
    "placement.submitted",
    _l("%(party)s has sent the placement request %(reference)s for your decision."),
)
ACCEPTED = kinds.register(
    "placement.accepted",
    _l(
        "%(party)s has accepted the placement request %(reference)s. The per-trainee agreement "
        "awaits signing."
    ),
)
DECLINED = kinds.register(
    "placement.declined", _l("%(party)s has declined the placement request %(reference)s.")
)
CANCELLED = kinds.register(
    "placement.cancelled", _l("%(party)s has cancelled the placement request %(reference)s.")
)
SIGNED = kinds.register(
    "placement.signed",
    _l("%(party)s has signed version %(version)s of the agreement of placement %(reference)s."),
)
AGREED = kinds.register(
    "placement.agreed",
    _l(
        "%(party)s has signed version %(version)s of the agreement of placement %(reference)s: "
        "both parties have now signed it."
    ),
)
AMENDED = kinds.register(
    "placement.amended",
    _l(
        "%(party)s proposes an amendment (version %(version)s) to placement %(reference)s. "
        "Read and sign it."
    ),
)
STARTED = kinds.register(
    "placement.started",
    _l("Placement %(reference)s started on %(date)s."),
    date_params=("date",),
)
COMPLETED = kinds.register(
    "placement.completed",
    _l("Placement %(reference)s was completed on %(date)s."),
    date_params=("date",),
)
INTERRUPTED = kinds.register(
    "placement.interrupted",
    _l("Placement %(reference)s was interrupted on %(date)s."),
    date_params=("date",),
)


class ConcurrentChange(TransitionNotAllowed):
    def __init__(self) -> None:
        super().__init__(
            _l(
                "Someone else changed this placement at the same moment, so your change was "
                "not made. Reload the page to see its current state."
            )
        )


# Refusals that a step's form cannot put right (the state moved on, the step is not the user's):
# the 409 (or 403) page, not a message beside a field; ``changes(form, as_page=NOT_FOR_THE_FORM)``.
NOT_FOR_THE_FORM: tuple[type[DomainError], ...] = (TransitionNotAllowed, NotPermitted)


def refuse(action: Action, status: PlacementStatus) -> TransitionNotAllowed:
    """The refusal of ``action`` in ``status``, saying why and where the placement stands."""
    now = _l("Its status is now: %(status)s.", status=STATUS_LABELS[status])
    return TransitionNotAllowed(f"{REFUSALS[action]} {now}")


def check(actor: User, action: Action, placement: Placement) -> None:
    """Refuse the step if the actor may not take it or the current state does not allow it."""
    if not may_act(actor, action, placement):
        raise NotPermitted(_l("Your role does not allow this action."))
    if not allows(action, placement.status):
        raise refuse(action, placement.status)
    if is_new_work(action, placement.status):
        for party in (placement.sender, placement.receiver):
            if not party.is_active:
                raise DomainError(
                    _l(
                        "%(party)s has withdrawn from the agreement: it finishes what is "
                        "ongoing but starts nothing new.",
                        party=party.name,
                    )
                )


def _is_lock_conflict(error: sa.exc.DBAPIError) -> bool:
    sqlite_code = getattr(error.orig, "sqlite_errorcode", None)
    if sqlite_code is not None:
        return sqlite_code & 0xFF in (5, 6)  # SQLITE_BUSY (incl. BUSY_SNAPSHOT), SQLITE_LOCKED
    # PostgreSQL: serialization failure, deadlock, lock not available.
    return getattr(error.orig, "sqlstate", None) in ("40001", "40P01", "55P03")


def claim(actor: User, action: Action, placement: Placement) -> PlacementStatus:
    """Check the step, then move the row on only if it is still in the state seen.

    Returns the state the placement was in. The in-memory object follows the row, and its
    agreement versions are read afresh, now that this request holds the row.
    """
    check(actor, action, placement)
    seen = placement.status
    move(placement, seen, RULES[action].target or seen)
    for version in placement.__dict__.get("agreements", []):
        db.session.expire(version, ["signatures"])
    db.session.expire(placement, ["agreements"])
    return seen


def move(placement: Placement, seen: PlacementStatus, target: PlacementStatus) -> None:
    """``UPDATE … WHERE id = :id AND status = :seen``; refuse if another request came first."""
    stmt = (
        sa.update(Placement)
        .where(Placement.id == placement.id, Placement.status == seen)
        .values(status=target, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    try:
        result = db.session.execute(stmt)
    except sa.exc.OperationalError as error:
        if _is_lock_conflict(error):
            raise ConcurrentChange() from error
        raise
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise ConcurrentChange()
    set_committed_value(placement, "status", target)


def record_step(
    placement: Placement,
    actor: User,
    kind: StepKind,
    *,
    from_status: PlacementStatus | None = None,
    to_status: PlacementStatus | None = None,
    comment: str = "",
    version: int | None = None,
) -> PlacementStep:
    step = PlacementStep(
        placement_id=placement.id,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        version=version,
        actor_id=actor.id,
        actor_name=actor.name,
        party_id=actor.party_id,
        comment=comment.strip(),
        at=utcnow(),
    )
    db.session.add(step)
    # The audit row names the step, never the comment: free text may be about the young person.
    details: dict[str, Any] = {"step": kind.value}
    if from_status is not None:
        details["old"] = from_status.value
    if to_status is not None:
        details["new"] = to_status.value
    if version is not None:
        details["number"] = version
    audit.record("placement.step", actor=actor, target=placement, **details)
    return step


def record_move(
    placement: Placement, actor: User, kind: StepKind, seen: PlacementStatus, comment: str = ""
) -> PlacementStep:
    """Record a step that moved the placement on from the state ``seen`` to the one it is in."""
    return record_step(
        placement, actor, kind, from_status=seen, to_status=placement.status, comment=comment
    )


def tell_other_party(
    actor: User, placement: Placement, kind: NotificationKind, **params: Any
) -> None:
    """Notify the other party's coordinators; only the pseudonymous reference is named."""
    other = placement.other_party(actor.party_id)
    notify(
        coordinators_of([other]),
        kind,
        link=url_for("placements.detail", placement_id=placement.id),
        party=actor.party.name if actor.party else "",
        reference=placement.reference,
        **params,
    )
