"""Who reads reports, and whose placements their figures count.

Reports are for coordinators and the portal administrator; other staff get 403 (their
party's coordinators hold the figures, and a list of their own placements is on the
placements page). A coordinator's figures count only the placements their party may see —
through the placements' own scope — and the administrator's count every placement. Reports
show counts, sums and shares only: never a reference, initials or a name.

Drafts are not counted: a draft is the sender's work in progress, which the other party
does not see, so both parties' reports agree on the placements they share.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from portal.auth.models import User
from portal.core.authz import scope
from portal.placements.models import Placement


def may_read_reports(user: User) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (user.is_admin or user.is_coordinator)


def counted_placements(user: User) -> ColumnElement[bool]:
    """The placements whose figures the user's reports count."""
    if not may_read_reports(user):
        return sa.false()
    sent = Placement.submitted_at.is_not(None)
    if user.is_admin:
        return sent
    return sa.and_(scope(Placement, user), sent)
