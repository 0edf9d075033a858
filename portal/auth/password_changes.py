"""Changing a password: one's own, proved by the current one; through a reset or invitation
link; and asking for a reset link by mail. Each change ends the account's other sessions.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l

from portal.auth import mail, throttle, tokens
from portal.auth.credentials import find_by_email, normalise_email
from portal.auth.models import User
from portal.auth.passwords import hash_password, verify_password
from portal.auth.sessions import end_all_sessions, start_session
from portal.core import audit
from portal.core.errors import DomainError
from portal.core.models import utcnow
from portal.core.net import client_address
from portal.core.urls import public_url


def change_password(user: User, current_password: str, new_password: str) -> str:
    """Change the user's own password, end their other sessions and renew this one.

    Wrong current passwords are throttled like sign-ins: nothing else is changed before the
    refusal, so the view may commit the count.
    """
    keys = [throttle.key("password_change", user.id, client_address())]
    throttle.check(keys, actor=user, field="current_password")
    if user.password_hash is None or not verify_password(user.password_hash, current_password):
        throttle.count(keys)
        raise DomainError(_l("The current password is wrong."), field="current_password")
    throttle.clear(keys[0])
    user.password_hash = hash_password(new_password)
    user.password_changed_at = utcnow()
    end_all_sessions(user)
    audit.record("password.change", actor=user, target=user)
    return start_session(user)


def set_password_from_link(user: User, new_password: str, *, purpose: str) -> None:
    """Set a password through a reset or invitation link; every existing session ends."""
    user.password_hash = hash_password(new_password)
    user.password_changed_at = utcnow()
    end_all_sessions(user)
    audit.record(
        "password.reset" if purpose == tokens.PASSWORD_RESET else "invitation.accept",
        actor=user,
        target=user,
    )


def request_password_reset(email: str) -> None:
    """Mail a reset link if the address belongs to an active account; say nothing either way.

    Requests from one address are throttled (429); mails to one account are spaced out
    silently, so that the answer does not tell whether the account exists.
    """
    from_address = [throttle.key("reset_address", client_address())]
    throttle.check(from_address, actor_email=normalise_email(email), field="email")
    throttle.count(from_address)
    user = find_by_email(email)
    audit.record("password.reset_request", actor=user, actor_email=normalise_email(email))
    if user is None or not user.active or user.password_hash is None:
        return
    to_account = [throttle.key("reset_account", user.id)]
    if throttle.waiting(to_account) is not None:
        # Whoever asked is not known to be the account's owner: name only the address typed.
        throttle.report(to_account, actor_email=normalise_email(email))
        return
    throttle.count(to_account)
    link = public_url("auth.reset_password", token=tokens.make_token(user, tokens.PASSWORD_RESET))
    minutes = int(current_app.config["PASSWORD_RESET_MAX_AGE"].total_seconds() // 60)
    mail.send(user, user.email, mail.RESET_LINK, "reset", link=link, minutes=minutes)
