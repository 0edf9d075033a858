"""E-mail choices of a few demo people, and an outbox with history: sent mail, one failure and
the worker's last round.

Sent messages keep no text, as in real use. The failed one is a password reset that could
not be delivered while the mail server was down, so the administrator can queue it again.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from email.utils import make_msgid

from flask import current_app, render_template

from portal.auth import tokens
from portal.auth.models import User
from portal.core.i18n import force_locale
from portal.core.models import utcnow
from portal.core.observability import heartbeat
from portal.core.urls import public_url
from portal.demo import DemoContext
from portal.extensions import db
from portal.notifications.models import Delivery
from portal.notifications.service import save_preferences
from portal.outbox.models import OutboxMessage, OutboxStatus

PREFERENCES = {
    "maria.virtanen@parik.example": {"party.withdrew": Delivery.DIGEST},
    "jukka.lehtonen@parik.example": {
        "party.joined": Delivery.DIGEST,
        "party.withdrew": Delivery.PORTAL,
    },
    "paivi.korhonen@luovi.example": {"party.withdrew": Delivery.DIGEST},
}

# (recipient, purpose, days ago)
SENT = [
    ("sanna.nieminen@parik.example", "auth.invitation", 90),
    ("mikko.laine@luovi.example", "auth.invitation", 84),
    ("anna.makela@tpy.example", "auth.invitation", 30),
    ("paivi.korhonen@luovi.example", "auth.password_reset", 12),
    ("maria.virtanen@parik.example", "digest", 1),
    ("paivi.korhonen@luovi.example", "digest", 1),
]


def _sent(user: User, purpose: str, at: datetime) -> OutboxMessage:
    return OutboxMessage(
        purpose=purpose,
        user_id=user.id,
        recipient=user.email,
        message_id=make_msgid(domain="silta"),
        status=OutboxStatus.SENT,
        attempts=1,
        created_at=at,
        next_attempt_at=at,
        last_attempt_at=at + timedelta(seconds=4),
        sent_at=at + timedelta(seconds=4),
    )


def _failed_reset(user: User, now: datetime) -> OutboxMessage:
    """A password reset that was given up on while the mail server was unreachable."""
    link = public_url("auth.reset_password", token=tokens.make_token(user, tokens.PASSWORD_RESET))
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = render_template("auth/email/reset_subject.txt", user=user).strip()
        body = render_template("auth/email/reset_body.txt", user=user, link=link, minutes=60)
    created = now - timedelta(days=2, hours=3)
    return OutboxMessage(
        purpose="auth.password_reset",
        user_id=user.id,
        recipient=user.email,
        message_id=make_msgid(domain="silta"),
        subject=subject,
        body=body,
        status=OutboxStatus.FAILED,
        attempts=current_app.config["OUTBOX_MAX_ATTEMPTS"],
        created_at=created,
        next_attempt_at=now - timedelta(days=1),
        last_attempt_at=now - timedelta(days=1, hours=1),
        last_error="ConnectionRefusedError: [Errno 111] Connection refused",
    )


def load(context: DemoContext) -> None:
    for email, choices in PREFERENCES.items():
        save_preferences(context.user(email), choices)
    now = utcnow()
    for email, purpose, days in SENT:
        at = (now - timedelta(days=days)).replace(hour=13, minute=0, second=0, microsecond=0)
        db.session.add(_sent(context.user(email), purpose, at))
    db.session.add(_failed_reset(context.user("jukka.lehtonen@parik.example"), now))
    # The worker that sent them last ran a while before the demo was loaded: until `make run`
    # starts it again (within seconds), the administrator's front page says it has stopped.
    heartbeat.beat(heartbeat.OUTBOX, now - timedelta(minutes=25))
