"""Benchmark of ``dingdian serve`` (not a test): upload-to-verdict and the register page at 10,000 cases.

    python benchmarks/desk_bench.py [--runs 5] [--cases 10000] [--workdir DIR]

1. Upload-to-verdict: a 20-file text package (synthetic certificates from samples.synth, all
   text PDFs) is POSTed to /api/cases of a real server (SQLite, loopback) and /api/cases/{id}
   polled every 20 ms until done; RUNS times. For scale, the same package through ``run_check``
   in-process; the ratio is the desk's overhead (upload, storage, queue, database, HTML reports).
2. Register page: CASES cases (with versions and reports' summary columns) inserted straight
   into a fresh database, then ``GET /`` (first page of 50, due counts), ``GET /api/cases?due=overdue``
   and ``GET /export.xlsx`` timed on the running server.
Prints one JSON line per measure with the median (and the minimum and maximum).
"""
from __future__ import annotations

import argparse
import io
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from samples.synth.certificates import BUILDERS, make  # noqa: E402
from samples.synth.render import to_pdf  # noqa: E402

AS_OF = date(2026, 11, 23)


def text_package(folder: Path, files: int = 20) -> bytes:
    folder.mkdir(parents=True, exist_ok=True)
    types = sorted(BUILDERS)
    for index in range(files):
        cert = make(types[index % len(types)], seed=7000 + index)
        to_pdf(cert, folder / f"{index:02d}_{cert.title}.pdf")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, path.name)
    return out.getvalue()


def start_server(data: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "validator", "serve", "--port", str(port), "--data", str(data)],
                               cwd=REPO, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return process, url
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def line(measure: str, seconds: list[float], **extra: object) -> None:
    print(json.dumps({"measure": measure, "runs": len(seconds), "median_s": round(statistics.median(seconds), 3),
                      "min_s": round(min(seconds), 3), "max_s": round(max(seconds), 3), **extra},
                     ensure_ascii=False), flush=True)


def upload_to_verdict(url: str, package: bytes, runs: int) -> list[float]:
    times = []
    with httpx.Client(base_url=url, timeout=300) as http:
        for _ in range(runs):
            started = time.perf_counter()
            case = http.post("/api/cases", data={"city": "taiyuan", "kind": "clinic", "as_of": AS_OF.isoformat()},
                             files={"package": ("bench.zip", package)}).json()["id"]
            while http.get(f"/api/cases/{case}").json()["status"] not in ("done", "failed"):
                time.sleep(0.02)
            times.append(time.perf_counter() - started)
    return times


def in_process(folder: Path, runs: int) -> list[float]:
    from validator.check.pipeline import run_check
    from validator.rules.context import CheckOptions

    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run_check(CheckOptions(package=folder, city="taiyuan", kind="clinic", as_of=AS_OF))
        times.append(time.perf_counter() - started)
    return times


def fill_register(data: Path, count: int) -> None:
    """COUNT cases with one checked version each, spread over statuses, cities and due dates."""
    import sqlalchemy as sa

    from validator.desk.database import make_engine, migrate
    from validator.desk.settings import make_settings
    from validator.desk.tables import cases, versions

    engine = make_engine(make_settings(data).db_url)
    migrate(engine)
    rng = random.Random(15)
    now, today = datetime.utcnow(), date.today()
    statuses = ["received", "notified", "accepted", "rejected", "supplemented", "withdrawn"]
    cities = ["taiyuan", "yangzhou", "harbin", "weihai", "shandong-provincial"]
    with engine.begin() as conn:
        conn.execute(sa.insert(cases), [
            {"id": n, "institution": f"基准诊所{n:05d}", "uscc": "91321002568151884J", "city": rng.choice(cities),
             "kind": "clinic", "procedure": "application", "received": today - timedelta(days=rng.randrange(60)),
             "status": rng.choice(statuses), "next_due": today + timedelta(days=rng.randrange(-20, 20)),
             "next_event": "notify", "created_at": now, "updated_at": now} for n in range(1, count + 1)])
        conn.execute(sa.insert(versions), [
            {"case_id": n, "number": 1, "sha256": "0" * 64, "size": 1, "filename": "bench.zip", "received": today,
             "as_of": today, "check_status": "done", "verdict": rng.choice(["complete", "incomplete", "ineligible"]),
             "errors": rng.randrange(5), "warnings": rng.randrange(5), "queued_at": now}
            for n in range(1, count + 1)])
    engine.dispose()


def timed_gets(url: str, path: str, runs: int) -> list[float]:
    times = []
    with httpx.Client(base_url=url, timeout=300) as http:
        http.get(path).raise_for_status()  # warm-up
        for _ in range(runs):
            started = time.perf_counter()
            http.get(path).raise_for_status()
            times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="desk-bench-"))
    package = text_package(work / "package")

    process, url = start_server(work / "desk-upload")
    try:
        desk = upload_to_verdict(url, package, args.runs)
    finally:
        process.terminate()
        process.wait(timeout=30)
    direct = in_process(work / "package", args.runs)
    line("upload_to_verdict_20_text_files", desk)
    line("run_check_in_process_same_package", direct,
         desk_over_direct=round(statistics.median(desk) / statistics.median(direct), 2))

    fill_register(work / "desk-register", args.cases)
    process, url = start_server(work / "desk-register")
    try:
        for path in ("/", "/api/cases?due=overdue", "/cases/1"):
            line(f"GET {path} with {args.cases} cases", timed_gets(url, path, max(args.runs, 10)))
        line(f"GET /export.xlsx with {args.cases} cases", timed_gets(url, "/export.xlsx", 3))
    finally:
        process.terminate()
        process.wait(timeout=30)


if __name__ == "__main__":
    main()
