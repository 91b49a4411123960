"""Word (.docx) paragraphs, headings and tables; plain text files (spreadsheets: validator.readers.sheets)."""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

from validator.readers.documents import Page, ReadFile, Table, TextLine
from validator.readers.docx_text import TBL, blocks, cell_text, is_strict, paragraph_text, style_id, transitional
from validator.readers.sheets import MAX_COLUMNS, MAX_ROWS
from validator.intake.text_decoding import decode_chinese_text

_HEADING_STYLE = re.compile(r"^(heading|标题|title)", re.IGNORECASE)


@dataclass(frozen=True)
class HeadingLine(TextLine):
    """A paragraph styled as a heading (Heading n / 标题 n); extraction lists them as sections."""


def read_docx(read: ReadFile, data: bytes) -> None:
    """One page of paragraphs (headings as HeadingLine) followed by the tables' rows; paragraphs in
    content controls and text boxes included, in document order (validator.readers.docx_text)."""
    import docx
    from docx.table import Table as DocxTable

    if is_strict(data):
        data = transitional(data)
    document = docx.Document(io.BytesIO(data))
    styles, default_style = _paragraph_styles(document)
    lines: list[TextLine] = []
    tables = []
    for block in blocks(document.element.body):
        if block.tag == TBL:
            tables.append(DocxTable(block, document._body))
            continue
        text = paragraph_text(block).strip()
        if not text:
            continue
        style = styles.get(style_id(block), default_style)
        heading = _HEADING_STYLE.match(style or "")
        lines.append(HeadingLine(text) if heading else TextLine(text))
    for table in tables:
        rows = _docx_rows(table)
        read.tables.append(Table(rows, page=1))
        lines.extend(TextLine("\t".join(cell for cell in row if cell)) for row in rows if any(row))
    read.pages.append(Page(1, "\n".join(line.text for line in lines), lines, "text"))


def _paragraph_styles(document: Any) -> tuple[dict[str, str], str]:
    """Paragraph style names by id, and the default's name: looked up once per document, as
    ``Paragraph.style`` looks up the styles part again for every paragraph (half the read time)."""
    from docx.enum.style import WD_STYLE_TYPE

    names = {style.style_id: style.name or "" for style in document.styles if style.type == WD_STYLE_TYPE.PARAGRAPH}
    default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    return names, (default.name or "") if default is not None else ""


def _docx_rows(table: Any) -> list[list[str]]:
    """Cell texts; a horizontally merged cell appears once (python-docx repeats it)."""
    rows = []
    for row in table.rows[:MAX_ROWS]:
        cells, previous = [], None
        for cell in row.cells[:MAX_COLUMNS]:
            if cell._tc is not previous:
                cells.append(cell_text(cell._tc).strip())
            previous = cell._tc
        rows.append(cells)
    return rows


def read_text(read: ReadFile, data: bytes) -> None:
    text = decode_chinese_text(data)
    if text is None:
        text = data.decode("utf-8", errors="replace")
    lines = [TextLine(line.strip()) for line in text.splitlines() if line.strip()]
    read.pages.append(Page(1, "\n".join(line.text for line in lines), lines, "text"))
