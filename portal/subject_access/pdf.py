"""The subject-access export as a readable PDF, set in DejaVu Sans, embedded
(:mod:`portal.core.fonts`), like the portal's other PDFs. It reads the same dictionary as
the JSON file, so the two always say the same."""

from __future__ import annotations

import io
import json
from html import escape
from typing import Any

from flask_babel import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer

from portal.core import fonts


def _sections() -> list[tuple[str, str]]:
    return [
        ("agreements", _("Agreements")),
        ("timeline", _("Timeline")),
        ("consents", _("Consents")),
        ("follow_ups", _("Follow-ups")),
        ("daily_records", _("Daily records")),
        ("comments", _("Comments")),
        ("documents", _("Documents")),
        ("viewed_by", _("Who viewed the placement")),
    ]


def _line(item: dict[str, Any]) -> str:
    parts = []
    for key, value in item.items():
        if value in ("", None, [], {}):
            continue
        if isinstance(value, dict | list):
            value = json.dumps(value, ensure_ascii=False)
        parts.append(f"<b>{escape(key)}</b>: {escape(str(value))}")
    return "; ".join(parts)


def export_pdf(data: dict[str, Any]) -> bytes:
    fonts.register()
    styles = getSampleStyleSheet()
    for style in styles.byName.values():
        style.fontName = fonts.REGULAR
    body, h1, h2, h3 = styles["BodyText"], styles["Title"], styles["Heading2"], styles["Heading3"]
    story: list[Flowable] = [
        Paragraph(escape(_("Subject access export")), h1),
        Paragraph(
            escape(_("Given by %(party)s on %(at)s", party=data["party"], at=data["made_at"])), body
        ),
    ]
    for entry in data["placements"]:
        placement = entry["placement"]
        story += [
            Spacer(1, 6 * mm),
            Paragraph(escape(_("Placement %(ref)s", ref=placement["reference"])), h2),
            Paragraph(_line(placement), body),
        ]
        for key, title in _sections():
            story.append(Paragraph(escape(title), h3))
            items = entry[key]
            if not items:
                story.append(Paragraph(escape(_("Nothing given out by us.")), body))
            for item in items:
                story.append(Paragraph(_line(item), body))
        story.append(Paragraph(escape(_("Held by the other party")), h3))
        for key, title in _sections():
            theirs = entry["ask_the_other_party"].get(key)
            if theirs and theirs["count"]:
                text = _(
                    "%(what)s: %(count)d, written by %(party)s (%(dates)s) — ask %(party)s.",
                    what=title,
                    count=theirs["count"],
                    party=theirs["party"],
                    dates=", ".join(theirs["dates"]),
                )
                story.append(Paragraph(escape(text), body))
    out = io.BytesIO()
    SimpleDocTemplate(
        out, pagesize=A4, title=_("Subject access export"), leftMargin=18 * mm, rightMargin=18 * mm
    ).build(story)
    return out.getvalue()
