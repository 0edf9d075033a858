"""Every PDF the portal makes prints the letters of Finland's languages and of its residents."""

from __future__ import annotations

import io

from pypdf import PdfReader

from portal.demo.documents import _pdf

LETTERS = "Äijälä Åsa Törnqvist · Máret Čeđŋšŧž · Ярослава"


def test_a_made_pdf_carries_every_letter_in_an_embedded_font() -> None:
    page = PdfReader(io.BytesIO(_pdf(LETTERS, [[LETTERS]]))).pages[0]
    assert " ".join(page.extract_text().split()).count(LETTERS) == 2
    used = {f.get_object()["/BaseFont"] for f in page["/Resources"]["/Font"].values()}
    # The text's font is embedded (a subset of DejaVu Sans), not a standard WinAnsi font.
    assert any(str(name).endswith("+DejaVuSans") for name in used), used
