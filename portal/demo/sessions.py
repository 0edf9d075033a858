"""Maria is signed in on her phone too, so her account page lists a browser to end."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from portal.auth.models import UserSession
from portal.core.models import utcnow
from portal.demo import Cast, DemoContext
from portal.extensions import db

PHONE = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)


def load(context: DemoContext) -> None:
    cast = Cast.of(context)
    now = utcnow()
    # No browser holds the key of this session: it can be seen and ended, never used.
    key_hash = hashlib.sha256(secrets.token_bytes(32)).hexdigest()
    db.session.add(
        UserSession(
            user=cast.maria,
            key_hash=key_hash,
            created_at=now - timedelta(hours=2),
            last_seen_at=now - timedelta(minutes=25),
            verified_at=now - timedelta(hours=2),
            address="192.0.2.23",
            user_agent=PHONE,
        )
    )
