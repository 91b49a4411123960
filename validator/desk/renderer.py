"""Notices and HTML reports are written in one spawned render process, never in the server.

Writing either needs the check's documents (the HTML report's page thumbnails, the notice's
findings), so the render process runs the check again on the stored package. Readers enter
native libraries (pdfium) that are not thread-safe: the server's request threads must never
touch them (the audit of 2026-12-07 saw five concurrent notice requests kill the server with a
segmentation fault in libpdfium). One process with one worker takes the jobs one at a time, so
no native library is ever entered from two threads at once, and a crash in it fails that
request only; the next job starts a new process.
"""
from __future__ import annotations

import logging
import multiprocessing
import signal
import tempfile
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from pathlib import Path
from typing import Any, Callable

from validator.desk.register import ActionRefused

log = logging.getLogger("dingdian.desk")


def _ignore_interrupt() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's business


def notice_docx(options: Any, filename: str, issued_on: date, number: str, lang: str) -> bytes:
    """In the render process: the notice the version's verdict calls for, dated ``issued_on``."""
    from generators.notice import write_notice
    from validator.desk.worker import checked

    report = checked(options, filename)
    report.as_of = issued_on  # the notice's date, from which the supplement period counts
    with tempfile.TemporaryDirectory() as folder:
        return write_notice(report, Path(folder) / "notice.docx", document_number=number, lang=lang).read_bytes()


def report_html(options: Any, filename: str, lang: str) -> tuple[str, str]:
    """In the render process: the HTML report, masked and full (validator.report.render.html)."""
    from validator.desk.worker import checked
    from validator.privacy import mask_text
    from validator.report.render.html import render_html

    report = checked(options, filename)
    full = render_html(report, lang, show_personal_data=True)
    # the input table lists file names, and scans are often named by the holder's ID number
    report.inputs = [{**item, "file": mask_text(str(item.get("file") or ""))} for item in report.inputs]
    return render_html(report, lang, show_personal_data=False), full


class Renderer:
    """One spawned process taking render jobs one at a time; started at the first job."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def run(self, job: Callable[..., Any], *args: Any) -> Any:
        """``job(*args)`` in the render process (blocking: call it from a worker thread)."""
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                                 initializer=_ignore_interrupt)
            pool = self._pool
        try:
            return pool.submit(job, *args).result()
        except BrokenProcessPool:
            log.error("the render process died")
            with self._lock:
                if self._pool is pool:
                    self._pool = None
            raise ActionRefused("文书生成进程意外结束，请重试", status=503) from None

    def stop(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                process.terminate()
            pool.shutdown(wait=False, cancel_futures=True)
