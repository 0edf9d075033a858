"""Where the packages above the catalogue add to its pages (see portal.core.extension_points)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from portal.core.extension_points import Slot

if TYPE_CHECKING:
    from portal.catalogue.models import LearningEnvironment, QualificationUnit

PeriodRequestUrl = Callable[["LearningEnvironment", "QualificationUnit | None"], "str | None"]


def _no_requests(
    environment: LearningEnvironment, qualification_unit: QualificationUnit | None = None
) -> str | None:
    return None


# Where a reader starts a workshop-period request from a report (or one of its qualification
# units), or None when they may not or nothing takes requests (catalogue_links).
period_request_url: Slot[PeriodRequestUrl] = Slot("catalogue.period_request_url", _no_requests)
