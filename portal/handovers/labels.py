"""The words of hand-overs, translated."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.handovers.models import NextService
from portal.placements.enums import TeamRole

SERVICE_LABELS = {
    NextService.STUDIES: _l("Studies at another education provider"),
    NextService.JOB_COACHING: _l("The TE services' job coaching"),
    NextService.SUPPORTED_EMPLOYMENT: _l("Supported employment"),
    NextService.SOCIAL_SERVICES: _l("Social services"),
    NextService.OTHER: _l("Another service"),
}

# The role the receiving person takes on the placement's team, by the service they work in.
SERVICE_ROLES = {
    NextService.STUDIES: TeamRole.STUDY_COUNSELLOR,
    NextService.JOB_COACHING: TeamRole.JOB_COACH,
    NextService.SUPPORTED_EMPLOYMENT: TeamRole.JOB_COACH,
    NextService.SOCIAL_SERVICES: TeamRole.SOCIAL_WORKER,
    NextService.OTHER: TeamRole.OTHER,
}
