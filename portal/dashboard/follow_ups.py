"""The follow-ups' part of the front page: how many asked of the user have come due.

No statement of its own: the number is asked in the front page's first statement, with the
unread notifications (:func:`portal.dashboard.service.seen_and_unread`), through the
follow-ups' scope; the item links to the list of them.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from portal.auth.models import User
from portal.dashboard.sections import Group, Item, Section, Window, source
from portal.follow_up.queries import due_count


@source(Section.WAITING, order=45)
def follow_ups_due(user: User, window: Window) -> Group | None:
    if user.party_id is None:
        return None
    count = due_count(user)
    if not count:
        return None
    item = Item(
        ngettext(
            "%(num)d follow-up asked of you is due",
            "%(num)d follow-ups asked of you are due",
            count,
        ),
        url_for("follow_up.index"),
        detail=_("Record where the young person is now."),
    )
    return Group(_("Follow-ups due"), [item], total=count)
