"""PDF pages: the text layer by pypdfium2 (pypdf as a reported fallback); pages without a
trustworthy text layer are scans, read by OCR."""
from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Callable

from validator.catalogue import t
from validator.findings import Finding
from validator.readers.documents import Page, ReadFile, TextLine
from validator.errors import InputError
from validator.readers.layout import merge_runs, page_text
from validator.readers.notes import note
from validator.readers.pdf_tables import has_rules, ruled_tables
from validator.readers.text_layer import MIN_PLAUSIBILITY, WHY, distrust, has_image, ring_glyphs
from validator.intake.text_decoding import chinese_plausibility

if TYPE_CHECKING:
    from validator.readers.formats import ReadJob

RENDER_DPI = 200
# Fewer characters than this on a page that holds an image: the page is a scan (a page number
# or a scanner's file stamp is not the document's text).
MIN_TEXT_CHARS = 20
Box = tuple[float, float, float, float]


class Encrypted(InputError):
    """The PDF needs a password."""


def open_pdf(data: bytes) -> Any:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise Encrypted(t("pdf_encrypted", reason=str(error))) from error
        raise


def page_count(data: bytes) -> int:
    document = open_pdf(data)
    try:
        return len(document)
    finally:
        document.close()


def _text_lines(page: Any, textpage: Any) -> list[TextLine]:
    """The page's text runs (pdfium rectangles) as boxed lines, top-left origin, in points."""
    import pypdfium2.raw as pdfium_c

    if textpage.count_chars() == 0:
        return []
    height = page.get_height()
    rects = [textpage.get_rect(index) for index in range(textpage.count_rects())]
    ring = ring_glyphs([(textpage.get_text_range(index, 1), math.degrees(pdfium_c.FPDFText_GetCharAngle(textpage.raw, index)))
                        for index in range(textpage.count_chars())])
    if ring:
        rects, texts = _upright_runs(textpage, ring)
    elif _overlapping(rects):
        texts = _rect_texts(textpage, rects)
    else:
        texts = [textpage.get_text_bounded(*rect) for rect in rects]
    runs = []
    for (left, bottom, right, top), text in zip(rects, texts):
        text = text.replace("\r", "").replace("\n", "")
        if text.strip():
            runs.append(TextLine(text, (left, height - top, right, height - bottom)))
    return merge_runs(runs)


def _overlapping(rects: list[Box]) -> bool:
    """Whether a run's rectangle reaches well into the next one's on the same line: pdfium's glyph
    boxes of a single-byte GBK-coded CJK font (pdf.js XiaoBiaoSong.pdf) are twice their advance, so
    each rectangle's bounded text holds its neighbour's character too (every character doubled)."""
    for (left, bottom, right, top), (left2, bottom2, right2, top2) in zip(rects, rects[1:]):
        same_line = min(top, top2) - max(bottom, bottom2) > 0.5 * min(top - bottom, top2 - bottom2)
        if same_line and left < left2 < right and right - left2 > 0.25 * (right2 - left2):
            return True
    return False


def _rect_texts(textpage: Any, rects: list[Box], indices: range | None = None) -> list[str]:
    """Each rectangle's characters (of those at ``indices``, by default all), every character
    given to one rectangle only (the first, in reading order, that holds its centre)."""
    texts: list[list[str]] = [[] for _ in rects]
    current = 0
    for index in indices or range(textpage.count_chars()):
        char = textpage.get_text_range(index, 1)
        left, bottom, right, top = textpage.get_charbox(index)
        x, y = (left + right) / 2, (bottom + top) / 2
        for number in range(current, len(rects)):
            r_left, r_bottom, r_right, r_top = rects[number]
            if r_left <= x <= r_right and r_bottom <= y <= r_top:
                current = number
                break
        texts[current].append(char)
    return ["".join(chars) for chars in texts]


def _upright_runs(textpage: Any, ring: set[int]) -> tuple[list[Box], list[str]]:
    """The page's runs without a seal's ring glyphs (text_layer.ring_glyphs): pdfium's rectangles
    of each stretch of characters between ring glyphs, so no rectangle takes in the ring's glyphs
    (which widen the runs they cross and mix up their order)."""
    rects: list[Box] = []
    texts: list[str] = []
    start = 0
    for end in [*sorted(ring), textpage.count_chars()]:
        if end > start:
            stretch = [textpage.get_rect(index) for index in range(textpage.count_rects(start, end - start))]
            rects.extend(stretch)
            texts.extend(_rect_texts(textpage, stretch, range(start, end)))
        start = end + 1
    return rects, texts


def text_layer(page: Any) -> tuple[list[TextLine], str | None]:
    """(lines, why the layer is not to be trusted or None)."""
    textpage = page.get_textpage()
    try:
        lines = _text_lines(page, textpage)
        return lines, distrust(page, textpage, "".join(line.text for line in lines)) if lines else None
    finally:
        textpage.close()


