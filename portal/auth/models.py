"""User accounts, their roles and their signed-in sessions."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.models import UTCDateTime, created_at_column, str_enum
from portal.extensions import Model

if TYPE_CHECKING:
    from portal.parties.models import Party, Unit


class Role(enum.StrEnum):
    # The portal administrator onboards parties and accounts and belongs to no party, so reads
    # no confidential content; only the command line may make an administrator one of a
    # party's people, who then reads what is shared with that party.
    ADMIN = "admin"
    COORDINATOR = "coordinator"
    STAFF = "staff"


class User(UserMixin, Model):
    __tablename__ = "user_account"
    __table_args__ = (
        # Everyone but a portal administrator works for a party.
        sa.CheckConstraint("role = 'admin' OR party_id IS NOT NULL", name="party_required"),
        # An administrator in a party would read the party's confidential documents: only the
        # command line may place one there, on purpose (`create-admin --party`).
        sa.CheckConstraint(
            "role <> 'admin' OR party_id IS NULL OR party_from_command_line",
            name="admin_without_party",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    party_id: Mapped[int | None] = mapped_column(sa.ForeignKey("party.id"), index=True)
    # A coordinator may be named for one field or site of their party.
    unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("unit.id", ondelete="SET NULL"))
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    title: Mapped[str] = mapped_column(sa.String(200), default="")
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    role: Mapped[Role] = mapped_column(str_enum(Role), default=Role.STAFF)
    # None until the invited person sets a password through their invitation link.
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    locale: Mapped[str | None] = mapped_column(sa.String(5))
    active: Mapped[bool] = mapped_column(default=True)
    # Set only by `create-admin --party`; cleared when the role or the party changes.
    party_from_command_line: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    created_at: Mapped[datetime] = created_at_column()
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    party: Mapped[Party | None] = relationship(back_populates="users")
    unit: Mapped[Unit | None] = relationship()

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"

    @property
    def session_key(self) -> str | None:
        """The key of the session this user was loaded for; Flask-Login keeps it in the cookie."""
        return self.__dict__.get("_session_key")

    @session_key.setter
    def session_key(self, value: str | None) -> None:
        self.__dict__["_session_key"] = value

    def get_id(self) -> str:
        return f"{self.id}:{self.session_key}"

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR

    @property
    def has_password(self) -> bool:
        return self.password_hash is not None


class UserSession(Model):
    """A signed-in browser. Deleting the row signs that browser out."""

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    # Only a hash is kept: a copy of the database does not let anyone take over a session.
    key_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = created_at_column()
    last_seen_at: Mapped[datetime] = created_at_column()
    address: Mapped[str] = mapped_column(sa.String(64), default="")
    user_agent: Mapped[str] = mapped_column(sa.String(200), default="")
    # When the person last proved who they are in this browser: at sign-in, then on the
    # confirm page. What matters asks for a recent one (portal.auth.freshness).
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A secret shown to this browser once, e.g. a new calendar address, encrypted with a key
    # derived from the session key that only the cookie carries: the cookie itself is signed,
    # not encrypted, and a copy of the database cannot read it.
    held_secret: Mapped[str | None] = mapped_column(sa.Text)

    user: Mapped[User] = relationship()


class ThrottleKey(Model):
    """Attempts counted against one key, e.g. sign-ins to an account from an address.

    The key is an HMAC of what it counts, so the table names no e-mail or address and every
    lookup is by primary key.
    """

    __tablename__ = "throttle_key"

    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)
    last_counted_at: Mapped[datetime] = created_at_column()
    # No attempt with this key is tried before this time.
    wait_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The wait whose refusals are in the audit log already: one row per key and wait.
    reported_wait: Mapped[datetime | None] = mapped_column(UTCDateTime())
