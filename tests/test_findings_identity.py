"""No finding is lost (issue 22 item 4): two findings are one only when they say the same thing
about the same thing. A 一次性告知书 that drops a defect is not 一次性 (weihai 四(二))."""
from __future__ import annotations

import json

import yaml
from click.testing import CliRunner
from docx import Document

from validator.cli import cli
from validator.findings import Finding, sort_findings

PROFILE = "samples/profiles/weihai.yaml"


def test_same_code_and_place_with_different_evidence_are_two_findings():
    late = Finding("procedure_condition_not_met", source="八(三)", evidence={"condition_zh": "提前3个月"})
    long = Finding("procedure_condition_not_met", source="八(二)", evidence={"condition_zh": "不超过180日"})
    assert len(sort_findings([late, long])) == 2
    # two unknown prerequisites: same code, rule and place, only the fact differs (shandong 一、1)
    first, second = (Finding("could_not_verify", source="一、1", evidence={"fact": fact})
                     for fact in ("jinan_chronic_and_inpatient", "provincial_personal_account"))
    assert len(sort_findings([first, second])) == 2


def test_the_same_thing_about_the_same_thing_is_merged():
    one = Finding("missing_material", material="a", source="x", evidence={"item_title": "甲", "n": [1, 2]})
    again = Finding("missing_material", material="a", source="x", evidence={"n": [1, 2], "item_title": "甲"})
    assert sort_findings([one, again]) == [one]
    # near miss: the same evidence about another material stays separate
    assert len(sort_findings([one, one.with_(material="b")])) == 2


def _text(path) -> str:
    document = Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_a_suspension_too_late_and_too_long_reports_both(tmp_path):
    """weihai 八(三) 3 months ahead and 八(二) at most 180 days: one package, two defects of one code."""
    profile = yaml.safe_load(open(PROFILE, encoding="utf-8"))
    profile["suspension_request"] = {"action": "中止", "reason": "装修", "from_date": "2026-12-01",
                                     "until_date": "2027-08-01"}
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "profile.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    runner = CliRunner()
    filled = runner.invoke(cli, ["fill", "weihai-suspension-termination", "--profile", str(package / "profile.yaml"),
                                 "--date", "2026-11-23", "-o", str(package / "01-申请表.docx")])
    assert filled.exit_code == 0, filled.output
    notice = tmp_path / "notice.docx"
    result = runner.invoke(cli, ["check", str(package), "--procedure", "suspension", "--as-of", "2026-11-23",
                                 "--format", "json", "--notice", str(notice)])
    report = json.loads(result.stdout)
    conditions = [f for f in report["findings"] if f["code"] == "procedure_condition_not_met"]
    assert len(conditions) == 2
    text = _text(notice)
    assert "不足3个月" in text and "不得超过180日" in text
