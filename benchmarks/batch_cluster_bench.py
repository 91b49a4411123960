"""Benchmark of ``dingdian batch`` engines (not a test): the process pool against a Dask LocalCluster.

    python benchmarks/batch_cluster_bench.py [--packages 200] [--files 4] [--workdir DIR] [--runs pool-2,dask-1,dask-2]

Generates PACKAGES packages of FILES synthetic certificates each (samples.synth); every
third package is scanned (200 dpi JPEGs, OCR'd), the others are text PDFs; every file is
different, so no OCR result is shared.  Then checks them all, each run with a fresh cache
(OCR and results): the process pool with 2 workers, a LocalCluster of 1 worker and one of 2.
Prints one JSON line per run: wall time, packages per core-hour (packages / (workers x
wall hours)), packages per CPU-hour (what a dedicated core would do: on a shared machine the
wall figures are inflated by other processes), median wall and CPU seconds per package,
scanned and text apart,
the peak resident memory of a worker (ru_maxrss, max over packages), the cores the run
really got (CPU over wall: the machine may be shared), the CPU seconds of this process during the
run (the client: for the pool its dispatcher, for Dask the client and the LocalCluster's
scheduler, which runs in it: the scheduler's overhead) per package, then the ratios.
docs/scale.md turns these figures into a plan.
"""
from __future__ import annotations

import argparse
import json
import os
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


def generate(root: Path, packages: int, files: int) -> None:
    for number in range(packages):
        folder = root / f"pkg{number:04d}{'-scan' if number % 3 == 2 else ''}"
        if folder.exists():
            continue
        folder.mkdir(parents=True)
        for index in range(files):
            cert = make(TYPES[index % len(TYPES)], seed=number * 1000 + index)
            if number % 3 == 2:
                to_image(cert, dpi=200).save(folder / f"{index:02d}_{cert.title}.jpg", quality=85)
            else:
                to_pdf(cert, folder / f"{index:02d}_{cert.title}.pdf")


def run(root: Path, work: Path, label: str, workers: int, engine: object | None) -> dict:
    from validator.batch.runner import BatchOptions, run_batch
    from validator.rules.context import CheckOptions

    os.environ["DINGDIAN_CACHE_DIR"] = str(work / f"cache-{label}")  # cold: OCR and results
    check = CheckOptions(package=root, city="taiyuan", kind="clinic", as_of=date(2026, 11, 23))
    started, own = perf_counter(), os.times()
    result = run_batch(BatchOptions(root=root, outdir=work / f"out-{label}", check=check, jobs=workers),
                       engine=engine)
    wall = perf_counter() - started
    mine = os.times()
    client_cpu = mine.user + mine.system - own.user - own.system
    outcomes = result.outcomes
    cpu = sum(o.cpu_seconds or 0 for o in outcomes)

    def median(field: str, scanned: bool) -> float | None:
        values = [getattr(o, field) for o in outcomes if o.package.endswith("-scan") == scanned]
        return round(statistics.median(values), 2) if values else None

    line = {"run": label, "workers": workers, "packages": len(outcomes), "failed": sum(o.failed for o in outcomes),
            "wall_s": round(wall, 1),
            "packages_per_core_hour": round(len(outcomes) / (workers * wall / 3600)),
            "packages_per_cpu_hour": round(len(outcomes) / (cpu / 3600)) if cpu else None,
            "median_s_scanned": median("seconds", True), "median_s_text": median("seconds", False),
            "median_cpu_s_scanned": median("cpu_seconds", True), "median_cpu_s_text": median("cpu_seconds", False),
            "worker_peak_rss_mb": round(max(o.worker_max_rss_kb or 0 for o in outcomes) / 1024),
            "cores_used": round(cpu / wall, 2), "client_cpu_s_per_package": round(client_cpu / len(outcomes), 3)}
    print(json.dumps(line), flush=True)
    return line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", type=int, default=200)
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--workdir", type=Path, help="keep generated packages here (reused when present)")
    parser.add_argument("--runs", default="pool-2,dask-1,dask-2", help="which runs, in this order")
    args = parser.parse_args()
    from validator.batch.dask_engine import DaskEngine

    work = args.workdir or Path(tempfile.mkdtemp(prefix="batch-cluster-bench-"))
    root = work / "packages"
    started = perf_counter()
    generate(root, args.packages, args.files)
    print(f"generated {args.packages} packages x {args.files} files in {perf_counter() - started:.1f}s under {root}",
          flush=True)
    lines = {}
    for label in args.runs.split(","):
        kind, workers = label.split("-")
        lines[label] = run(root, work, label, int(workers), DaskEngine(workers=int(workers)) if kind == "dask" else None)
    ratios = {"dask_2_over_1_speedup": ("dask-1", "dask-2"), "dask_2_over_pool_2_wall": ("pool-2", "dask-2")}
    print(json.dumps({name: round(lines[a]["wall_s"] / lines[b]["wall_s"], 2) if name.endswith("speedup")
                      else round(lines[b]["wall_s"] / lines[a]["wall_s"], 2)
                      for name, (a, b) in ratios.items() if a in lines and b in lines}))


if __name__ == "__main__":
    main()
