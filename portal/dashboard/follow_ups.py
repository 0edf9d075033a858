"""The follow-ups' part of the front page: those asked of the user that have come due.

One statement: the rows listed and their number (:func:`~portal.dashboard.sections.first_rows`),
through the follow-ups' scope, so a follow-up of a placement the user no longer sees is not
listed.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from portal.auth.models import User
from portal.dashboard.sections import Group, Item, Section, Window, first_rows, limited, source
from portal.follow_up import queries
from portal.follow_up.labels import CHECKPOINT_LABELS


@source(Section.WAITING, order=45)
def follow_ups_due(user: User, window: Window) -> Group | None:
    if user.party_id is None:
        return None
    rows, total = first_rows(queries.due(user, today=window.today))
    items = [
        Item(
            _("Follow-up of %(reference)s", reference=f.placement.reference),
            url_for("follow_up.answer", follow_up_id=f.id),
            detail=str(CHECKPOINT_LABELS[f.checkpoint]),
            when=f.due_on,
        )
        for f, _total in rows
    ]
    return limited(_("Follow-ups due"), items, url_for("follow_up.index"), total)
