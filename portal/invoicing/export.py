"""The invoice basis as a CSV file for Excel and as a PDF for the invoice.

The CSV follows the reports' export (:mod:`portal.reports.export`, which this lower package
may not import): UTF-8 with a byte-order mark, ``;`` between fields, a decimal comma, sums in
euros with two decimals, a leading apostrophe on text that begins like a formula. The PDF is
set in DejaVu Sans, embedded (:mod:`portal.core.fonts`), like the portal's other PDFs.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from html import escape
from typing import Any

from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, StyleSheet1, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from portal.core import fonts
from portal.core.i18n import local_date, money
from portal.invoicing.basis import Basis, Extra

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def _euros(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}".replace(".", ",")


def _extras(basis: Basis) -> list[tuple[str, list[Extra]]]:
    return [(_("Package instalment"), basis.instalments), (_("Result bonus"), basis.bonuses)]


def basis_csv(basis: Basis) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            _("Reference"),
            _("Line"),
            _("From"),
            _("To"),
            _("Support days"),
            _("Daily price") + " (€)",
            _("Amount") + " (€)",
            _("Provisional"),
        ]
    )
    for line in basis.lines:
        for number, part in enumerate(line.parts):
            last = number == len(line.parts) - 1
            writer.writerow(
                [
                    _text(line.reference),
                    _("Support days"),
                    part.first.isoformat(),
                    part.last.isoformat(),
                    part.days,
                    "" if part.package else _euros(part.price),
                    # The line's amount, rounded once, on its last part.
                    _euros(line.amount) if last else "",
                    (_("no") if line.closed else _("yes")) if last else "",
                ]
            )
    for kind, extras in (
        (_("Package instalment"), basis.instalments),
        (_("Result bonus"), basis.bonuses),
    ):
        for extra in extras:
            label = f"{kind}: {extra.unit}" if extra.unit else kind
            day = extra.due_on.isoformat()
            writer.writerow(
                [_text(extra.reference), _text(label), day, day, "", "", _euros(extra.amount), ""]
            )
    provisional = _("yes") if basis.provisional else _("no")
    writer.writerow([_("Total"), "", "", "", basis.days, "", _euros(basis.total), provisional])
    return (BOM + out.getvalue()).encode("utf-8")


def _styles() -> StyleSheet1:
    """The sample styles in the portal's own font."""
    fonts.register()
    styles = getSampleStyleSheet()
    for style in styles.byName.values():
        style.fontName = fonts.REGULAR
    return styles


def _heading(basis: Basis, state_label: str, styles: StyleSheet1) -> list[Flowable]:
    """The month, the parties and the state; provisional in bold when it is."""
    month = local_date(basis.month, "LLLL yyyy")
    heading: list[Flowable] = [
        Paragraph(_("Invoice basis") + f": {month}", styles["Title"]),
        # A party's name is text, not markup: "Aalto & Co" must not break the paragraph.
        Paragraph(_("Workshop") + f": {escape(basis.workshop.name)}", styles["Normal"]),
        Paragraph(_("Education provider") + f": {escape(basis.provider.name)}", styles["Normal"]),
        Paragraph(_("State") + f": {state_label}", styles["Normal"]),
    ]
    if basis.provisional:
        heading.append(
            Paragraph(
                "<b>"
                + _("Provisional: the month has not been closed for every workshop period.")
                + "</b>",
                styles["Normal"],
            )
        )
    return heading


def _line_rows(basis: Basis) -> list[list[Any]]:
    """Each period's parts; the line's amount, rounded once, on its last part."""
    rows: list[list[Any]] = []
    for line in basis.lines:
        for number, part in enumerate(line.parts):
            last = number == len(line.parts) - 1
            rows.append(
                [
                    line.reference if number == 0 else "",
                    f"{local_date(part.first, 'd.M.')}–{local_date(part.last, 'd.M.')}",
                    str(part.days),
                    _("Service package")
                    if part.package
                    else (money(part.price) if part.price is not None else "—"),
                    money(line.amount) if last else "",
                ]
            )
    return rows


def _extra_rows(basis: Basis, small: ParagraphStyle) -> list[list[Any]]:
    """The package instalments and the result bonuses due in the month."""
    rows: list[list[Any]] = []
    for kind, extras in (
        (_("Package instalment"), basis.instalments),
        (_("Result bonus"), basis.bonuses),
    ):
        for extra in extras:
            label = f"{kind}: {extra.unit}" if extra.unit else kind
            rows.append(
                [
                    extra.reference,
                    local_date(extra.due_on, "d.M."),
                    "",
                    Paragraph(escape(label, quote=False), small),
                    money(extra.amount),
                ]
            )
    return rows


def _lines_table(basis: Basis, styles: StyleSheet1) -> Table:
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    rows: list[list[Any]] = [
        [_("Reference"), _("Period"), _("Support days"), _("Daily price"), _("Amount")],
        *_line_rows(basis),
        *_extra_rows(basis, small),
        [_("Total"), "", str(basis.days), "", money(basis.total)],
    ]
    table = Table(rows, repeatRows=1, colWidths=[45 * mm, 35 * mm, 28 * mm, 30 * mm, 34 * mm])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), fonts.REGULAR, 9),
                ("FONT", (0, 0), (-1, 0), fonts.BOLD, 9),
                ("FONT", (0, -1), (-1, -1), fonts.BOLD, 9),
                ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                ("LINEABOVE", (0, -1), (-1, -1), 0.5, colors.black),
            ]
        )
    )
    return table


def basis_pdf(basis: Basis, state_label: str) -> bytes:
    styles = _styles()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=_("Invoice basis"),
        leftMargin=18 * mm,
        rightMargin=18 * mm,
    )
    story = [
        *_heading(basis, state_label, styles),
        Spacer(1, 6 * mm),
        _lines_table(basis, styles),
        Spacer(1, 6 * mm),
        Paragraph(
            _(
                "Support days counted from the daily records, weekends and public holidays "
                "left out, times the daily price in force each day. Each line is rounded once "
                "to cents."
            ),
            styles["Normal"],
        ),
    ]
    document.build(story)
    return buffer.getvalue()
