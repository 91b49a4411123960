"""`fill --all` per city from the sample profiles: median of 5 runs (in-process, after one
warm-up run, so interpreter start-up and imports are excluded).

    python benchmarks/fill_bench.py
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generators.fill import fill_all  # noqa: E402
from validator.domain.profile import load_profile  # noqa: E402
from validator.resources import list_cities  # noqa: E402

RUNS = 5


def main() -> None:
    for city in list_cities():
        profile = load_profile(REPO / "samples" / "profiles" / f"{city}.yaml")
        times = []
        for run in range(RUNS + 1):
            with tempfile.TemporaryDirectory() as folder:
                start = time.perf_counter()
                result = fill_all(profile, Path(folder), today=date(2025, 11, 20))
                if run:  # run 0 warms caches (catalogue, checklist, templates' imports)
                    times.append(time.perf_counter() - start)
        print(f"{city:22s} {len(result.written)} files  median {statistics.median(times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
