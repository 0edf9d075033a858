"""The placement's access log: who opened a view that shows the young person's full name."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from portal.core.models import created_at_column, utcnow
from portal.core.part_chain import PartChained
from portal.extensions import Model
from portal.placements.models import Placement

if TYPE_CHECKING:
    from portal.auth.models import User
    from portal.parties.models import Party

# The views that may show the full name, by the code the log keeps (named in labels.py).
PAGE = "page"
AGREEMENT = "agreement"
EDIT = "edit"


class PlacementAccess(PartChained, Model):
    """One opening of a view that showed the full name. Never edited or deleted by the portal.

    Each placement's entries are a hash chain of their own (:mod:`portal.core.part_chain`),
    which ``flask audit verify`` walks with the audit log: a page that logs its view reads
    the chain's head with the placement, and adds only its INSERT to the page's statements.
    """

    __tablename__ = "placement_access_log"
    __table_args__ = (
        # The coordinators read one placement's log, newest first; the head is its last row.
        sa.UniqueConstraint("placement_id", "seq", name="uq_placement_access_log_placement_seq"),
        sa.Index("ix_placement_access_log_placement_at", "placement_id", "at"),
    )
    chain_name = "placement_access_log"
    chain_columns = ("at", "placement_id", "user_id", "party_id", "view")
    part_column = "placement_id"

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(sa.ForeignKey("placement.id"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    # The person's party at the time (a third party's person on the team has their own).
    party_id: Mapped[int | None] = mapped_column(sa.ForeignKey("party.id"))
    at: Mapped[datetime] = created_at_column()
    # Which view: one of labels.VIEW_LABELS' keys.
    view: Mapped[str] = mapped_column(sa.String(32))

    placement: Mapped[Placement] = relationship()
    user: Mapped[User] = relationship()
    party: Mapped[Party | None] = relationship()

    def __init__(self, **kwargs: Any) -> None:
        # The hash covers the time, so it is given now rather than by the column's default.
        kwargs.setdefault("at", utcnow())
        super().__init__(**kwargs)


def _newest(column: str) -> sa.ScalarSelect[Any]:
    # Built from the tables: the mappers are configured only once every model is imported.
    log, placement = PlacementAccess.__table__, Placement.__table__
    return (
        sa.select(log.c[column])
        .where(log.c.placement_id == placement.c.id)
        .order_by(log.c.seq.desc())
        .limit(1)
        .correlate(placement)
        .scalar_subquery()
    )


# The head of the placement's chain, read with the placement by the pages that log their view
# (``undefer``) and by no other query.
Placement.access_head_seq = column_property(_newest("seq"), deferred=True)
Placement.access_head_hash = column_property(_newest("hash"), deferred=True)


class AppendOnlyError(RuntimeError):
    """The placement's access log cannot be changed."""


@event.listens_for(PlacementAccess, "before_update")
@event.listens_for(PlacementAccess, "before_delete")
def _append_only(_mapper: Any, _connection: Any, entry: PlacementAccess) -> None:
    raise AppendOnlyError("the placement's access log cannot be edited or deleted")
