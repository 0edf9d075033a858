"""The young person's request answered: the export audited, a name corrected with the earlier
value kept in the timeline, and erasure by the retention step run now for one placement.

Audit rows name the placements by id and reference, never the young person: the audit trail
is read by the administrator, who has no need to know who the request was about.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.auth.models import User
from portal.core import audit
from portal.core.errors import DomainError
from portal.extensions import db
from portal.placements.models import Placement, StepKind
from portal.placements.steps import record_step
from portal.retention.models import RetentionDone
from portal.retention.service import ENDED, PLACEMENT_CATEGORIES, STEPS

audit.name_events(
    {
        "subject_access.export": _l("Subject access export made"),
        "subject_access.rectify": _l("Name corrected at the young person's request"),
        "subject_access.erase": _l("Data erased at the young person's request"),
    },
    details={
        "placements": _l("Placements"),
        "format": _l("Format"),
        "files": _l("Files included"),
        "fields": _l("Fields"),
        "categories": _l("Categories"),
    },
)


def record_export(user: User, placements: list[Placement], kind: str, files: bool) -> None:
    """Who made an export, of which placements, in which form; never whom it is about."""
    audit.record(
        "subject_access.export",
        actor=user,
        placements=[p.reference for p in placements],
        placement_ids=[p.id for p in placements],
        format=kind,
        files=files,
    )


def rectify(user: User, placement: Placement, full_name: str, initials: str) -> list[str]:
    """Correct the name and initials; the timeline keeps what they were.

    The earlier values are the step's comment, which the timeline shows only to those who
    may read the name, and which the retention step empties with the name itself.
    """
    changed = []
    before = []
    if full_name != placement.full_name:
        changed.append("full_name")
        before.append(str(_l("Full name was: %(old)s", old=placement.full_name or "—")))
    if initials != placement.initials:
        changed.append("initials")
        before.append(str(_l("Initials were: %(old)s", old=placement.initials)))
    if not changed:
        raise DomainError(_l("Nothing was changed: correct the name or the initials."))
    placement.full_name = full_name
    placement.initials = initials
    record_step(placement, user, StepKind.IDENTITY_CORRECTED, comment="\n".join(before))
    audit.record("subject_access.rectify", actor=user, target=placement, fields=changed)
    db.session.flush()
    return changed


def erase(user: User, placement: Placement) -> list[str]:
    """Run the retention step for this placement now, whatever its periods say.

    Only for a placement that has ended: while it goes on, the parties need its data for the
    agreement they are bound by (and the law of the services requires keeping it).
    """
    if placement.status not in ENDED:
        raise DomainError(
            _l("The placement is still going on: its data is needed until it has ended.")
        )
    done = set(
        db.session.scalars(
            db.select(RetentionDone.category).where(RetentionDone.placement_id == placement.id)
        )
    )
    categories = [c for c in PLACEMENT_CATEGORIES if c not in done]
    for category in categories:
        STEPS[category]([placement.id])
        db.session.add(RetentionDone(placement_id=placement.id, category=category))
    audit.record(
        "subject_access.erase",
        actor=user,
        target=placement,
        categories=[c.value for c in categories],
    )
    db.session.flush()
    # The bulk updates went past the session: read the placement afresh.
    db.session.refresh(placement)
    return [c.value for c in categories]
