"""Who looked: every opening of a view that shows the young person's full name is logged.

The parties are the controllers of the young person's data and must be able to show who
read it. A view that shows the name calls :func:`record_view` after its page is written
(the commit expires every loaded row, and a page written after it would read them again),
in a ``changes()`` block of its own. Views that show only the reference and initials write
nothing. Features above placements (daily records) call the same function for their views
that show the name.

The rows are hash-chained (:class:`~portal.core.audit_chain.Chained`): ``flask audit
verify`` walks them with the audit log, and the portal has no way to change them.
"""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from portal.auth.models import User
from portal.extensions import db
from portal.placements.access_models import PlacementAccess
from portal.placements.models import Placement
from portal.placements.policy import knows_identity

# The views that may show the full name, by the code the log keeps.
PAGE = "page"
AGREEMENT = "agreement"
EDIT = "edit"
VIEW_LABELS: dict[str, LazyString] = {
    PAGE: _l("Placement page"),
    AGREEMENT: _l("Per-trainee agreement"),
    EDIT: _l("Draft's edit form"),
}


def view_label(view: str) -> str:
    label = VIEW_LABELS.get(view)
    return str(label) if label is not None else view


def shows_name(user: User, placement: Placement) -> bool:
    """Does a page of the placement show this user the young person's full name?"""
    return bool(placement.full_name) and knows_identity(user, placement)


def record_view(
    user: User, placement: Placement, view: str, *, shown: bool | None = None
) -> PlacementAccess | None:
    """Log that ``user`` opened ``view`` of the placement, if it showed the full name.

    ``shown``: whether the view showed it, when the view knows better than
    :func:`shows_name` (a form filled with the name shows it to whoever may edit it).
    """
    if not (shows_name(user, placement) if shown is None else shown):
        return None
    entry = PlacementAccess(
        placement_id=placement.id, user_id=user.id, party_id=user.party_id, view=view
    )
    db.session.add(entry)
    return entry
