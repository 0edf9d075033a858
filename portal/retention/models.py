"""How long each party keeps a placement's personal data after it ends, within the
administrator's limits, and which placements the retention step has already cleared."""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.models import created_at_column, str_enum
from portal.extensions import Model


class Category(enum.StrEnum):
    # The full name, contact details and the free-text notes about the young person.
    IDENTITY = "identity"
    DAILY_RECORDS = "daily_records"
    COMMENTS = "comments"
    # The placement's documents, by their mark: deleted (their bytes then purged as every
    # deleted document's are), their titles and descriptions emptied.
    DOCUMENTS_PUBLIC = "documents_public"
    DOCUMENTS_INTERNAL = "documents_internal"
    DOCUMENTS_CONFIDENTIAL = "documents_confidential"
    # A classification mark, not a password.
    DOCUMENTS_SECRET = "documents_secret"  # nosec B105
    # The audit log and the documents' access log: one chain each for the whole portal.
    AUDIT = "audit"


class RetentionLimit(Model):
    """The administrator's limits of one category, in years after a placement ends."""

    __tablename__ = "retention_limit"
    __table_args__ = (
        sa.CheckConstraint(
            "min_years >= 0 AND min_years <= default_years AND default_years <= max_years",
            name="ordered",
        ),
    )

    category: Mapped[Category] = mapped_column(str_enum(Category), primary_key=True)
    min_years: Mapped[int]
    max_years: Mapped[int]
    # What a party that has set nothing keeps.
    default_years: Mapped[int]


class RetentionSetting(Model):
    """A party's own period of one category."""

    __tablename__ = "retention_setting"
    __table_args__ = (sa.UniqueConstraint("party_id", "category"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    party_id: Mapped[int] = mapped_column(sa.ForeignKey("party.id", ondelete="CASCADE"))
    category: Mapped[Category] = mapped_column(str_enum(Category))
    years: Mapped[int]


class RetentionDone(Model):
    """A placement's category that has been pseudonymised: it is not looked at again."""

    __tablename__ = "retention_done"
    __table_args__ = (sa.UniqueConstraint("placement_id", "category"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(sa.ForeignKey("placement.id", ondelete="CASCADE"))
    category: Mapped[Category] = mapped_column(str_enum(Category))
    done_at: Mapped[datetime] = created_at_column()


class RetentionRun(Model):
    """A day the step ran, so that the worker runs it once a day however many rounds it does."""

    __tablename__ = "retention_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(unique=True)
    ran_at: Mapped[datetime] = created_at_column()
