"""Accounts: signing in and out, sessions, passwords, invitations and the administrator's changes.

Functions take the acting user explicitly, change rows and flush; the view commits.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import current_app, has_request_context, render_template, request
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from portal.auth import extension_points, throttle, tokens
from portal.auth.labels import ROLE_LABELS
from portal.auth.models import Role, User, UserSession
from portal.auth.passwords import (
    hash_password,
    needs_rehash,
    spend_verification_time,
    verify_password,
)
from portal.core import audit
from portal.core.database import ready_to_write
from portal.core.errors import DomainError
from portal.core.i18n import force_locale
from portal.core.models import utcnow
from portal.core.net import client_address
from portal.core.urls import public_url
from portal.extensions import db
from portal.outbox import service as outbox
from portal.parties.models import Party, Unit
from portal.parties.service import coordinators_of

# A session's last-seen time is written at most this often, not on every request.
LAST_SEEN_RESOLUTION = timedelta(minutes=5)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


# --- Signing in and sessions -------------------------------------------------------------


def sign_in_keys(email: str) -> list[throttle.Key]:
    """The throttle's keys for a sign-in: the account from this address, and the address.

    Never the account alone: that would let anyone lock its owner out from elsewhere.
    """
    address = client_address()
    return [
        throttle.key("sign_in", normalise_email(email), address),
        throttle.key("sign_in_address", address),
    ]


def authenticate(email: str, password: str) -> User | None:
    """The account for these credentials, or None; unknown and wrong take the same time.

    Raises :class:`throttle.TooManyAttempts` without trying the password while this account
    from this address, or this address, waits after failed attempts.
    """
    keys = sign_in_keys(email)
    throttle.check(keys, actor_email=normalise_email(email), field="password")
    user = find_by_email(email)
    # The attempt is counted before it is audited, as a success clears its count before
    # auditing: on PostgreSQL every sign-in then locks the throttle's rows before the audit
    # chain's lock, and two sign-ins to one account at once cannot deadlock.
    if user is None or not user.active or user.password_hash is None:
        spend_verification_time(password)
        throttle.count(keys)
        audit.record("login.failure", actor_email=normalise_email(email), reason="unknown")
        return None
    if not verify_password(user.password_hash, password):
        throttle.count(keys)
        audit.record("login.failure", actor=user, reason="password")
        return None
    # Only after the password proved right: the refusal tells nothing to a guesser.
    refusal = extension_points.password_refusal()(user)
    if refusal is not None:
        audit.record("login.failure", actor=user, reason="password_not_allowed")
        raise DomainError(refusal, field="password")
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    throttle.clear(keys[0])
    return user


def _hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def start_session(user: User) -> str:
    """Open a server-side session for the user and return the key for the cookie.

    A session starts only once the person has proved who they are (a password at sign-in
    or when changing it), so it starts verified: see :mod:`portal.auth.freshness`.
    """
    key = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(
            user=user,
            key_hash=_hash_key(key),
            address=client_address() if has_request_context() else "",
            user_agent=request.user_agent.string[:200] if has_request_context() else "",
            verified_at=utcnow(),
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
        # Nearly every page names the user's party: read it with the session, by its key.
        .options(joinedload(User.party))
    ).first()
    if row is None:
        return None
    user_session, user = row
    now = utcnow()
    idle = now - user_session.last_seen_at > current_app.config["PERMANENT_SESSION_LIFETIME"]
    # However active, a session ends this long after signing in: a stolen cookie dies too.
    too_old = now - user_session.created_at > current_app.config["SESSION_MAX_LIFETIME"]
    this_session = UserSession.id == user_session.id
    if idle or too_old or not user.active:
        _write_now(sa.delete(UserSession).where(this_session))
        return None
    if now - user_session.last_seen_at > LAST_SEEN_RESOLUTION:
        _write_now(sa.update(UserSession).where(this_session).values(last_seen_at=now))
    user.session_key = key
    return user


def _write_now(statement: sa.Executable) -> None:
    """Write the session's row at once, also while serving a page that only reads.

    On SQLite that takes a write transaction of its own (see portal.core.database); the
    statement names the row by its id, so a row another request removed meanwhile is no error.
    """
    ready_to_write(db.session)
    db.session.execute(statement)
    db.session.commit()


# A held secret is sealed with AES-256-GCM under a key derived from the browser's session key,
# which only the cookie carries: the database alone cannot open it.
def _seal(session_key: str, secret: str) -> str:
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(_secret_key(session_key)).encrypt(nonce, secret.encode(), b"held secret")
    return base64.urlsafe_b64encode(nonce + sealed).decode()


def _unseal(session_key: str, held: str) -> str | None:
    try:
        raw = base64.urlsafe_b64decode(held.encode())
        plain = AESGCM(_secret_key(session_key)).decrypt(raw[:12], raw[12:], b"held secret")
    except (InvalidTag, ValueError):
        return None
    return plain.decode()


def _secret_key(session_key: str) -> bytes:
    return hashlib.sha256(b"held secret\0" + session_key.encode()).digest()


def current_session(user: User) -> UserSession | None:
    if not user.session_key:
        return None
    return db.session.scalar(
        sa.select(UserSession).where(UserSession.key_hash == _hash_key(user.session_key))
    )


def hold_secret(user: User, secret: str) -> None:
    """Keep a secret for this browser to be shown once, e.g. a new calendar address."""
    user_session = current_session(user)
    if user_session is not None and user.session_key:
        user_session.held_secret = _seal(user.session_key, secret)


def take_secret(user: User) -> str | None:
    """The secret held for this browser, forgotten as it is read."""
    user_session = current_session(user)
    if user_session is None or not user_session.held_secret or not user.session_key:
        return None
    held, user_session.held_secret = user_session.held_secret, None
    return _unseal(user.session_key, held)


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
#
# The administrator belongs to no party: a party's confidential documents reach its people, so
# an administrator in a party could read them. Only the command line may make an exception,
# on purpose and audited. Every change the administrator makes to who a person is (e-mail,
# role, party, unit, activity) is audited with its old and new value and told by mail to the
# person and to the coordinators of their party, so that nobody can be quietly replaced or
# added; a change of e-mail, role or party also signs the person out everywhere.

ACCOUNT_CHANGE = "auth.account_change"
PARTY_ACCOUNT_CHANGE = "auth.party_account_change"

audit.name_events(
    {
        "user.email_change": _l("E-mail address changed"),
        "user.unit_change": _l("Coordinator's unit changed"),
    },
    details={"email": _l("E-mail")},
)
outbox.PURPOSE_LABELS.update(
    {
        "auth.password_reset": _l("Password reset link"),
        "auth.invitation": _l("Invitation"),
        ACCOUNT_CHANGE: _l("Notice of a change to one's account"),
        PARTY_ACCOUNT_CHANGE: _l("Notice of a change to a party's accounts"),
    }
)


@dataclass
class AccountDetails:
    email: str
    name: str
    title: str
    phone: str
    role: Role
    party: Party | None
    unit: Unit | None


@dataclass(frozen=True)
class AccountChange:
    """One changed fact of an account, as the mail tells it; words render in the reader's
    language."""

    label: LazyString
    old: str | LazyString
    new: str | LazyString


def _check_account(details: AccountDetails, existing: User | None = None) -> None:
    email = normalise_email(details.email)
    clash = find_by_email(email)
    if clash is not None and clash is not existing:
        raise DomainError(_l("Another account already uses this e-mail address."), field="email")
    if details.role != Role.ADMIN and details.party is None:
        raise DomainError(_l("Choose the party the person works for."), field="party_id")
    if details.role == Role.ADMIN and details.party is not None:
        # Only an administrator who already has a party from the command line keeps it; nobody
        # is made an administrator inside a party, nor is an administrator moved into one.
        keeps_own = (
            existing is not None
            and existing.party_from_command_line
            and existing.party is details.party
        )
        if not keeps_own:
            raise DomainError(
                _l(
                    "A portal administrator belongs to no party. Choose no party, or another "
                    "role for the person."
                ),
                field="party_id",
            )
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
    audit.record(
        "user.create",
        actor=actor,
        target=user,
        email=user.email,
        role=user.role.value,
        party=user.party.name if user.party else "",
        unit=user.unit.name if user.unit else "",
    )
    _tell_party_of_new_account(actor, user)
    return user


def create_administrator(
    email: str, name: str, password_hash: str, *, party: Party | None = None
) -> User:
    """An administrator from the command line, the one way to give an administrator a party.

    The person at the server's console is the actor: no account is.
    """
    user = User(
        email=normalise_email(email),
        name=name,
        role=Role.ADMIN,
        party=party,
        party_from_command_line=party is not None,
        password_hash=password_hash,
    )
    db.session.add(user)
    db.session.flush()
    audit.record(
        "user.create",
        target=user,
        email=user.email,
        role=Role.ADMIN.value,
        party=party.name if party else "",
        via="command line",
    )
    if party is not None:
        _tell_party_of_new_account(None, user)
    return user


def update_account(
    actor: User, user: User, details: AccountDetails, *, active: bool
) -> list[AccountChange]:
    """Save the administrator's changes; the changes told to the person, if any."""
    _check_account(details, existing=user)
    if user == actor and (details.role != Role.ADMIN or not active):
        raise DomainError(
            _l("You cannot remove your own administrator rights or deactivate yourself.")
        )
    email = normalise_email(details.email)
    unit = details.unit if details.role == Role.COORDINATOR else None
    old_email, old_party = user.email, user.party
    changes: list[AccountChange] = []
    if email != user.email:
        audit.record("user.email_change", actor=actor, target=user, old=user.email, new=email)
        changes.append(AccountChange(_l("E-mail"), user.email, email))
    if details.role != user.role:
        audit.record(
            "user.role_change",
            actor=actor,
            target=user,
            old=user.role.value,
            new=details.role.value,
        )
        changes.append(AccountChange(_l("Role"), ROLE_LABELS[user.role], ROLE_LABELS[details.role]))
    if details.party is not user.party:
        audit.record(
            "user.party_change",
            actor=actor,
            target=user,
            old=user.party.name if user.party else "",
            new=details.party.name if details.party else "",
        )
        changes.append(
            AccountChange(_l("Party"), _party_name(user.party), _party_name(details.party))
        )
    if unit is not user.unit:
        audit.record(
            "user.unit_change",
            actor=actor,
            target=user,
            old=user.unit.name if user.unit else "",
            new=unit.name if unit else "",
        )
        changes.append(
            AccountChange(_l("Coordinator for unit"), _unit_name(user.unit), _unit_name(unit))
        )
    if active != user.active:
        audit.record("user.activate" if active else "user.deactivate", actor=actor, target=user)
        changes.append(AccountChange(_l("Account"), _activity(user.active), _activity(active)))
    # Whoever used the account until now may no longer be the person it names: they sign in
    # again, as the new address, role or party.
    signs_out = not active or any(
        (email != user.email, details.role != user.role, details.party is not user.party)
    )
    user.email = email
    user.name = details.name
    user.title = details.title
    user.phone = details.phone
    user.role = details.role
    user.party = details.party
    user.unit = unit
    user.active = active
    if user.role != Role.ADMIN or user.party is None:
        user.party_from_command_line = False
    if signs_out:
        # The administrator changing their own address keeps this browser signed in.
        if user == actor:
            end_other_sessions(user)
        else:
            end_all_sessions(user)
    if changes:
        _tell_account_change(
            actor, user, changes, old_email=old_email, old_party=old_party, signed_out=signs_out
        )
    return changes


