"""The occupancy charts, drawn on the server as SVG (like the annual wheel).

* A quota's chart: a bar a week over its period, as high as the most places in use on any
  day of that week, under a line at the quota's number of places.
* A party's overview: its quotas side by side, a row each (grouped by the other party) and
  a column a month, each cell filled as far as the month's most places in use reach.

Both come with the same figures as a table (:class:`Week`, :class:`OverviewRow`), which the
templates show beside the picture for screen readers and anyone who would rather read.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from babel.dates import get_month_names

from portal.core import dates
from portal.quotas import occupancy, overlap
from portal.quotas.models import Quota
from portal.quotas.overlap import Interval

# The quota chart's drawing area, in SVG units.
WIDTH = 720.0
HEIGHT = 240.0
LEFT = 40.0
RIGHT = 12.0
TOP = 14.0
BOTTOM = 40.0
# Month labels closer than this would overlap.
MIN_LABEL_GAP = 56.0


@dataclass(frozen=True)
class Week:
    days: Interval
    in_use: int
    free: int
    is_current: bool


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    week: Week


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class QuotaChart:
    weeks: list[Week]
    bars: list[Bar]
    places: int
    capacity_y: float
    y_ticks: list[Tick]
    month_ticks: list[Tick]
    today_x: float | None
    baseline_y: float
    width: float = WIDTH
    height: float = HEIGHT
    left: float = LEFT
    right_edge: float = WIDTH - RIGHT

    @property
    def viewbox(self) -> str:
        return f"0 0 {self.width:g} {self.height:g}"


def _r(value: float) -> float:
    return round(value, 2) + 0.0


def _month_names(locale: str) -> dict[int, str]:
    return dict(get_month_names("abbreviated", context="stand-alone", locale=locale))


def weeks_of(quota: Quota, today: date) -> list[Week]:
    used = occupancy.intervals(quota.allocations)
    return [
        Week(days, count, max(quota.places - count, 0), days[0] <= today <= days[1])
        for days, count in overlap.weekly_peaks(used, occupancy.period(quota))
    ]


def quota_chart(quota: Quota, locale: str, today: date | None = None) -> QuotaChart:
    today = today or dates.today()
    weeks = weeks_of(quota, today)
    top_value = max([quota.places, 1, *(w.in_use for w in weeks)])
    plot_height = HEIGHT - TOP - BOTTOM
    baseline = TOP + plot_height

    def y_of(value: float) -> float:
        return _r(baseline - plot_height * value / top_value)

    slot = (WIDTH - LEFT - RIGHT) / max(len(weeks), 1)
    gap = min(slot * 0.2, 4.0)
    bars = []
    for index, week in enumerate(weeks):
        top = y_of(week.in_use)
        bars.append(
            Bar(_r(LEFT + index * slot + gap / 2), top, _r(slot - gap), _r(baseline - top), week)
        )

    step = max(1, -(-top_value // 6))
    y_ticks = [Tick(y_of(v), str(v)) for v in range(0, top_value + 1, step)]

    names = _month_names(locale)
    month_ticks: list[Tick] = []
    for index, week in enumerate(weeks):
        first, last = week.days
        # A month is labelled at the bar of the week its first day falls in.
        if index == 0 or first.day == 1:
            month = first
        elif first.month != last.month:
            month = last
        else:
            continue
        x = _r(LEFT + index * slot + slot / 2)
        if month_ticks and x - month_ticks[-1].position < MIN_LABEL_GAP:
            continue  # a long period: label fewer months than there are
        label = names[month.month]
        if month.month == 1 or not month_ticks:
            label = f"{label} {month.year}"
        month_ticks.append(Tick(x, label))

    today_x = None
    for index, week in enumerate(weeks):
        if week.is_current:
            today_x = _r(LEFT + index * slot + slot / 2)
    return QuotaChart(
        weeks=weeks,
        bars=bars,
        places=quota.places,
        capacity_y=y_of(quota.places),
        y_ticks=y_ticks,
        month_ticks=month_ticks,
        today_x=today_x,
        baseline_y=_r(baseline),
    )


# --- The overview of a party's quotas, by month ---------------------------------------------

MONTHS = 12
CELL_WIDTH = 58.0
ROW_HEIGHT = 34.0
LABEL_WIDTH = 250.0
HEADER = 30.0


@dataclass(frozen=True)
class MonthCell:
    month: date
    places: int
    in_use: int
    x: float
    y: float
    fill_y: float
    fill_height: float


@dataclass(frozen=True)
class OverviewRow:
    quota: Quota
    y: float
    cells: list[MonthCell | None]


@dataclass(frozen=True)
class OverviewGroup:
    party_name: str
    y: float
    rows: list[OverviewRow]


@dataclass(frozen=True)
class Overview:
    first: date
    months: list[Tick]
    headings: list[str]
    groups: list[OverviewGroup]
    width: float
    height: float
    cell_width: float = CELL_WIDTH
    cell_height: float = ROW_HEIGHT - 8

    @property
    def viewbox(self) -> str:
        return f"0 0 {self.width:g} {self.height:g}"

    @property
    def last(self) -> date:
        return month_days(month_start_after(self.first, MONTHS - 1))[1]


def month_start_after(first: date, months: int) -> date:
    """The first day of the month ``months`` after the month of ``first``."""
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_days(first: date) -> Interval:
    return first, date(first.year, first.month, calendar.monthrange(first.year, first.month)[1])


def window(first: date) -> Interval:
    """The days of the overview's twelve months from ``first``."""
    return first, month_days(month_start_after(first, MONTHS - 1))[1]


