"""The background check: one worker thread takes queued versions from the database, oldest first.

Progress lives in the database (queued → running → done | failed, with times, and while running
the files read so far of how many, which the check process reports through a queue), so a server
killed mid-check loses nothing recorded: at the next start ``requeue_interrupted`` puts every
version left ``running`` back in the queue. The report is stored as ``--format json`` prints it
(with personal data; the pages and the API mask it per role); the HTML report, masked and full,
is written beside the blobs when first opened.
"""
from __future__ import annotations

import logging
import multiprocessing
import queue
import signal
import threading
import time
from datetime import timedelta
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from validator.desk.database import utcnow
from validator.desk.dates import refresh_due
from validator.desk.register import case_waivers, get_case, record
from validator.desk.private import write_private
from validator.desk.settings import DeskSettings
from validator.desk.storage import BlobStore
from validator.desk.tables import cases, versions
from validator.errors import DingdianError
from validator.privacy import mask_text

log = logging.getLogger("dingdian.desk")
WORKER = "系统"  # the audit's "who" for what the worker does


STALE = timedelta(seconds=60)  # a running check's heartbeat comes every 5 seconds
SWEEP_SECONDS = 15.0


def requeue_interrupted(engine: sa.Engine, stale: timedelta = STALE) -> int:
    """Versions left ``running`` by a killed server go back to the queue (audited). With several
    desk processes on one database, only checks whose process has stopped beating for ``stale``
    are taken back: another server's running check is left alone."""
    cutoff = utcnow() - stale
    with engine.begin() as conn:
        beat = sa.func.coalesce(versions.c.heartbeat_at, versions.c.started_at)
        left = list(conn.execute(sa.select(versions.c.id, versions.c.case_id, versions.c.number)
                                 .where(versions.c.check_status == "running", sa.or_(beat.is_(None), beat < cutoff))))
        for version in left:
            conn.execute(sa.update(versions).where(versions.c.id == version.id)
                         .values(check_status="queued", started_at=None, files_done=None, files_total=None))
            record(conn, WORKER, "check.requeued", version.case_id, version=version.number, why="interrupted")
    return len(left)


def claim_next(engine: sa.Engine) -> int | None:
    """Marks the oldest queued version running; its id, or None when the queue is empty. Several
    desk processes share the queue: on PostgreSQL the row is taken FOR UPDATE SKIP LOCKED (another
    process's claim is skipped, not waited for); on SQLite the write lock serialises claims; on
    both the UPDATE only succeeds while the version is still queued, so each check is claimed once."""
    with engine.begin() as conn:
        version_id = conn.execute(sa.select(versions.c.id).where(versions.c.check_status == "queued")
                                  .order_by(versions.c.queued_at, versions.c.id).limit(1)
                                  .with_for_update(skip_locked=True)).scalar()
        if version_id is None:
            return None
        claimed = conn.execute(sa.update(versions).where(versions.c.id == version_id,
                                                         versions.c.check_status == "queued")
                               .values(check_status="running", started_at=utcnow(), heartbeat_at=utcnow(),
                                       files_done=None, files_total=None)).rowcount
        return version_id if claimed else None


def version_options(engine: sa.Engine, blobs: BlobStore, version_id: int, lang: str) -> tuple[Any, str]:
    """The CheckOptions of a stored version (the case's target and waivers) and its uploaded name."""
    from validator.rules.context import CheckOptions
    from validator.check.waivers import make_waiver

    with engine.connect() as conn:
        version = conn.execute(sa.select(versions).where(versions.c.id == version_id)).one()
        case = get_case(conn, version.case_id)
        waivers = tuple(make_waiver(w.code, w.reason, w.material, by=w.by) for w in case_waivers(conn, case.id))
    options = CheckOptions(package=blobs.path(version.sha256), city=case.city, kind=case.kind,
                           scheme=case.scheme, procedure=case.procedure, as_of=version.as_of, lang=lang,
                           waivers=waivers)
    return options, version.filename


def checked(options: Any, filename: str, progress: Any = None) -> Any:
    """``run_check``; the report names the package as the clerk knows it, not by its blob."""
    from validator.check.pipeline import run_check

    report = run_check(options, progress=progress)
    report.package = filename
    return report


