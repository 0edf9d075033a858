"""The font of every PDF the portal makes: DejaVu Sans, embedded.

The PDF standard fonts (Helvetica and the like) know only WinAnsi, so names with letters
outside it (Northern Sámi ŋ ŧ đ, Cyrillic, …) and the narrow no-break space of a formatted
time would come out as "?". DejaVu Sans covers them; its files ship inside the package
(``portal/static/fonts``, with their licence), so no system font package is needed.
reportlab embeds only the glyphs a document uses.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent.parent / "static" / "fonts"
REGULAR = "SiltaSans"
BOLD = "SiltaSans-Bold"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}


def register() -> None:
    """Make the portal's fonts known to reportlab (once; later calls do nothing)."""
    if REGULAR in pdfmetrics.getRegisteredFontNames():
        return
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
    # <b> in a paragraph picks the bold face; there are no italic faces.
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
