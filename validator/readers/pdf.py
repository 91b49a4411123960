"""PDF pages: the text layer by pypdfium2 (pypdf as a fallback); pages without characters are scans."""
from __future__ import annotations

from typing import Any, Callable

from validator.documents import Page, ReadFile, TextLine
from validator.readers.layout import merge_runs, page_text

RENDER_DPI = 200
# Fewer characters than this on a page that holds an image: the page is a scan (a page number
# or a scanner's file stamp is not the document's text).
MIN_TEXT_CHARS = 20


class Encrypted(Exception):
    """The PDF needs a password."""


def open_pdf(data: bytes) -> Any:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise Encrypted(str(error)) from error
        raise


def page_count(data: bytes) -> int:
    document = open_pdf(data)
    try:
        return len(document)
    finally:
        document.close()


def text_lines(page: Any) -> list[TextLine]:
    """The page's text runs (pdfium rectangles) as boxed lines, top-left origin, in points."""
    textpage = page.get_textpage()
    try:
        if textpage.count_chars() == 0:
            return []
        height = page.get_height()
        runs = []
        for index in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(index)
            text = textpage.get_text_bounded(left, bottom, right, top).replace("\r", "").replace("\n", "")
            if text.strip():
                runs.append(TextLine(text, (left, height - top, right, height - bottom)))
        return merge_runs(runs)
    finally:
        textpage.close()


def _stamped_scan(page: Any, lines: list[TextLine]) -> bool:
    """A scanned image that carries only a few characters of text (a page number, a file stamp)."""
    import pypdfium2.raw as raw

    if sum(len("".join(line.text.split())) for line in lines) >= MIN_TEXT_CHARS:
        return False
    return any(True for _ in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=2))


def renderer(data: bytes) -> Callable[[int], Any]:
    """Renders page n (1-based) at 200 dpi to a PIL image, opening the PDF on demand."""
    def render(number: int) -> Any:
        document = open_pdf(data)
        try:
            return document[number - 1].render(scale=RENDER_DPI / 72).to_pil()
        finally:
            document.close()
    return render


def read_pdf(read: ReadFile, data: bytes, ocr_page: Callable[[Any, int], Page] | None, max_pages: int) -> int:
    """Fills ``read.pages`` (at most ``max_pages``); ``ocr_page(image, number)`` reads a scanned page
    (None: leave it unread). Returns the number of pages beyond the limit."""
    document = open_pdf(data)
    try:
        total = len(document)
        for index in range(min(total, max_pages)):
            page = document[index]
            lines = text_lines(page)
            width, height = page.get_size()
            if lines and not _stamped_scan(page, lines):
                read.pages.append(Page(index + 1, page_text(lines), lines, "text", width, height))
                continue
            read.is_scan = True
            if ocr_page is None:
                read.pages.append(Page(index + 1, "", [], "none", width, height))
            else:
                image = page.render(scale=RENDER_DPI / 72).to_pil()
                read.pages.append(ocr_page(image, index + 1))
    finally:
        document.close()
    read.render = renderer(data)
    return max(0, total - max_pages)


def read_pdf_fallback(read: ReadFile, data: bytes, max_pages: int) -> int:
    """pypdf's text of each page, for files pdfium will not open."""
    import io
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about damage are our finding

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):
        raise Encrypted("password required")
    for index, page in enumerate(reader.pages[:max_pages]):
        text = page.extract_text() or ""
        lines = [TextLine(line) for line in text.splitlines() if line.strip()]
        read.pages.append(Page(index + 1, "\n".join(line.text for line in lines), lines,
                               "text" if lines else "none"))
        read.is_scan = read.is_scan or not lines
    return max(0, len(reader.pages) - max_pages)
