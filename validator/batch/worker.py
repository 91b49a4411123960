"""What runs inside a batch worker process, whatever the engine (process pool or Dask).

``configure_worker`` is called once per worker process (the pool's initializer, the Dask
worker plugin's ``setup``); ``run_job`` checks one package, writes its files and returns its
outcome.  A worker never raises for a package: every failure becomes the outcome's exit code
and one-line message.  Recording the outcome (the result cache) is the caller's business, so
it happens on the machine that runs ``dingdian batch``, whatever machine checked the package.
"""
from __future__ import annotations

import resource
from dataclasses import replace
from time import perf_counter
from typing import Callable

from validator.catalogue import say_again
from validator.batch.outcome import Outcome
from validator.batch.outputs import PackageJob, clear_outputs, failure_outcome, write_package_outputs
from validator.rules.context import CheckOptions
from validator.errors import DingdianError, ExitCode
from validator.report.model import Report

Checker = Callable[[CheckOptions], Report]
Done = Callable[[PackageJob, Outcome], None]  # what an engine calls as each package's outcome arrives

# Parallelism comes from the processes: one OCR thread each.  onnxruntime's spinning thread
# pools lose to it badly on a busy machine: measured 28 s a package with its default threads
# against 14 s with one (benchmarks/batch_bench.py).
OCR_THREADS = 1


def configure_worker(ocr_threads: int = OCR_THREADS, load_ocr: bool = False) -> None:
    """Once per worker process: its OCR threads, and the OCR model loaded now rather than by
    the first scanned package (``load_ocr``), so every package pays the same."""
    from validator.readers import ocr

    # The pages of one package are read one at a time: the processes share the cores out.
    ocr.configure(threads=ocr_threads)
    if load_ocr:
        from validator.readers.ocr import OcrUnavailable, engine

        try:
            engine()
        except OcrUnavailable:
            pass  # each scanned package then says so in its report, as `check` does


def run_job(job: PackageJob, checker: Checker | None = None) -> Outcome:
    """Checks one package and writes its files (``checker`` stands in for run_check in tests)."""
    started, cpu = perf_counter(), _cpu_seconds()
    try:
        if checker is None:
            from validator.check.pipeline import run_check as checker
        outcome, written = write_package_outputs(checker(job.check), job)
    except DingdianError as error:
        # said in the batch's language: a worker process need not share the parent's
        outcome, written = failure_outcome(job, int(error.exit_code), say_again(error.message, job.lang)), []
    except Exception as error:  # noqa: BLE001 - one broken package must not stop the batch
        outcome, written = failure_outcome(job, int(ExitCode.INTERNAL),
                                           f"internal error: {type(error).__name__}: {error}"), []
    if not written:
        clear_outputs(job.out_dir)  # no stale report of an earlier run beside this failure
    return replace(outcome, seconds=round(perf_counter() - started, 3),
                   cpu_seconds=round(_cpu_seconds() - cpu, 3),
                   worker_max_rss_kb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
