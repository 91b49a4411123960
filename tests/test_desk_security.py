"""Access, CSRF, upload guards and durability of the desk."""
from __future__ import annotations

import hashlib
import io
import json
import re
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from test_desk_support import REPO, Server, client, sample_zip, upload, wait_checked
from validator.desk.app import create_app
from validator.desk.auth import add_user, new_api_token
from validator.desk.database import make_engine, migrate
from validator.desk.settings import make_settings
from validator.errors import UsageError
from validator.privacy import mask_value

PASSWORD = "window-desk-2026"


def with_users(tmp_path: Path) -> str:
    """Adds a clerk and a reviewer to the desk's database; the reviewer's API token."""
    engine = make_engine(make_settings(tmp_path / "data").db_url)
    migrate(engine)
    add_user(engine, "clerk", "clerk", PASSWORD)
    add_user(engine, "reviewer", "reviewer", PASSWORD)
    token = new_api_token(engine, "reviewer")
    engine.dispose()
    return token


def logged_in(http, name: str) -> str:
    """Logs in; the CSRF token the pages carry."""
    answer = http.post("/login", data={"name": name, "password": PASSWORD}, follow_redirects=True)
    assert answer.status_code == 200
    return re.search(r'name="csrf-token" content="([0-9a-f]+)"', answer.text).group(1)


def test_non_loopback_without_users_refuses_to_start(tmp_path):
    with pytest.raises(UsageError, match="须先创建用户"):
        create_app(make_settings(tmp_path / "data", host="0.0.0.0"))
    run = subprocess.run([sys.executable, "-m", "validator", "serve", "--host", "0.0.0.0", "--port", "8751",
                          "--data", str(tmp_path / "data")], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and "dingdian users add" in run.stderr
    assert "Traceback" not in run.stderr


def test_unauthenticated_requests_are_refused(tmp_path):
    with_users(tmp_path)
    with client(tmp_path, host="0.0.0.0") as http:
        assert http.get("/api/cases").status_code == 401
        assert http.get("/api/cases/1").status_code == 401
        page = http.get("/", follow_redirects=False)
        assert page.status_code == 303 and page.headers["location"] == "/login"
        assert upload(http, "yangzhou-pharmacy-defective").status_code == 401
        assert http.get("/api/cases", headers={"Authorization": "Bearer not-a-token"}).status_code == 401
        assert http.get("/healthz").status_code == 200
        wrong = http.post("/login", data={"name": "clerk", "password": "wrong-password"})
        assert wrong.status_code == 401 and "dingdian_session" not in wrong.cookies


def test_session_needs_csrf_token_and_same_origin(tmp_path):
    with_users(tmp_path)
    with client(tmp_path, host="0.0.0.0") as http:
        csrf = logged_in(http, "clerk")
        refused = upload(http, "yangzhou-pharmacy-defective")
        assert refused.status_code == 403 and "页面已过期" in refused.json()["error"]
        assert upload(http, "yangzhou-pharmacy-defective", csrf_token="0" * 64).status_code == 403
        cross = http.post("/api/cases", headers={"Origin": "https://evil.example", "X-CSRF-Token": csrf},
                          files={"package": ("a.zip", sample_zip("yangzhou-pharmacy-defective"))})
        assert cross.status_code == 403 and cross.json()["error"] == "跨站请求被拒绝"
        assert upload(http, "yangzhou-pharmacy-defective", csrf_token=csrf).status_code == 201


def test_bearer_token_for_scripts(tmp_path):
    token = with_users(tmp_path)
    with client(tmp_path, host="0.0.0.0") as http:
        http.headers["Authorization"] = f"Bearer {token}"
        created = upload(http, "yangzhou-pharmacy-defective")
        assert created.status_code == 201
        assert wait_checked(http, created.json()["id"])["status"] == "done"


def test_personal_data_masked_for_clerks_only(tmp_path):
    token = with_users(tmp_path)
    with client(tmp_path, host="0.0.0.0") as http:
        http.headers["Authorization"] = f"Bearer {token}"
        case_id = upload(http, "taiyuan-clinic-defective").json()["id"]
        full = wait_checked(http, case_id)["report"]
        del http.headers["Authorization"]
        csrf = logged_in(http, "clerk")
        shown = http.get(f"/api/cases/{case_id}").json()["report"]
        assert shown != full
        assert shown == mask_value(full)
        numbers = set(re.findall(r"\d{17}[\dX]", json.dumps(full))) - set(re.findall(r"\d{17}[\dX]", json.dumps(shown)))
        assert numbers and not any(number in http.get(f"/cases/{case_id}").text for number in numbers)
        waiver = http.post(f"/api/cases/{case_id}/waivers", data={"code": "expiring_soon", "reason": "x",
                                                                  "csrf_token": csrf})
        assert waiver.status_code == 403
        http.post(f"/api/cases/{case_id}/withdraw", data={"reason": "申请人来电 13812345678 撤回", "csrf_token": csrf})
        page = http.get(f"/cases/{case_id}").text
        assert "138****5678" in page and "13812345678" not in page  # the audit log, masked for a clerk


def test_loopback_desk_refuses_foreign_hosts_and_cross_site_posts(tmp_path):
    with client(tmp_path) as http:
        assert http.get("/", headers={"Host": "evil.example"}).status_code == 421
        cross = http.post("/api/cases", headers={"Origin": "https://evil.example"},
                          files={"package": ("a.zip", sample_zip("yangzhou-pharmacy-defective"))})
        assert cross.status_code == 403
        same_site_form = http.post("/cases", headers={"Origin": "http://127.0.0.1:8750"},
                                   files={"package": ("a.zip", sample_zip("yangzhou-pharmacy-defective"))},
                                   follow_redirects=False)
        assert same_site_form.status_code == 303 and "页面已过期" in httpx.URL(same_site_form.headers["location"]).params["error"]
        assert http.get("/api/cases").json()["total"] == 0


def test_oversize_upload_refused_with_a_clear_message(tmp_path):
    with client(tmp_path, max_upload=50_000) as http:
        answer = upload(http, "taiyuan-clinic-defective")
        assert answer.status_code == 413 and "超过大小上限" in answer.json()["error"]
        assert http.get("/api/cases").json()["total"] == 0


def hostile_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("申请表.txt", "医疗机构名称：某诊所")
        archive.writestr("../../outside.txt", "escape")
    return out.getvalue()


@pytest.mark.parametrize("name, data, message", [
    ("escape.zip", hostile_zip(), "不安全的条目"),
    ("notes.zip", b"just text, not an archive\n" * 20, "无法作为申报材料包打开"),
    ("empty.zip", b"", "无法作为申报材料包打开"),
])
def test_hostile_uploads_refused_and_nothing_written_outside(tmp_path, name, data, message):
    with client(tmp_path) as http:
        answer = http.post("/api/cases", files={"package": (name, data, "application/zip")})
        assert answer.status_code == 422 and message in answer.json()["error"]
        assert http.get("/api/cases").json()["total"] == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]
    assert not list((tmp_path / "data" / "blobs").glob("??/*"))  # refused uploads are not kept


