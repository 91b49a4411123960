"""Tables on scanned pages: OCR boxes under a header row put into the column of the nearest header cell."""
from __future__ import annotations

from typing import Callable

from validator.readers.documents import Document, Page, Table
from validator.extract.pairing import layout_rows

HEADER_SEARCH_ROWS = 15


def scanned_table(page: Page, is_header: Callable[[list[str]], bool]) -> Table | None:
    """The table whose header row (within the first rows of the page) satisfies ``is_header``;
    each later box joins the column whose header centre is nearest to its own centre."""
    rows = layout_rows(page.lines)
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if not row[0].box or not is_header([item.text for item in row]):
            continue
        centres = [(item.box[0] + item.box[2]) / 2 for item in row]
        grid = [[item.text for item in row]]
        for below in rows[index + 1:]:
            cells = [""] * len(row)
            for item in below:
                nearest = min(range(len(row)), key=lambda i: abs(centres[i] - (item.box[0] + item.box[2]) / 2))
                cells[nearest] = (cells[nearest] + item.text).strip()
            grid.append(cells)
        return Table(grid, page=page.number)
    return None


def document_tables(document: Document, is_header: Callable[[list[str]], bool]) -> tuple[list[Table], bool]:
    """(tables, scanned): the document's own tables, else tables rebuilt from its OCR pages."""
    tables = [t for t in document.read.tables if t.page is None or t.page in document.pages]
    if tables:
        return tables, False
    pages = [page for page in document.read.pages if page.number in document.pages and page.source == "ocr"]
    return [table for page in pages if (table := scanned_table(page, is_header)) is not None], True
