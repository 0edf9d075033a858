"""Server-side SVG bar charts: the geometry of a chart, drawn by ``reports/_chart.html``.

Bars run from left to right. A group's label stands above its bars, so that long party
names fit, or beside a single bar when every label is short (years, months). Every bar
has its figure written after it, and the table below the chart holds the
same figures, so the chart is never the only way to read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from flask_babel import gettext

from portal.reports.tables import Chart, Kind, display, number

WIDTH = 640
LABEL_HEIGHT = 22
BAR_HEIGHT = 18
BAR_GAP = 4
GROUP_GAP = 12
LEGEND_HEIGHT = 28
# A legend row, and the room a character of its 13-pixel text takes at most, on average.
LEGEND_ROW = 20
LEGEND_CHARACTER = 7.5
# Room after the longest bar for its figure.
VALUE_SPACE = 120
BAR_SPACE = WIDTH - VALUE_SPACE
# Labels of at most this many characters stand beside a single bar, in this much room.
SHORT_LABEL = 18
INLINE_LABEL_SPACE = 150


@dataclass(frozen=True)
class Bar:
    series: int
    x: float
    y: float
    width: float
    text: str

    @property
    def text_x(self) -> float:
        return self.x + self.width + 6

    @property
    def text_y(self) -> float:
        return self.y + BAR_HEIGHT - 4


@dataclass
class Group:
    label: str
    label_y: float
    bars: list[Bar] = field(default_factory=list)


@dataclass(frozen=True)
class LegendEntry:
    series: int
    label: str
    x: float
    y: float = 0.0


@dataclass(frozen=True)
class TargetLine:
    """A vertical line at the target share, from the first bar to the last, labelled."""

    x: float
    top: float
    bottom: float
    text: str


@dataclass
class Drawing:
    title: str
    width: int
    height: float
    groups: list[Group]
    legend: list[LegendEntry]
    bar_height: int = BAR_HEIGHT
    target: TargetLine | None = None


def draw(chart: Chart) -> Drawing:
    """Lay out the chart's bars, scaled to the largest figure (to 100 % for shares)."""
    table = chart.table
    label_index = table.column(chart.label_key)
    label_kind = table.columns[label_index].kind
    series = chart.series
    indexes = [table.column(k) for k in chart.value_keys]
    values = [number(row[i]) for row in table.rows for i in indexes]
    if all(column.kind == Kind.SHARE for column in series):
        largest = 1.0
    else:
        largest = max(values, default=0.0) or 1.0

    legend = []
    top = 0.0
    if len(series) > 1:
        column_width = WIDTH / len(series)
        if all(len(column.label) * LEGEND_CHARACTER + 20 <= column_width for column in series):
            legend = [
                LegendEntry(n, column.label, n * column_width) for n, column in enumerate(series)
            ]
            top = LEGEND_HEIGHT
        else:
            # Labels too long to stand side by side: one under the other.
            legend = [
                LegendEntry(n, column.label, 0, n * LEGEND_ROW) for n, column in enumerate(series)
            ]
            top = len(series) * LEGEND_ROW + LEGEND_HEIGHT - LEGEND_ROW
    labels = [display(row[label_index], label_kind) for row in table.rows]
    inline = len(series) == 1 and all(len(label) <= SHORT_LABEL for label in labels)
    left = INLINE_LABEL_SPACE if inline else 0
    space = BAR_SPACE - left
    groups = []
    y = top
    for label, row in zip(labels, table.rows, strict=True):
        if inline:
            group = Group(label, y + BAR_HEIGHT - 4)
        else:
            group = Group(label, y + LABEL_HEIGHT - 6)
            y += LABEL_HEIGHT
        for n, (column, index) in enumerate(zip(series, indexes, strict=True)):
            width = max(space * number(row[index]) / largest, 0.0)
            group.bars.append(Bar(n, left, y, width, display(row[index], column.kind)))
            y += BAR_HEIGHT + BAR_GAP
        y += BAR_GAP if inline else GROUP_GAP
        groups.append(group)
    drawing = Drawing(chart.title, WIDTH, max(y, LABEL_HEIGHT), groups, legend)
    if chart.target is not None and largest == 1.0 and groups:
        # Only on a chart of shares, where the bars' scale is the target's: its label above
        # the bars, the line through them all.
        line_top = top + LABEL_HEIGHT
        drawing.target = TargetLine(
            left + space * chart.target,
            line_top,
            drawing.height,
            gettext("Target %(share)s", share=display(chart.target, Kind.SHARE)),
        )
        for group in groups:
            group.label_y += LABEL_HEIGHT
            for n, bar in enumerate(group.bars):
                group.bars[n] = replace(bar, y=bar.y + LABEL_HEIGHT)
        drawing.height += LABEL_HEIGHT
        drawing.target = replace(drawing.target, bottom=drawing.height)
    return drawing
