"""Accounts: signing in and out, sessions, passwords, invitations and the administrator's changes.

Functions take the acting user explicitly, change rows and flush; the view commits.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, has_request_context, render_template, request
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from portal.auth import tokens
from portal.auth.models import Role, User, UserSession
from portal.auth.passwords import (
    hash_password,
    needs_rehash,
    spend_verification_time,
    verify_password,
)
from portal.core import audit
from portal.core.errors import DomainError
from portal.core.models import utcnow
from portal.core.net import client_address
from portal.core.urls import public_url
from portal.extensions import db
from portal.outbox import service as outbox
from portal.parties.models import Party, Unit

# A session's last-seen time is written at most this often, not on every request.
LAST_SEEN_RESOLUTION = timedelta(minutes=5)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


# --- Signing in and sessions -------------------------------------------------------------


def authenticate(email: str, password: str) -> User | None:
    """The account for these credentials, or None; unknown and wrong take the same time."""
    user = find_by_email(email)
    if user is None or not user.active or user.password_hash is None:
        spend_verification_time(password)
        audit.record("login.failure", actor_email=normalise_email(email), reason="unknown")
        return None
    if not verify_password(user.password_hash, password):
        audit.record("login.failure", actor=user, reason="password")
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def _hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def start_session(user: User) -> str:
    """Open a server-side session for the user and return the key for the cookie."""
    key = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(
            user=user,
            key_hash=_hash_key(key),
            address=client_address() if has_request_context() else "",
            user_agent=request.user_agent.string[:200] if has_request_context() else "",
        )
    )
    user.session_key = key
    return key


def sign_in(user: User) -> str:
    key = start_session(user)
    user.last_login_at = utcnow()
    audit.record("login.success", actor=user)
    return key


def load_session_user(session_id: str) -> User | None:
    """The user of a live session, for Flask-Login's user loader."""
    user_id, _, key = session_id.partition(":")
    if not user_id.isdigit() or not key:
        return None
    row = db.session.execute(
        sa.select(UserSession, User)
        .join(User, UserSession.user_id == User.id)
        .where(UserSession.key_hash == _hash_key(key), User.id == int(user_id))
    ).first()
    if row is None:
        return None
    user_session, user = row
    now = utcnow()
    if now - user_session.last_seen_at > current_app.config["PERMANENT_SESSION_LIFETIME"]:
        db.session.delete(user_session)
        db.session.commit()
        return None
    if now - user_session.last_seen_at > LAST_SEEN_RESOLUTION:
        user_session.last_seen_at = now
        db.session.commit()
    user.session_key = key
    return user


def end_session(user: User) -> None:
    """Sign this browser out: its session row goes, so the old cookie is worthless."""
    if user.session_key:
        db.session.execute(
            sa.delete(UserSession).where(UserSession.key_hash == _hash_key(user.session_key))
        )
    audit.record("logout", actor=user)


def end_other_sessions(user: User) -> None:
    """Sign the user out everywhere else, e.g. after a password change."""
    stmt = sa.delete(UserSession).where(UserSession.user_id == user.id)
    if user.session_key:
        stmt = stmt.where(UserSession.key_hash != _hash_key(user.session_key))
    db.session.execute(stmt)


def end_all_sessions(user: User) -> None:
    db.session.execute(sa.delete(UserSession).where(UserSession.user_id == user.id))


# --- Passwords ----------------------------------------------------------------------------


def change_password(user: User, current_password: str, new_password: str) -> str:
    """Change the user's own password, end their other sessions and renew this one."""
    if user.password_hash is None or not verify_password(user.password_hash, current_password):
        raise DomainError(_l("The current password is wrong."), field="current_password")
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


def _absolute_url(endpoint: str, **values: str) -> str:
    """A link for mail: at the public address, never at the request's Host."""
    return public_url(endpoint, **values)


