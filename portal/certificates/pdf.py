"""The certificate's PDF: reportlab with the portal's embedded font (``core.fonts``).

It names the trainee by the placement's reference and initials only: the PDF is one of the
placement's documents, read also by people who see the placement but not the young person's
name (DESIGN §2.7). The verification code on it leads the reader to the verification page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from html import escape as _escape

from flask_babel import format_decimal
from flask_babel import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import StyleSheet1, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer

from portal.core import fonts
from portal.core.i18n import local_date


@dataclass(frozen=True)
class PdfUnit:
    label: str
    skills: str
    how_shown: str


@dataclass(frozen=True)
class PdfContent:
    workshop: str
    reference: str
    initials: str
    units: list[PdfUnit]
    period_start: date
    period_end: date
    hours: Decimal | None
    assessed_by: str
    signer_name: str
    signer_title: str
    issued_on: date
    code: str
    verify_url: str


def escape(value: str) -> str:
    """Text as a reportlab paragraph reads it: its markup characters as entities."""
    return _escape(value, quote=False)


def _text(value: str) -> str:
    """User's text as a paragraph: markup escaped, its line breaks kept."""
    return escape(value).replace("\n", "<br/>")


def _styles() -> StyleSheet1:
    """The sample styles: headings in the portal's bold font, the body in its regular one."""
    fonts.register()
    styles = getSampleStyleSheet()
    for name in ("Title", "Heading2", "Heading3"):
        styles[name].fontName = fonts.BOLD
    styles["BodyText"].fontName = fonts.REGULAR
    return styles


def _heading(content: PdfContent, styles: StyleSheet1) -> list[Flowable]:
    """The title, the workshop, the trainee by reference and initials, the period, the hours."""
    body = styles["BodyText"]
    heading: list[Flowable] = [
        Paragraph(escape(_("Competence certificate")), styles["Title"]),
        Paragraph(_text(content.workshop), styles["Heading2"]),
        Paragraph(
            _text(
                _(
                    "Trainee: %(reference)s (initials %(initials)s)",
                    reference=content.reference,
                    initials=content.initials,
                )
            ),
            body,
        ),
        Paragraph(
            _text(
                _(
                    "Period: %(start)s – %(end)s",
                    start=local_date(content.period_start),
                    end=local_date(content.period_end),
                )
            ),
            body,
        ),
    ]
    if content.hours is not None:
        heading.append(
            Paragraph(_text(_("Hours: %(hours)s", hours=format_decimal(content.hours))), body)
        )
    return heading


def _units(content: PdfContent, styles: StyleSheet1) -> list[Flowable]:
    """Each qualification unit: the skills shown at work and how they were shown."""
    body = styles["BodyText"]
    units: list[Flowable] = []
    for unit in content.units:
        units.append(Paragraph(_text(unit.label), styles["Heading3"]))
        units.append(Paragraph(f"<b>{escape(_('Skills shown at work'))}</b>", body))
        units.append(Paragraph(_text(unit.skills), body))
        units.append(Paragraph(f"<b>{escape(_('How they were shown'))}</b>", body))
        units.append(Paragraph(_text(unit.how_shown), body))
    return units


def _signature(content: PdfContent, styles: StyleSheet1) -> list[Flowable]:
    """Who assessed and who signed, and the verification code with where to check it."""
    body = styles["BodyText"]
    signer = content.signer_name
    if content.signer_title:
        signer = f"{signer}, {content.signer_title}"
    return [
        Spacer(1, 4 * mm),
        Paragraph(_text(_("Assessed by: %(assessors)s", assessors=content.assessed_by)), body),
        Paragraph(
            _text(
                _(
                    "Signed by %(signer)s, %(workshop)s, on %(date)s",
                    signer=signer,
                    workshop=content.workshop,
                    date=local_date(content.issued_on),
                )
            ),
            body,
        ),
        Spacer(1, 6 * mm),
        Paragraph(f"<b>{escape(_('Verification code: %(code)s', code=content.code))}</b>", body),
        Paragraph(
            _text(
                _(
                    "Check the certificate with this code at %(url)s (signed in).",
                    url=content.verify_url,
                )
            ),
            body,
        ),
    ]


def render(content: PdfContent) -> bytes:
    styles = _styles()
    title = _("Competence certificate")
    story: list[Flowable] = [
        *_heading(content, styles),
        Spacer(1, 4 * mm),
        *_units(content, styles),
        *_signature(content, styles),
    ]
    out = io.BytesIO()
    SimpleDocTemplate(
        out,
        pagesize=A4,
        title=f"{title}: {content.reference}",
        author=content.workshop,
        creator="Silta",
    ).build(story)
    return out.getvalue()
