"""Setting up a second step for a test's person, through the service as the pages would."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pyotp
from flask import Flask

from portal.auth.models import User
from portal.auth.second_step import service
from portal.core.models import utcnow


def enrol_totp(app: Flask, db: Any, user: User) -> pyotp.TOTP:
    """Give the user a confirmed authenticator app; its TOTP for computing codes.

    Confirmed with the code of a minute ago, so that the code of now is still unused.
    """
    with app.test_request_context():
        secret = service.start_totp(user)
        earlier = utcnow() - timedelta(seconds=60)
        service.confirm_totp(user, pyotp.TOTP(secret).at(earlier), at=earlier)
        # Within the request: its end rolls back what is not committed.
        db.session.commit()
    return pyotp.TOTP(secret)


def recovery_codes(app: Flask, db: Any, user: User) -> list[str]:
    with app.test_request_context():
        codes = service.new_recovery_codes(user)
        db.session.commit()
    return codes
