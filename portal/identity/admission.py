"""Whom a provider's word lets in: the known, active person of its party, bound by ``sub``.

Functions change rows and flush; the view commits, also a refusal's audit row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from portal.auth.credentials import find_by_email, normalise_email
from portal.auth.models import User
from portal.core import audit
from portal.core.errors import DomainError
from portal.extensions import db
from portal.identity.models import ExternalIdentity, IdentityProvider
from portal.identity.service import domain_of

# What RFC 8176 calls a factor beyond the password; "mfa" is the summary Entra ID reports.
_MFA_METHODS = frozenset({"mfa", "otp", "hwk", "swk", "sc", "sms", "fpt", "face", "iris", "tel"})


class SignInRefused(DomainError):
    """The provider's answer does not let this person in; recorded in the audit log."""

    status = 403


def reports_mfa(provider: IdentityProvider, amr: list[str], acr: str) -> bool:
    if any(method in _MFA_METHODS for method in amr):
        return True
    return bool(acr) and acr in provider.mfa_acr_list


def _refuse(
    provider: IdentityProvider,
    reason: str,
    message: LazyString,
    *,
    user: User | None = None,
    email: str = "",
    **details: Any,
) -> SignInRefused:
    audit.record(
        "login.organisation_refused",
        actor=user,
        actor_email=None if user is not None else (email or None),
        target=provider,
        reason=reason,
        issuer=provider.issuer,
        **details,
    )
    return SignInRefused(message)


def refuse(provider: IdentityProvider, reason: str, **details: Any) -> SignInRefused:
    """A refusal before the provider's answer could be trusted (state, token, signature)."""
    return _refuse(
        provider,
        reason,
        _l(
            "Signing in with your organisation's account did not succeed. Start again from "
            "the sign-in page."
        ),
        **details,
    )


def person_for(provider: IdentityProvider, claims: dict[str, Any]) -> User:
    """The known, active person of the provider's party whom the verified claims name.

    The first sign-in binds the provider's ``sub`` to the account; later the same ``sub`` must
    come back for it. Raises :class:`SignInRefused`, with an audit row, for anyone else.
    """
    answer = _Answer.read(claims)
    _check_address(provider, answer)
    bound = db.session.scalar(
        sa.select(ExternalIdentity).where(
            ExternalIdentity.issuer == provider.issuer, ExternalIdentity.subject == answer.subject
        )
    )
    user = _known_account(provider, answer, bound)
    _check_admitted(provider, user, answer)
    if bound is None:
        db.session.add(ExternalIdentity(user=user, issuer=provider.issuer, subject=answer.subject))
        audit.record("identity.bind", actor=user, target=user, issuer=provider.issuer)
    return user


@dataclass(frozen=True)
class _Answer:
    """What the provider's verified claims say of the person."""

    subject: str
    email: str
    email_verified: bool
    amr: list[str]
    acr: str

    @classmethod
    def read(cls, claims: dict[str, Any]) -> _Answer:
        return cls(
            subject=str(claims.get("sub") or ""),
            email=normalise_email(str(claims.get("email") or "")),
            email_verified=claims.get("email_verified") is not False,
            amr=[str(m) for m in claims.get("amr") or []],
            acr=str(claims.get("acr") or ""),
        )

    @property
    def reported(self) -> dict[str, Any]:
        """How the provider says the person signed in, for every refusal's audit row."""
        return {"amr": " ".join(self.amr), "acr": self.acr}


def _check_address(provider: IdentityProvider, answer: _Answer) -> None:
    """A verified address, at a domain the provider vouches for."""
    if not answer.subject or not answer.email or not answer.email_verified:
        raise _refuse(
            provider,
            "no_email",
            _l(
                "Your organisation's account gave no verified e-mail address. "
                "Ask the portal's administrator."
            ),
            email=answer.email,
            **answer.reported,
        )
    if domain_of(answer.email) not in provider.domain_list:
        raise _refuse(
            provider,
            "domain",
            _l(
                "This sign-in service does not vouch for addresses at %(domain)s.",
                domain=domain_of(answer.email),
            ),
            email=answer.email,
            **answer.reported,
        )


def _known_account(
    provider: IdentityProvider, answer: _Answer, bound: ExternalIdentity | None
) -> User:
    """The account bound to the provider's ``sub``, or else the one of the address, if it is
    bound to no other ``sub`` of this provider."""
    user = bound.user if bound is not None else find_by_email(answer.email)
    if user is None:
        raise _refuse(
            provider,
            "unknown",
            _l(
                "Silta has no account for %(email)s. Ask your organisation's coordinator or the "
                "portal's administrator to add you.",
                email=answer.email,
            ),
            email=answer.email,
            **answer.reported,
        )
    if bound is None:
        earlier = db.session.scalar(
            sa.select(ExternalIdentity).where(
                ExternalIdentity.user_id == user.id, ExternalIdentity.issuer == provider.issuer
            )
        )
        if earlier is not None:
            raise _refuse(
                provider,
                "subject_mismatch",
                _l(
                    "Your account in Silta is bound to another account of your organisation. "
                    "Ask the portal's administrator."
                ),
                user=user,
                **answer.reported,
            )
    return user


def _check_admitted(provider: IdentityProvider, user: User, answer: _Answer) -> None:
    """The person is of the provider's party, active, and signed in as strongly as it asks."""
    if user.party_id != provider.party_id:
        raise _refuse(
            provider,
            "party",
            _l("This sign-in service belongs to another organisation than your account in Silta."),
            user=user,
            **answer.reported,
        )
    if not user.active:
        raise _refuse(
            provider,
            "inactive",
            _l("Your account in Silta has been deactivated. Ask the portal's administrator."),
            user=user,
            **answer.reported,
        )
    if provider.mfa_required and not reports_mfa(provider, answer.amr, answer.acr):
        raise _refuse(
            provider,
            "mfa",
            _l(
                "Your organisation requires two-step verification when signing in. Sign in again "
                "and confirm it with your organisation's second step."
            ),
            user=user,
            **answer.reported,
        )


def password_refusal(user: User) -> LazyString | None:
    """Refuse the password of a person whose party signs in only through its provider."""
    if user.party_id is None:
        return None
    provider = db.session.scalar(
        sa.select(IdentityProvider).where(IdentityProvider.party_id == user.party_id)
    )
    if provider is None or not provider.enabled or provider.password_allowed:
        return None
    return _l(
        "Your organisation signs you in with its own account, not with a password in Silta. "
        "Sign in with your work e-mail address."
    )
