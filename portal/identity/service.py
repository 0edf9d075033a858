"""The administrator's providers: their settings, and which one vouches for an address.

Functions take the acting user explicitly, change rows and flush; the view commits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from portal.auth.credentials import normalise_email
from portal.auth.models import User
from portal.core import audit
from portal.core.errors import DomainError
from portal.core.models import utcnow
from portal.extensions import db
from portal.identity import sealing
from portal.identity.models import IdentityProvider
from portal.parties.models import Party

# A domain name: labels of letters, digits and hyphens, at least two of them.
_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


@dataclass
class ProviderDetails:
    issuer: str
    client_id: str
    # Empty keeps the secret already stored.
    client_secret: str
    domains: list[str]
    password_allowed: bool
    mfa_required: bool
    mfa_acr_values: str
    enabled: bool


def provider_of(party: Party) -> IdentityProvider | None:
    return db.session.scalar(
        sa.select(IdentityProvider).where(IdentityProvider.party_id == party.id)
    )


def domain_of(email: str) -> str:
    return normalise_email(email).rpartition("@")[2]


def parse_domains(text: str) -> list[str]:
    """The domains typed one per line or separated by commas; raises on a malformed one."""
    domains = [d.strip().lower().lstrip("@") for d in re.split(r"[\s,;]+", text) if d.strip()]
    bad = [d for d in domains if not _DOMAIN.match(d)]
    if bad:
        raise DomainError(
            _l("Not a domain name: %(domains)s", domains=", ".join(bad)), field="domains"
        )
    if not domains:
        raise DomainError(_l("Enter at least one e-mail domain."), field="domains")
    return list(dict.fromkeys(domains))


def normalise_issuer(issuer: str) -> str:
    return issuer.strip().rstrip("/")


def provider_for_email(email: str) -> IdentityProvider | None:
    """The enabled provider that vouches for the address's domain, if any."""
    domain = domain_of(email)
    if not domain:
        return None
    for provider in db.session.scalars(
        sa.select(IdentityProvider).where(IdentityProvider.enabled.is_(True))
    ):
        if domain in provider.domain_list:
            return provider
    return None


def _check(party: Party, details: ProviderDetails, existing: IdentityProvider | None) -> None:
    if existing is None and not details.client_secret:
        raise DomainError(_l("Enter the client secret."), field="client_secret")
    others = db.session.scalars(
        sa.select(IdentityProvider).where(IdentityProvider.party_id != party.id)
    )
    for other in others:
        taken = sorted(set(details.domains) & set(other.domain_list))
        if taken:
            raise DomainError(
                _l(
                    "Another party's provider already vouches for %(domains)s.",
                    domains=", ".join(taken),
                ),
                field="domains",
            )


def save_provider(
    actor: User, party: Party, details: ProviderDetails
) -> tuple[IdentityProvider, list[str]]:
    """Create or change the party's provider; the names of the settings changed (audited)."""
    existing = provider_of(party)
    _check(party, details, existing)
    provider = existing or IdentityProvider(party=party)
    values: dict[str, Any] = {
        "issuer": normalise_issuer(details.issuer),
        "client_id": details.client_id.strip(),
        "domains": "\n".join(details.domains),
        "password_allowed": details.password_allowed,
        "mfa_required": details.mfa_required,
        "mfa_acr_values": " ".join(details.mfa_acr_values.split()),
        "enabled": details.enabled,
    }
    changed = [name for name, value in values.items() if getattr(provider, name, None) != value]
    for name, value in values.items():
        setattr(provider, name, value)
    if details.client_secret:
        provider.client_secret_sealed = sealing.seal(details.client_secret)
        changed.append("client_secret")
    provider.updated_at = utcnow()
    if existing is None:
        db.session.add(provider)
    db.session.flush()
    if changed:
        # The secret itself never enters the log: only that it changed.
        audit.record(
            "identity_provider.create" if existing is None else "identity_provider.update",
            actor=actor,
            target=provider,
            party=party.name,
            issuer=provider.issuer,
            domains=" ".join(provider.domain_list),
            password_allowed=provider.password_allowed,
            mfa_required=provider.mfa_required,
            enabled=provider.enabled,
            changed=" ".join(changed),
        )
    return provider, changed