def _send_in_users_language(
    user: User, purpose: str, subject_template: str, body_template: str, **context: object
) -> None:
    """Queue the mail in the outbox: the request does not wait for the mail server, so an
    unknown address is answered as fast as a known one."""
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = render_template(subject_template, user=user, **context).strip()
        body = render_template(body_template, user=user, **context)
    outbox.queue(user.email, subject, body, purpose=purpose, user=user)


def request_password_reset(email: str) -> None:
    """Mail a reset link if the address belongs to an active account; say nothing either way."""
    user = find_by_email(email)
    audit.record("password.reset_request", actor=user, actor_email=normalise_email(email))
    if user is None or not user.active or user.password_hash is None:
        return
    link = _absolute_url(
        "auth.reset_password", token=tokens.make_token(user, tokens.PASSWORD_RESET)
    )
    minutes = int(current_app.config["PASSWORD_RESET_MAX_AGE"].total_seconds() // 60)
    _send_in_users_language(
        user,
        "auth.password_reset",
        "auth/email/reset_subject.txt",
        "auth/email/reset_body.txt",
        link=link,
        minutes=minutes,
    )


# --- The administrator's account management ------------------------------------------------


@dataclass
class AccountDetails:
    email: str
    name: str
    title: str
    phone: str
    role: Role
    party: Party | None
    unit: Unit | None


def _check_account(details: AccountDetails, existing: User | None = None) -> None:
    email = normalise_email(details.email)
    clash = find_by_email(email)
    if clash is not None and clash is not existing:
        raise DomainError(_l("Another account already uses this e-mail address."), field="email")
    if details.role != Role.ADMIN and details.party is None:
        raise DomainError(_l("Choose the party the person works for."), field="party_id")
    if details.unit is not None and (
        details.party is None or details.unit.party_id != details.party.id
    ):
        raise DomainError(_l("The unit must belong to the person's party."), field="unit_id")


def create_account(actor: User, details: AccountDetails) -> User:
    _check_account(details)
    user = User(
        email=normalise_email(details.email),
        name=details.name,
        title=details.title,
        phone=details.phone,
        role=details.role,
        party=details.party,
        unit=details.unit if details.role == Role.COORDINATOR else None,
    )
    db.session.add(user)
    db.session.flush()
    audit.record("user.create", actor=actor, target=user, role=user.role.value)
    return user


def update_account(actor: User, user: User, details: AccountDetails, *, active: bool) -> None:
    _check_account(details, existing=user)
    if user == actor and (details.role != Role.ADMIN or not active):
        raise DomainError(
            _l("You cannot remove your own administrator rights or deactivate yourself.")
        )
    if details.role != user.role:
        audit.record(
            "user.role_change",
            actor=actor,
            target=user,
            old=user.role.value,
            new=details.role.value,
        )
    if details.party is not user.party:
        audit.record(
            "user.party_change",
            actor=actor,
            target=user,
            old=user.party.name if user.party else "",
            new=details.party.name if details.party else "",
        )
    if active != user.active:
        audit.record("user.activate" if active else "user.deactivate", actor=actor, target=user)
        if not active:
            end_all_sessions(user)
    user.email = normalise_email(details.email)
    user.name = details.name
    user.title = details.title
    user.phone = details.phone
    user.role = details.role
    user.party = details.party
    user.unit = details.unit if details.role == Role.COORDINATOR else None
    user.active = active


def invite(actor: User, user: User) -> None:
    """Mail the person a link that lets them set their password and sign in."""
    if user.password_hash is not None:
        raise DomainError(_l("This person has already set a password."))
    user.invited_at = utcnow()
    audit.record("user.invite", actor=actor, target=user)
    link = _absolute_url("auth.accept_invitation", token=tokens.make_token(user, tokens.INVITATION))
    days = current_app.config["INVITATION_MAX_AGE"].days
    _send_in_users_language(
        user,
        "auth.invitation",
        "auth/email/invitation_subject.txt",
        "auth/email/invitation_body.txt",
        link=link,
        days=days,
        inviter=actor,
    )
