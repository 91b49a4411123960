"""`dingdian check` on a package of scans: --fast against the full check, pages in parallel, memory (not a test).

    python benchmarks/scan_check_speed.py [--scans 6] [--rounds 3]

Generates a package of SCANS synthetic certificates as 200 dpi JPEG scans named by
their titles (as clinics name them) with the Taiyuan sample profile, then runs, ROUNDS
times in alternating order and each with an empty OCR cache, three ``dingdian check``
processes: the full check (the default: one page at a time on every core), the full check
with two pages at once on one onnxruntime thread each
(``ocr.configure(threads=1, parallel_pages=2)``), and ``--fast``.  Every child is measured
by ``wait4``: wall time, CPU time (user + system) and peak RSS; the check runs in one
process (pages are read by threads), so that RSS is the whole process tree's.  Prints medians: --fast / full, two pages / one,
the cores each used (CPU / wall), peak RSS, and the load average.
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

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from samples.synth.certificates import make  # noqa: E402
from samples.synth.render import to_image  # noqa: E402

# Certificates a clinic's package holds, each named by its file name.
TYPES = ("business_license", "practice_license", "physician_certificate", "clinic_record",
         "physician_certificate", "practice_license")
CHECK = ["check", "--city", "taiyuan", "--kind", "clinic", "--as-of", "2026-11-23", "--format", "json"]


def make_package(folder: Path, scans: int) -> Path:
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "samples" / "profiles" / "taiyuan.yaml", folder / "profile.yaml")
    for index in range(scans):
        cert = make(TYPES[index % len(TYPES)], seed=8000 + index)
        to_image(cert, dpi=200).save(folder / f"{index + 1:02d}-{cert.title}.jpg", quality=85)
    return folder


def run(package: Path, cache: Path, parallel_pages: int, fast: bool) -> dict[str, float]:
    """One check in a child process with an empty cache: wall s, CPU s, peak RSS MB."""
    threads = "" if parallel_pages == 1 else "threads=1, "
    code = ("import sys; from validator import ocr; ocr.configure(%sparallel_pages=%d); "
            "from validator.cli import main; main(sys.argv[1:])" % (threads, parallel_pages))
    argv = [sys.executable, "-c", code, *CHECK, str(package), *(["--fast"] if fast else [])]
    env = {**os.environ, "DINGDIAN_CACHE_DIR": str(cache)}
    started = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise RuntimeError(f"check failed: {child.stderr.read().decode()[-500:] if child.stderr else status}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024}


def median(runs: list[dict[str, float]], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scans", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    load_before = os.getloadavg()
    results: dict[str, list[dict[str, float]]] = {"full": [], "two_pages": [], "fast": []}
    settings = {"full": (1, False), "two_pages": (2, False), "fast": (1, True)}
    with tempfile.TemporaryDirectory(prefix="scan-check-") as tmp:
        package = make_package(Path(tmp) / "package", args.scans)
        for round_ in range(args.rounds):
            names = list(settings) if round_ % 2 == 0 else list(reversed(settings))
            for name in names:
                cache = Path(tmp) / f"cache-{name}-{round_}"
                results[name].append(run(package, cache, *settings[name]))
    full, two, fast = (results[name] for name in ("full", "two_pages", "fast"))
    print(f"{args.scans} scans x {args.rounds} rounds; load average before {load_before[0]:.1f}, "
          f"after {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for name, runs in results.items():
        walls = [run["wall"] for run in runs]
        print(f"{name:<9} wall median {median(runs, 'wall'):6.2f} s (min {min(walls):.2f}, max {max(walls):.2f})  "
              f"CPU {median(runs, 'cpu'):6.2f} s  cores used {median(runs, 'cpu') / median(runs, 'wall'):.2f}  "
              f"peak RSS max {max(run['rss_mb'] for run in runs):.0f} MB")
    print(f"--fast / full check            {median(fast, 'wall') / median(full, 'wall'):.3f}")
    print(f"two pages at once / full       {median(two, 'wall') / median(full, 'wall'):.3f}")


if __name__ == "__main__":
    main()
