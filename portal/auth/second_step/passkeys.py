"""Passkeys and security keys (WebAuthn): register, list, remove, and pass the second step.

The relying party is the portal's public address (PORTAL_PUBLIC_URL): its host is the RP id
and its origin the only origin accepted, so a key registered here answers nowhere else.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from webauthn import (
    base64url_to_bytes,
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import bytes_to_base64url
from webauthn.helpers.exceptions import InvalidAuthenticationResponse, InvalidRegistrationResponse
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from portal.auth import throttle
from portal.auth.models import User
from portal.auth.second_step import service
from portal.auth.second_step.models import Passkey
from portal.core import audit
from portal.core.errors import DomainError
from portal.core.models import utcnow
from portal.core.net import client_address
from portal.extensions import db

RP_NAME = "Silta"


def _rp() -> tuple[str, str]:
    """The relying party's id (the public host) and its origin."""
    parts = urlsplit(current_app.config["PUBLIC_URL"])
    return parts.hostname or "", f"{parts.scheme}://{parts.netloc}"


def passkeys_of(user: User) -> list[Passkey]:
    return list(
        db.session.scalars(
            sa.select(Passkey).where(Passkey.user_id == user.id).order_by(Passkey.created_at)
        )
    )


def _descriptors(user: User) -> list[PublicKeyCredentialDescriptor]:
    return [
        PublicKeyCredentialDescriptor(id=base64url_to_bytes(p.credential_id))
        for p in passkeys_of(user)
    ]


def registration_options(user: User) -> tuple[str, str]:
    """Options for the browser to create a key, as JSON, and the challenge to keep."""
    rp_id, _origin = _rp()
    options = generate_registration_options(
        rp_id=rp_id,
        rp_name=RP_NAME,
        user_name=user.email,
        user_display_name=user.name,
        user_id=f"silta-user-{user.id}".encode(),
        exclude_credentials=_descriptors(user),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.DISCOURAGED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
    )
    return options_to_json(options), bytes_to_base64url(options.challenge)


def check_name(name: str) -> str:
    """The key's name as kept; checked before the browser creates the key, and again after."""
    name = name.strip()
    if not name:
        raise DomainError(_l("Name the key, e.g. “Work laptop”."), field="name")
    if len(name) > 100:
        raise DomainError(_l("The name may be at most 100 characters."), field="name")
    return name


def register(
    user: User, name: str, credential: dict[str, Any], challenge: str | None
) -> list[str] | None:
    """Keep the key the browser created for the challenge it was given; new recovery codes
    if the user had none (returned to be shown once)."""
    name = check_name(name)
    if not challenge:
        raise DomainError(_l("The key could not be added. Try again."), field="name")
    rp_id, origin = _rp()
    try:
        verified = verify_registration_response(
            credential=json.dumps(credential),
            expected_challenge=base64url_to_bytes(challenge),
            expected_rp_id=rp_id,
            expected_origin=origin,
        )
    except (InvalidRegistrationResponse, ValueError, KeyError, TypeError) as exc:
        raise DomainError(_l("The key could not be added. Try again."), field="name") from exc
    credential_id = bytes_to_base64url(verified.credential_id)
    if db.session.scalar(sa.select(Passkey.id).where(Passkey.credential_id == credential_id)):
        raise DomainError(_l("This key has been added already."), field="name")
    passkey = Passkey(
        user_id=user.id,
        name=name,
        credential_id=credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
    )
    db.session.add(passkey)
    db.session.flush()
    audit.record("second_step.passkey_add", actor=user, target=user, name=name)
    if service.unused_recovery_codes(user) == 0:
        return service.new_recovery_codes(user)
    return None


def remove(user: User, passkey_id: int) -> None:
    """Remove one of the user's own keys; another person's is not found."""
    passkey = db.session.scalar(
        sa.select(Passkey).where(Passkey.id == passkey_id, Passkey.user_id == user.id)
    )
    if passkey is None:
        raise LookupError(passkey_id)
    audit.record("second_step.passkey_remove", actor=user, target=user, name=passkey.name)
    db.session.delete(passkey)
    db.session.flush()


def authentication_options(user: User) -> tuple[str, str]:
    """Options for the browser to sign with one of the user's keys, and the challenge."""
    rp_id, _origin = _rp()
    options = generate_authentication_options(
        rp_id=rp_id,
        allow_credentials=_descriptors(user),
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    return options_to_json(options), bytes_to_base64url(options.challenge)


def authenticate(user: User, credential: dict[str, Any], challenge: str | None) -> None:
    """Pass the second step with a signature by one of the user's keys.

    A removed key is not found and refused; failures are counted like wrong codes.
    """
    keys = [throttle.key("second_step", user.id, client_address())]
    throttle.check(keys, actor=user)
    credential_id = credential.get("id") if isinstance(credential, dict) else None
    passkey = db.session.scalar(
        sa.select(Passkey).where(Passkey.user_id == user.id, Passkey.credential_id == credential_id)
    )
    if passkey is None or not challenge:
        raise _refused(user, keys)
    rp_id, origin = _rp()
    try:
        verified = verify_authentication_response(
            credential=json.dumps(credential),
            expected_challenge=base64url_to_bytes(challenge),
            expected_rp_id=rp_id,
            expected_origin=origin,
            credential_public_key=passkey.public_key,
            credential_current_sign_count=passkey.sign_count,
        )
    except (InvalidAuthenticationResponse, ValueError, KeyError, TypeError) as exc:
        raise _refused(user, keys) from exc
    throttle.clear(keys[0])
    passkey.sign_count = verified.new_sign_count
    passkey.last_used_at = utcnow()
    service.passed(user, "passkey")


def _refused(user: User, keys: list[throttle.Key]) -> DomainError:
    throttle.count(keys)
    audit.record("second_step.failure", actor=user, method="passkey")
    return DomainError(_l("The key was not accepted. Use a key added to your account."))
