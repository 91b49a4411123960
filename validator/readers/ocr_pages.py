"""Scanned pages read by OCR: one page (cache first, the image made only on a miss), or many in turn.

``PageOcr`` reads pages on a thread of this process, on every core (or on a few threads, one
onnxruntime thread each: ``ocr.configure(parallel_pages=n)``) while the readers go on with the
next files: onnxruntime releases the GIL, the engine and its models are loaded once, and
detection (most of the memory) runs one page at a time (validator.readers.ocr_steps).  No
more images than there are threads are held: the reader handing over a page waits for a free
thread.  Rendering a page again later (``later``) goes through one lock: pdfium is not thread-safe.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from validator.readers import ocr, ocr_steps
from validator.readers.documents import Page, ReadFile
from validator.findings import Finding
from validator.readers.notes import note

_render_lock = threading.Lock()


def ocr_page(read: ReadFile, number: int, image: Callable[[], Any], findings: list[Finding],
             placeholder_size: tuple[float, float] = (0.0, 0.0), threads: int | None = None) -> Page:
    """Page ``number`` of ``read`` as OCR reads it (on ``threads``, default: the configured ones);
    appends low_scan_quality or, when OCR is unavailable, could_not_verify to ``findings``.
    ``image()`` is called only on a cache miss."""
    from validator.readers.layout import page_text

    key = ocr.cache_key(read.sha256, number)
    try:
        outcome = ocr.load_cached(key)
        if outcome is None:
            outcome = ocr.ocr_image(image(), key, threads)
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


def parallel_pages() -> int:
    """Pages OCRed at once (validator.readers.ocr.OcrSettings.parallel_pages)."""
    return ocr.settings().parallel_pages


class PageOcr:
    """OCR of pages handed over one by one; ``finish`` puts each page in place of its placeholder."""

    def __init__(self, workers: int | None = None) -> None:
        """``workers`` threads OCR (default: the configured parallel pages); 0 OCRs in the caller's thread.
        With several workers each page runs on one onnxruntime thread: the pages fill the cores."""
        self.workers = parallel_pages() if workers is None else workers
        self._threads = 1 if self.workers > 1 else None
        if self.workers > 1:
            ocr_steps.fix_mmap_threshold()  # two pages' buffers would otherwise leave heap holes
        self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="ocr") if self.workers else None
        self._slots = threading.Semaphore(max(self.workers, 1))
        self._pending: list[tuple[ReadFile, int, Future[Page] | Page, list[Finding]]] = []

    def now(self, read: ReadFile, image: Any, number: int) -> Page:
        """Hands over a rendered page; returns the placeholder the reader keeps until ``finish``."""
        self._submit(read, number, lambda: image, image.size)
        return Page(number, "", [], "none", *image.size)

    def later(self, read: ReadFile, number: int) -> None:
        """Hands over a page the reader left unread; it is rendered again (``read.render``) on a cache miss."""
        placeholder = next(page for page in read.pages if page.number == number)
        self._submit(read, number, lambda: _render(read, number), (placeholder.width, placeholder.height))

    @property
    def handed(self) -> int:
        """Pages handed over so far."""
        return len(self._pending)

    def _submit(self, read: ReadFile, number: int, image: Callable[[], Any], size: tuple[float, float]) -> None:
        found: list[Finding] = []
        if self._pool is None:
            self._pending.append((read, number, ocr_page(read, number, image, found, size, self._threads), found))
            return
        self._slots.acquire()
        future = self._pool.submit(self._run, read, number, image, found, size)
        self._pending.append((read, number, future, found))

    def _run(self, read: ReadFile, number: int, image: Callable[[], Any], found: list[Finding],
             size: tuple[float, float]) -> Page:
        try:
            return ocr_page(read, number, image, found, size, self._threads)
        finally:
            self._slots.release()

    def finish(self) -> list[Finding]:
        """Waits for every page, puts it in place; returns the findings in hand-over order. An
        exception in OCR is re-raised here: it is a bug (exit 70), as when a reader OCRs itself."""
        findings: list[Finding] = []
        try:
            for read, number, outcome, found in self._pending:
                page = outcome.result() if isinstance(outcome, Future) else outcome
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
