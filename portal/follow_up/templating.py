"""What the placement's page and the follow-up pages ask: a template global and the labels."""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from portal.follow_up import queries
from portal.follow_up.blueprint import bp
from portal.follow_up.enums import Checkpoint
from portal.follow_up.labels import CHECKPOINT_LABELS, SITUATION_LABELS, SOURCE_LABELS
from portal.follow_up.models import FollowUp
from portal.placements.models import Placement


@bp.app_template_global()
def follow_ups_of(placement: Placement) -> list[FollowUp]:
    """The placement's outcome at the end and its follow-ups, for the reader."""
    return queries.of_placement(current_user, placement)


@bp.app_context_processor
def _labels() -> dict[str, Any]:
    return {
        "checkpoint_labels": CHECKPOINT_LABELS,
        "situation_labels": SITUATION_LABELS,
        "source_labels": SOURCE_LABELS,
        "FollowUpCheckpoint": Checkpoint,
    }
