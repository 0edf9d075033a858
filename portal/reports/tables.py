"""What a report is made of: tables of figures, bar charts drawn from them, and definitions.

A report holds no object of its own and names no individual: only counts, sums and shares.
Cells are plain values (int, Decimal, date, str); each column's kind says how a cell is
written on the page (in the reader's locale) and in the CSV file (in a form Excel reads).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from flask_babel import format_date, format_decimal, format_percent

from portal.core.i18n import money


class Kind(enum.StrEnum):
    TEXT = "text"
    # A whole number: a count of placements, of days, of units.
    COUNT = "count"
    MONEY = "money"
    # A share from 0 to 1, written as a percentage.
    SHARE = "share"
    # A year, written without a thousands separator.
    YEAR = "year"
    # A month, given as the date of its first day.
    MONTH = "month"
    # A mark a figure carries or not (True/False), such as "provisional": the column's label
    # is written as the mark on the page, and "yes"/"no" in the CSV file.
    MARK = "mark"

    @property
    def is_number(self) -> bool:
        return self in (Kind.COUNT, Kind.MONEY, Kind.SHARE)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: Kind = Kind.TEXT


Row = list[Any]


@dataclass
class Table:
    """One table of a report; ``key`` names its CSV file."""

    key: str
    title: str
    columns: list[Column]
    rows: list[Row]
    # The totals, with a label in the first cell; None where a total would mean nothing.
    total: Row | None = None
    note: str = ""

    def column(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)


@dataclass
class Chart:
    """A bar chart of some of a table's columns: one bar group per row, a bar per column."""

    table: Table
    value_keys: list[str]
    label_key: str
    title: str
    # A share the partners aim at (0 to 1), drawn as a line across the bars of shares.
    target: float | None = None

    @property
    def series(self) -> list[Column]:
        return [self.table.columns[self.table.column(k)] for k in self.value_keys]

    @property
    def has_values(self) -> bool:
        """Is there a bar to draw? A chart of nothing but zeros is left out."""
        indexes = [self.table.column(k) for k in self.value_keys]
        return any(number(row[i]) for row in self.table.rows for i in indexes)


@dataclass
class Report:
    """The figures of one report for one user and one choice of filters."""

    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    # Sentences above the tables, such as the headline share.
    summary: list[str] = field(default_factory=list)
    # How the figures are counted, shown on the page.
    definitions: list[str] = field(default_factory=list)

    def table(self, key: str) -> Table | None:
        return next((t for t in self.tables if t.key == key), None)

    def chart_of(self, table: Table) -> Chart | None:
        return next((c for c in self.charts if c.table is table), None)


def share(part: int, whole: int) -> float | None:
    """``part`` of ``whole`` as a fraction, or None when there is nothing to divide."""
    return part / whole if whole else None


def _month(value: date) -> str:
    return format_date(value, "LLLL yyyy")


_HTML: dict[Kind, Callable[[Any], str]] = {
    Kind.MARK: str,
    Kind.TEXT: str,
    Kind.COUNT: format_decimal,
    Kind.MONEY: money,
    Kind.SHARE: lambda v: format_percent(v, "#,##0.0 %"),
    Kind.YEAR: str,
    Kind.MONTH: _month,
}


def _mark(value: Any, column: Column | None) -> str:
    return column.label.lower() if value and column is not None else ""


def display(value: Any, kind: Kind, column: Column | None = None) -> str:
    """A cell as the reader's locale writes it; an empty cell as a dash."""
    if kind == Kind.MARK:
        return _mark(value, column)
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    return _HTML[kind](value)


def number(value: Any) -> float:
    """A cell's value for drawing a bar."""
    if value is None:
        return 0.0
    if isinstance(value, Decimal):
        return float(value)
    return float(value)
