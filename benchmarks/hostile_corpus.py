"""Runs ``dingdian check`` on every hostile input of tests/hostile_corpus.py, one process each.

Prints, per input: exit status, wall time, peak memory (max RSS of the child), the
time of open_package alone (median of 3, in this process), and whether stderr held a
traceback; then the worst time and memory and the counts of
crashes (exit >= 70 or a traceback) and hangs (killed by the timeout).

    python benchmarks/hostile_corpus.py [--ocr] [--timeout 300] [--repeat 1] [CASE ...]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from hostile_corpus import build_corpus  # noqa: E402


def run_one(package: Path, timeout: float, ocr: bool, cache: Path) -> tuple[int, float, float, bool]:
    """(exit status or -1 for a hang, seconds, peak MiB, traceback seen)."""
    command = [sys.executable, "-m", "validator", "check", str(package), "--city", "weihai", "--kind", "clinic",
               "--scheme", "pooled", "--format", "json", "--as-of", "2025-06-01"]
    if not ocr:
        command.append("--no-ocr")
    environment = dict(os.environ, DINGDIAN_CACHE_DIR=str(cache))
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err, env=environment)
        deadline = started + timeout
        status = None
        while status is None and time.perf_counter() < deadline:
            pid, raw, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                status = os.waitstatus_to_exitcode(raw)
                break
            time.sleep(0.02)
        if status is None:
            child.kill()
            _, _, usage = os.wait4(child.pid, 0)
            status = -1
        seconds = time.perf_counter() - started
        child.returncode = status  # reaped by wait4
        err.seek(0)
        traceback_seen = b"Traceback" in err.read()
    return status, seconds, usage.ru_maxrss / 1024, traceback_seen


def listing_seconds(package: Path, repeat: int) -> float:
    """Median wall time of open_package alone (the inventory tier), in this process."""
    from validator.errors import InputError
    from validator.intake.package import open_package

    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        try:
            open_package(package)
        except InputError:
            pass
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*")
    parser.add_argument("--ocr", action="store_true", help="let scans be OCRed (slower)")
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--repeat", type=int, default=1, help="runs per input; the median time is shown")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        cases = build_corpus(root / "corpus", set(args.cases) or None)
        rows = []
        for case in cases:
            runs = [run_one(case.package, args.timeout, args.ocr, root / "cache") for _ in range(args.repeat)]
            status = max(run[0] for run in runs)
            rows.append((case.name, status, statistics.median(r[1] for r in runs), max(r[2] for r in runs),
                         any(r[3] for r in runs), listing_seconds(case.package, 3)))
    print(f"{'input':40} {'exit':>4} {'seconds':>8} {'peak MiB':>9} {'listing s':>9} traceback")
    for name, status, seconds, mib, traceback_seen, listing in rows:
        print(f"{name:40} {status:>4} {seconds:8.2f} {mib:9.0f} {listing:9.3f} {'YES' if traceback_seen else ''}")
    crashes = [r[0] for r in rows if r[1] >= 70 or r[4]]
    hangs = [r[0] for r in rows if r[1] == -1]
    slowest = max(rows, key=lambda r: r[2])
    largest = max(rows, key=lambda r: r[3])
    print(f"\n{len(rows)} bad inputs; crashes: {len(crashes)} {crashes}; hangs: {len(hangs)} {hangs}")
    print(f"worst time {slowest[2]:.2f} s ({slowest[0]}); worst peak memory {largest[3]:.0f} MiB ({largest[0]})")
    return 1 if crashes or hangs else 0


if __name__ == "__main__":
    sys.exit(main())
