"""Two-step verification: who needs it, enrolling an authenticator app and recovery codes,
the sign-in that waits for its second step, and the administrator's reset.

Functions take the acting user explicitly, change rows and flush; the view commits.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import datetime

import pyotp
import sqlalchemy as sa
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from flask_babel import lazy_gettext as _l

from portal.auth import freshness, throttle
from portal.auth.models import Role, User
from portal.auth.second_step.models import Passkey, RecoveryCode, TotpKey
from portal.core import audit
from portal.core.errors import DomainError
from portal.core.extension_points import Hook
from portal.core.models import utcnow
from portal.core.net import client_address
from portal.extensions import db

ISSUER = "Silta"
TOTP_PERIOD = 30
RECOVERY_CODES = 10
# Letters and digits that are not mistaken for each other when typed from paper.
_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"

audit.name_events(
    {
        "second_step.success": _l("Passed the second step"),
        "second_step.failure": _l("Failed second step"),
        "second_step.totp_enrol": _l("Authenticator app set up"),
        "second_step.recovery_codes": _l("New recovery codes made"),
        "second_step.passkey_add": _l("Passkey added"),
        "second_step.passkey_remove": _l("Passkey removed"),
        "second_step.reset": _l("Two-step verification reset"),
    },
    details={"method": _l("Method")},
)
audit.DETAIL_VALUE_LABELS.update(
    {
        ("method", "totp"): _l("authenticator app"),
        ("method", "recovery"): _l("recovery code"),
        ("method", "passkey"): _l("passkey"),
    }
)

# Whether a party holds documents secret by law: the documents package, above this one,
# connects here (a receiver returns True for a party that owns or receives any).
party_holds_secret_documents: Hook[[int], bool] = Hook("second_step.party_holds_secret_documents")


class WrongCode(DomainError):
    """The code was not right; the attempt has been counted."""


# --- Who has and who needs a second step ---------------------------------------------------


def _totp(user: User) -> TotpKey | None:
    return db.session.scalar(sa.select(TotpKey).where(TotpKey.user_id == user.id))


def has_totp(user: User) -> bool:
    key = _totp(user)
    return key is not None and key.secret is not None


def has_second_step(user: User) -> bool:
    """Has the user an authenticator app or a passkey that a sign-in must pass?"""
    confirmed_totp = sa.select(TotpKey.id).where(
        TotpKey.user_id == user.id, TotpKey.secret.is_not(None)
    )
    passkey = sa.select(Passkey.id).where(Passkey.user_id == user.id)
    return bool(db.session.scalar(sa.select(sa.exists(confirmed_totp) | sa.exists(passkey))))


def second_step_required(user: User) -> bool:
    """Must the user have a second step? Administrators, coordinators, and everyone whose
    party owns or is named a recipient of a document secret by law, while the setting is on.
    """
    if not current_app.config["REQUIRE_SECOND_STEP"]:
        return False
    if user.role in (Role.ADMIN, Role.COORDINATOR):
        return True
    return user.party_id is not None and any(party_holds_secret_documents(user.party_id))


def must_enrol(user: User) -> bool:
    return second_step_required(user) and not has_second_step(user)


# --- Sealing the authenticator app's key -----------------------------------------------------


def _cipher() -> AESGCM:
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"silta-second-step-totp"
    ).derive(current_app.config["STORAGE_KEY"])
    return AESGCM(key)


def _seal(user: User, secret: str) -> str:
    nonce = secrets.token_bytes(12)
    sealed = _cipher().encrypt(nonce, secret.encode(), f"totp:{user.id}".encode())
    return base64.urlsafe_b64encode(nonce + sealed).decode()


def _unseal(user: User, sealed: str) -> str:
    raw = base64.urlsafe_b64decode(sealed.encode())
    try:
        return _cipher().decrypt(raw[:12], raw[12:], f"totp:{user.id}".encode()).decode()
    except InvalidTag as exc:  # the storage key changed or the row was tampered with
        raise DomainError(_l("The authenticator app's key cannot be read.")) from exc


# --- The authenticator app -------------------------------------------------------------------


def start_totp(user: User) -> str:
    """A new key for the user's authenticator app, active once a code from it is confirmed.

    An app already confirmed keeps working until then.
    """
    secret = pyotp.random_base32()
    key = _totp(user)
    if key is None:
        key = TotpKey(user_id=user.id)
        db.session.add(key)
    key.pending_secret = _seal(user, secret)
    db.session.flush()
    return secret


def set_confirmed_totp(user: User, secret: str) -> None:
    """Give the user an app with a known key, already confirmed: for the demo's accounts."""
    key = _totp(user) or TotpKey(user_id=user.id)
    key.secret, key.pending_secret, key.confirmed_at = _seal(user, secret), None, utcnow()
    db.session.add(key)
    db.session.flush()


