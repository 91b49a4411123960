"""The Dask engine of ``dingdian batch``: a LocalCluster of N worker processes (``--cluster
local:N``) or an existing scheduler (``--scheduler tcp://HOST:PORT``).  Needs the extra
``pip install 'dingdian[cluster]'``.

Workers see the same paths: every worker machine mounts the packages and the output folder
at the paths the client uses (a shared file system), and has the same dingdian installed.
Jobs carry paths, not bytes, so the scheduler never holds package contents (its memory
stays small at 50,000 packages); outcomes come back to the client, which records them in
its result cache as each one arrives.

Each worker has one thread (a package at a time, one OCR thread: the cores are shared
out by processes), a stated memory limit that its nanny enforces, and the OCR model
loaded once by a worker plugin.  Tasks carry their package's size as priority, so the
biggest start first.  A task whose worker dies is retried once by the scheduler
(``allowed-failures``: 1, with ``worker-saturation``: 1.0 so that no other task waits on
that worker; set on a LocalCluster, the README says how for a scheduler you start
yourself), then comes back as ``KilledWorker`` and becomes that package's failed row.
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.util import find_spec
from typing import TYPE_CHECKING, Any, Iterator

from validator.batch.outcome import Outcome
from validator.batch.outputs import PackageJob, failure_outcome
from validator.batch.pool import ATTEMPTS, worker_died
from validator.batch.worker import OCR_THREADS, Checker, Done, configure_worker, run_job
from validator.errors import ExitCode, UsageError

if TYPE_CHECKING:
    from validator.batch.runner import BatchEvents

# The scheduler runs in this process: retry a task whose worker died once, then give up on it.
# Dask's nanny sets MALLOC_TRIM_THRESHOLD_ in its workers, which turns off glibc's dynamic mmap
# threshold: OCR's large image buffers then cost 40 % more CPU (3.7/5.1/3.7 s against
# 5.1/7.0/5.4 s for the same three scanned packages); None unsets it (README: the same for
# workers started by hand).
# A worker holds only the task it runs (saturation 1.0, not Dask's 1.1 that queues a second one on
# it): when a hostile package kills its worker, no innocent package queued there dies with it
# and counts a failure.
LOCAL_CONFIG = {"distributed.scheduler.allowed-failures": ATTEMPTS - 1,
                "distributed.scheduler.worker-saturation": 1.0,
                "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}
DEFAULT_MEMORY = "2GiB"  # per worker: 770 MB measured at peak on small scans (docs/scale.md)


def _distributed() -> Any:
    try:
        import distributed
    except ImportError as error:
        raise UsageError("batch on a Dask cluster needs the extra: pip install 'dingdian[cluster]'") from error
    return distributed


def parse_cluster(value: str) -> int | None:
    """``local`` (one worker per core) or ``local:N``; anything else is a usage error."""
    name, _, count = value.partition(":")
    if name != "local" or (count and not (count.isdigit() and int(count) > 0)):
        raise UsageError(f"--cluster {value!r}: give local or local:N (N worker processes)")
    return int(count) if count else None


def _plugin_class() -> type:
    distributed = _distributed()

    class DingdianWorker(distributed.WorkerPlugin):
        """Runs once in each worker process as it joins: OCR threads and the OCR model."""

        name = "dingdian-worker"

        def __init__(self, ocr_threads: int, load_ocr: bool) -> None:
            self.ocr_threads, self.load_ocr = ocr_threads, load_ocr

        def setup(self, worker: Any) -> None:
            _ignore_sigint()  # for good: a worker restarted by its nanny is born with the default
            configure_worker(self.ocr_threads, self.load_ocr)

    return DingdianWorker


@dataclass
class DaskEngine:
    workers: int | None = None  # LocalCluster size (None: one per core)
    scheduler: str | None = None  # address of an existing scheduler instead
    memory_limit: str = DEFAULT_MEMORY
    checker: Checker | None = None
    load_ocr: bool = True
    ocr_threads: int = OCR_THREADS

    def __post_init__(self) -> None:
        distributed = _distributed()
        from dask.utils import parse_bytes

        try:
            self.memory_bytes = parse_bytes(self.memory_limit)
        except ValueError as error:
            raise UsageError(f"--worker-memory {self.memory_limit!r}: give a size such as 2GiB") from error
        self._distributed = distributed

    def _connect(self) -> tuple[Any, Any]:
        import dask

        distributed = self._distributed
        if self.scheduler:
            try:
                return None, distributed.Client(self.scheduler, timeout="10s")
            except OSError as error:
                raise UsageError(f"cannot reach the Dask scheduler {self.scheduler}: {error}") from error
        self._check_memory()
        # The worker processes are born ignoring Ctrl-C (a terminal sends it to them too): stopping
        # them is this process's business, in order.  A Ctrl-C during these few seconds is lost.
        with dask.config.set(LOCAL_CONFIG), _sigint_ignored():
            cluster = distributed.LocalCluster(
                n_workers=self.workers, threads_per_worker=1, processes=True, memory_limit=self.memory_bytes,
                dashboard_address=":0", silence_logs=50)
        return cluster, distributed.Client(cluster)

    def _check_memory(self) -> None:
        """The LocalCluster's workers must fit in this machine's memory with their limits."""
        import psutil

        workers = self.workers or psutil.cpu_count() or 1
        needed, total = workers * self.memory_bytes, psutil.virtual_memory().total
        if needed > total:
            raise UsageError(f"{workers} workers × {self.memory_limit} need {needed / 2**30:.1f} GiB, this machine "
                             f"has {total / 2**30:.1f} GiB: give fewer workers (local:N) or less --worker-memory")

    def run(self, jobs: list[PackageJob], done: Done, events: "BatchEvents") -> None:
        cluster, client = self._connect()
        try:
            self._check_workers(client)
            client.register_plugin(_plugin_class()(self.ocr_threads, self.load_ocr))
            events.engine(self.describe(client), _dashboard(client))
            futures = {client.submit(run_job, job, self.checker, key=f"dingdian-{job.key}", priority=job.size,
                                     pure=False, retries=0): job for job in jobs}
            try:
                for future in self._distributed.as_completed(futures):
                    job = futures.pop(future)
                    outcome = self._outcome(future, job)
                    future.release()  # the worker and the scheduler forget it: memory stays flat
                    done(job, outcome)
            except KeyboardInterrupt:
                client.cancel(list(futures), force=True)
                raise
        finally:
            client.close()
            if cluster is not None:
                cluster.close()

    def _outcome(self, future: Any, job: PackageJob) -> Outcome:
        try:
            return future.result()
        except self._distributed.KilledWorker:
            return worker_died(job, ATTEMPTS, "Dask KilledWorker")
        except Exception as error:  # noqa: BLE001 - the machinery failed for this package (run_job never raises)
            return failure_outcome(job, int(ExitCode.INTERNAL), f"internal error: {type(error).__name__}: {error}")

    def _check_workers(self, client: Any) -> None:
        """Workers must run the same code, checklists and templates as this client (the digest that
        keys the result cache), or the same packages could get other verdicts on other machines."""
        from validator import __version__

        client.wait_for_workers(1, timeout=60)
        if set(client.run(_tool_digest).values()) != {_tool_digest()}:
            raise UsageError(f"the Dask workers run other dingdian code or checklists than this client "
                             f"({__version__}): install the same version everywhere")

    def describe(self, client: Any) -> dict[str, Any]:
        """Where the packages go: the workers, their threads and their memory limits (0: none)."""
        workers = list(client.scheduler_info(n_workers=-1)["workers"].values())
        return {"kind": "dask", "where": self.scheduler or "LocalCluster", "workers": len(workers),
                "threads": max((w["nthreads"] for w in workers), default=1),
                "memory": sorted({w.get("memory_limit") or 0 for w in workers})}


def _ignore_sigint() -> Any:
    """Ignores SIGINT from now on and returns the previous handler; only the main thread can
    (elsewhere: nothing happens, None)."""
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def _sigint_ignored() -> Iterator[None]:
    previous = _ignore_sigint()
    try:
        yield
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


def _tool_digest() -> str:
    from validator.batch.cache import FileHashes, tool_digest

    return tool_digest(FileHashes())


def _dashboard(client: Any) -> str | None:
    """The dashboard's address when the scheduler serves one: its HTTP server runs anyway, the
    dashboard only where bokeh is installed."""
    if "dashboard" not in client.scheduler_info(n_workers=0).get("services", {}):
        return None
    return client.dashboard_link if client.run_on_scheduler(_has_bokeh) else None


def _has_bokeh() -> bool:
    return find_spec("bokeh") is not None
