"""Single-use links for resetting a password and accepting an invitation.

A link carries the user's id and a fingerprint of their current password hash. Setting a
password changes the hash, so a used link stops working; the signature's age limits how
long an unused one works.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from portal.auth.models import User
from portal.extensions import db

# A token purpose, not a secret.
PASSWORD_RESET = "password-reset"  # nosec B105
INVITATION = "invitation"


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        current_app.config["SECRET_KEY"],
        salt=f"portal.{purpose}",
        signer_kwargs={"digest_method": hashlib.sha256},
    )


def _fingerprint(user: User) -> str:
    material = f"{user.password_hash or ''}|{user.email}|{user.active}"
    return hashlib.sha256(material.encode()).hexdigest()[:20]


def make_token(user: User, purpose: str) -> str:
    return _serializer(purpose).dumps({"user": user.id, "fp": _fingerprint(user)})


def read_token(token: str, purpose: str, max_age: timedelta) -> User | None:
    """The user the link was made for, or None if it is forged, expired or already used."""
    try:
        data = _serializer(purpose).loads(token, max_age=int(max_age.total_seconds()))
    except BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    user = db.session.get(User, data.get("user"))
    if user is None or not user.active or data.get("fp") != _fingerprint(user):
        return None
    return user
