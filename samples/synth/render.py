"""Lays a synthetic certificate out on an A4 page and draws it as a text PDF or a 200-dpi scan.

The layout is computed once in millimetres (title, label/value rows, one or two
columns, long values wrapped under themselves) and drawn by reportlab or Pillow,
so a PDF and its scan carry the same text in the same places.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from samples.synth.certificates import Certificate, Row
from samples.synth.fonts import pil_font, register_reportlab_font

PAGE_W, PAGE_H = 210.0, 297.0  # A4, mm
MARGIN = 22.0
BODY_PT, TITLE_PT = 12.0, 26.0
PT_MM = 25.4 / 72
LINE_MM = 9.0
GUTTER = 12.0  # mm kept free between a value and the next column


@dataclass(frozen=True)
class Text:
    x: float  # mm from the left
    y: float  # mm from the top (baseline)
    text: str
    size: float  # pt
    color: tuple[int, int, int] = (20, 20, 20)


def _label(label: str, columns: int) -> str:
    # Business licenses print short labels spread over four character cells (名　　称).
    if columns == 2 and len(label) == 2:
        return label[0] + "\u3000\u3000" + label[1]
    return label


def _wrap(text: str, width_mm: float, size: float) -> list[str]:
    """Splits at the column edge; codes (no CJK) stay on one line as on real certificates."""
    if text.isascii():
        return [text]
    lines, current, used = [], "", 0.0
    for char in text:
        width = size * PT_MM * (0.55 if char.isascii() else 1.0)
        if used + width > width_mm and current:
            lines.append(current)
            current, used = "", 0.0
        current += char
        used += width
    return [*lines, current]


def layout(cert: Certificate) -> list[Text]:
    items = [Text(PAGE_W / 2 - len(cert.title) * TITLE_PT * PT_MM / 2, 45, cert.title, TITLE_PT)]
    if cert.subtitle:
        items.append(Text(PAGE_W / 2 - len(cert.subtitle) * BODY_PT * PT_MM / 2, 57, cert.subtitle, BODY_PT + 2))
    rows = [row for row in cert.rows if row.label]
    top = 80.0
    if cert.columns == 2:
        # The code of a business license runs across the page above the two columns.
        top = _place_row(items, rows.pop(0), MARGIN, top, PAGE_W - 2 * MARGIN, 1) + 4
    column_w = (PAGE_W - 2 * MARGIN) / cert.columns
    per_column = -(-len(rows) // cert.columns)
    for column in range(cert.columns):
        x, y = MARGIN + column * column_w, top
        for row in rows[column * per_column:(column + 1) * per_column]:
            y = _place_row(items, row, x, y, column_w, cert.columns)
    return items


def _place_row(items: list[Text], row: Row, x: float, y: float, column_w: float, columns: int) -> float:
    label = _label(row.label, columns)
    label_w = (max(len(label), 4) + 1.5) * BODY_PT * PT_MM
    items.append(Text(x, y, label, BODY_PT))
    for line in _wrap(row.text, column_w - label_w - GUTTER, BODY_PT):
        items.append(Text(x + label_w, y, line, BODY_PT))
        y += LINE_MM
    return y + 3


def to_pdf(cert: Certificate, path: Path) -> Path:
    """A one-page PDF with a real Unicode text layer."""
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    font = register_reportlab_font()
    pdf = canvas.Canvas(str(path), pagesize=(PAGE_W * mm, PAGE_H * mm))
    for item in layout(cert):
        pdf.setFont(font, item.size)
        pdf.drawString(item.x * mm, (PAGE_H - item.y) * mm, item.text)
    pdf.showPage()
    pdf.save()
    return path


def to_image(cert: Certificate, dpi: int = 200):
    """A clean scan of the certificate as an RGB PIL image at ``dpi``."""
    from PIL import Image, ImageDraw

    scale = dpi / 25.4
    image = Image.new("RGB", (round(PAGE_W * scale), round(PAGE_H * scale)), "white")
    draw = ImageDraw.Draw(image)
    for item in layout(cert):
        font = pil_font(round(item.size * PT_MM * scale))
        draw.text((item.x * scale, item.y * scale), item.text, font=font, fill=item.color, anchor="ls")
    return image
