"""The report sections, each given by a feature: what the reports pages list and draw.

A section is one report page, ``/reports/<key>``: a title, a description for the index, the
filters it reads, and a function that builds its :class:`~portal.reports.tables.Report` for
a user and a choice of filters. The page draws every table with its chart and offers every
table as CSV; a section needs no template of its own.

A feature's section is a module of this package that calls :func:`register`, imported in
:func:`portal.reports.init_app`: the reports sit above the features and read down into their
queries and policies, and no feature imports the reports. Its figures must come
through its own policy scope, like the placements' figures through
:func:`portal.reports.policy.counted_placements`. Quota places, for example, add "Quota
use per workshop and provider" this way::

    # portal/reports/quota_reports.py
    register(ReportSection("quotas", _l("Quota use"), _l("…"), order=25, build=quota_use,
                           filters=frozenset({YEAR, PARTY}), choices=quota_choices))

The years and parties offered in the filters are those of the placements the user's reports
count (:func:`portal.reports.filters.choices`); a section that counts something else gives
its own ``choices``, read through the same scope as its figures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from portal.auth.models import User
from portal.reports.filters import ALL_FILTERS, Choices, Filters
from portal.reports.filters import choices as placement_choices
from portal.reports.policy import may_read_reports
from portal.reports.tables import Report


@dataclass(frozen=True)
class ReportSection:
    key: str
    title: LazyString
    description: LazyString
    order: int
    build: Callable[[User, Filters], Report]
    filters: frozenset[str] = ALL_FILTERS
    # What the year filter chooses by, e.g. "Year of start".
    year_label: LazyString = _l("Year")
    # Who may open the section; coordinators and the administrator unless told otherwise.
    readable_by: Callable[[User], bool] = may_read_reports
    # The years and parties offered in the filters; the placements' unless told otherwise.
    choices: Callable[[User], Choices] | None = None

    def choices_for(self, user: User) -> Choices:
        return (self.choices or placement_choices)(user)


_sections: dict[str, ReportSection] = {}


def register(section: ReportSection) -> ReportSection:
    _sections[section.key] = section
    return section


def sections_for(user: User) -> list[ReportSection]:
    """The sections the user may open, in their order."""
    return sorted(
        (s for s in _sections.values() if s.readable_by(user)), key=lambda s: (s.order, s.key)
    )


def get(key: str) -> ReportSection | None:
    return _sections.get(key)
