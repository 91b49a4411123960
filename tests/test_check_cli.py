"""`dingdian check` from the command line: formats, output files, notices, limits, exit codes."""
from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from validator.cli import cli

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "packages"
COMPLETE = SAMPLES / "harbin-clinic-complete"
DEFECTIVE = SAMPLES / "harbin-clinic-defective"


def run(*args: str):
    return CliRunner().invoke(cli, ["check", *args, "--as-of", "2026-11-23"])


@pytest.mark.slow  # OCR of the samples' scans
def test_a_complete_package_exits_0_and_a_defective_one_1():
    assert run(str(COMPLETE)).exit_code == 0
    assert run(str(DEFECTIVE)).exit_code == 1


def test_json_report_goes_to_the_output_file(tmp_path):
    out = tmp_path / "report.json"
    result = run(str(DEFECTIVE), "--format", "json", "-o", str(out))
    assert result.exit_code == 1 and result.stdout == ""
    assert "report.json" in result.stderr  # the verdict and the path are said on stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["verdict"] == "ineligible"
    assert {"invalid_uscc", "operating_period_too_short"} <= {f["code"] for f in report["findings"]}
    assert all(entry["sha256"] for entry in report["inputs"])


def test_english_text_report():
    result = run(str(DEFECTIVE), "--lang", "en")
    assert "Verdict: Not eligible to apply" in result.output
    from validator.report.render.text import _WORDS, _summary

    assert _summary({"errors": 1, "warnings": 1, "info": 2}, _WORDS["en"]) == "1 error, 1 warning, 2 notes"


def test_notice_is_written_with_every_error(tmp_path):
    notice = tmp_path / "notice.docx"
    result = run(str(DEFECTIVE), "--notice", str(notice))
    assert result.exit_code == 1
    document = docx.Document(str(notice))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "不予受理" in text and "哈尔滨市南岗区康宁诊所" in text


def test_a_limit_override_is_applied_and_stamped():
    result = run(str(COMPLETE), "--limit", "max_files=2", "--format", "json")
    report = json.loads(result.output)
    assert report["options"]["limits"]["max_files"] == 2
    assert "unsafe_archive_entry" in {f["code"] for f in report["findings"]}


def test_a_bad_limit_is_a_usage_error():
    result = CliRunner().invoke(cli, ["check", str(COMPLETE), "--limit", "max_pages=3"])
    assert result.exit_code != 0 and "未知的上限" in str(result.exception or result.output)


def test_a_waivers_file_marks_the_warning_with_who_and_why(tmp_path):
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("- {code: could_not_verify, material: integrity_commitment, reason: 原件已核验, by: 张三}\n",
                       encoding="utf-8")
    result = run(str(SAMPLES / "taiyuan-clinic-complete"), "--waivers", str(waivers), "--format", "json")
    waived = [f for f in json.loads(result.output)["findings"] if f.get("waived")]
    assert waived and all(f["material"] == "integrity_commitment" for f in waived)
    assert waived[0]["waived"]["by"] == "张三" and waived[0]["waived"]["reason"] == "原件已核验"