def pending_totp_secret(user: User) -> str | None:
    key = _totp(user)
    if key is None or key.pending_secret is None:
        return None
    return _unseal(user, key.pending_secret)


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def grouped(secret: str) -> str:
    """The key in groups of four, for typing it into an app that cannot scan."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _matching_step(secret: str, code: str, at: datetime, after: int | None) -> int | None:
    """The time step, the previous or the next one (clocks drift), whose code this is."""
    code = "".join(code.split())
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    now_step = int(at.timestamp()) // TOTP_PERIOD
    for step in (now_step - 1, now_step, now_step + 1):
        if hmac.compare_digest(totp.at(step * TOTP_PERIOD), code) and (
            after is None or step > after
        ):
            return step
    return None


def _second_step_keys(user: User) -> list[throttle.Key]:
    # The account from this address only: a guesser elsewhere never slows the owner.
    return [throttle.key("second_step", user.id, client_address())]


def _failed(user: User, keys: list[throttle.Key], method: str, field: str) -> WrongCode:
    throttle.count(keys)
    audit.record("second_step.failure", actor=user, method=method)
    return WrongCode(_l("The code is not right. Check it and try again."), field=field)


def confirm_totp(user: User, code: str, *, at: datetime | None = None) -> list[str] | None:
    """Make the pending key active with a code from the app; new recovery codes if the user
    had none (returned to be shown once)."""
    keys = _second_step_keys(user)
    throttle.check(keys, actor=user, field="code")
    key = _totp(user)
    if key is None or key.pending_secret is None:
        raise DomainError(_l("Start setting up the authenticator app again."))
    step = _matching_step(_unseal(user, key.pending_secret), code, at or utcnow(), None)
    if step is None:
        raise _failed(user, keys, "totp", "code")
    throttle.clear(keys[0])
    key.secret, key.pending_secret = key.pending_secret, None
    key.confirmed_at = utcnow()
    key.last_step = step
    audit.record("second_step.totp_enrol", actor=user, target=user)
    if unused_recovery_codes(user) == 0:
        return new_recovery_codes(user)
    return None


def remove_totp(user: User) -> None:
    key = _totp(user)
    if key is not None:
        db.session.delete(key)
        db.session.flush()


# --- Recovery codes ---------------------------------------------------------------------------


def _normalise_code(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def _code_hash(user: User, code: str) -> str:
    # An HMAC under the secret key: the codes are random enough that a hash is safe, and the
    # key keeps a copy of the table from being tried offline.
    secret = current_app.config["SECRET_KEY"].encode()
    message = f"recovery\0{user.id}\0{_normalise_code(code)}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def new_recovery_codes(user: User) -> list[str]:
    """A new set of one-time codes, replacing the old; only their HMACs are kept."""
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(10))
        code = f"{raw[:5]}-{raw[5:]}"
        codes.append(code)
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_code_hash(user, code)))
    db.session.flush()
    audit.record("second_step.recovery_codes", actor=user, target=user)
    return codes


def unused_recovery_codes(user: User) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count(RecoveryCode.id)).where(
                RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
            )
        )
        or 0
    )


# --- Passing the second step -------------------------------------------------------------------


def check_code(user: User, code: str, *, at: datetime | None = None) -> str:
    """Pass the second step with a code from the app or a recovery code; the method used.

    Wrong codes are counted per account and address and slow further attempts.
    """
    keys = _second_step_keys(user)
    throttle.check(keys, actor=user, field="code")
    method = _accept_totp(user, code, at or utcnow()) or _accept_recovery(user, code)
    if method is None:
        raise _failed(user, keys, "recovery" if not code.strip().isdigit() else "totp", "code")
    throttle.clear(keys[0])
    passed(user, method)
    return method


def _accept_totp(user: User, code: str, at: datetime) -> str | None:
    key = _totp(user)
    if key is None or key.secret is None:
        return None
    step = _matching_step(_unseal(user, key.secret), code, at, key.last_step)
    if step is None:
        return None
    # One conditional update decides: the same code sent twice at once is taken once.
    taken = db.session.execute(
        sa.update(TotpKey)
        .where(
            TotpKey.id == key.id,
            sa.or_(TotpKey.last_step.is_(None), TotpKey.last_step < step),
        )
        .values(last_step=step)
        .execution_options(synchronize_session=False)
    )
    return "totp" if taken.rowcount else None  # type: ignore[attr-defined]


def _accept_recovery(user: User, code: str) -> str | None:
    if len(_normalise_code(code)) != 10:
        return None
    used = db.session.execute(
        sa.update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _code_hash(user, code),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return "recovery" if used.rowcount else None  # type: ignore[attr-defined]


def passed(user: User, method: str) -> None:
    """A passed second step also confirms who the person is for the step-up (a signed-in
    person's session is marked; at sign-in, the session about to start is fresh anyway)."""
    audit.record("second_step.success", actor=user, method=method)
    freshness.mark_verified(user)
