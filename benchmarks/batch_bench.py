"""Benchmark of ``dingdian batch`` (not a test): throughput with 1 and 2 jobs, the unchanged re-run, memory.

    python benchmarks/batch_bench.py [--packages 100] [--files 20] [--workdir DIR] [--default-threads-baseline]

Generates PACKAGES packages of FILES files each (synthetic certificates from samples.synth:
two thirds text PDFs, one third scans as 200 dpi JPEGs, every file different so no OCR
result is shared), then runs the batch library: ``--jobs 1`` and ``--jobs 2`` each with a
fresh cache, then the ``--jobs 2`` run again with nothing changed (workers use one OCR thread
each; ``--default-threads-baseline`` also times ``--jobs 1`` with onnxruntime's default
threads).  Prints the wall time of each run, the median seconds per package, the ratios, and
the peak resident memory of the workers (ru_maxrss, median and max over packages).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
from datetime import date
from pathlib import Path
from time import perf_counter

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from samples.synth.certificates import BUILDERS, make  # noqa: E402
from samples.synth.render import to_image, to_pdf  # noqa: E402

TYPES = sorted(BUILDERS)


def make_package(folder: Path, number: int, files: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(files):
        cert = make(TYPES[index % len(TYPES)], seed=number * 1000 + index)
        name = f"{index:02d}_{cert.title}"
        if index % 3 == 2:  # one file in three is a scan
            to_image(cert, dpi=200).save(folder / f"{name}.jpg", quality=85)
        else:
            to_pdf(cert, folder / f"{name}.pdf")


def generate(root: Path, packages: int, files: int) -> None:
    for number in range(packages):
        folder = root / f"pkg{number:03d}"
        if not folder.exists():
            make_package(folder, number, files)


def run(root: Path, out: Path, jobs: int, cache: Path, engine: object = None) -> tuple[float, list]:
    from validator.batch.runner import BatchOptions, run_batch
    from validator.rules.context import CheckOptions

    os.environ["DINGDIAN_CACHE_DIR"] = str(cache)
    check = CheckOptions(package=root, city="taiyuan", kind="clinic", as_of=date(2026, 11, 23))
    started = perf_counter()
    result = run_batch(BatchOptions(root=root, outdir=out, check=check, jobs=jobs), engine=engine)
    return perf_counter() - started, result.outcomes


def describe(label: str, seconds: float, outcomes: list) -> dict:
    per_package = [o.seconds for o in outcomes if not o.cached and o.seconds is not None]
    rss = [o.worker_max_rss_kb / 1024 for o in outcomes if o.worker_max_rss_kb is not None]
    cpu = [o.cpu_seconds for o in outcomes if not o.cached and o.cpu_seconds is not None]
    failed = sum(1 for o in outcomes if o.failed)
    line = {"run": label, "wall_s": round(seconds, 2), "packages": len(outcomes), "failed": failed,
            "packages_per_s": round(len(outcomes) / seconds, 3),
            "median_s_per_package": round(statistics.median(per_package), 3) if per_package else None,
            "median_cpu_s_per_package": round(statistics.median(cpu), 3) if cpu else None,
            # CPU time of the workers over wall time: how many cores the run really got
            # (the machine is shared; a low figure means other processes held the cores).
            "cores_used": round(sum(cpu) / seconds, 2),
            "worker_peak_rss_mb_median": round(statistics.median(rss), 1) if rss else None,
            "worker_peak_rss_mb_max": round(max(rss), 1) if rss else None,
            "cached": sum(1 for o in outcomes if o.cached)}
    print(json.dumps(line, ensure_ascii=False), flush=True)
    for error in sorted({o.error for o in outcomes if o.failed})[:3]:
        print(f"  failed: {error}", flush=True)
    return line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", type=int, default=100)
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--workdir", type=Path, help="keep generated packages here (reused when present)")
    parser.add_argument("--default-threads-baseline", action="store_true",
                        help="also time --jobs 1 with onnxruntime's default OCR threads")
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="batch-bench-"))
    for previous in ("cache1", "cache2", "cache1t", "out1", "out2", "out1t", "out3"):
        shutil.rmtree(work / previous, ignore_errors=True)  # only the packages are reused: every run starts cold
    root = work / "packages"
    started = perf_counter()
    generate(root, args.packages, args.files)
    print(f"generated {args.packages} packages x {args.files} files in {perf_counter() - started:.1f}s under {root}")
    one = describe("jobs=1", *run(root, work / "out1", 1, work / "cache1"))
    two = describe("jobs=2", *run(root, work / "out2", 2, work / "cache2"))
    if args.default_threads_baseline:
        os.environ["DINGDIAN_OCR_THREADS"] = "0"  # validator.readers.ocr: not a positive number → onnxruntime's default
        describe("jobs=1, default OCR threads", *run(root, work / "out1t", 1, work / "cache1t"))
        del os.environ["DINGDIAN_OCR_THREADS"]
    again = describe("jobs=2 unchanged", *run(root, work / "out3", 2, work / "cache2"))
    print(json.dumps({"speedup_jobs2_over_jobs1": round(one["wall_s"] / two["wall_s"], 2),
                      "unchanged_rerun_speedup": round(two["wall_s"] / again["wall_s"], 1)}))


if __name__ == "__main__":
    main()
