"""The annual wheel (vuosikello): the year as a circle, drawn on the server as SVG.

January begins at the top and the months run clockwise. Each kind of event has a ring of
its own, coordinators' meetings outermost; an event is an arc of its ring from its first
to its last day. The template turns this geometry into ``<path>`` and ``<a>`` elements.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime

from babel.dates import get_month_names

from portal.annual_calendar.labels import KIND_COLOURS
from portal.annual_calendar.models import Event, EventKind
from portal.core.i18n import HELSINKI

# From the outside in.
RING_ORDER = [
    EventKind.MEETING,
    EventKind.STAFF_EXCHANGE,
    EventKind.TRAINING,
    EventKind.VISIT,
    EventKind.AGREEMENT_REVIEW,
    EventKind.OTHER,
]
OUTER = 230.0
INNER = 74.0
RING = (OUTER - INNER) / len(RING_ORDER)
LABEL_RADIUS = 256.0
# A one-day event would be a sliver; every arc is at least this wide to be seen and clicked.
MIN_SPAN_DEGREES = 5.0
VIEWBOX = "-300 -300 600 600"


@dataclass(frozen=True)
class Arc:
    event: Event
    path: str
    colour: str


@dataclass(frozen=True)
class Month:
    number: int
    label: str
    path: str
    label_x: float
    label_y: float
    shaded: bool


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Wheel:
    year: int
    months: list[Month]
    separators: list[Line]
    rings: list[float]
    arcs: list[Arc]
    today: Line | None
    viewbox: str = VIEWBOX


def _point(radius: float, angle: float) -> tuple[float, float]:
    """A point at ``angle`` degrees clockwise from twelve o'clock."""
    rad = math.radians(angle)
    # Adding 0.0 turns a rounded -0.0 into 0.0, which reads better in the markup.
    return round(radius * math.sin(rad), 2) + 0.0, round(-radius * math.cos(rad), 2) + 0.0


def sector(inner: float, outer: float, start: float, end: float) -> str:
    """The SVG path of a ring's piece between two angles (degrees, clockwise from the top)."""
    end = min(end, start + 359.99)
    large = 1 if end - start > 180 else 0
    ox1, oy1 = _point(outer, start)
    ox2, oy2 = _point(outer, end)
    ix2, iy2 = _point(inner, end)
    ix1, iy1 = _point(inner, start)
    return (
        f"M{ox1} {oy1} A{outer} {outer} 0 {large} 1 {ox2} {oy2} "
        f"L{ix2} {iy2} A{inner} {inner} 0 {large} 0 {ix1} {iy1} Z"
    )


def _year_length(year: int) -> float:
    return float((date(year + 1, 1, 1) - date(year, 1, 1)).days)


def angle_of(moment: datetime | date, year: int) -> float:
    """Where a moment falls on the year's circle, in degrees; clamped to the year."""
    if isinstance(moment, datetime):
        local = moment.astimezone(HELSINKI)
        days = (local.date() - date(year, 1, 1)).days + (
            local.hour * 3600 + local.minute * 60 + local.second
        ) / 86400
    else:
        days = float((moment - date(year, 1, 1)).days)
    return max(0.0, min(360.0, 360.0 * days / _year_length(year)))


def ring_bounds(kind: EventKind) -> tuple[float, float]:
    index = RING_ORDER.index(kind)
    outer = OUTER - index * RING
    return outer - RING, outer


def build(year: int, events: list[Event], locale: str, today: date | None = None) -> Wheel:
    """The wheel of ``year`` with the given events (cancelled ones are left out)."""
    names = get_month_names("abbreviated", context="stand-alone", locale=locale)
    months = []
    separators = []
    for number in range(1, 13):
        start = angle_of(date(year, number, 1), year)
        end = angle_of(date(year + 1, 1, 1) if number == 12 else date(year, number + 1, 1), year)
        x, y = _point(LABEL_RADIUS, (start + end) / 2)
        months.append(
            Month(number, names[number], sector(INNER, OUTER, start, end), x, y, number % 2 == 0)
        )
        x1, y1 = _point(INNER, start)
        x2, y2 = _point(OUTER + 6, start)
        separators.append(Line(x1, y1, x2, y2))

    arcs = []
    for event in events:
        if event.is_cancelled:
            continue
        start = angle_of(event.starts_at, year)
        end = angle_of(event.ends_at, year)
        if end - start < MIN_SPAN_DEGREES:
            middle = (start + end) / 2
            start, end = middle - MIN_SPAN_DEGREES / 2, middle + MIN_SPAN_DEGREES / 2
        inner, outer = ring_bounds(event.kind)
        arcs.append(Arc(event, sector(inner + 2, outer - 2, start, end), KIND_COLOURS[event.kind]))

    marker = None
    if today is not None and today.year == year:
        angle = angle_of(today, year) + 360.0 / _year_length(year) / 2
        x1, y1 = _point(INNER - 12, angle)
        x2, y2 = _point(OUTER + 14, angle)
        marker = Line(x1, y1, x2, y2)

    rings = [OUTER - i * RING for i in range(len(RING_ORDER) + 1)]
    return Wheel(year, months, separators, rings, arcs, marker)
