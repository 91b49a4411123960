"""The desk's JSON API through httpx (Starlette's TestClient) on SQLite and on a real PostgreSQL.

The PostgreSQL variant starts a throw-away cluster (test_desk_support.postgres_cluster) and is
marked slow; .ci/run installs the server so CI never skips it.
"""
from __future__ import annotations

import io
import shutil
import subprocess
import sys
from datetime import date

import httpx
import pytest
import sqlalchemy as sa
from docx import Document
from openpyxl import load_workbook

from validator.domain.workdays import add_working_days
from test_desk_support import (AS_OF, REPO, client, cluster, fresh_database, http, running_server,  # noqa: F401 - fixtures
                               sample_zip, upload, wait_checked)


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_healthz_names_the_database(http):
    answer = http.get("/healthz").json()
    assert answer == {"ok": True, "database": http.backend, "queue": 0}


def test_upload_answers_201_then_the_report_as_format_json_prints_it(http):
    created = upload(http, "taiyuan-clinic-defective")
    assert created.status_code == 201
    assert set(created.json()) == {"id", "status"} and created.json()["status"] == "queued"

    answer = wait_checked(http, created.json()["id"])
    assert answer["status"] == "done" and answer["verdict"] == "incomplete"
    report = answer["report"]
    assert report["schema"] == "dingdian.report/1" and report["verdict"] == "incomplete"
    assert report["package"] == "taiyuan-clinic-defective.zip"  # the uploaded name, not the blob path
    assert {f["code"] for f in report["findings"]} >= {"missing_material", "legal_rep_mismatch"}
    # USCC and name as read fill what the clerk left blank
    assert answer["city"] == "taiyuan" and answer["institution"]
    # the check process reported the files it read, and the last count is all of them
    files = len([path for path in (REPO / "samples/packages/taiyuan-clinic-defective").iterdir() if path.is_file()])
    assert (answer["files_done"], answer["files_total"]) == (files, files)


def test_register_filters_by_status_verdict_city_and_due(http):
    # yangzhou 三(一): notify within 5 working days of receipt
    first = upload(http, "yangzhou-pharmacy-defective", received="2026-11-02").json()["id"]
    soon = add_working_days(date.today(), -3)[0].isoformat()  # due 2 working days from today
    second = upload(http, "taiyuan-clinic-complete", received=soon).json()["id"]
    third = upload(http, "yangzhou-pharmacy-complete", received=soon).json()["id"]
    for case_id in (first, second, third):
        wait_checked(http, case_id)

    def ids(**query: str) -> set[int]:
        return {row["id"] for row in http.get("/api/cases", params=query).json()["cases"]}

    assert ids() == {first, second, third}
    assert ids(verdict="incomplete") == {first} and ids(verdict="complete") == {second, third}
    assert ids(city="taiyuan") == {second} and ids(status="received") == {first, second, third}
    assert ids(status="done") == {first, second, third} and ids(status="accepted") == set()
    assert ids(due="overdue") == {first}
    assert ids(due="soon") == {third}  # taiyuan's checklist sets no notify-by limit: never due
    assert ids(due="2026-11-30") == {first} and ids(due="2099-01-01") == {first, third}
    assert http.get("/api/cases", params={"due": "someday"}).status_code == 400


def test_notice_numbers_run_per_agency_and_year(http):
    first = upload(http, "yangzhou-pharmacy-defective").json()["id"]
    second = upload(http, "yangzhou-pharmacy-defective").json()["id"]
    wait_checked(http, first), wait_checked(http, second)
    issued = http.post(f"/api/cases/{first}/notice")
    assert issued.status_code == 201
    assert issued.headers["content-type"].startswith("application/vnd.openxmlformats")
    year = date.today().year
    text = docx_text(issued.content)
    assert "一次性告知书" in text and f"〔{year}〕第0001号" in text
    assert f"〔{year}〕第0002号" in docx_text(http.post(f"/api/cases/{second}/notice").content)
    case = http.get(f"/api/cases/{first}").json()
    assert case["case_status"] == "notified"
    assert case["next_event"] == "supplement" and case["next_due"] > date.today().isoformat()
    # a second request on the notified case returns the notice already issued (idempotent)
    again = http.post(f"/api/cases/{first}/notice")
    assert again.status_code == 200 and again.headers["x-document-number"] == issued.headers["x-document-number"]


