"""The administrator's reset of a person's two-step verification, told to them and their party."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from portal.auth import mail, sessions
from portal.auth.models import User
from portal.auth.second_step.models import Passkey, PendingSignIn, RecoveryCode
from portal.auth.second_step.service import has_second_step, remove_totp, unused_recovery_codes
from portal.core import audit
from portal.core.errors import DomainError
from portal.core.urls import public_url
from portal.extensions import db
from portal.outbox import labels as outbox_labels
from portal.parties.service import coordinators_of

RESET_NOTICE = "auth.second_step_reset"
FOLDER = "auth/second_step/email"
outbox_labels.PURPOSE_LABELS[RESET_NOTICE] = _l("Notice of a reset two-step verification")


def reset(actor: User, user: User) -> None:
    """The administrator removes the person's second step: app, passkeys and recovery codes.

    For a person who lost their phone or key. Whoever holds the account's sessions now may
    not be its owner, so they all end; the person and their party's coordinators are told.
    """
    if not has_second_step(user) and unused_recovery_codes(user) == 0:
        raise DomainError(_l("This person has no two-step verification to reset."))
    remove_totp(user)
    db.session.execute(sa.delete(Passkey).where(Passkey.user_id == user.id))
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.execute(sa.delete(PendingSignIn).where(PendingSignIn.user_id == user.id))
    sessions.end_all_sessions(user)
    audit.record("second_step.reset", actor=actor, target=user)
    db.session.flush()
    context = {"actor": actor, "person": user, "login": public_url("auth.login")}
    _tell(user, "reset", context)
    if user.party is not None:
        for coordinator in coordinators_of([user.party]):
            if coordinator.id != user.id:
                _tell(coordinator, "party_reset", context)


def _tell(reader: User, template: str, context: dict[str, Any]) -> None:
    mail.send(reader, reader.email, RESET_NOTICE, template, folder=FOLDER, **context)