_PROGRESS: Any = None  # in the check process: the queue its progress goes to (set by _child_init)


def report_in_child(options: Any, filename: str, lang: str, version_id: int) -> dict[str, Any]:
    """Runs in the check process: the report as ``--format json --show-personal-data`` prints it."""
    def progress(files_done: int, files_total: int, _pages_ocr: int) -> None:
        _PROGRESS.put((version_id, files_done, files_total))

    return checked(options, filename, progress).to_dict(lang, show_personal_data=True)


def _child_init(progress: Any) -> None:
    global _PROGRESS
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's business
    _PROGRESS = progress


def _result(future: Future, engine: sa.Engine, progress: Any, version_id: int) -> dict[str, Any]:
    """The check process's answer; meanwhile the files it has read go to the version (the final
    count is the report's, written with it by _finish)."""
    beats = 0
    while not wait([future], timeout=0.5, return_when=FIRST_COMPLETED).done:
        _record_progress(engine, progress)
        beats += 1
        if beats % 10 == 0:
            _beat(engine, version_id)
    return future.result()


def _beat(engine: sa.Engine, version_id: int) -> None:
    """This process still runs the check (requeue_interrupted leaves it alone)."""
    try:
        with engine.begin() as conn:
            conn.execute(sa.update(versions).where(versions.c.id == version_id, versions.c.check_status == "running")
                         .values(heartbeat_at=utcnow()))
    except sa.exc.SQLAlchemyError:
        log.warning("could not record that a check is alive", exc_info=True)


def _record_progress(engine: sa.Engine, progress: Any) -> None:
    """The latest count reported per version, written while that version is still running."""
    latest: dict[int, tuple[int, int]] = {}
    while progress is not None:  # None: the checks run on a Dask cluster, which reports no count
        try:
            version_id, done, total = progress.get_nowait()
        except queue.Empty:
            break
        latest[version_id] = (done, total)
    if not latest:
        return
    try:
        with engine.begin() as conn:
            for version_id, (done, total) in latest.items():
                conn.execute(sa.update(versions).where(versions.c.id == version_id, versions.c.check_status == "running")
                             .values(files_done=done, files_total=total))
    except sa.exc.SQLAlchemyError:  # a count is only shown: a busy or lost database must not fail the check
        log.warning("could not record the progress of a check", exc_info=True)


def check_one(engine: sa.Engine, settings: DeskSettings, blobs: BlobStore, version_id: int,
              pool: ProcessPoolExecutor, progress: Any) -> bool:
    """Checks a version in the check process and records the outcome; False when that process died
    (a crash in a reader on a hostile file fails the version, not the desk). The HTML report is
    written when first asked for (pages.report_file): with its page thumbnails it takes ten times
    longer than a text package's check, and the queue should not wait for reports nobody opens."""
    try:
        options, filename = version_options(engine, blobs, version_id, settings.lang)
        data = _result(pool.submit(report_in_child, options, filename, settings.lang, version_id), engine, progress, version_id)
    except BrokenProcessPool:
        log.error("the check process of version %s died", version_id)
        _finish(engine, version_id, error="check_crashed")  # a refusals.py key: the page words it
        return False
    except DingdianError as error:
        log.warning("check of version %s: %s", version_id, mask_text(str(error)))
        _finish(engine, version_id, error="check_input")
        return True
    except Exception:  # noqa: BLE001 - a bug in one check must not stop the desk
        log.exception("check of version %s failed", version_id)
        _finish(engine, version_id, error="check_bug")
        return True
    _finish(engine, version_id, report=data)
    return True


def html_report_path(settings: DeskSettings, version_id: int, full: bool) -> Path:
    return settings.report_dir / str(version_id) / ("report.full.html" if full else "report.html")


def write_html_reports(settings: DeskSettings, version_id: int, pages: tuple[str, str]) -> None:
    """The HTML report (masked, full) as the render process wrote it, beside the blobs."""
    for full, text in zip((False, True), pages):
        write_private(html_report_path(settings, version_id, full), text)


