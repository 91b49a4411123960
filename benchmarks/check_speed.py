"""`dingdian check` on a 20-file text package against the floor of merely reading the files, and `--help` (not a test).

    python benchmarks/check_speed.py [--runs 7] [--package synth|realistic]

The package: 13 text PDFs (synthetic certificates) and the .docx/.xlsx files of the
Harbin sample (20 files); with ``--package realistic``, benchmarks.realistic's text package
(python-docx forms and letters, openpyxl sheets, reportlab certificates in layouts of their own:
20 files and the profile, checked as Taiyuan's).  The floor is a bare Python process that opens and reads
the same files with the same libraries (pypdfium2 text of every page, python-docx
paragraphs and tables, openpyxl cell values).  The commands run alternately in one
run, RUNS times; prints medians, the ratio check / floor in wall and in CPU time with
its spread (each check against the floor run beside it), `dingdian --help`, the interpreter's bare
start-up, peak RSS of the check, and the load average.  Children may write bytecode
(PYTHONDONTWRITEBYTECODE is dropped): an installed dingdian has its .pyc files, as the
libraries of the floor have theirs; the first, untimed run of each command writes them, and
dingdian's parsed-YAML cache (validator/yaml_cache.py).  The check is also timed with an empty
cache, as on the first run after an install or an upgrade.
Targets: check ≤ 1.3 × the floor, --help < 0.3 s.
"""
from __future__ import annotations

import argparse
import os
import shutil
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
OFFICE_SAMPLE = REPO / "samples" / "packages" / "harbin-clinic-complete"

FLOOR = r"""
import sys
from pathlib import Path

import docx
import openpyxl
import pypdfium2

for path in sorted(Path(sys.argv[1]).iterdir()):
    if path.suffix == ".pdf":
        document = pypdfium2.PdfDocument(path)
        for page in document:
            page.get_textpage().get_text_range()
    elif path.suffix == ".docx":
        document = docx.Document(path)
        [paragraph.text for paragraph in document.paragraphs]
        [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    elif path.suffix == ".xlsx":
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        [row for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)]
"""


def make_package(folder: Path, files: int = 20) -> Path:
    from samples.synth.certificates import make
    from samples.synth.render import to_pdf

    office = sorted(p for p in OFFICE_SAMPLE.iterdir() if p.suffix in (".docx", ".xlsx"))
    for path in office:
        shutil.copy(path, folder / path.name)
    for number in range(files - len(office)):
        document_type = TYPES[number % len(TYPES)]
        to_pdf(make(document_type, seed=number), folder / f"{number:02d}-{document_type}.pdf")
    return folder


def timed(command: list[str], cache: str | None = None) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MB) of one child process
    (``cache``: its DINGDIAN_CACHE_DIR)."""
    started = time.perf_counter()
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    if cache is not None:
        env["DINGDIAN_CACHE_DIR"] = cache
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, _, usage = os.wait4(child.pid, 0)
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--package", choices=("synth", "realistic"), default="synth")
    args = parser.parse_args()
    runs = args.runs
    load_before = os.getloadavg()
    city = "harbin" if args.package == "synth" else "taiyuan"
    check_cmd = [sys.executable, "-m", "validator", "check", "--city", city, "--kind", "clinic",
                 "--as-of", "2026-11-23", "--format", "json"]
    seconds: dict[str, list[float]] = {"bare": [], "help": [], "floor": [], "check": [], "empty cache": []}
    ratios: dict[str, list[float]] = {"wall": [], "cpu": []}
    peak = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        if args.package == "synth":
            package = make_package(Path(tmp))
        else:
            from benchmarks.realistic.packages import text_package

            package = text_package(Path(tmp) / "package")
        commands = {"bare": [sys.executable, "-c", "pass"], "help": [sys.executable, "-m", "validator", "--help"],
                    "floor": [sys.executable, "-c", FLOOR, str(package)], "check": [*check_cmd, str(package)]}
        for command in commands.values():  # warm the file cache and write bytecode once
            timed(command)
        for run in range(runs):
            names = list(commands) if run % 2 == 0 else list(reversed(commands))
            this_run = {name: timed(commands[name]) for name in names}
            with tempfile.TemporaryDirectory() as cache:
                seconds["empty cache"].append(timed(commands["check"], cache)[0])
            for name, (wall, _cpu, rss) in this_run.items():
                seconds[name].append(wall)
                peak = max(peak, rss) if name == "check" else peak
            ratios["wall"].append(this_run["check"][0] / this_run["floor"][0])
            ratios["cpu"].append(this_run["check"][1] / this_run["floor"][1])
    print(f"{args.package} package, {runs} runs; load average before {load_before[0]:.1f}, after {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores")
    for name, label in (("bare", "interpreter start-up"), ("help", "dingdian --help"),
                        ("floor", "floor: read the 20 files"), ("check", "dingdian check (20 files)"),
                        ("empty cache", "  the same, empty cache")):
        print(f"{label:<28}{statistics.median(seconds[name]) * 1000:7.0f} ms")
    for kind, values in ratios.items():
        print(f"check / floor ({kind:<4})        median {statistics.median(values):.2f} "
              f"(min {min(values):.2f}, max {max(values):.2f})")
    print(f"check peak memory (max RSS) {peak:7.0f} MB")


if __name__ == "__main__":
    main()
