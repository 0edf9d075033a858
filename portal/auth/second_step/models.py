"""Two-step verification: an authenticator app's key, passkeys, recovery codes, and the
sign-ins that wait for their second step."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.core.models import UTCDateTime, created_at_column
from portal.extensions import Model


class TotpKey(Model):
    """The key an authenticator app shares with the portal; active once confirmed."""

    __tablename__ = "second_step_totp"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), unique=True
    )
    # Sealed with AES-GCM under a key derived from the storage key: a copy of the database
    # alone cannot produce codes.
    secret: Mapped[str | None] = mapped_column(sa.Text)
    # A new key waiting for its first code; the confirmed one, if any, stays until then.
    pending_secret: Mapped[str | None] = mapped_column(sa.Text)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The last 30-second time step whose code was accepted: a code is never taken twice.
    last_step: Mapped[int | None] = mapped_column(sa.BigInteger)
    created_at: Mapped[datetime] = created_at_column()

    user: Mapped[User] = relationship()


class RecoveryCode(Model):
    """A one-time code for when the phone or the key is lost; only an HMAC of it is kept."""

    __tablename__ = "second_step_recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = created_at_column()


class Passkey(Model):
    """A passkey or a security key registered by its owner (WebAuthn)."""

    __tablename__ = "second_step_passkey"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(100))
    # base64url of the credential's id, as the browser sends it back.
    credential_id: Mapped[str] = mapped_column(sa.String(1400), unique=True)
    public_key: Mapped[bytes] = mapped_column(sa.LargeBinary)
    sign_count: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    created_at: Mapped[datetime] = created_at_column()
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()


class PendingSignIn(Model):
    """A right password waiting for its second step: the browser is not signed in yet.

    The cookie carries a random key of this row; the row names the account, and expires in
    a few minutes. Nothing but the second step's page accepts it.
    """

    __tablename__ = "second_step_pending"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = created_at_column()
    next_url: Mapped[str] = mapped_column(sa.String(2000), default="")
    # The WebAuthn challenge last given to this browser, used once.
    challenge: Mapped[str | None] = mapped_column(sa.String(200))

    user: Mapped[User] = relationship()