def test_supplement_shows_fixed_open_and_new_then_acceptance(http):
    case_id = upload(http, "taiyuan-clinic-defective").json()["id"]
    wait_checked(http, case_id)
    http.post(f"/api/cases/{case_id}/notice")
    added = upload(http, "taiyuan-clinic-complete", path=f"/api/cases/{case_id}/versions")
    assert added.status_code == 201 and added.json()["version"] == 2
    answer = wait_checked(http, case_id)
    assert answer["verdict"] == "complete" and answer["case_status"] == "supplemented"
    diff = http.get(f"/api/cases/{case_id}/diff").json()
    assert {f["code"] for f in diff["fixed"]} >= {"missing_material", "legal_rep_mismatch"}
    assert not any(f["severity"] == "error" for f in diff["open"] + diff["new"])
    accepted = http.post(f"/api/cases/{case_id}/notice")
    assert "受理通知书" in docx_text(accepted.content)
    case = http.get(f"/api/cases/{case_id}").json()
    assert case["case_status"] == "accepted"
    refused = upload(http, "taiyuan-clinic-complete", path=f"/api/cases/{case_id}/versions")
    assert refused.status_code == 409 and refused.json()["error"] == "案件已办结（已受理），不能再办理此事项"


def test_waiver_of_a_warning_rechecks_and_an_error_is_refused(http):
    case_id = upload(http, "taiyuan-clinic-complete").json()["id"]
    report = wait_checked(http, case_id)["report"]
    warning = next(f for f in report["findings"] if f["severity"] == "warning")
    error_answer = http.post(f"/api/cases/{case_id}/waivers", data={"code": "missing_material", "reason": "x"})
    assert error_answer.status_code == 400 and "只能豁免警告" in error_answer.json()["error"]
    assert http.post(f"/api/cases/{case_id}/waivers", data={"code": warning["code"], "reason": ""}).status_code == 400
    accepted = http.post(f"/api/cases/{case_id}/waivers",
                         data={"code": warning["code"], "reason": "原件已当面核验"})
    assert accepted.status_code == 201
    rechecked = wait_checked(http, case_id)["report"]
    waived = [f for f in rechecked["findings"] if f["code"] == warning["code"]]
    assert waived and all(f["waived"]["reason"] == "原件已当面核验" for f in waived)


def test_withdrawal_needs_a_reason_and_closes_the_case(http):
    case_id = upload(http, "yangzhou-pharmacy-defective").json()["id"]
    assert http.post(f"/api/cases/{case_id}/withdraw", data={"reason": " "}).status_code == 400
    assert http.post(f"/api/cases/{case_id}/withdraw", data={"reason": "申请人书面撤回"}).status_code == 200
    assert http.get(f"/api/cases/{case_id}").json()["case_status"] == "withdrawn"
    assert http.post(f"/api/cases/{case_id}/withdraw", data={"reason": "again"}).status_code == 409


def test_every_change_is_in_the_append_only_audit_log(http):
    case_id = upload(http, "yangzhou-pharmacy-defective").json()["id"]
    wait_checked(http, case_id)
    http.post(f"/api/cases/{case_id}/notice")
    engine = http.app.state.desk.engine
    with engine.connect() as conn:
        actions = [row.action for row in conn.execute(sa.text("SELECT action FROM audit ORDER BY id"))]
    assert actions[:3] == ["case.created", "version.received", "check.done"]
    assert "notice.issued" in actions and "case.status" in actions
    for statement in ("UPDATE audit SET who = 'someone else'", "DELETE FROM audit"):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            with engine.begin() as conn:
                conn.execute(sa.text(statement))


