"""What a document belongs to: a placement, a calendar event, a learning-environment report,
or a party's withdrawal.

A document belongs to at most one object. The link is a row of its own, keyed by the
document, and the database refuses a row that names no object or more than one.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.models import created_at_column, str_enum
from portal.extensions import Model

if TYPE_CHECKING:
    from portal.annual_calendar.models import Event
    from portal.catalogue.models import LearningEnvironment
    from portal.documents.models import Document
    from portal.parties.models import Party
    from portal.placements.models import Placement


class LinkKind(enum.StrEnum):
    PLACEMENT = "placement"
    EVENT = "event"
    REPORT = "report"
    WITHDRAWAL = "withdrawal"


class EventRole(enum.StrEnum):
    """What a document is to its event."""

    AGENDA = "agenda"
    MINUTES = "minutes"
    OTHER = "other"


# The object columns, in the order of LinkKind; exactly one of them is set.
OBJECT_COLUMNS = {
    LinkKind.PLACEMENT: "placement_id",
    LinkKind.EVENT: "event_id",
    LinkKind.REPORT: "environment_id",
    LinkKind.WITHDRAWAL: "withdrawal_party_id",
}


def _one_object() -> str:
    set_ = " + ".join(
        f"(CASE WHEN {column} IS NULL THEN 0 ELSE 1 END)" for column in OBJECT_COLUMNS.values()
    )
    return f"{set_} = 1"


class DocumentLink(Model):
    """The one object a document belongs to."""

    __tablename__ = "document_link"
    __table_args__ = (
        sa.CheckConstraint(_one_object(), name="one_object"),
        # An event's document is its agenda, its minutes or another of its documents.
        sa.CheckConstraint(
            "(event_id IS NULL AND event_role IS NULL) "
            "OR (event_id IS NOT NULL AND event_role IS NOT NULL)",
            name="event_role_with_event",
        ),
        sa.Index("ix_document_link_placement_document", "placement_id", "document_id"),
    )

    # The document is the key: a document belongs to at most one object.
    document_id: Mapped[int] = mapped_column(
        sa.ForeignKey("document.id", ondelete="CASCADE"), primary_key=True
    )
    # Indexed with the document (below): the documents of the placements a user sees are
    # read from the index alone.
    placement_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("placement.id", ondelete="CASCADE")
    )
    event_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("calendar_event.id", ondelete="CASCADE"), index=True
    )
    event_role: Mapped[EventRole | None] = mapped_column(str_enum(EventRole))
    environment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("learning_environment.id", ondelete="CASCADE"), index=True
    )
    # The written notice of a party's withdrawal from the agreement; one a party.
    withdrawal_party_id: Mapped[int | None] = mapped_column(sa.ForeignKey("party.id"), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = created_at_column()

    document: Mapped[Document] = relationship()
    placement: Mapped[Placement | None] = relationship()
    event: Mapped[Event | None] = relationship()
    environment: Mapped[LearningEnvironment | None] = relationship()
    withdrawal_party: Mapped[Party | None] = relationship()

    def __repr__(self) -> str:
        return f"<DocumentLink document={self.document_id} {self.kind.value}={self.object_id}>"

    @property
    def kind(self) -> LinkKind:
        return next(k for k, column in OBJECT_COLUMNS.items() if getattr(self, column) is not None)

    @property
    def linked_object(self) -> Any:
        return {
            LinkKind.PLACEMENT: self.placement,
            LinkKind.EVENT: self.event,
            LinkKind.REPORT: self.environment,
            LinkKind.WITHDRAWAL: self.withdrawal_party,
        }[self.kind]

    @property
    def object_id(self) -> int:
        value: int = getattr(self, OBJECT_COLUMNS[self.kind])
        return value
