"""Scanned pages read by OCR: one page (cache first, the image made only on a miss), or many in turn.

``PageOcr`` reads pages one at a time on a thread of this process, on every core, while the
readers go on with the next files: onnxruntime releases the GIL and the engine and its models
are loaded once.  Two pages at once, one onnxruntime thread each, were measured and dropped:
a check of 6 scans took 1.15x as long and peaked at 752 MB, not 596 (docs/ocr_cores.md).  No
more than one image waits: the reader handing over a page waits until the thread is free.
Rendering a page again later (``later``) goes through one lock: pdfium is not thread-safe.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from validator.readers import ocr
from validator.readers.documents import Page, ReadFile
from validator.findings import Finding
from validator.readers.notes import note

_render_lock = threading.Lock()


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


class PageOcr:
    """OCR of pages handed over one by one; ``finish`` puts each page in place of its placeholder."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="ocr")
        self._slots = threading.Semaphore(1)
        self._pending: list[tuple[ReadFile, int, Future[Page], list[Finding]]] = []

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
        self._slots.acquire()
        future = self._pool.submit(self._run, read, number, image, found, size)
        self._pending.append((read, number, future, found))

    def _run(self, read: ReadFile, number: int, image: Callable[[], Any], found: list[Finding],
             size: tuple[float, float]) -> Page:
        try:
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
            self._pool.shutdown(cancel_futures=True)
        return findings


def _index(read: ReadFile, number: int) -> int | None:
    return next((index for index, page in enumerate(read.pages) if page.number == number), None)


def _render(read: ReadFile, number: int) -> Any:
    if read.render is None:
        raise ValueError(f"{read.file}: page {number} cannot be rendered again")
    with _render_lock:
        return read.render(number)
