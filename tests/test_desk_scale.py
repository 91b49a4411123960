"""Several desk processes on one database share the queue: each check claimed once."""
from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import httpx
import pytest
import sqlalchemy as sa

from test_desk_support import AS_OF, Server, fresh_database, postgres_cluster, sample_zip, wait_checked
from validator.desk.database import make_engine, migrate, utcnow
from validator.desk.register import CaseFields, Upload, create_case
from validator.desk.settings import make_settings
from validator.desk.tables import versions
from validator.desk.worker import claim_next, requeue_interrupted


def test_only_a_check_that_stopped_beating_is_taken_back(tmp_path):
    engine = make_engine(make_settings(tmp_path / "data").db_url)
    migrate(engine)
    with engine.begin() as conn:
        for name in ("a", "b"):
            create_case(conn, "clerk", Upload(name * 64 if name == "a" else "b" * 64, 1, f"{name}.zip"), CaseFields())
    alive, dead = claim_next(engine), claim_next(engine)
    assert claim_next(engine) is None  # each queued version is claimed once
    with engine.begin() as conn:
        conn.execute(sa.update(versions).where(versions.c.id == dead).values(heartbeat_at=utcnow() - timedelta(minutes=5)))
    assert requeue_interrupted(engine) == 1
    with engine.connect() as conn:
        states = dict(conn.execute(sa.select(versions.c.id, versions.c.check_status)).all())
    assert states == {alive: "running", dead: "queued"}


@pytest.mark.slow
def test_two_servers_on_one_postgresql_check_each_upload_once(tmp_path):
    with postgres_cluster() as admin:
        db_url = fresh_database(admin, "shared")
        servers = [Server(tmp_path / "data", db_url).start(), Server(tmp_path / "data", db_url).start()]
        try:
            names = ["yangzhou-pharmacy-defective", "taiyuan-clinic-defective", "weihai-clinic-pooled-defective"]
            packages = {name: sample_zip(name) for name in names}

            def send(number: int) -> int:
                server, name = servers[number % 2], names[number % 3]
                answer = httpx.post(f"{server.url}/api/cases", timeout=120, data={"as_of": AS_OF, "received": AS_OF},
                                    files={"package": (f"{name}.zip", packages[name])})
                assert answer.status_code == 201
                return answer.json()["id"]

            with ThreadPoolExecutor(6) as pool:
                case_ids = list(pool.map(send, range(12)))
            with httpx.Client(base_url=servers[0].url, timeout=60) as http:
                assert all(wait_checked(http, case_id, timeout=400)["status"] == "done" for case_id in case_ids)
                notices = list(ThreadPoolExecutor(6).map(lambda c: http.post(f"/api/cases/{c}/notice"), case_ids * 2))
        finally:
            for server in servers:
                server.stop()
        engine = make_engine(make_settings(None, db_url).db_url)
        with engine.connect() as conn:
            done = Counter(conn.execute(sa.text("SELECT case_id FROM audit WHERE action = 'check.done'")).scalars())
            numbers = list(conn.execute(sa.text("SELECT agency, number FROM notices")).all())
        engine.dispose()
    assert len(set(case_ids)) == 12 and done == Counter({case_id: 1 for case_id in case_ids})
    assert {answer.status_code for answer in notices} <= {200, 201} and len(numbers) == 12 == len(set(numbers))
    for agency in {agency for agency, _number in numbers}:  # per agency and year: 0001, 0002, … with no gap
        run = sorted(int(number[-5:-1]) for other, number in numbers if other == agency)
        assert run == list(range(1, len(run) + 1))


def test_metrics_in_the_prometheus_text_format(tmp_path):
    from prometheus_client.parser import text_string_to_metric_families

    from test_desk_support import client, upload

    with client(tmp_path) as http:
        case_id = upload(http, "yangzhou-pharmacy-defective").json()["id"]
        wait_checked(http, case_id)
        answer = http.get("/metrics")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/plain")
    samples = {(s.name, tuple(sorted(s.labels.items()))): s.value
               for family in text_string_to_metric_families(answer.text) for s in family.samples}
    assert samples[("dingdian_desk_checks_total", (("city", "yangzhou"), ("outcome", "done")))] == 1
    assert samples[("dingdian_desk_queue", (("state", "queued"),))] == 0
    assert samples[("dingdian_desk_checks_last_minute", ())] == 1
    assert samples[("dingdian_desk_check_seconds_count", (("city", "yangzhou"),))] == 1
    assert samples[("dingdian_desk_check_seconds_sum", (("city", "yangzhou"),))] > 0


@pytest.mark.slow
def test_checks_on_a_dask_cluster_reach_the_local_verdicts(tmp_path):
    distributed = pytest.importorskip("distributed")
    from test_desk_support import client, upload

    names = ("yangzhou-pharmacy-defective", "taiyuan-clinic-complete")
    with client(tmp_path / "local") as http:
        local = {name: wait_checked(http, upload(http, name).json()["id"]) for name in names}
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        with client(tmp_path / "dask", scheduler=cluster.scheduler_address) as http:
            remote = {name: wait_checked(http, upload(http, name).json()["id"], timeout=300) for name in names}
            worker = http.app.state.desk.worker
            assert type(worker.pool).__name__ == "DaskChecks"
    for name in names:
        assert remote[name]["status"] == "done" and remote[name]["verdict"] == local[name]["verdict"]
        assert remote[name]["report"]["summary"] == local[name]["report"]["summary"]
