"""The printable shopping list: grouped by store aisle, a checkbox per line, on A4 or Letter.

Font: DejaVu Sans when the system has it, else reportlab's bundled Vera (both cover accents), else
Helvetica with the text folded to Latin-1 so nothing prints as black boxes."""

from __future__ import annotations

import io
import unicodedata
from functools import lru_cache
from pathlib import Path

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from agents.cart.export import ExportDoc, ExportRow
from agents.errors import UserError

PAPERS = {"a4": A4, "letter": LETTER}
_CANDIDATES = [
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),
    Path("/Library/Fonts/DejaVuSans.ttf"),
    Path("C:/Windows/Fonts/DejaVuSans.ttf"),
]


@lru_cache(maxsize=1)
def font_name() -> str:
    import reportlab

    bundled = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
    for name, path in [("DejaVuSans", p) for p in _CANDIDATES] + [("Vera", bundled)]:
        if path.is_file():
            try:
                pdfmetrics.registerFont(TTFont(name, str(path)))
            except Exception:  # a broken font file: try the next one
                continue
            return name
    return "Helvetica"


def _safe(text: str, font: str) -> str:
    if font != "Helvetica":
        return text
    folded = unicodedata.normalize("NFKD", text)
    return folded.encode("latin-1", "ignore").decode("latin-1")


def _fit(text: str, font: str, size: float, width: float) -> str:
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "...", font, size) > width:
        text = text[:-1]
    return text + "..."


def to_pdf(doc: ExportDoc, *, paper: str = "a4") -> bytes:
    if paper not in PAPERS:
        raise UserError(f"unknown paper {paper!r} (choose a4 or letter)")
    font = font_name()
    width, height = PAPERS[paper]
    margin: float = 18 * mm
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height), pageCompression=1)
    canvas.setTitle(doc.title)
    canvas.setAuthor("Larder")
    y = height - margin

    def new_page() -> float:
        canvas.showPage()
        return float(height - margin)

    def text(x: float, yy: float, value: str, size: float = 10, right: bool = False) -> None:
        canvas.setFont(font, size)
        value = _safe(value, font)
        (canvas.drawRightString if right else canvas.drawString)(x, yy, value)

    text(margin, y, doc.title, 16)
    y -= 8 * mm
    if doc.total is not None:
        text(
            margin,
            y,
            f"Total {doc.total:.2f} {doc.currency}" + (f" - {doc.status}" if doc.status else ""),
            10,
        )
        y -= 8 * mm
    price_x = width - margin
    name_width = width - 2 * margin - 32 * mm
    for aisle, rows in doc.by_aisle():
        if y < margin + 20 * mm:
            y = new_page()
        text(margin, y, aisle, 12)
        y -= 6 * mm
        for row in rows:
            if y < margin + 10 * mm:
                y = new_page()
            canvas.rect(margin, y - 0.5 * mm, 3.5 * mm, 3.5 * mm)
            text(margin + 6 * mm, y, _fit(_safe(_label(row), font), font, 10, name_width))
            if row.line_total is not None:
                text(price_x, y, f"{row.line_total:.2f}{'*' if row.indicative else ''}", 10, right=True)
            y -= 4.5 * mm
            if row.reason:
                canvas.setFillGray(0.4)
                text(margin + 6 * mm, y, _fit(_safe(row.reason, font), font, 8, name_width), 8)
                canvas.setFillGray(0)
                y -= 4.5 * mm
        y -= 3 * mm
    for note in doc.notes:
        if y < margin + 10 * mm:
            y = new_page()
        text(margin, y, _fit(_safe(note, font), font, 8, width - 2 * margin), 8)
        y -= 4.5 * mm
    canvas.save()
    return buffer.getvalue()


def _label(row: ExportRow) -> str:
    if row.product:
        return f"{row.product} - {row.quantity:g} x {row.package}"
    return f"{row.item} - {row.quantity:g} {row.package}"