def _party_name(party: Party | None) -> str | LazyString:
    return party.name if party is not None else _l("No party")


def _unit_name(unit: Unit | None) -> str | LazyString:
    return unit.name if unit is not None else _l("The whole party")


def _activity(active: bool) -> LazyString:
    return _l("Active") if active else _l("Deactivated")


def _mail(reader: User, address: str, purpose: str, template: str, **context: object) -> None:
    """Queue a notice to an address in the reader's language; subject and body from
    ``auth/email/<template>_subject.txt`` and ``_body.txt``."""
    with force_locale(reader.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = render_template(
            f"auth/email/{template}_subject.txt", user=reader, **context
        ).strip()
        body = render_template(f"auth/email/{template}_body.txt", user=reader, **context)
    outbox.queue(address, subject, body, purpose=purpose, user=reader)


def _coordinators_to_tell(person: User, parties: list[Party | None]) -> list[User]:
    """The coordinators of these parties, the person themselves aside."""
    found = coordinators_of(p for p in parties if p is not None)
    return sorted((c for c in found if c.id != person.id), key=lambda c: c.id)


def _tell_account_change(
    actor: User,
    user: User,
    changes: list[AccountChange],
    *,
    old_email: str,
    old_party: Party | None,
    signed_out: bool,
) -> None:
    """Tell the person, at the old address too, and the coordinators of the old and new party."""
    login = _absolute_url("auth.login")
    context = {"actor": actor, "changes": changes, "login": login, "signed_out": signed_out}
    addresses = [user.email] if old_email == user.email else [old_email, user.email]
    for address in addresses:
        _mail(user, address, ACCOUNT_CHANGE, "account_change", person=user, **context)
    for coordinator in _coordinators_to_tell(user, [old_party, user.party]):
        _mail(
            coordinator,
            coordinator.email,
            PARTY_ACCOUNT_CHANGE,
            "party_account_change",
            person=user,
            **context,
        )


def _tell_party_of_new_account(actor: User | None, user: User) -> None:
    """Tell the coordinators of the new person's party who was added, as what, by whom."""
    if user.party is None:
        return
    for coordinator in _coordinators_to_tell(user, [user.party]):
        _mail(
            coordinator,
            coordinator.email,
            PARTY_ACCOUNT_CHANGE,
            "party_new_account",
            person=user,
            actor=actor,
            role=ROLE_LABELS[user.role],
        )


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