def _finish(engine: sa.Engine, version_id: int, error: str | None = None, report: dict | None = None) -> None:
    with engine.begin() as conn:
        version = conn.execute(sa.select(versions).where(versions.c.id == version_id)).one()
        if version.check_status != "running":  # re-queued meanwhile (a waiver): that run will finish it
            return
        values: dict[str, Any] = {"finished_at": utcnow(), "check_status": "failed" if error else "done",
                                  "check_error": error}
        if report is not None:
            values.update(report=report, verdict=report["verdict"], errors=report["summary"]["errors"],
                          warnings=report["summary"]["warnings"],
                          # a finished check has read every file, whether or not its last count arrived
                          files_done=len(report["inputs"]), files_total=len(report["inputs"]))
        conn.execute(sa.update(versions).where(versions.c.id == version_id).values(**values))
        record(conn, WORKER, "check.failed" if error else "check.done", version.case_id, version=version.number,
               verdict=values.get("verdict"), error=error)
        if report is not None:
            _learn(conn, version.case_id, version.number, report)
        refresh_due(conn, version.case_id)


def _learn(conn: sa.Connection, case_id: int, version_number: int, report: dict[str, Any]) -> None:
    """Fills what the clerk left blank with what the check read; the institution's name and USCC
    follow the latest version where they were read from the package before (a supplement with the
    licence's corrected name renames the case, as its notices are addressed), not where the clerk
    stated them."""
    case = get_case(conn, case_id)
    facts = report.get("facts") or {}
    read = {"city": report["city"], "kind": report["institution_kind"], "scheme": report["scheme"],
            "institution": facts.get("institution_name"), "uscc": facts.get("uscc")}
    before = conn.execute(sa.select(versions.c.report).where(versions.c.case_id == case_id,
                                                             versions.c.number == version_number - 1)).scalar()
    earlier = (before or {}).get("facts") or {}
    was_read = {"institution": earlier.get("institution_name"), "uscc": earlier.get("uscc")}
    values = {key: value for key, value in read.items()
              if value and value != getattr(case, key) and (not getattr(case, key) or getattr(case, key) == was_read.get(key))}
    if values:
        conn.execute(sa.update(cases).where(cases.c.id == case_id).values(**values))
        record(conn, WORKER, "case.read_from_package", case_id, **values)


class CheckWorker(threading.Thread):
    """Takes the queue one version at a time (the machine's cores belong to OCR inside a check) and
    hands each to one long-lived check process (spawned, so it shares no threads or locks)."""

    def __init__(self, engine: sa.Engine, settings: DeskSettings, blobs: BlobStore, pool: Any = None) -> None:
        super().__init__(name="dingdian-desk-worker", daemon=True)
        self.engine, self.settings, self.blobs = engine, settings, blobs
        self.wake = threading.Event()
        self.stopping = threading.Event()
        self.pool: Any = pool  # a ProcessPoolExecutor made at the first check, or dask_checks.DaskChecks
        self.progress: Any = None  # the check process's progress queue, made with it

    def run(self) -> None:
        next_sweep = 0.0
        while not self.stopping.is_set():
            if time.monotonic() >= next_sweep:  # checks another (killed) desk process left running
                next_sweep = time.monotonic() + SWEEP_SECONDS
                try:
                    requeue_interrupted(self.engine)
                except sa.exc.SQLAlchemyError:
                    log.exception("cannot take back interrupted checks")
            try:
                version_id = claim_next(self.engine)
            except sa.exc.SQLAlchemyError:
                log.exception("cannot read the queue")
                version_id = None
            if version_id is None:
                self.wake.wait(1.0)
                self.wake.clear()
                continue
            if self.pool is None:
                spawn = multiprocessing.get_context("spawn")
                self.progress = spawn.Queue()  # a new one with each process: a killed one may leave it locked
                self.pool = ProcessPoolExecutor(max_workers=1, mp_context=spawn, initializer=_child_init,
                                                initargs=(self.progress,))
            if not check_one(self.engine, self.settings, self.blobs, version_id, self.pool, self.progress):
                self.pool.shutdown(wait=False, cancel_futures=True)
                self.pool = None

    def stop(self) -> None:
        """Stops at once: a check in flight is dropped and re-queued at the next start."""
        self.stopping.set()
        self.wake.set()
        if self.pool is not None:
            for process in list((getattr(self.pool, "_processes", None) or {}).values()):
                process.terminate()
            self.pool.shutdown(wait=False, cancel_futures=True)
