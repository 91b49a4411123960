"""A small drawing layer for the corpus's layout families: text, wrapped text, table cells, seals and a
QR-like block, in millimetres from the top left, drawn straight onto a reportlab canvas (text PDF).
Scans and photos are rasterised from that PDF (benchmarks.corpus.tiers), so every tier carries the
same text in the same places. Fonts are the CJK fonts installed on the machine (fc-list), one per
document, so a family is seen in Hei, Kai and Ming faces where they are installed."""
from __future__ import annotations

import math
import random
import subprocess
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

SEAL_RED = (0.86, 0.12, 0.14)


@lru_cache(maxsize=1)
def fonts() -> tuple[str, ...]:
    """reportlab names of the installed fonts that cover Chinese (TrueType collections and files)."""
    try:
        listed = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        listed = ""
    paths = sorted({line.split(":")[0].strip() for line in listed.splitlines() if line.strip()})
    names = []
    for index, path in enumerate(path for path in paths if path.endswith((".ttc", ".ttf"))):
        name = f"corpus-font-{index}"
        try:
            pdfmetrics.registerFont(TTFont(name, path, subfontIndex=0))
        except Exception:  # noqa: BLE001 - an OpenType/CFF collection reportlab cannot embed: skip it
            continue
        names.append(name)
    if not names:
        raise RuntimeError("no Chinese TrueType font installed (apt install fonts-wqy-microhei)")
    return tuple(names)


