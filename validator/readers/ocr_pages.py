"""Scanned pages read by OCR: one page (cache first, the image made only on a miss), or many in
turn, or only a page's title band (``--fast``: what the page is, not what it says).

``PageOcr`` reads pages one at a time on a thread of this process, on every core, while the
readers go on with the next files: onnxruntime releases the GIL and the engine and its models
are loaded once.  Two pages at once, one onnxruntime thread each, were measured and dropped:
a check of 6 scans took 1.15x as long and peaked at 752 MB, not 596 (docs/ocr_cores.md).  No
more than one image waits: the reader handing over a page waits until the thread is free.
Rendering a page again later (``later``) goes through one lock: pdfium is not thread-safe.

The title band (``band``) is the top BAND_SHARE of the page reduced to about BAND_WIDTH pixels
across (~100 dpi for an A4 scan): a title is printed large at a page's head, and the head lines
validator.extract.classify reads sit there. Detecting and recognising it costs a tenth of a full
page or less. A band found turned (the page lies on its side or upside down) gives no lines, so
that the page is read in full (validator.check.reading decides which band pages settle a type).
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from validator.readers import ocr
from validator.readers.documents import Page, ReadFile, TextLine
from validator.findings import Finding
from validator.readers.notes import note

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

_render_lock = threading.Lock()
# The share of a page's height read by the title band, and the width it is reduced to (about).
BAND_SHARE = 0.4
BAND_WIDTH = 600
TITLE_HEIGHT = 0.8  # lines this share of the band's tallest line high are read first: a title is printed large
BAND_LINES = 8  # lines recognised: the head validator.extract.classify reads, and two that may be too short to count
BAND = "band"  # Page.source of a page of which only the title band was read


def ocr_page(read: ReadFile, number: int, image: Callable[[], Any], findings: list[Finding],
             placeholder_size: tuple[float, float] = (0.0, 0.0)) -> Page:
    """Page ``number`` of ``read`` as OCR reads it (on the configured threads);
    appends low_scan_quality or, when OCR is unavailable, could_not_verify to ``findings``.
    ``image()`` is called only on a cache miss."""
    from validator.readers.layout import page_text

    key = ocr.cache_key(read.sha256, number)
    try:
        outcome = ocr.load_cached(key)
        if outcome is None:
            outcome = ocr.ocr_image(image(), key)
    except ocr.OcrUnavailable as error:
        findings.append(note(read.file, "ocr_unavailable", f"文字识别组件不可用（{error}），扫描件未能识别。",
                             f"OCR is unavailable ({error}); the scan was not read.",
                             found="OCR unavailable", page=number, detail=str(error)))
        return Page(number, "", [], "none", *placeholder_size)
    lines, (width, height) = outcome
    page = Page(number, page_text(lines), lines, "ocr", width, height)
    if lines and page.confidence < ocr.LOW_CONFIDENCE:
        findings.append(Finding("low_scan_quality", file=read.file, page=number,
                                found=round(page.confidence, 2), expected=ocr.LOW_CONFIDENCE,
                                evidence={"confidence": round(page.confidence, 2)}))
    return page


def band_page(number: int, image: Any, titled: Callable[[Page], bool]) -> Page:
    """Page ``number`` with lines of its title band only, in the page's pixels (source BAND): the
    tallest of its first BAND_LINES lines (a title is printed large), and the others too when those
    show no title (``titled``: the classifier's test, passed in by the check, a later stage). No lines
    when the band holds none or lies turned."""
    import numpy as np
    from rapidocr.main import RapidOCRError
    from validator.readers.ocr_steps import detect_lock, height, page_turn

    width, size = image.size
    factor = max(1, round(width / BAND_WIDTH))
    band = np.asarray(image.crop((0, 0, width, int(size * BAND_SHARE))).reduce(factor).convert("RGB"))
    engine = ocr.engine()
    resized, record = engine.preprocess_img(engine.load_img(ocr.fade_seals(band)[0]))
    empty = Page(number, "", [], BAND, width, size)
    try:
        with detect_lock:
            crops, detected = engine.detect_and_crop(resized, record)
    except RapidOCRError:  # no text in the band
        return empty
    quads, crops = list(detected.boxes)[:BAND_LINES], crops[:BAND_LINES]  # rapidocr's order: top to bottom
    upright, votes = engine.cls_and_rotate(crops)
    if page_turn(quads, votes.cls_res):
        return empty
    scale = factor * band.shape[1] / resized.shape[1]
    tallest = max(height(quad) for quad in quads)
    large = [index for index, quad in enumerate(quads) if height(quad) >= TITLE_HEIGHT * tallest]
    page = _band_lines(engine, number, image.size, scale, quads, crops, upright, large)
    if titled(page) or len(large) == len(quads):
        return page
    return _band_lines(engine, number, image.size, scale, quads, crops, upright, range(len(quads)))


def _band_lines(engine: Any, number: int, size: tuple[int, int], scale: float, quads: list[Any],
                crops: list[Any], upright: list[Any], chosen: Any) -> Page:
    """The band's page with lines ``chosen`` recognised; on an upright page a wide line is read as
    cut, a tall one as the classifier turned it (validator.readers.ocr_steps._as_cut)."""
    from validator.readers.layout import page_text
    from validator.readers.ocr_steps import tall

    chosen = list(chosen)
    recognised = engine.recognize_txt([upright[i] if tall(quads[i]) else crops[i] for i in chosen])
    lines = sorted((TextLine(str(text), tuple(float(v) * scale for v in (*quads[i].min(axis=0), *quads[i].max(axis=0))),
                             float(score)) for i, text, score in zip(chosen, recognised.txts, recognised.scores)),
                   key=lambda line: (line.box[1], line.box[0]))
    return Page(number, page_text(lines), lines, BAND, *size)


class PageOcr:
    """OCR of pages handed over one by one; ``finish`` puts each page in place of its placeholder."""

    def __init__(self) -> None:
        self._pool: ThreadPoolExecutor | None = None  # made with the first page: a text package needs none
        self._slots = threading.Semaphore(1)
        self._pending: list[tuple[ReadFile, int, Future[Page], list[Finding]]] = []

    def now(self, read: ReadFile, image: Any, number: int) -> Page:
        """Hands over a rendered page; returns the placeholder the reader keeps until ``finish``."""
        self._submit(read, number, lambda: image, image.size)
        return Page(number, "", [], "none", *image.size)

    def band(self, read: ReadFile, image: Any, number: int, titled: Callable[[Page], bool]) -> Page:
        """Hands over a rendered page of which only the title band is read (``band_page``)."""
        self._submit(read, number, lambda: image, image.size, band=titled)
        return Page(number, "", [], "none", *image.size)

    def later(self, read: ReadFile, number: int) -> None:
        """Hands over a page the reader left unread; it is rendered again (``read.render``) on a cache miss."""
        placeholder = next(page for page in read.pages if page.number == number)
        self._submit(read, number, lambda: _render(read, number), (placeholder.width, placeholder.height))

    @property
    def handed(self) -> int:
        """Pages handed over so far."""
        return len(self._pending)

    def _submit(self, read: ReadFile, number: int, image: Callable[[], Any], size: tuple[float, float],
                band: Callable[[Page], bool] | None = None) -> None:
        found: list[Finding] = []
        if self._pool is None:
            from concurrent.futures import ThreadPoolExecutor  # with logging, ~10 ms a text check does without

            self._pool = ThreadPoolExecutor(1, thread_name_prefix="ocr")
        self._slots.acquire()
        future = self._pool.submit(self._run, read, number, image, found, size, band)
        self._pending.append((read, number, future, found))

    def _run(self, read: ReadFile, number: int, image: Callable[[], Any], found: list[Finding],
             size: tuple[float, float], band: Callable[[Page], bool] | None) -> Page:
        try:
            if band is not None:
                try:
                    return band_page(number, image(), band)
                except ocr.OcrUnavailable:  # read in full later, which reports it
                    return Page(number, "", [], "none", *size)
            return ocr_page(read, number, image, found, size)
        finally:
            self._slots.release()

    def finish(self) -> list[Finding]:
        """Waits for every page, puts it in place; returns the findings in hand-over order. An
        exception in OCR is re-raised here: it is a bug (exit 70), as when a reader OCRs itself."""
        findings: list[Finding] = []
        try:
            for read, number, outcome, found in self._pending:
                page = outcome.result()
                index = _index(read, number)
                if index is None:  # the reader gave the file up after handing the page over
                    continue
                read.pages[index] = page
                findings.extend(found)
        finally:
            self._pending.clear()
            if self._pool is not None:
                self._pool.shutdown(cancel_futures=True)
        return findings


def _index(read: ReadFile, number: int) -> int | None:
    return next((index for index, page in enumerate(read.pages) if page.number == number), None)


def _render(read: ReadFile, number: int) -> Any:
    if read.render is None:
        raise ValueError(f"{read.file}: page {number} cannot be rendered again")
    with _render_lock:
        return read.render(number)
