"""How long `dingdian check` takes on a 20-file text-PDF package, and `dingdian --help`.

    python benchmarks/check_speed.py [--runs 5]

Prints medians: the interpreter's bare start-up, `dingdian --help`, the whole
`dingdian check` command, the check beyond start-up, and peak memory (RSS).
Targets (issue 2): check ≤ 0.5 s beyond start-up, --help < 0.3 s, < 200 MB.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

TYPES = ("practice_license", "business_license", "physician_certificate", "pharmacist_certificate",
         "gsp_certificate", "drug_business_license", "clinic_record")


def make_package(folder: Path, files: int = 20) -> Path:
    from samples.synth.certificates import make
    from samples.synth.render import to_pdf

    for number in range(files):
        document_type = TYPES[number % len(TYPES)]
        to_pdf(make(document_type, seed=number), folder / f"{number:02d}-{document_type}.pdf")
    return folder


def timed(command: list[str], runs: int) -> tuple[float, int]:
    """Median wall seconds and the largest peak RSS (KiB) of the command's child process."""
    import resource

    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False)
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        package = make_package(Path(tmp))
        bare, _ = timed([sys.executable, "-c", "pass"], runs)
        help_s, _ = timed([sys.executable, "-m", "validator", "--help"], runs)
        check_s, peak = timed([sys.executable, "-m", "validator", "check", str(package), "--city", "harbin",
                               "--kind", "clinic", "--as-of", "2026-11-23", "--format", "json"], runs)
    print(f"interpreter start-up      {bare * 1000:7.0f} ms")
    print(f"dingdian --help           {help_s * 1000:7.0f} ms")
    print(f"dingdian check (20 PDFs)  {check_s * 1000:7.0f} ms")
    print(f"  beyond start-up         {(check_s - bare) * 1000:7.0f} ms")
    print(f"peak memory (max RSS)     {peak / 1024:7.0f} MB")


if __name__ == "__main__":
    main()
