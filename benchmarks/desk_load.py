"""Load test of the intake desk (not a test): N clerks against two desk processes on one PostgreSQL.

    python benchmarks/desk_load.py [--uploads 50] [--notices 50] [--clerks 50] [--workdir DIR]

A throw-away PostgreSQL cluster on loopback (tests/test_desk_support.postgres_cluster) and two
``dingdian serve`` processes sharing it and one data folder. Then, all at once from ``--clerks``
threads: UPLOADS uploads of the samples' packages (alternating servers), while one thread reads
the register page (``GET /``) every 0.2 s; when every case is checked, NOTICES notice requests
(each case asked twice on alternating servers, as two clerks or a retrying script would) at once.
Reports as JSON lines: time to verdict per case (median, p95, max), register latency (median,
p95), peak RSS of each server and of its check and render processes (psutil), and the
invariants: every case checked exactly once (audit ``check.done`` per version), every notice
number unique per agency and gap-free. Loopback only; nothing else is reached.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import psutil
import sqlalchemy as sa

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from test_desk_support import AS_OF, Server, fresh_database, postgres_cluster, sample_zip  # noqa: E402

SAMPLES = ("yangzhou-pharmacy-defective", "taiyuan-clinic-defective", "weihai-clinic-pooled-defective",
           "harbin-clinic-defective", "taiyuan-clinic-complete")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def line(measure: str, values: list[float], **extra: object) -> None:
    print(json.dumps({"measure": measure, "n": len(values), "median": round(statistics.median(values), 3),
                      "p95": round(percentile(values, 0.95), 3), "max": round(max(values), 3), **extra},
                     ensure_ascii=False), flush=True)


class MemoryWatch(threading.Thread):
    """Peak RSS of each server process and of its children (check and render processes)."""

    def __init__(self, servers: list[Server]) -> None:
        super().__init__(daemon=True)
        self.servers, self.stopping = servers, threading.Event()
        self.peak: dict[str, float] = Counter()

    def run(self) -> None:
        while not self.stopping.wait(0.5):
            for number, server in enumerate(self.servers):
                try:
                    process = psutil.Process(server.process.pid)
                    self._note(f"server{number}", process.memory_info().rss)
                    children = process.children(recursive=True)
                    self._note(f"server{number}_children", sum(child.memory_info().rss for child in children))
                except psutil.Error:
                    continue

    def _note(self, name: str, rss: int) -> None:
        self.peak[name] = max(self.peak[name], rss / 2**20)


def run(uploads: int, notices: int, clerks: int, workdir: Path) -> None:
    packages = {name: sample_zip(name) for name in SAMPLES}
    with postgres_cluster() as admin:
        db_url = fresh_database(admin, "load")
        servers = [Server(workdir / "data", db_url).start(), Server(workdir / "data", db_url).start()]
        watch = MemoryWatch(servers)
        watch.start()
        register_times: list[float] = []
        done = threading.Event()

        def read_register() -> None:
            with httpx.Client(base_url=servers[1].url, timeout=60) as http:
                while not done.is_set():
                    started = time.perf_counter()
                    http.get("/")
                    register_times.append(time.perf_counter() - started)
                    time.sleep(0.2)

        def upload(number: int) -> tuple[int, float]:
            name = SAMPLES[number % len(SAMPLES)]
            answer = httpx.post(f"{servers[number % 2].url}/api/cases", timeout=300,
                                data={"as_of": AS_OF, "received": AS_OF}, files={"package": (f"{name}.zip", packages[name])})
            answer.raise_for_status()
            return answer.json()["id"], time.perf_counter()

        def verdict_time(item: tuple[int, float]) -> float:
            case_id, sent = item
            with httpx.Client(base_url=servers[0].url, timeout=60) as http:
                while http.get(f"/api/cases/{case_id}").json()["status"] not in ("done", "failed"):
                    time.sleep(0.2)
            return time.perf_counter() - sent

        try:
            reader = threading.Thread(target=read_register, daemon=True)
            reader.start()
            with ThreadPoolExecutor(clerks) as pool:
                sent = list(pool.map(upload, range(uploads)))
                to_verdict = list(pool.map(verdict_time, sent))
                case_ids = [case_id for case_id, _sent in sent]
                asked = [case_ids[(number // 2) % len(case_ids)] for number in range(notices)]  # each case twice

                def notice(number: int) -> int:
                    server = servers[number % 2]
                    return httpx.post(f"{server.url}/api/cases/{asked[number]}/notice", timeout=300).status_code

                started = time.perf_counter()
                statuses = Counter(pool.map(notice, range(notices)))
                notice_seconds = time.perf_counter() - started
            done.set()
        finally:
            watch.stopping.set()
            for server in servers:
                server.stop()
        engine = sa.create_engine(db_url.replace("postgresql://", "postgresql+psycopg://"))
        with engine.connect() as conn:
            checked = Counter(conn.execute(sa.text("SELECT case_id FROM audit WHERE action = 'check.done'")).scalars())
            numbers = list(conn.execute(sa.text("SELECT agency, number FROM notices")).all())
            failed = conn.execute(sa.text("SELECT count(*) FROM versions WHERE check_status <> 'done'")).scalar()
        engine.dispose()
    line("upload_to_verdict_s", to_verdict, uploads=uploads, servers=2, database="postgresql")
    line("register_get_s", register_times)
    runs = {agency: sorted(int(number[-5:-1]) for other, number in numbers if other == agency) for agency, _ in numbers}
    print(json.dumps({
        "measure": "invariants", "cases": len(case_ids), "each_checked_once": sorted(checked.values()) == [1] * len(case_ids),
        "not_done": failed, "notice_requests": notices, "notice_answers": dict(statuses),
        "notice_seconds": round(notice_seconds, 2), "notices_issued": len(numbers),
        "numbers_unique": len(set(numbers)) == len(numbers),
        "gap_free": all(run == list(range(1, len(run) + 1)) for run in runs.values()),
        "peak_rss_mb": {name: round(value) for name, value in sorted(watch.peak.items())},
        "load_average": [round(value, 1) for value in psutil.getloadavg()]}, ensure_ascii=False), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=50)
    parser.add_argument("--notices", type=int, default=50)
    parser.add_argument("--clerks", type=int, default=50)
    parser.add_argument("--workdir", type=Path)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        run(arguments.uploads, arguments.notices, arguments.clerks, arguments.workdir or Path(folder))


if __name__ == "__main__":
    main()
