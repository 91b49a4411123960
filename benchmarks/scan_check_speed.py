"""`dingdian check` on a package of scans: cores used, peak memory, --fast against the full check (not a test).

    python benchmarks/scan_check_speed.py [--package titled|scans|merged] [--scans 6] [--rounds 3]

``titled`` (default): SCANS synthetic certificates as 200 dpi JPEG scans named by their titles
with the Taiyuan sample profile. ``scans``: benchmarks.realistic's all-scan package (15 pages:
scan0001.jpg…, phone photos, two multi-page PDFs, nested folders; names say nothing). ``merged``:
its Windows zip holding one 30-page scanned PDF. Then runs, ROUNDS
times in alternating order and each with an empty OCR cache, two ``dingdian check``
processes: the full check as shipped (one page at a time on every core, or on one onnxruntime
thread when the machine is busy: validator.readers.ocr.OcrSettings) and ``--fast``.

Every child is measured by ``wait4`` (wall time, CPU time = user + system, the peak RSS of
the check's own process) and sampled every 10 ms for the RSS of its whole process tree
(psutil, when installed); the peak reported is the larger of the two.  Prints, per
setting, the median and spread of the wall time, CPU time, cores used (CPU / wall) and
peak RSS; the ratio --fast / full; and the load average,
since on a shared machine the other processes take cores the check would use; and whether
--fast found the same materials (id and status) as the full check in every round.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
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
# Setting -> extra arguments.
SETTINGS = {"full": [], "fast": ["--fast"]}


def make_package(folder: Path, scans: int) -> Path:
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "samples" / "profiles" / "taiyuan.yaml", folder / "profile.yaml")
    for index in range(scans):
        cert = make(TYPES[index % len(TYPES)], seed=8000 + index)
        to_image(cert, dpi=200).save(folder / f"{index + 1:02d}-{cert.title}.jpg", quality=85)
    return folder


def tree_rss_peak(pid: int, done: threading.Event, peak: list[float]) -> None:
    """Samples the RSS (MB) of process ``pid`` and its descendants until ``done``; keeps the largest sum."""
    try:
        import psutil
    except ImportError:
        return
    try:
        root = psutil.Process(pid)
        while not done.is_set():
            total = 0
            for process in [root, *root.children(recursive=True)]:
                try:
                    total += process.memory_info().rss
                except psutil.Error:  # a child that has just ended
                    pass
            peak[0] = max(peak[0], total / 2**20)
            done.wait(0.01)
    except psutil.Error:  # the check has ended
        return


def build(kind: str, folder: Path, scans: int) -> Path:
    if kind == "titled":
        return make_package(folder / "package", scans)
    from benchmarks.realistic.packages import merged_zip, scan_package

    return scan_package(folder / "package") if kind == "scans" else merged_zip(folder / "merged.zip")


def run(package: Path, cache: Path, setting: str) -> dict[str, float]:
    """One check in a child process with an empty cache: wall s, CPU s, peak RSS MB of its tree."""
    argv = [sys.executable, "-m", "validator", *CHECK, str(package), *SETTINGS[setting]]
    env = {**os.environ, "DINGDIAN_CACHE_DIR": str(cache)}
    started = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    output: list[bytes] = []
    reader = threading.Thread(target=lambda: output.append(child.stdout.read()))  # type: ignore[union-attr]
    reader.start()
    done, sampled = threading.Event(), [0.0]
    sampler = threading.Thread(target=tree_rss_peak, args=(child.pid, done, sampled))
    sampler.start()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    reader.join()
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise RuntimeError(f"check failed: {child.stderr.read().decode()[-500:] if child.stderr else status}")
    report = json.loads(output[0])
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": max(usage.ru_maxrss / 1024, sampled[0]),
            # found: which files make up which material (the full check's rules may also call it invalid)
            "materials": sorted((m["id"], m["files"], m["status"] == "missing") for m in report["materials"]),
            "pages_ocr": report["stats"]["pages_ocr"]}


def spread(runs: list[dict[str, float]], key: str, digits: int = 2) -> str:
    values = [run[key] for run in runs]
    return f"{statistics.median(values):.{digits}f} ({min(values):.{digits}f}-{max(values):.{digits}f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package", choices=("titled", "scans", "merged"), default="titled")
    parser.add_argument("--scans", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    load_before = os.getloadavg()
    results: dict[str, list[dict[str, float]]] = {name: [] for name in SETTINGS}
    with tempfile.TemporaryDirectory(prefix="scan-check-") as tmp:
        package = build(args.package, Path(tmp), args.scans)
        for round_ in range(args.rounds):
            for name in list(SETTINGS) if round_ % 2 == 0 else list(reversed(SETTINGS)):
                results[name].append(run(package, Path(tmp) / f"cache-{name}-{round_}", name))
    for runs in results.values():
        for run_ in runs:
            run_["cores"] = run_["cpu"] / run_["wall"]
    print(f"{args.package} package ({args.scans} scans if titled) x {args.rounds} rounds; "
          f"load average before {load_before[0]:.1f}, "
          f"after {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; median (min-max)")
    for name, runs in results.items():
        print(f"{name:<9} wall {spread(runs, 'wall')} s  CPU {spread(runs, 'cpu')} s  "
              f"cores used {spread(runs, 'cores')}  peak RSS {spread(runs, 'rss_mb', 0)} MB  "
              f"pages OCRed in full {runs[0]['pages_ocr']}")
    median = {name: statistics.median(run_["wall"] for run_ in runs) for name, runs in results.items()}
    ratios = [fast["wall"] / full["wall"] for fast, full in zip(results["fast"], results["full"])]
    print(f"--fast / full check            {median['fast'] / median['full']:.3f} "
          f"(per round {min(ratios):.3f}-{max(ratios):.3f})")
    same = all(fast["materials"] == full["materials"] for fast, full in zip(results["fast"], results["full"]))
    print(f"same materials found           {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
