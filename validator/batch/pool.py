"""The default batch engine: a process pool on this machine (concurrent.futures).

Workers are started with ``spawn``: a fresh interpreter each, so no thread or lock of the
parent (rich's refresh thread, onnxruntime's pools) is copied half-way, on Linux and macOS
alike.  Only as many packages are in flight as there are workers, largest first, so the bar
can name them and a Ctrl-C loses at most one package per worker.

A worker that dies (killed, out of memory, a hostile file that crashes native code) breaks
the pool: every package in flight is a suspect.  The pool is replaced and the suspects are
retried one at a time, so a second death is pinned on the package that caused it; that
package becomes its own failed row and the run goes on.
"""
from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from typing import TYPE_CHECKING

from validator.batch.outcome import Outcome
from validator.batch.outputs import PackageJob, failure_outcome
from validator.batch.worker import OCR_THREADS, Checker, Done, configure_worker, run_job
from validator.errors import ExitCode

if TYPE_CHECKING:
    from validator.batch.runner import BatchEvents

ATTEMPTS = 2  # a package whose worker died is retried once


def worker_died(job: PackageJob, attempts: int, detail: str) -> Outcome:
    """The row of a package that took its worker down on every attempt."""
    return replace(failure_outcome(job, int(ExitCode.INTERNAL),
                                   f"the worker checking this package died {attempts} times ({detail})"),
                   attempts=attempts)


def _pool_worker(ocr_threads: int, load_ocr: bool) -> None:
    # Ctrl-C on a terminal reaches the workers too; stopping them is the parent's business.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    configure_worker(ocr_threads, load_ocr)


class PoolEngine:
    def __init__(self, workers: int, checker: Checker | None = None, load_ocr: bool = True,
                 ocr_threads: int = OCR_THREADS) -> None:
        self.workers = workers
        self.checker = checker
        self.initargs = (ocr_threads, load_ocr)

    def run(self, jobs: list[PackageJob], done: Done, events: "BatchEvents") -> None:
        events.engine({"kind": "pool", "workers": self.workers}, None)
        pending, suspects = deque(jobs), deque[PackageJob]()
        attempts: dict[str, int] = {}
        context = multiprocessing.get_context("spawn")
        while pending or suspects:
            before = set(multiprocessing.active_children())
            pool = ProcessPoolExecutor(max_workers=min(self.workers, len(pending) + len(suspects)),
                                       mp_context=context, initializer=_pool_worker, initargs=self.initargs)
            try:
                self._drain(pool, pending, suspects, attempts, done, events)
            except KeyboardInterrupt:
                # The packages in hand are dropped (their files are written atomically); the
                # processes this pool started are the children that were not there before it.
                for process in set(multiprocessing.active_children()) - before:
                    process.terminate()
                raise
            finally:
                pool.shutdown(wait=True, cancel_futures=True)

    def _drain(self, pool: ProcessPoolExecutor, pending: deque[PackageJob], suspects: deque[PackageJob],
               attempts: dict[str, int], done: Done, events: "BatchEvents") -> None:
        """Runs jobs until none is left or a worker died (then the suspects are queued and it returns)."""
        running: dict[Future[Outcome], PackageJob] = {}
        while pending or suspects or running:
            if suspects and not running:  # alone in the pool: a death is then its own
                self._submit(pool, suspects.popleft(), running, attempts, events)
            while not suspects and pending and len(running) < self.workers:
                self._submit(pool, pending.popleft(), running, attempts, events)
            finished, _ = wait(list(running), timeout=0.5, return_when=FIRST_COMPLETED)
            broken = False
            for future in finished:
                if isinstance(future.exception(), BrokenProcessPool):
                    broken = True
                else:
                    job = running.pop(future)
                    done(job, self._outcome(future, job, attempts[job.name]))
            if broken:  # every package still in flight is a suspect
                for job in running.values():
                    if attempts[job.name] >= ATTEMPTS:
                        done(job, worker_died(job, attempts[job.name], "the process pool broke"))
                    else:
                        suspects.append(job)
                return
            events.tick([job.name for job in running.values()])

    def _submit(self, pool: ProcessPoolExecutor, job: PackageJob, running: dict[Future[Outcome], PackageJob],
                attempts: dict[str, int], events: "BatchEvents") -> None:
        attempts[job.name] = attempts.get(job.name, 0) + 1
        running[pool.submit(run_job, job, self.checker)] = job
        events.started(job)

    @staticmethod
    def _outcome(future: Future[Outcome], job: PackageJob, attempts: int) -> Outcome:
        error = future.exception()
        if error is None:
            return replace(future.result(), attempts=attempts)
        # run_job never raises for a package: this is the machinery (e.g. a job that cannot be pickled)
        return failure_outcome(job, int(ExitCode.INTERNAL), f"internal error: {type(error).__name__}: {error}")