def test_unknown_case_and_bad_fields(http):
    assert http.get("/api/cases/999").status_code == 404
    bad = upload(http, "yangzhou-pharmacy-defective", city="atlantis")
    assert bad.status_code == 400 and bad.json()["error"] == "统筹地区“atlantis”不在可选范围内"
    assert upload(http, "yangzhou-pharmacy-defective", received="30/11/2026").status_code == 400
    assert http.post("/api/cases", data={"city": "taiyuan"}).status_code == 400  # no package


def test_export_register_workbook(http):
    case_id = upload(http, "taiyuan-clinic-defective").json()["id"]
    wait_checked(http, case_id)
    answer = http.get("/export.xlsx")
    assert answer.status_code == 200 and 'filename="summary.xlsx"' in answer.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(answer.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("编号", "机构名称", "统一社会信用代码")
    assert rows[1][0] == case_id and rows[1][8] == "收到" and rows[1][11] == "材料不全或有误，需一次性补正"


def test_case_page_shows_verdict_materials_findings_and_dates(http):
    case_id = upload(http, "yangzhou-pharmacy-defective").json()["id"]
    wait_checked(http, case_id)
    page = http.get(f"/cases/{case_id}").text
    for text in ("材料不全或有误，需一次性补正", "材料清单", "问题明细", "经办机构一次性告知补正", AS_OF):
        assert text in page
    full = http.get(f"/cases/{case_id}/versions/1/report.html")
    assert full.status_code == 200 and "sandbox" in full.headers["content-security-policy"]
    assert "医保定点申报材料审核报告" in full.text
    for written in (http.app.state.desk.settings.report_dir).rglob("*.html"):
        written.unlink()  # written again, the same, from the stored package
    assert http.get(f"/cases/{case_id}/versions/1/report.html").text == full.text
    assert http.get(f"/cases/{case_id}/versions/2/report.html").status_code == 404


def test_english_pages_and_notice(tmp_path):
    with client(tmp_path, lang="en") as http:
        case_id = upload(http, "yangzhou-pharmacy-defective").json()["id"]
        assert wait_checked(http, case_id)["report"]["verdict_title"] != "材料不全或有误，需一次性补正"
        page = http.get(f"/cases/{case_id}").text
        assert "Statutory dates" in page and "办理状态" not in page
        notice = http.post(f"/api/cases/{case_id}/notice")
        assert f"[{date.today().year}] No. 0001" in docx_text(notice.content)
        assert "Case register" in http.get("/").text


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed")
def test_notice_as_pdf_where_libreoffice_is_present(tmp_path):
    from pypdf import PdfReader

    with client(tmp_path) as http:
        case_id = upload(http, "yangzhou-pharmacy-defective").json()["id"]
        wait_checked(http, case_id)
        http.post(f"/api/cases/{case_id}/notice")
        assert "notice-pdf" in http.get(f"/cases/{case_id}").text
        pdf = http.get(f"/cases/{case_id}/notices/1.pdf")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
        assert "一次性告知书" in text and "第0001号" in text.replace(" ", "")
        assert http.get(f"/cases/{case_id}/notices/1.pdf").content == pdf.content  # converted once, kept


def test_a_folder_sent_file_by_file_becomes_the_package(http):
    from test_desk_support import SAMPLES

    folder = SAMPLES / "yangzhou-pharmacy-defective"
    parts = [("folder", (f"申报材料/{path.relative_to(folder).as_posix()}", path.read_bytes()))
             for path in sorted(folder.rglob("*")) if path.is_file()]
    parts.append(("folder", ("申报材料/../../escape.txt", b"not outside")))  # ".." parts are dropped
    created = http.post("/api/cases", data={"as_of": AS_OF}, files=parts)
    assert created.status_code == 201
    answer = wait_checked(http, created.json()["id"])
    assert answer["verdict"] == "incomplete" and answer["report"]["package"] == "申报材料.zip"
    files = {entry["file"] for entry in answer["report"]["inputs"]}
    assert "escape.txt" in files and not any(".." in name for name in files)
    assert len(files) == len(parts)  # every file sent is in the package, once


@pytest.mark.slow
def test_serve_on_postgresql_by_url(cluster, tmp_path):
    url = fresh_database(cluster, "desk_served")
    with running_server(tmp_path / "data", url) as server:
        assert httpx.get(f"{server.url}/healthz").json()["database"] == "postgresql"
        created = httpx.post(f"{server.url}/api/cases", data={"as_of": AS_OF}, timeout=60,
                             files={"package": ("a.zip", sample_zip("yangzhou-pharmacy-defective"))})
        assert created.status_code == 201
        assert wait_checked(httpx.Client(base_url=server.url), created.json()["id"])["verdict"] == "incomplete"
    assert not (tmp_path / "data" / "desk.sqlite3").exists()


@pytest.mark.parametrize("url, message", [
    ("nonsense://nowhere", "不是 dingdian 可用的数据库地址"),
    ("postgresql://nobody@127.0.0.1:1/none", "无法打开数据库"),
])
def test_unusable_database_is_one_clear_line(tmp_path, url, message):
    run = subprocess.run([sys.executable, "-m", "validator", "serve", "--db", url, "--data", str(tmp_path)],
                         cwd=REPO, capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and message in run.stderr and "Traceback" not in run.stderr


def test_an_ineligible_package_gets_the_non_acceptance_notice(http):
    case_id = upload(http, "harbin-clinic-defective").json()["id"]
    assert wait_checked(http, case_id)["verdict"] == "ineligible"
    notice = http.post(f"/api/cases/{case_id}/notice")
    assert notice.headers["x-notice-kind"] == "rejection" and "不予受理告知书" in docx_text(notice.content)
    case = http.get(f"/api/cases/{case_id}").json()
    assert case["case_status"] == "rejected" and case["next_due"] is None


def test_other_archive_formats_dingdian_reads(http, tmp_path):
    import tarfile

    from test_desk_support import SAMPLES

    archive = tmp_path / "申报材料.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for path in sorted((SAMPLES / "yangzhou-pharmacy-defective").iterdir()):
            tar.add(path, arcname=path.name)
    created = http.post("/api/cases", data={"as_of": AS_OF}, files={"package": (archive.name, archive.read_bytes())})
    assert created.status_code == 201
    answer = wait_checked(http, created.json()["id"])
    assert answer["verdict"] == "incomplete" and answer["report"]["package"] == "申报材料.tar.gz"


def test_queued_checks_know_how_many_go_before_them(tmp_path):
    with client(tmp_path, start_worker=False) as http:  # nothing takes the queue: it only grows
        ids = [upload(http, "yangzhou-pharmacy-defective").json()["id"] for _ in range(3)]
        assert [http.get(f"/api/cases/{case_id}").json()["queue_ahead"] for case_id in ids] == [0, 1, 2]
        assert http.get("/healthz").json()["queue"] == 3


def test_recheck_the_latest_version(http):
    case_id = upload(http, "yangzhou-pharmacy-defective").json()["id"]
    wait_checked(http, case_id)
    assert http.post(f"/api/cases/{case_id}/recheck").status_code == 202
    assert wait_checked(http, case_id)["verdict"] == "incomplete"
    page = http.get(f"/cases/{case_id}").text
    assert "第1版重新审核（人工要求）" in page and "check.requeued" not in page and 'id="recheck"' in page
    http.post(f"/api/cases/{case_id}/withdraw", data={"reason": "申请人撤回"})
    assert http.post(f"/api/cases/{case_id}/recheck").status_code == 409
