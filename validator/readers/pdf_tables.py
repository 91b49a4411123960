"""Forms in text PDFs read by their cells: the ruling lines of a table (as Word or WPS print a
form) rebuilt into a grid by pdfplumber, so a value that wraps inside its cell (a 22-character
登记号 over two lines, an address over three) is read whole and never swallows the next row.

pdfplumber parses the page again, which costs more than pdfium's text; it runs only on pages
that pdfium shows to carry ruling lines.
"""
from __future__ import annotations

import io
import math
import re
from typing import Any

from validator.readers.documents import Table
from validator.readers.text_layer import ring_glyphs

MIN_RULES = 4  # path objects on a page from which it may hold a ruled table
# A line break inside a cell is the cell's width, not the writer's: removed between Chinese
# characters and digits, kept as a blank between Latin words.
_BREAK = re.compile(r"\s*\n\s*")
_LATIN_END = re.compile(r"[A-Za-z]$")


def has_rules(page: Any) -> bool:
    """Whether a pdfium page draws enough lines or boxes to hold a ruled table."""
    import pypdfium2.raw as pdfium_c

    paths = page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=2)
    return sum(1 for _ in zip(range(MIN_RULES), paths)) >= MIN_RULES


def _cell(text: str | None) -> str:
    parts = _BREAK.split(text or "")
    joined = parts[0]
    for part in parts[1:]:
        joined += (" " if _LATIN_END.search(joined) and part[:1].isalpha() and part[:1].isascii() else "") + part
    return joined.strip()


def ruled_tables(data: bytes, page_numbers: list[int]) -> list[Table]:
    """The ruled tables of the given pages (1-based), each cell's wrapped lines joined."""
    import pdfplumber

    tables: list[Table] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number in page_numbers:
            for rows in _without_ring(pdf.pages[number - 1]).extract_tables():
                grid = [[_cell(cell) for cell in row] for row in rows]
                if any(len(row) > 1 for row in grid):
                    tables.append(Table(grid, page=number))
    return tables


def _without_ring(page: Any) -> Any:
    """The page without a seal's ring glyphs (text_layer.ring_glyphs), which would be read into the
    cells the seal covers (遵义市汇川区卫生健康局 read as 市健遵义市汇川区卫生健康局义康)."""
    chars = page.chars
    ring = {id(chars[index]) for index in ring_glyphs([(char["text"], _angle(char["matrix"])) for char in chars])}
    return page.filter(lambda obj: id(obj) not in ring) if ring else page


def _angle(matrix: tuple[float, ...]) -> float:
    """A glyph's turn in degrees from its text matrix (a, b, c, d, e, f)."""
    return math.degrees(math.atan2(matrix[1], matrix[0]))
