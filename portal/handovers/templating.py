"""What the placement's page asks about its hand-overs: template globals, so that the page
needs only its panel (``placements.detail.next``)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_login import current_user

from portal.annual_calendar.models import Event
from portal.handovers import service
from portal.handovers.blueprint import bp
from portal.handovers.labels import SERVICE_LABELS
from portal.handovers.models import Handover
from portal.handovers.policy import may_record
from portal.placements.models import Placement


@dataclass
class Handovers:
    items: list[Handover]
    may_record: bool

    @property
    def waiting(self) -> list[Handover]:
        return [h for h in self.items if h.is_open]


@bp.app_template_global()
def placement_handovers(placement: Placement) -> Handovers:
    """The placement's hand-overs (one statement), and whether the reader may record one."""
    return Handovers(service.of_placement(placement), may_record(current_user, placement))


@bp.app_template_global()
def handover_placement_of(event: Event) -> Placement | None:
    """The placement whose hand-over meeting ``event`` is, if the reader sees it."""
    return service.placement_of_meeting(current_user, event)


@bp.app_context_processor
def _labels() -> dict[str, object]:
    return {"handover_service_labels": SERVICE_LABELS}
