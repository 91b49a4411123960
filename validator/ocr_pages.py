"""Scanned pages read by OCR: one page (cache first, rendered only on a miss), or many at once.

A check reads its files first without OCR (validator.readers with ``defer_ocr``): scanned
pages stay ``source="none"`` placeholders.  ``read_pages`` then OCRs the pages that are
needed, several at a time in threads of this process: onnxruntime releases the GIL, the
engine and its models are loaded once, and detection (most of the memory) runs one page
at a time (validator.ocr).  Rendering goes through one lock: pdfium is not thread-safe.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from validator import ocr
from validator.documents import Page, ReadFile
from validator.findings import Finding

_render_lock = threading.Lock()


def ocr_page(read: ReadFile, number: int, image: Callable[[], Any], findings: list[Finding],
             placeholder_size: tuple[float, float] = (0.0, 0.0)) -> Page:
    """Page ``number`` of ``read`` as OCR reads it; appends low_scan_quality or, when OCR is
    unavailable, could_not_verify to ``findings``. ``image()`` is called only on a cache miss."""
    from validator.readers.layout import page_text

    key = ocr.cache_key(read.sha256, number)
    try:
        outcome = ocr.load_cached(key)
        if outcome is None:
            outcome = ocr.ocr_image(image(), key)
    except ocr.OcrUnavailable as error:
        findings.append(Finding("could_not_verify", file=read.file, page=number, found="OCR unavailable",
                                evidence={"reason": str(error), "why": f"文字识别组件不可用（{error}），扫描件未能识别。",
                                          "why_en": f"OCR is unavailable ({error}); the scan was not read."}))
        return Page(number, "", [], "none", *placeholder_size)
    lines, (width, height) = outcome
    page = Page(number, page_text(lines), lines, "ocr", width, height)
    if lines and page.confidence < ocr.LOW_CONFIDENCE:
        findings.append(Finding("low_scan_quality", file=read.file, page=number,
                                found=round(page.confidence, 2), expected=ocr.LOW_CONFIDENCE,
                                evidence={"confidence": round(page.confidence, 2)}))
    return page


def unread_pages(read: ReadFile) -> list[int]:
    """Scanned pages of ``read`` not yet read by OCR."""
    return [page.number for page in read.pages if read.is_scan and page.source == "none"] \
        if read.render is not None else []


def parallel_pages() -> int:
    """Pages OCRed at once: the configured number, else one per core, at most two (a third
    page in flight gains nothing on two cores and costs memory)."""
    return ocr.settings().parallel_pages or min(2, os.cpu_count() or 1)


def read_pages(jobs: list[tuple[ReadFile, int]]) -> list[Finding]:
    """OCRs page ``number`` of each ``(read, number)`` in place of its placeholder; returns the
    findings in job order. A page whose OCR fails makes its file unreadable, as in read_file."""
    def run(job: tuple[ReadFile, int]) -> tuple[Page | None, list[Finding]]:
        read, number = job
        found: list[Finding] = []
        placeholder = read.pages[_index(read, number)]
        try:
            return ocr_page(read, number, lambda: _render(read, number), found,
                            (placeholder.width, placeholder.height)), found
        except Exception as error:  # noqa: BLE001 - a third-party failure on one file is a finding
            from validator.readers import read_failure

            return None, [read_failure(read.file, error)]

    workers = min(parallel_pages(), len(jobs))
    if workers <= 1:
        outcomes = [run(job) for job in jobs]
    else:
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ocr") as pool:
            outcomes = list(pool.map(run, jobs))
    findings: list[Finding] = []
    failed: set[int] = set()
    for (read, number), (page, found) in zip(jobs, outcomes):
        if id(read) in failed:
            continue
        if page is None:
            failed.add(id(read))
            read.pages.clear()
            read.tables.clear()
            findings = [f for f in findings if f.file != read.file]
        else:
            read.pages[_index(read, number)] = page
        findings.extend(found)
    return findings


def _index(read: ReadFile, number: int) -> int:
    return next(index for index, page in enumerate(read.pages) if page.number == number)


def _render(read: ReadFile, number: int) -> Any:
    assert read.render is not None
    with _render_lock:
        return read.render(number)
