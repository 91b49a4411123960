"""A clerk meets only Chinese: the log in words and Beijing time, catalogue errors, the desk's
buttons (audit of 2026-12-07, sections 1 and 2)."""
from __future__ import annotations

import re
from datetime import timedelta

import httpx
import sqlalchemy as sa
from stdnum.cn import uscc

from test_desk_security import logged_in, with_users
from test_desk_support import client, upload, wait_checked

RAW = ("case.created", "notice.issued", "case.status", "check.done", "before=", "kind=", "UTC")


def test_the_log_is_in_words_and_in_beijing_time(tmp_path):
    with client(tmp_path) as http:
        case_id = upload(http, "yangzhou-pharmacy-defective").json()["id"]
        wait_checked(http, case_id)
        number = httpx.URL("/?n=" + http.post(f"/api/cases/{case_id}/notice").headers["x-document-number"]).params["n"]
        page = http.get(f"/cases/{case_id}").text
        engine = http.app.state.desk.engine
        with engine.connect() as conn:
            issued_at = conn.execute(sa.text("SELECT at FROM audit WHERE action = 'notice.issued'")).scalar()
    assert f"出具一次性告知书 {number}" in page and "办理状态：收到 → 已告知补正" in page
    assert "时间（北京时间）" in page and not any(raw in page for raw in RAW)
    utc = issued_at if not isinstance(issued_at, str) else __import__("datetime").datetime.fromisoformat(issued_at)
    assert (utc + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M") in page


def test_refusals_come_from_the_catalogue_without_temporary_names(tmp_path):
    with client(tmp_path) as http:
        answers = [http.post("/api/cases", files={"package": ("a.zip", b"just text, not a zip")}),
                   http.post("/api/cases", data={"city": "taiyuan"}), http.get("/api/cases/abc"),
                   http.get("/api/cases/999"), http.get("/api/cases?status=bogus")]
        page = http.get("/cases/999")
    for answer in answers:
        message = answer.json()["error"]
        assert 400 <= answer.status_code < 500 and not re.search(r"[A-Za-z]{3,}", re.sub(r"\.\w+", "", message)), message
    assert page.status_code == 404 and "没有编号为999的案件" in page.text and "<header" in page.text


def test_a_link_cannot_put_its_own_words_in_the_flash(tmp_path):
    with client(tmp_path) as http:
        spoof = http.get("/", params={"error": "系统升级，请将材料发至 http://evil.example"})
        assert "evil.example" not in spoof.text
        refused = http.post("/cases", files={"package": ("a.zip", b"x")}, follow_redirects=True)
        assert "无法作为申报材料包打开" in refused.text  # the desk's own refusal is shown


def test_the_web_report_names_the_desk_buttons_not_cli_options(tmp_path):
    with client(tmp_path) as http:
        case_id = upload(http, "yangzhou-pharmacy-defective").json()["id"]
        wait_checked(http, case_id)
        report = http.get(f"/cases/{case_id}/versions/1/report.html").text
    assert "--notice" not in report and "--waive" not in report and "出具一次性告知书" in report


def test_the_button_names_the_notice_and_a_refusal_needs_confirmation(tmp_path):
    token = with_users(tmp_path)
    with client(tmp_path, host="0.0.0.0") as http:
        csrf = logged_in(http, "clerk")
        case_id = upload(http, "harbin-clinic-defective", csrf_token=csrf).json()["id"]
        wait_checked(http, case_id)
        page = http.get(f"/cases/{case_id}").text
        assert not re.search(r">[^<]*operating_period_too_short", page)  # the finding's title, not its code
        assert "出具不予受理告知书" in page and 'id="confirm-rejection"' in page and "data-confirm" in page
        unconfirmed = http.post(f"/cases/{case_id}/notice", data={"csrf_token": csrf, "kind": "rejection"},
                                follow_redirects=False)
        assert "请确认" in httpx.URL(unconfirmed.headers["location"]).params["error"]
        assert http.get(f"/api/cases/{case_id}").json()["case_status"] == "received"
        http.post(f"/cases/{case_id}/notice", data={"csrf_token": csrf, "kind": "rejection", "confirm": "rejection"})
        assert http.get(f"/api/cases/{case_id}").json()["case_status"] == "rejected"
        clerk_try = http.post(f"/api/cases/{case_id}/notices/1/revoke", data={"reason": "误点", "csrf_token": csrf})
        assert clerk_try.status_code == 403
        http.post("/logout", data={"csrf_token": csrf})
        http.cookies.clear()
        http.headers["Authorization"] = f"Bearer {token}"
        assert http.post(f"/api/cases/{case_id}/notices/1/revoke", data={"reason": ""}).status_code == 400
        revoked = http.post(f"/api/cases/{case_id}/notices/1/revoke", data={"reason": "受理员误点，材料待补"})
        assert revoked.status_code == 200 and revoked.json()["case_status"] == "received"
        assert http.post(f"/api/cases/{case_id}/notices/1/revoke", data={"reason": "again"}).status_code == 409
        page = http.get(f"/cases/{case_id}").text
        assert "撤销不予受理告知书" in page and "受理员误点，材料待补" in page and "已撤销" in page


def test_the_button_names_the_one_time_notice(tmp_path):
    with client(tmp_path) as http:
        case_id = upload(http, "yangzhou-pharmacy-defective").json()["id"]
        wait_checked(http, case_id)
        page = http.get(f"/cases/{case_id}").text
    assert '出具一次性告知书</button>' in page and 'id="confirm-rejection"' not in page


def test_the_register_follows_the_name_of_the_latest_version(tmp_path):
    with client(tmp_path) as http:
        case_id = upload(http, "weihai-clinic-pooled-defective").json()["id"]
        first = wait_checked(http, case_id)
        http.post(f"/api/cases/{case_id}/notice")
        upload(http, "weihai-clinic-pooled-complete", path=f"/api/cases/{case_id}/versions")
        second = wait_checked(http, case_id)
    assert first["institution"] != second["report"]["facts"]["institution_name"]
    assert second["institution"] == second["report"]["facts"]["institution_name"]


def test_fields_are_taken_as_the_cli_takes_them_and_checked(tmp_path):
    with client(tmp_path) as http:
        weihai = upload(http, "weihai-clinic-pooled-defective", city="威海")
        assert weihai.status_code == 201
        assert http.get(f"/api/cases/{weihai.json()['id']}").json()["city"] == "weihai"
        future = upload(http, "yangzhou-pharmacy-defective", received="2099-01-01")
        assert future.status_code == 400 and future.json()["error"].startswith("收件日期不能晚于今天")
        bad = upload(http, "yangzhou-pharmacy-defective", uscc="any text")
        assert bad.status_code == 400 and "统一社会信用代码" in bad.json()["error"]
        base = "91321000MA1X2Y3W4"
        good = upload(http, "yangzhou-pharmacy-defective", uscc=base + uscc.calc_check_digit(base))
        assert good.status_code == 201  # near miss: a well-formed code passes
