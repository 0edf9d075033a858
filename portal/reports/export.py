"""Tables as CSV files that Excel opens right in Finland (and in Sweden).

* UTF-8 with a byte-order mark, so Excel reads ä, ö and å as they are;
* ``;`` between fields and a decimal comma, as Excel expects with Finnish and Swedish
  regional settings (the comma is their decimal separator, so it cannot separate fields);
* whole numbers without separators, sums in euros with two decimals (``1234,50``), shares as
  percentages with one decimal (``62,5``), months as ``2026-03`` and dates as ``2026-03-01``,
  which Excel takes as numbers and dates; the unit is in the column heading;
* a mark (e.g. "provisional") as ``yes`` or ``no`` in the reader's language;
* a text that begins like a formula (``=``, ``+``, ``-``, ``@``) gets a leading apostrophe,
  so that opening the file never runs anything.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _

from portal.reports.tables import Column, Kind, Table

BOM = "\ufeff"
DELIMITER = ";"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _decimal(value: Any, places: int) -> str:
    return f"{Decimal(str(value)):.{places}f}".replace(".", ",")


def cell(value: Any, kind: Kind) -> str:
    if kind == Kind.MARK and not isinstance(value, str):
        return _("yes") if value else _("no")
    if value is None:
        return ""
    if isinstance(value, str):
        # Text, also the label of a totals row in a column of numbers or months.
        return "'" + value if value.startswith(FORMULA_START) else value
    if kind == Kind.COUNT:
        return str(int(value))
    if kind == Kind.MONEY:
        return _decimal(value, 2)
    if kind == Kind.SHARE:
        return _decimal(round(float(value) * 100, 1), 1)
    if kind == Kind.MONTH:
        assert isinstance(value, date)
        return value.strftime("%Y-%m")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def heading(column: Column) -> str:
    unit = {Kind.MONEY: " (€)", Kind.SHARE: " (%)"}.get(column.kind, "")
    return column.label + unit


def table_csv(table: Table) -> bytes:
    """The table, its totals row last, as the bytes of a CSV file."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow([heading(c) for c in table.columns])
    for row in [*table.rows, *([table.total] if table.total else [])]:
        writer.writerow([cell(v, c.kind) for v, c in zip(row, table.columns, strict=True)])
    return (BOM + out.getvalue()).encode("utf-8")
