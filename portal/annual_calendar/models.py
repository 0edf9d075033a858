"""Events of the annual calendar, who is invited and how they answered, decisions, feeds."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core import dates
from portal.core.i18n import HELSINKI
from portal.core.models import UTCDateTime, created_at_column, str_enum, utcnow
from portal.extensions import Model

if TYPE_CHECKING:
    from portal.auth.models import User
    from portal.parties.models import Party

# Times are entered and shown in Finnish time and stored in UTC.


class EventKind(enum.StrEnum):
    MEETING = "meeting"
    STAFF_EXCHANGE = "staff_exchange"
    TRAINING = "training"
    VISIT = "visit"
    AGREEMENT_REVIEW = "agreement_review"
    OTHER = "other"


class EventStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class Answer(enum.StrEnum):
    YES = "yes"
    NO = "no"
    MAYBE = "maybe"


class ExchangeRole(enum.StrEnum):
    """The roles the guidelines name for staff exchanges."""

    STUDY_COUNSELLOR = "study_counsellor"
    STUDENT_WELFARE = "student_welfare"
    PREPARATORY_TEACHER = "preparatory_teacher"
    JOB_COACH = "job_coach"
    OTHER = "other"


class ActionState(enum.StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


def new_uid() -> str:
    return f"{uuid.uuid4()}@silta"


event_party = sa.Table(
    "calendar_event_party",
    Model.metadata,
    sa.Column("event_id", sa.ForeignKey("calendar_event.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("party_id", sa.ForeignKey("party.id"), primary_key=True, index=True),
)


class Event(Model):
    """One entry of the annual calendar.

    An all-day event is stored from midnight of its first day to midnight after its last
    day, Finnish time, so that every event can be ordered and filtered by the same columns.
    """

    __tablename__ = "calendar_event"
    __table_args__ = (sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Calendar clients recognise the event by its UID across changes: it never changes.
    uid: Mapped[str] = mapped_column(sa.String(100), unique=True, default=new_uid)
    kind: Mapped[EventKind] = mapped_column(str_enum(EventKind), index=True)
    status: Mapped[EventStatus] = mapped_column(
        str_enum(EventStatus), default=EventStatus.SCHEDULED
    )
    title: Mapped[str] = mapped_column(sa.String(200))
    all_day: Mapped[bool] = mapped_column(default=False)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    place: Mapped[str] = mapped_column(sa.String(300), default="")
    organiser_party_id: Mapped[int] = mapped_column(sa.ForeignKey("party.id"), index=True)
    description: Mapped[str] = mapped_column(sa.Text, default="")
    # Short notes; the agenda and the minutes themselves are documents of the event
    # (portal.document_links).
    agenda: Mapped[str] = mapped_column(sa.Text, default="")
    minutes: Mapped[str] = mapped_column(sa.Text, default="")
    # The guidelines expect 1–3 coordinators' meetings a year; more need a reason.
    extra_meeting_reason: Mapped[str] = mapped_column(sa.Text, default="")
    # iCalendar SEQUENCE: raised on every change, so calendar clients take the new version.
    sequence: Mapped[int] = mapped_column(default=0)
    cancellation_reason: Mapped[str] = mapped_column(sa.Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    organiser: Mapped[Party] = relationship(foreign_keys=[organiser_party_id])
    invited_parties: Mapped[list[Party]] = relationship(
        secondary=event_party, order_by="Party.name"
    )
    invitations: Mapped[list[Invitation]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="Invitation.id"
    )
    exchange: Mapped[StaffExchange | None] = relationship(
        back_populates="event", cascade="all, delete-orphan"
    )
    action_items: Mapped[list[ActionItem]] = relationship(
        back_populates="event",
        cascade="all, delete-orphan",
        order_by="(ActionItem.due_on, ActionItem.id)",
    )
    created_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<Event {self.id} {self.kind.value} {self.title!r}>"

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def local_start(self) -> datetime:
        return self.starts_at.astimezone(HELSINKI)

    @property
    def local_end(self) -> datetime:
        return self.ends_at.astimezone(HELSINKI)

    @property
    def start_date(self) -> date:
        return self.local_start.date()

    @property
    def end_date(self) -> date:
        """The last day of the event (inclusive)."""
        if self.all_day:
            return self.local_end.date() - timedelta(days=1)
        return self.local_end.date()

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1

    def has_ended(self, now: datetime | None = None) -> bool:
        return self.ends_at <= (now or utcnow())


class StaffExchange(Model):
    """A person of one party hosted by another for a few days (the event's days)."""

    __tablename__ = "calendar_staff_exchange"
    __table_args__ = (
        sa.CheckConstraint("guest_party_id <> host_party_id", name="guest_and_host_differ"),
    )

    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("calendar_event.id", ondelete="CASCADE"), primary_key=True
    )
    # The visitor: named by the organiser, or later by the guest party (its coordinators
    # choose among their own people, or a person offers themselves) — the host does not see
    # the other party's staff, so it cannot name them.
    guest_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    # The guest's party, chosen with the exchange; kept if the person moves on later.
    guest_party_id: Mapped[int] = mapped_column(sa.ForeignKey("party.id"))
    host_party_id: Mapped[int] = mapped_column(sa.ForeignKey("party.id"))
    guest_role: Mapped[ExchangeRole] = mapped_column(str_enum(ExchangeRole))

    event: Mapped[Event] = relationship(back_populates="exchange")
    guest: Mapped[User | None] = relationship()
    guest_party: Mapped[Party] = relationship(foreign_keys=[guest_party_id])
    host_party: Mapped[Party] = relationship(foreign_keys=[host_party_id])


class Invitation(Model):
    """A person's place on an event: invited by name, or answering as one of an invited party."""

    __tablename__ = "calendar_invitation"
    __table_args__ = (sa.UniqueConstraint("event_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("calendar_event.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    # Invited by name; False for someone who answers as a member of an invited party.
    personal: Mapped[bool] = mapped_column(default=True)
    answer: Mapped[Answer | None] = mapped_column(str_enum(Answer))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    event: Mapped[Event] = relationship(back_populates="invitations")
    user: Mapped[User] = relationship()


class ActionItem(Model):
    """A decision of a meeting to act: who does what by when, followed up at the next meeting."""

    __tablename__ = "calendar_action_item"
    # The front page's action items of a person, by when they are due.
    __table_args__ = (sa.Index("ix_calendar_action_item_owner_due", "owner_id", "due_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("calendar_event.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(300))
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    due_on: Mapped[date]
    state: Mapped[ActionState] = mapped_column(
        str_enum(ActionState), default=ActionState.OPEN, index=True
    )
    # What was done or why it was dropped, written when the state changes.
    note: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = created_at_column()
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )

    event: Mapped[Event] = relationship(back_populates="action_items")
    owner: Mapped[User] = relationship(foreign_keys=[owner_id])
    closed_by: Mapped[User | None] = relationship(foreign_keys=[closed_by_id])

    def is_overdue(self, today: date | None = None) -> bool:
        return self.state == ActionState.OPEN and self.due_on < (today or dates.today())


class CalendarFeed(Model):
    """A user's secret iCalendar address. Only the token's hash is kept."""

    __tablename__ = "calendar_feed"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), unique=True
    )
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = created_at_column()
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()