def _stamped_scan(page: Any, lines: list[TextLine]) -> bool:
    """A scanned image that carries only a few characters of text (a page number, a file stamp)."""
    return sum(len("".join(line.text.split())) for line in lines) < MIN_TEXT_CHARS and has_image(page)


def renderer(data: bytes) -> Callable[[int], Any]:
    """Renders page n (1-based) at 200 dpi to a PIL image, opening the PDF on demand."""
    def render(number: int) -> Any:
        document = open_pdf(data)
        try:
            return document[number - 1].render(scale=RENDER_DPI / 72).to_pil()
        finally:
            document.close()
    return render


def read_pdf(job: ReadJob) -> int:
    """Fills ``read.pages`` (at most ``max_pdf_pages``); a page whose text layer is missing or
    untrustworthy is OCR'd (left unread without OCR). Returns the number of pages beyond the limit."""
    read, max_pages = job.read, job.limits.max_pdf_pages
    document = open_pdf(job.data)
    ruled: list[int] = []
    try:
        total = len(document)
        for index in range(min(total, max_pages)):
            page = document[index]
            lines, why = text_layer(page)
            width, height = page.get_size()
            if lines and why is None and not _stamped_scan(page, lines):
                read.pages.append(Page(index + 1, page_text(lines), lines, "text", width, height))
                if has_rules(page):
                    ruled.append(index + 1)
                continue
            read.is_scan = True
            if job.ocr_page is None:
                read.pages.append(Page(index + 1, "", [], "none", width, height))
                if why:
                    job.notes.append(_layer_note(read.file, index + 1, why, ocr=False))
            else:
                image = page.render(scale=RENDER_DPI / 72).to_pil()
                read.pages.append(job.ocr_page(image, index + 1))
                if why and not read.pages[-1].text.strip():
                    # the layer was set aside and OCR found nothing either (pdfminer's Czech
                    # issue-791 page): the page is unread, and the report says so
                    job.notes.append(_layer_note(read.file, index + 1, why, ocr=True))
    finally:
        document.close()
    if ruled:
        _add_ruled_tables(job, ruled)
    read.render = renderer(job.data)
    return max(0, total - max_pages)


def _layer_note(file: str, number: int, why: str, ocr: bool) -> Finding:
    """A page whose text layer was not trusted and that no OCR read (off, or found nothing)."""
    zh, en = WHY[why]
    if ocr:
        return note(file, "text_layer_untrusted", f"第{number}页{zh}，文字识别也未读出文字，请人工核对。",
                    f"page {number} was not read: {en}, and OCR found no text.", page=number, layer=why)
    return note(file, "text_layer_untrusted", f"第{number}页{zh}，需文字识别后核对。",
                f"page {number} was not read: {en}.", page=number, layer=why)


def _add_ruled_tables(job: ReadJob, pages: list[int]) -> None:
    """The ruled tables (validator.readers.pdf_tables); where pdfplumber fails on a file pdfium
    read, the text stays and the report says the tables were read as lines only."""
    from validator.intake.parser_errors import PDFPLUMBER

    try:
        job.read.tables.extend(ruled_tables(job.data, pages))
    except Exception as error:
        if not PDFPLUMBER.owns(error):
            raise
        job.notes.append(note(job.read.file, "tables_not_read", "表格线框未能解析，表格内容仅按文字行读取。",
                              "the ruled tables could not be parsed; their text was read as lines only.",
                              detail=f"{type(error).__name__}: {str(error)[:160]}"))


def read_pdf_with_fallback(job: ReadJob) -> int:
    """pdfium first; a file pdfium refuses is read by pypdf (more lenient with damaged files,
    but without boxes), and the report says so."""
    import pypdfium2 as pdfium

    try:
        return read_pdf(job)
    except pdfium.PdfiumError as error:
        job.read.pages.clear()
        job.read.tables.clear()
        job.notes.append(note(job.read.file, "pdf_fallback", "PDF文件结构有损坏，仅提取了文字，版面未能读取。",
                              "the PDF is damaged; only its text was read, not its layout.",
                              detail=str(error)[:200]))
        job.read.reader = "pypdf"
        return read_pdf_fallback(job.read, job.data, job.limits.max_pdf_pages)


def read_pdf_fallback(read: ReadFile, data: bytes, max_pages: int) -> int:
    """pypdf's text of each page, for files pdfium will not open."""
    import io
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about damage are our finding

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):
        raise Encrypted(t("pdf_encrypted", reason="password required"))
    for index, page in enumerate(reader.pages[:max_pages]):
        text = page.extract_text() or ""
        if chinese_plausibility(text) < MIN_PLAUSIBILITY:
            text = ""  # a garbage text layer is no reading of the page (it stays unread)
        lines = [TextLine(line) for line in text.splitlines() if line.strip()]
        read.pages.append(Page(index + 1, "\n".join(line.text for line in lines), lines,
                               "text" if lines else "none"))
        read.is_scan = read.is_scan or not lines
    return max(0, len(reader.pages) - max_pages)
