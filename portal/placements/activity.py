"""The work around a placement: its comment thread. Skills demonstrations are in
``demonstrations``."""

from __future__ import annotations

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l

from portal.auth.models import User
from portal.core.errors import DomainError
from portal.core.validators import contains_identity_code
from portal.extensions import db
from portal.notifications import kinds
from portal.notifications.service import notify
from portal.parties.service import coordinators_of
from portal.placements import steps
from portal.placements.models import Placement, PlacementComment
from portal.placements.policy import sees
from portal.placements.workflow import Action

COMMENTED = kinds.register(
    "placement.commented",
    _l("%(name)s (%(party)s) commented on placement %(reference)s."),
    label=_l("A comment on a placement you work on"),
)


def _no_identity_code(*texts: str, field: str | None = None) -> None:
    if any(contains_identity_code(text) for text in texts):
        raise DomainError(
            _l("Do not enter a personal identity code. Use a pseudonymous reference instead."),
            field=field,
        )


def add_comment(actor: User, placement: Placement, body: str) -> PlacementComment:
    steps.check(actor, Action.COMMENT, placement)
    body = body.strip()
    if not body:
        raise DomainError(_l("Write a comment."), field="body")
    _no_identity_code(body, field="body")
    comment = PlacementComment(
        placement_id=placement.id,
        author_id=actor.id,
        author_name=actor.name,
        party_id=actor.party_id,
        body=body,
    )
    db.session.add(comment)
    db.session.flush()
    _tell_the_thread(actor, placement)
    return comment


def _tell_the_thread(actor: User, placement: Placement) -> None:
    """Tell those who work on the placement — the other party's coordinators, and whoever
    has written in the thread — that there is a new comment. The comment itself stays in the
    portal: a notification, and an e-mail, name only the pseudonymous reference."""
    writers = db.session.scalars(
        sa.select(User).where(
            User.id.in_(
                sa.select(PlacementComment.author_id).where(
                    PlacementComment.placement_id == placement.id
                )
            ),
            User.active.is_(True),
        )
    )
    other = placement.other_party(actor.party_id)
    people = set(writers) | set(coordinators_of([other]))
    # A draft is still its sender's alone, and a writer who has left the team no longer sees
    # the placement: only those who may see it now are told (need to know).
    readers = {u for u in people if u.id != actor.id and sees(u, placement)}
    notify(
        sorted(readers, key=lambda u: u.id),
        COMMENTED,
        link=url_for("placements.detail", placement_id=placement.id, _anchor="comments"),
        name=actor.name,
        party=actor.party.name if actor.party else "",
        reference=placement.reference,
    )
