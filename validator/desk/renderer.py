"""Notices and HTML reports are written in one spawned render process, never in the server.

Writing either needs the check's documents (the HTML report's page thumbnails, the notice's
findings), so the render process runs the check again on the stored package. Readers enter
native libraries (pdfium) that are not thread-safe: the server's request threads must never
touch them (the audit of 2026-12-07 saw five concurrent notice requests kill the server with a
segmentation fault in libpdfium). One process with one worker takes the jobs one at a time, so
no native library is ever entered from two threads at once, and a crash in it fails that
request only; the next job starts a new process.

The PDF notice is made here too (LibreOffice), and signed PAdES B-B when the desk signs
(``serve --sign-with``): the agency's certificate, checked and read once when the server starts,
is handed to this process, which loads its signer when it starts; the server's threads never sign.
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
from validator.desk.settings import NoticeSigning

log = logging.getLogger("dingdian.desk")


# The report's next steps name the desk's buttons, not the CLI's --notice and --waive options,
# which a clerk at the window has no use for (audit of 2026-12-07, section 1).
DESK_STEPS = {
    "zh": {"tags": "[错误] 须补正（或构成不予受理）  [警告] 须人工核对，审核员可在案件页“豁免警告”  [提示] 供参考",
           "next_complete": "材料齐全，可予受理：在案件页点击“出具受理通知书”。",
           "next_ineligible": "不予受理：在案件页点击“出具不予受理告知书”，告知书列明上述理由。",
           "next_incomplete": "一次性告知申请人补正上述问题：在案件页点击“出具一次性告知书”。",
           "next_warnings": "警告须人工核对；核对无误的，审核员可在案件页“豁免警告”。"},
    "en": {"tags": "[error] must be corrected (or refuses the application)  [warning] check by hand; a reviewer "
                   "may waive it on the case page  [note] for information",
           "next_complete": "complete: issue the notice of acceptance on the case page.",
           "next_ineligible": "refuse: issue the notice of non-acceptance on the case page; it states the grounds.",
           "next_incomplete": "tell the applicant once what to supplement: issue the one-time notice on the case page.",
           "next_warnings": "check the warnings by hand; a reviewer may waive those found in order on the case page."},
}


# in the render process: (pyHanko's signer, timestamp URL) of the PDF notices, or None (unsigned)
_signing: dict[str, Any] = {}


def _init_render_process(signing: NoticeSigning | None) -> None:
    """Ctrl-C is the server's business; this process's reports speak of the desk's buttons."""
    from validator.report.render.outline import WORDS

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for lang, steps in DESK_STEPS.items():
        WORDS[lang].update(steps)  # this process renders for the desk only
    _signing["notice"] = (signing.signer(), signing.timestamp_url) if signing is not None else None


def notice_docx(options: Any, filename: str, issued_on: date, number: str, lang: str) -> bytes:
    """In the render process: the notice the version's verdict calls for, dated ``issued_on``."""
    from generators.notice import write_notice
    from validator.desk.worker import checked

    report = checked(options, filename)
    report.as_of = issued_on  # the notice's date, from which the supplement period counts
    with tempfile.TemporaryDirectory() as folder:
        return write_notice(report, Path(folder) / "notice.docx", document_number=number, lang=lang).read_bytes()


def notice_pdf_bytes(docx: bytes) -> bytes:
    """In the render process: the notice .docx as PDF, signed with the agency's certificate when
    the desk signs (validator.signatures.sign, as ``check --notice N.pdf --sign-with`` does)."""
    from generators.fill import convert_to_pdf
    from validator.signatures.sign import sign_pdf

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "notice.docx"
        path.write_bytes(docx)
        (pdf,) = convert_to_pdf([path], Path(folder))
        data = pdf.read_bytes()
    signing = _signing.get("notice")
    if not signing:
        return data
    from pyhanko.sign.timestamps import TimestampRequestError

    try:
        return sign_pdf(data, *signing)
    except TimestampRequestError as error:  # the agency's [signatures] timestamp_url did not answer
        log.error("timestamp server %s: %s", signing[1], error)
        raise ActionRefused("timestamp_failed", status=503) from None


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
    """One spawned process taking render jobs one at a time; started at the first job.
    ``signing``: the agency's certificate for the PDF notices, or None (unsigned)."""

    def __init__(self, signing: NoticeSigning | None = None) -> None:
        self._signing = signing
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def run(self, job: Callable[..., Any], *args: Any) -> Any:
        """``job(*args)`` in the render process (blocking: call it from a worker thread)."""
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                                 initializer=_init_render_process, initargs=(self._signing,))
            pool = self._pool
        try:
            return pool.submit(job, *args).result()
        except BrokenProcessPool:
            log.error("the render process died")
            with self._lock:
                if self._pool is pool:
                    self._pool = None
            raise ActionRefused("render_crashed", status=503) from None

    def stop(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                process.terminate()
            pool.shutdown(wait=False, cancel_futures=True)
