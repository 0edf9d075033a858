"""Organisations' identity providers and the accounts bound to a person at one of them."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.models import UTCDateTime, created_at_column, utcnow
from portal.extensions import Model

if TYPE_CHECKING:
    from portal.auth.models import User
    from portal.parties.models import Party


class IdentityProvider(Model):
    """A party's OpenID Provider: the people of the party at its domains sign in there."""

    __tablename__ = "identity_provider"

    id: Mapped[int] = mapped_column(primary_key=True)
    # One provider a party: the organisation's own.
    party_id: Mapped[int] = mapped_column(
        sa.ForeignKey("party.id", ondelete="CASCADE"), unique=True
    )
    # Discovery reads <issuer>/.well-known/openid-configuration; ID tokens must name it as iss.
    issuer: Mapped[str] = mapped_column(sa.String(500))
    client_id: Mapped[str] = mapped_column(sa.String(255))
    # Sealed with a key derived from the storage key (see portal.identity.sealing); never shown.
    client_secret_sealed: Mapped[str] = mapped_column(sa.Text, default="")
    # Lower-case domains, one per line: the addresses this provider vouches for.
    domains: Mapped[str] = mapped_column(sa.Text)
    password_allowed: Mapped[bool] = mapped_column(default=True)
    mfa_required: Mapped[bool] = mapped_column(default=False)
    # The acr values this provider reports for a sign-in with more than one factor.
    mfa_acr_values: Mapped[str] = mapped_column(sa.String(500), default="")
    enabled: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    party: Mapped[Party] = relationship()

    @property
    def domain_list(self) -> list[str]:
        return [d for d in self.domains.split() if d]

    @property
    def mfa_acr_list(self) -> list[str]:
        return [v for v in self.mfa_acr_values.split() if v]


class ExternalIdentity(Model):
    """A person's account at a provider (issuer and ``sub``), bound at their first sign-in there."""

    __tablename__ = "external_identity"
    __table_args__ = (
        # One portal account per account at a provider, and one account at a provider per person.
        sa.UniqueConstraint("issuer", "subject", name="uq_external_identity_subject"),
        sa.UniqueConstraint("user_id", "issuer", name="uq_external_identity_user_issuer"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"))
    issuer: Mapped[str] = mapped_column(sa.String(500))
    subject: Mapped[str] = mapped_column(sa.String(255))
    bound_at: Mapped[datetime] = created_at_column()

    user: Mapped[User] = relationship()
