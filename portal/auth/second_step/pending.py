"""The sign-in that waits for its second step: a right password, not yet a signed-in browser."""

from __future__ import annotations

import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from portal.auth.models import User
from portal.auth.second_step.models import PendingSignIn
from portal.auth.sessions import hash_key
from portal.core.models import utcnow
from portal.extensions import db


def begin(user: User, next_url: str | None) -> str:
    """Hold a right password until the second step; the key for the cookie."""
    key = secrets.token_urlsafe(32)
    db.session.add(PendingSignIn(user_id=user.id, key_hash=hash_key(key), next_url=next_url or ""))
    db.session.flush()
    return key


def waiting(key: str | None) -> PendingSignIn | None:
    """The waiting sign-in of this key while it lasts; expired ones are forgotten."""
    if not key:
        return None
    lifetime = timedelta(minutes=current_app.config["SECOND_STEP_PENDING_MINUTES"])
    row = db.session.scalar(sa.select(PendingSignIn).where(PendingSignIn.key_hash == hash_key(key)))
    if row is None or utcnow() - row.created_at > lifetime or not row.user.active:
        return None
    return row


def finish(row: PendingSignIn) -> None:
    """The second step is passed: the waiting sign-in is used up."""
    db.session.delete(row)
    # Old waiting sign-ins of anyone are of no use any more.
    lifetime = timedelta(minutes=current_app.config["SECOND_STEP_PENDING_MINUTES"])
    db.session.execute(
        sa.delete(PendingSignIn).where(PendingSignIn.created_at < utcnow() - lifetime)
    )
    db.session.flush()
