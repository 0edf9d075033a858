"""Documents with confidentiality marks, their versions, access log and disclosure requests."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.audit_chain import Chained, stamp
from portal.core.models import UTCDateTime, created_at_column, str_enum
from portal.extensions import Model

if TYPE_CHECKING:
    from portal.auth.models import User
    from portal.parties.models import Party


class Classification(enum.StrEnum):
    PUBLIC = "public"
    # Every party to the agreement; a supporting organisation is not one.
    INTERNAL = "internal"
    # Marked confidential under the agreement: the owner and the named recipients only.
    CONFIDENTIAL = "confidential"
    # Secret under the Act on the Openness of Government Activities (621/1999).
    # A classification mark, not a password.
    SECRET = "secret"  # nosec B105

    @property
    def is_restricted(self) -> bool:
        """Seen only by the owner and the named recipients, stamped on download."""
        return self in (Classification.CONFIDENTIAL, Classification.SECRET)


class AccessAction(enum.StrEnum):
    VIEW = "view"
    DOWNLOAD = "download"


class DisclosureStatus(enum.StrEnum):
    PENDING = "pending"
    GRANTED = "granted"
    REFUSED = "refused"


document_recipient = sa.Table(
    "document_recipient",
    Model.metadata,
    sa.Column("document_id", sa.ForeignKey("document.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("party_id", sa.ForeignKey("party.id"), primary_key=True, index=True),
)


class Document(Model):
    __tablename__ = "document"
    __table_args__ = (
        sa.Index("ix_document_owner_deleted", "owner_party_id", "deleted_at"),
        # The lists: newest first, of one owner party or of one classification.
        sa.Index("ix_document_created", "created_at"),
        sa.Index("ix_document_owner_created", "owner_party_id", "created_at"),
        sa.Index("ix_document_classification_created", "classification", "created_at"),
        # The front page's documents shared since the user last looked, newest first.
        sa.Index("ix_document_latest_version_at", "latest_version_at"),
        sa.CheckConstraint(
            "classification != 'secret' OR legal_basis != ''", name="secret_has_legal_basis"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_party_id: Mapped[int] = mapped_column(sa.ForeignKey("party.id"))
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    classification: Mapped[Classification] = mapped_column(str_enum(Classification))
    # For a document secret by law: the provision, e.g. "JulkL 24 § 1 mom 25 k".
    legal_basis: Mapped[str] = mapped_column(sa.String(200), default="")
    secret_until: Mapped[date | None]
    # Coordinators of a recipient always see the document; other staff only when allowed.
    staff_may_see: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = created_at_column()
    # A deleted document disappears at once; its record and access log stay for the audit
    # and its bytes are purged after the retention period.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    deleted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    # When the newest version was uploaded (kept by :meth:`note_version`): the front page
    # finds the few documents that changed since the user last looked by this index alone,
    # instead of joining every document the user sees to the recent versions.
    latest_version_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    owner: Mapped[Party] = relationship(foreign_keys=[owner_party_id])
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    recipients: Mapped[list[Party]] = relationship(
        secondary=document_recipient, order_by="Party.name"
    )
    versions: Mapped[list[DocumentVersion]] = relationship(
        back_populates="document", order_by="DocumentVersion.number.desc()"
    )

    def __repr__(self) -> str:
        return f"<Document {self.id} {self.title!r} {self.classification.value}>"

    @property
    def current_version(self) -> DocumentVersion | None:
        return self.versions[0] if self.versions else None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def note_version(self, version: DocumentVersion) -> None:
        """Keep :attr:`latest_version_at` for a version just added (its time set)."""
        assert version.uploaded_at is not None
        if self.latest_version_at is None or version.uploaded_at > self.latest_version_at:
            self.latest_version_at = version.uploaded_at


class DocumentVersion(Model):
    """One uploaded file of a document; every version stays readable to those allowed."""

    __tablename__ = "document_version"
    __table_args__ = (
        sa.UniqueConstraint("document_id", "number"),
        # The front page's versions that arrived since the user last looked.
        sa.Index("ix_document_version_uploaded_at", "uploaded_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("document.id"), index=True)
    number: Mapped[int]
    # The uploader's file name, cleaned for display and for Content-Disposition.
    filename: Mapped[str] = mapped_column(sa.String(200))
    # Decided from the content, not from the name or the browser's word.
    content_type: Mapped[str] = mapped_column(sa.String(120))
    size: Mapped[int] = mapped_column(sa.BigInteger)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    # Opaque key in the document storage; None once the bytes have been purged.
    storage_key: Mapped[str | None] = mapped_column(sa.String(100), unique=True)
    uploaded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    uploaded_at: Mapped[datetime] = created_at_column()
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    document: Mapped[Document] = relationship(back_populates="versions")
    uploaded_by: Mapped[User] = relationship()


class AccessLogEntry(Chained, Model):
    """Who viewed or downloaded which version, when and from where. Never edited or deleted;
    hash-chained like the audit log."""

    __tablename__ = "document_access_log"
    __table_args__ = (sa.Index("ix_document_access_log_document_at", "document_id", "at"),)
    chain_name = "document_access_log"
    chain_columns = ("at", "document_id", "version_id", "user_id", "party_id", "action", "address")
    chain_lock = 0x5117A_D0C106  # "silta doc log"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("document.id"))
    version_id: Mapped[int | None] = mapped_column(sa.ForeignKey("document_version.id"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    # The person's party at the time; None for an administrator who belongs to none.
    party_id: Mapped[int | None] = mapped_column(sa.ForeignKey("party.id"))
    action: Mapped[AccessAction] = mapped_column(str_enum(AccessAction))
    at: Mapped[datetime] = created_at_column()
    address: Mapped[str] = mapped_column(sa.String(64), default="")

    document: Mapped[Document] = relationship()
    version: Mapped[DocumentVersion | None] = relationship()
    user: Mapped[User] = relationship()
    party: Mapped[Party | None] = relationship()

    def prepare_chain(self) -> None:
        stamp(self)
        self.address = self.address or ""
        # The hash covers the ids; rows logged through relationships get them here.
        if self.document is not None:
            self.document_id = self.document.id
        if self.version is not None:
            self.version_id = self.version.id
        if self.document_id is None:
            raise RuntimeError("write the document before logging access to it")


class DisclosureRequest(Model):
    """A recipient's request for the owner's written permission to disclose to a third party.

    Each disclosure is a request of its own; a decided request is kept as it was decided.
    """

    __tablename__ = "disclosure_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("document.id"), index=True)
    version_id: Mapped[int] = mapped_column(sa.ForeignKey("document_version.id"))
    requester_party_id: Mapped[int] = mapped_column(sa.ForeignKey("party.id"), index=True)
    requested_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    third_party: Mapped[str] = mapped_column(sa.String(200))
    purpose: Mapped[str] = mapped_column(sa.Text)
    scope: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = created_at_column()
    status: Mapped[DisclosureStatus] = mapped_column(
        str_enum(DisclosureStatus), default=DisclosureStatus.PENDING
    )
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The owner's written decision, with its conditions or reasons.
    decision: Mapped[str] = mapped_column(sa.Text, default="")

    document: Mapped[Document] = relationship()
    version: Mapped[DocumentVersion] = relationship()
    requester_party: Mapped[Party] = relationship()
    requested_by: Mapped[User] = relationship(foreign_keys=[requested_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    @property
    def is_decided(self) -> bool:
        return self.status != DisclosureStatus.PENDING


class ImmutableRecordError(RuntimeError):
    """The audit trail of documents cannot be changed."""


@event.listens_for(AccessLogEntry, "before_update")
@event.listens_for(AccessLogEntry, "before_delete")
def _access_log_is_append_only(_mapper: Any, _connection: Any, entry: AccessLogEntry) -> None:
    raise ImmutableRecordError("the access log cannot be edited or deleted")


@event.listens_for(DisclosureRequest, "before_delete")
def _requests_are_kept(_mapper: Any, _connection: Any, request: DisclosureRequest) -> None:
    raise ImmutableRecordError("disclosure requests are kept")


@event.listens_for(DisclosureRequest, "before_update")
def _decisions_are_final(_mapper: Any, _connection: Any, request: DisclosureRequest) -> None:
    history = sa.inspect(request).attrs.status.history
    previous = history.deleted[0] if history.deleted else request.status
    if previous != DisclosureStatus.PENDING:
        raise ImmutableRecordError("a disclosure decision cannot be changed")