def month_cell(quota: Quota, month: date, x: float, y: float) -> MonthCell | None:
    """The quota's figures for one month: the places it has then, and the most in use."""
    days = overlap.clip(month_days(month), occupancy.period(quota))
    if days is None:
        return None
    in_use = overlap.peak(occupancy.intervals(quota.allocations), days)
    height = ROW_HEIGHT - 8
    share = min(in_use / quota.places, 1.0) if quota.places else (1.0 if in_use else 0.0)
    return MonthCell(
        month, quota.places, in_use, _r(x), _r(y), _r(y + height * (1 - share)), _r(height * share)
    )


def overview(quotas: Sequence[Quota], party_id: int | None, first: date, locale: str) -> Overview:
    """Twelve months from ``first`` of the quotas, grouped by the other party (by provider,
    for a workshop)."""
    names = _month_names(locale)
    months = [month_start_after(first, n) for n in range(MONTHS)]
    ticks = [
        Tick(_r(LABEL_WIDTH + n * CELL_WIDTH + CELL_WIDTH / 2), names[m.month])
        for n, m in enumerate(months)
    ]
    # The table's headings name the year where it starts or changes.
    headings = [
        f"{names[m.month]} {m.year}" if n == 0 or m.month == 1 else names[m.month]
        for n, m in enumerate(months)
    ]
    groups: dict[str, list[Quota]] = {}
    for quota in quotas:
        groups.setdefault(quota.other_party(party_id).name, []).append(quota)
    y = HEADER
    built = []
    for name in sorted(groups):
        group_y = y
        y += ROW_HEIGHT * 0.75
        rows = []
        for quota in sorted(groups[name], key=lambda q: (q.start_on, q.unit.name, q.id)):
            cells = [
                month_cell(quota, m, LABEL_WIDTH + n * CELL_WIDTH + 3, y + 4)
                for n, m in enumerate(months)
            ]
            rows.append(OverviewRow(quota, _r(y), cells))
            y += ROW_HEIGHT
        built.append(OverviewGroup(name, _r(group_y), rows))
    return Overview(
        first=first,
        months=ticks,
        headings=headings,
        groups=built,
        width=LABEL_WIDTH + MONTHS * CELL_WIDTH + 4,
        height=_r(y + 6),
    )
