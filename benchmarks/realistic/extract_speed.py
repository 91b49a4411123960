"""`dingdian extract` of one scanned file, process start to answer, against a bare RapidOCR script (not a test).

    python -m benchmarks.realistic.extract_speed [--scans 8] [--rounds 3]

The files: benchmarks.realistic's single scans (scan0001.jpg…, 200 dpi, seals, a slight tilt).
Per file and round, alternating which goes first, two child processes with the same
interpreter: ``dingdian extract FILE --format json`` with an empty cache, and the bare script
below (RapidOCR with its defaults: import, model load, decode and OCR of the file). Each is
timed from ``Popen`` to exit (wall) and by ``wait4`` (CPU). Prints the ratio dingdian / bare per
pair, its median and spread, the medians of both, and the load average.
Target (issue 25): ≤ 0.6×.
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

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

BARE = r"""
import sys
from rapidocr import RapidOCR

result = RapidOCR()(sys.argv[1])
print("\n".join(result.txts or ()))
"""


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    started = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise RuntimeError(f"{argv[:4]} failed: {child.stderr.read().decode()[-400:] if child.stderr else status}")
    return wall, usage.ru_utime + usage.ru_stime


def main() -> None:
    from benchmarks.realistic.packages import scans

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scans", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    ratios, walls = [], {"dingdian": [], "bare": []}
    with tempfile.TemporaryDirectory(prefix="extract-speed-") as tmp:
        files = scans(Path(tmp) / "scans", count=args.scans)
        for round_ in range(args.rounds):
            for index, path in enumerate(files):
                env = {**os.environ, "DINGDIAN_CACHE_DIR": str(Path(tmp) / f"cache-{round_}-{index}")}
                commands = {"dingdian": [sys.executable, "-m", "validator", "extract", str(path), "--format", "json"],
                            "bare": [sys.executable, "-c", BARE, str(path)]}
                order = list(commands) if (round_ + index) % 2 == 0 else list(reversed(commands))
                got = {name: timed(commands[name], env) for name in order}
                for name, (wall, _) in got.items():
                    walls[name].append(wall)
                ratios.append(got["dingdian"][0] / got["bare"][0])
    print(f"{args.scans} scans x {args.rounds} rounds; load average before {load_before:.1f}, "
          f"after {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for name, values in walls.items():
        print(f"{name:<9} wall median {statistics.median(values):.2f} s ({min(values):.2f}-{max(values):.2f})")
    print(f"dingdian / bare per file: median {statistics.median(ratios):.3f} "
          f"(spread {min(ratios):.3f}-{max(ratios):.3f}, {len(ratios)} pairs)")


if __name__ == "__main__":
    main()