@dataclass
class Page:
    """One page being drawn: its canvas, size in mm, font, and the printed value of every field."""

    canvas: Any
    width: float
    height: float
    font: str
    printed: dict[str, str] = field(default_factory=dict)  # field -> its text as printed (one line)
    truth: dict[str, Any] = field(default_factory=dict)  # field -> the value extraction must return

    def value(self, name: str, printed: str, truth: Any = None) -> str:
        """Records a field printed as ``printed`` whose extracted value must be ``truth`` (default:
        the printed text); returns the printed text."""
        self.printed[name] = printed
        self.truth[name] = printed if truth is None else truth
        return printed

    def _y(self, y: float) -> float:
        return (self.height - y) * mm

    def text(self, x: float, y: float, text: str, size: float = 11, color: tuple = (0.08, 0.08, 0.08),
             anchor: str = "left", spacing: float = 0.0, font: str | None = None) -> float:
        """Draws one line (baseline at y); returns its width in mm. ``spacing``: extra mm between
        characters (labels spread over a cell)."""
        c = self.canvas
        c.setFillColorRGB(*color)
        font = font or self.font
        width = pdfmetrics.stringWidth(text, font, size) / mm + spacing * max(0, len(text) - 1)
        x = {"left": x, "centre": x - width / 2, "right": x - width}[anchor]
        obj = c.beginText(x * mm, self._y(y))
        obj.setFont(font, size)
        obj.setCharSpace(spacing * mm)
        obj.textLine(text)
        c.drawText(obj)
        return width

    def wrap(self, text: str, width: float, size: float) -> list[str]:
        """Lines of ``text`` no wider than ``width`` mm, broken between any two characters."""
        lines, current = [], ""
        for char in text:
            if current and pdfmetrics.stringWidth(current + char, self.font, size) / mm > width:
                lines.append(current)
                current = ""
            current += char
        return lines + [current] if current else lines

    def block(self, x: float, y: float, text: str, width: float, size: float = 11, leading: float = 1.5) -> float:
        """Wrapped text from baseline y; returns the baseline after the last line."""
        for line in self.wrap(text, width, size):
            self.text(x, y, line, size)
            y += size * leading * 25.4 / 72
        return y

    def rect(self, x: float, y: float, w: float, h: float, width: float = 0.4, color: tuple = (0.1, 0.1, 0.1)) -> None:
        self.canvas.setStrokeColorRGB(*color)
        self.canvas.setLineWidth(width)
        self.canvas.rect(x * mm, self._y(y + h), w * mm, h * mm, stroke=1, fill=0)

    def line(self, x0: float, y0: float, x1: float, y1: float, width: float = 0.4) -> None:
        self.canvas.setStrokeColorRGB(0.1, 0.1, 0.1)
        self.canvas.setLineWidth(width)
        self.canvas.line(x0 * mm, self._y(y0), x1 * mm, self._y(y1))

    def qr(self, x: float, y: float, side: float, rng: random.Random) -> None:
        """A QR-code-like block (finder squares and random modules): what sits at a 2019 licence's right."""
        cells = 25
        unit = side / cells
        c = self.canvas
        c.setFillColorRGB(0, 0, 0)
        for row in range(cells):
            for col in range(cells):
                finder = any(row in range(r, r + 7) and col in range(k, k + 7) for r, k in ((0, 0), (0, 18), (18, 0)))
                edge = row % 18 in (0, 6) or col % 18 in (0, 6)
                centre = row % 18 in range(2, 5) and col % 18 in range(2, 5)
                if (finder and (edge or centre)) or (not finder and rng.random() < 0.5):
                    c.rect((x + col * unit) * mm, self._y(y + (row + 1) * unit), unit * mm, unit * mm, stroke=0, fill=1)

    def seal(self, cx: float, cy: float, radius: float, text: str, oval: bool = False) -> None:
        """A red official seal: ring, star and its text round the top, translucent over what it covers."""
        c = self.canvas
        c.saveState()
        c.setFillAlpha(0.78)
        c.setStrokeAlpha(0.78)
        c.setStrokeColorRGB(*SEAL_RED)
        c.setFillColorRGB(*SEAL_RED)
        c.setLineWidth(radius * 0.07 * mm)
        rx, ry = (radius * 1.35, radius) if oval else (radius, radius)
        c.ellipse((cx - rx) * mm, self._y(cy + ry), (cx + rx) * mm, self._y(cy - ry), stroke=1, fill=0)
        self._star(cx, cy, radius * 0.28)
        size = radius * 0.42 * 72 / 25.4
        count = len(text)
        span = min(math.radians(250), math.radians(22) * count)
        for index, char in enumerate(text):
            angle = math.pi / 2 + span / 2 - span * (index + 0.5) / count
            px, py = cx + 0.72 * rx * math.cos(angle), cy - 0.72 * ry * math.sin(angle)
            c.saveState()
            c.translate(px * mm, self._y(py))
            c.rotate(math.degrees(angle) - 90)
            c.setFont(self.font, size)
            c.drawCentredString(0, -size * 0.35, char)
            c.restoreState()
        c.restoreState()

    def _star(self, cx: float, cy: float, r: float) -> None:
        path = self.canvas.beginPath()
        for index in range(10):
            radius = r if index % 2 == 0 else r * 0.4
            angle = math.pi / 2 + index * math.pi / 5
            point = ((cx + radius * math.cos(angle)) * mm, self._y(cy - radius * math.sin(angle)))
            path.moveTo(*point) if index == 0 else path.lineTo(*point)
        path.close()
        self.canvas.drawPath(path, stroke=0, fill=1)


def cell_text(page: Page, x: float, y: float, w: float, h: float, text: str, size: float = 10.5) -> None:
    """A table cell's text, wrapped inside the cell, from its top; the cell border drawn."""
    page.rect(x, y, w, h)
    line_mm = size * 1.35 * 25.4 / 72
    baseline = y + 1.5 + size * 25.4 / 72
    for line in page.wrap(text, w - 3, size):
        page.text(x + 1.5, baseline, line, size)
        baseline += line_mm


def label_table(page: Page, x: float, y: float, label_w: float, value_w: float,
                cells: list[tuple[str, str, float]], size: float) -> float:
    """A two-column table of (label, value, row height) cells from ``y``; returns the table's bottom."""
    for label, text, height in cells:
        cell_text(page, x, y, label_w, height, label, size)
        cell_text(page, x + label_w, y, value_w, height, text, size)
        y += height
    return y


def row(page: Page, x: float, y: float, label: str, value: str, label_w: float, value_w: float,
        size: float = 11, colon: str = "：", spacing: float = 0.0, leading: float = 1.5) -> float:
    """A label and its value wrapped under itself, as licences print them; returns the next baseline."""
    page.text(x, y, label + colon, size, spacing=spacing)
    return page.block(x + label_w, y, value, value_w, size, leading) + 1.5
