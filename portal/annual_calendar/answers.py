"""Answers to an event: anyone who sees it says yes, no or maybe, until it is cancelled or
over."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from portal.annual_calendar.models import Answer, Event, Invitation
from portal.annual_calendar.policy import ANSWER
from portal.auth.models import User
from portal.core.authz import can
from portal.core.errors import TransitionNotAllowed
from portal.core.models import utcnow
from portal.extensions import db


def answer(actor: User, event: Event, reply: Answer) -> Invitation:
    """Record the actor's yes, no or maybe; anyone who sees the event may answer."""
    if not can(ANSWER, event, actor):
        raise TransitionNotAllowed(_l("A cancelled or past event can no longer be answered."))
    now = utcnow()
    invitation = next((i for i in event.invitations if i.user_id == actor.id), None)
    if invitation is None:
        try:
            with db.session.begin_nested():
                invitation = Invitation(
                    event_id=event.id, user_id=actor.id, personal=False, answer=reply
                )
                invitation.answered_at = now
                db.session.add(invitation)
        except IntegrityError:
            # The same person answered at the same moment (a double click): keep the last.
            invitation = db.session.scalars(
                sa.select(Invitation).where(
                    Invitation.event_id == event.id, Invitation.user_id == actor.id
                )
            ).one()
        db.session.expire(event, ["invitations"])
    invitation.answer = reply
    invitation.answered_at = now
    db.session.flush()
    return invitation