def test_stored_package_is_read_only_and_content_addressed(tmp_path):
    data = sample_zip("yangzhou-pharmacy-defective")
    with client(tmp_path) as http:
        answer = http.post("/api/cases", files={"package": ("../../../../etc/evil.zip", data, "application/zip")})
        assert answer.status_code == 201
        case = wait_checked(http, answer.json()["id"])
        assert case["report"]["package"] == "evil.zip"
    digest = hashlib.sha256(data).hexdigest()
    blob = tmp_path / "data" / "blobs" / digest[:2] / digest
    assert blob.read_bytes() == data
    assert stat.S_IMODE(blob.stat().st_mode) == 0o400
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


@pytest.mark.slow
def test_kill_during_a_check_then_restart_keeps_every_case(tmp_path):
    server = Server(tmp_path / "data").start()
    try:
        scanned = httpx.post(f"{server.url}/api/cases", timeout=60, data={"as_of": "2026-11-23"},
                             files={"package": ("scan.zip", sample_zip("harbin-clinic-complete"))}).json()["id"]
        waiting = httpx.post(f"{server.url}/api/cases", timeout=60, data={"as_of": "2026-11-23"},
                             files={"package": ("b.zip", sample_zip("yangzhou-pharmacy-defective"))}).json()["id"]
        deadline = time.monotonic() + 60
        while httpx.get(f"{server.url}/api/cases/{scanned}").json()["status"] != "running":
            assert time.monotonic() < deadline, "the check never started"
            time.sleep(0.05)
        server.kill()  # SIGKILL: no shutdown code runs
    finally:
        server.stop()
    engine = make_engine(make_settings(tmp_path / "data").db_url)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT check_status FROM versions WHERE case_id = :c"), {"c": scanned}).scalar() == "running"
    engine.dispose()
    restarted = Server(tmp_path / "data").start()
    try:
        http = httpx.Client(base_url=restarted.url, timeout=60)
        assert {row["id"] for row in http.get("/api/cases").json()["cases"]} == {scanned, waiting}
        for case_id in (scanned, waiting):
            assert wait_checked(http, case_id)["status"] == "done"
        page = http.get(f"/cases/{scanned}").text
        assert "第1版重新审核（审核中断后继续）" in page
    finally:
        restarted.stop()


@pytest.mark.slow
def test_a_dying_check_process_fails_the_version_not_the_desk(tmp_path):
    import os
    import signal

    with client(tmp_path) as http:
        case_id = upload(http, "harbin-clinic-complete").json()["id"]  # scans: OCR takes a while
        worker = http.app.state.desk.worker
        deadline = time.monotonic() + 60
        while not (worker.pool and worker.pool._processes and http.get(f"/api/cases/{case_id}").json()["status"] == "running"):
            assert time.monotonic() < deadline, "the check never started"
            time.sleep(0.05)
        os.kill(next(iter(worker.pool._processes)), signal.SIGKILL)  # as a crash in a native reader would
        answer = wait_checked(http, case_id)
        assert answer["status"] == "failed" and "审核进程意外结束" in answer["error"]
        after = upload(http, "yangzhou-pharmacy-defective").json()["id"]
        assert wait_checked(http, after)["status"] == "done"  # a new check process took over
        assert http.post(f"/api/cases/{case_id}/recheck").status_code == 202  # the clerk tries again
        assert http.post(f"/api/cases/{case_id}/recheck").status_code == 409  # queued already


def test_pages_are_not_framed_sniffed_or_cached(tmp_path):
    with client(tmp_path) as http:
        for path in ("/", "/healthz", "/api/cases", "/static/desk.css"):
            headers = http.get(path).headers
            assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"
        assert http.get("/", headers={"Host": "evil.example"}).headers["x-frame-options"] == "DENY"
