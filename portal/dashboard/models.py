"""When each user last marked the front page's "New" section as seen."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.models import UTCDateTime
from portal.extensions import Model


class DashboardSeen(Model):
    """The moment up to which the user has seen what is new; one row per user at most."""

    __tablename__ = "dashboard_seen"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    new_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
