"""The placement's access log: who opened a view that shows the young person's full name."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.audit_chain import Chained, stamp
from portal.core.models import created_at_column
from portal.extensions import Model

if TYPE_CHECKING:
    from portal.auth.models import User
    from portal.parties.models import Party
    from portal.placements.models import Placement


class PlacementAccess(Chained, Model):
    """One opening of a view that showed the full name. Never edited or deleted by the portal;
    hash-chained like the audit log, so that ``flask audit verify`` names a row changed
    behind its back."""

    __tablename__ = "placement_access_log"
    # The coordinators read one placement's log, newest first.
    __table_args__ = (sa.Index("ix_placement_access_log_placement_at", "placement_id", "at"),)
    chain_name = "placement_access_log"
    chain_columns = ("at", "placement_id", "user_id", "party_id", "view")
    chain_lock = 0x5117A_9A_CE10  # "silta place log"

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(sa.ForeignKey("placement.id"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    # The person's party at the time (a third party's person on the team has their own).
    party_id: Mapped[int | None] = mapped_column(sa.ForeignKey("party.id"))
    at: Mapped[datetime] = created_at_column()
    # Which view: one of access_log.VIEW_LABELS' keys.
    view: Mapped[str] = mapped_column(sa.String(32))

    placement: Mapped[Placement] = relationship()
    user: Mapped[User] = relationship()
    party: Mapped[Party | None] = relationship()

    def prepare_chain(self) -> None:
        stamp(self)


class AppendOnlyError(RuntimeError):
    """The placement's access log cannot be changed."""


@event.listens_for(PlacementAccess, "before_update")
@event.listens_for(PlacementAccess, "before_delete")
def _append_only(_mapper: Any, _connection: Any, entry: PlacementAccess) -> None:
    raise AppendOnlyError("the placement's access log cannot be edited or deleted")
