"""The placement's access log, read by the coordinators of the two parties."""

from __future__ import annotations

from flask import abort
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import selectinload

from portal.core.authz import can, visible
from portal.core.htmx import render
from portal.core.pagination import paginate
from portal.placements.access_models import PlacementAccess
from portal.placements.blueprint import bp
from portal.placements.labels import view_label
from portal.placements.policy import READ_ACCESS_LOG
from portal.placements.views import load


@bp.get("/<int:placement_id>/access-log")
def access_log(placement_id: int) -> ResponseReturnValue:
    placement = load(placement_id)
    # Anyone else who sees the placement is told the log is not there, as for what they
    # may not see at all: its existence is the coordinators' to know.
    if not can(READ_ACCESS_LOG, placement):
        abort(404)
    page = paginate(
        visible(PlacementAccess)
        .where(PlacementAccess.placement_id == placement.id)
        .options(selectinload(PlacementAccess.user), selectinload(PlacementAccess.party))
        .order_by(PlacementAccess.at.desc(), PlacementAccess.id.desc())
    )
    return render(
        "placements/access_log.html",
        block="results",
        placement=placement,
        page=page,
        view_label=view_label,
    )
