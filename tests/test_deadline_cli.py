"""`dingdian deadline`: text and JSON, one city or all, the estimate warning, usage errors."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from validator.domain import deadlines
from validator.cli import cli

TABLE = {
    "weihai": {"notify": [{"working_days": 3, "case": "incomplete", "source": "004 四(二)"},
                          {"working_days": 5, "case": "unqualified", "source": "004 四(二)"}],
               "evaluation": [{"months": 3, "case": "pooled"}, {"months": 2, "case": "personal-account"}],
               "processing": [{"working_days": 10, "case": "pooled", "procedures": ["change", "suspension"],
                               "label": "办结（统筹支付协议定点）", "source": "004 九"}]},
    "harbin": {"notify": [{"working_days": 5, "source": "003 七(三)"}],
               "supplement": [{"working_days": 5, "source": "003 七(三)"},
                              {"working_days": 5, "procedures": ["signing"], "source": "003 附件2(5)"}],
               "evaluation": [{"months": 3, "label": "完成评估", "source": "003 七(四)2"}]},
    "yangzhou": {"publicity": [{"days": 7, "note": "一周"}],
                 "evaluation": [{"working_days": 60, "label": "完成谈判", "source": "001 三(四)3"}]},
    "taiyuan": {}, "shandong-provincial": {},
}


@pytest.fixture(autouse=True)
def table(monkeypatch):
    monkeypatch.setattr(deadlines, "city_deadlines", lambda city: TABLE.get(city, {}))  # a city not in the double sets no limit


def run(*args):
    return CliRunner().invoke(cli, ["deadline", *args])


def test_json_for_one_city_and_case():
    result = run("notify", "--from", "2025-09-30", "--city", "weihai", "--case", "incomplete",
                 "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["estimated"] is False and data["cities_without_limit"] == []
    [due] = data["deadlines"]
    assert due | {"rule": None} == {
        "event": "notify", "city": "weihai", "case": "incomplete", "from": "2025-09-30",
        "due": "2025-10-11", "rule": None, "unit": "working_days", "amount": 3,
        "direction": "after", "source": "004 四(二)", "note": "", "estimated": False,
        "extended_from": None, "opens": None, "warnings": [],
        "citation": "004 四(二)", "procedures": ["application"], "name": "新增定点申请"}
    assert due["rule"] == "3个工作日"


def test_text_for_every_city():
    result = run("notify", "--from", "2025-09-30")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "harbin 哈尔滨市: 2025-10-14  新增定点申请  5个工作日  003 七(三)" in out
    assert "weihai 威海市 [incomplete]: 2025-10-11" in out and "[unqualified]: 2025-10-14" in out
    assert "taiyuan 太原市: 清单未规定此时限" in out
    assert result.stderr == ""


def test_scheme_filters_and_english_text():
    result = run("evaluation", "--from", "2025-09-30", "--city", "weihai", "--scheme", "personal-account",
                 "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "[personal-account]: 2025-12-01  New designation application  2 months" in result.stdout
    assert "(ends 2025-11-30, a rest day" in result.stdout and "pooled" not in result.stdout


def test_estimate_warns_on_stderr_and_in_json():
    result = run("notify", "--from", "2026-12-28", "--city", "harbin")
    assert result.exit_code == 0
    assert "2027-01-05（推算）" in result.stdout
    assert result.stderr.startswith("dingdian: 注意:") and "2027" in result.stderr
    data = json.loads(run("notify", "--from", "2026-12-28", "--city", "harbin", "--format", "json",
                          "--lang", "en").stdout)
    assert data["estimated"] is True and "provisional" in data["warnings"][0]
    assert data["deadlines"][0]["estimated"] is True


def test_note_and_holiday_extension_in_text():
    result = run("publicity", "--from", "2025-09-30", "--city", "yangzhou")
    assert "2025-10-09" in result.stdout and "期满日 2025-10-07 为休息日" in result.stdout
    assert "— 一周" in result.stdout


@pytest.mark.parametrize("args", [
    ["nonsense", "--from", "2025-09-30"], ["notify"], ["notify", "--from", "2025-13-01"],
    ["notify", "--from", "2025-09-30", "--city", "atlantis"],
])
def test_usage_errors_exit_2(args):
    assert run(*args).exit_code == 2


def test_each_city_names_its_own_limit_from_its_clause():
    # NL-5: harbin evaluates (七(四)2), yangzhou negotiates (三(四)3); no title claims both for all
    out = run("evaluation", "--from", "2025-09-30").stdout
    assert "harbin 哈尔滨市: 2025-12-30  新增定点申请：完成评估  3个月" in out
    assert "yangzhou 扬州市: " in out and "新增定点申请：完成谈判  60个工作日" in out
    assert "评估（谈判）" not in out and out.count("完成谈判") == 1
    processing = run("processing", "--from", "2025-09-30", "--city", "weihai").stdout
    assert "信息变更、协议中止：办结（统筹支付协议定点）  10个工作日  004 九" in processing


def test_procedure_keeps_only_the_limits_its_own_clauses_set():
    signing = run("supplement", "--from", "2025-09-30", "--city", "harbin", "--procedure", "signing")
    assert "签约前准备与协议签订  5个工作日  003 附件2(5)" in signing.stdout and "七(三)" not in signing.stdout
    application = run("supplement", "--from", "2025-09-30", "--city", "harbin", "--procedure", "application").stdout
    assert "003 七(三)" in application and "附件2(5)" not in application
    # near miss: a change sets no supplement period in harbin, so the city has none for it
    change = run("supplement", "--from", "2025-09-30", "--city", "harbin", "--procedure", "change",
                 "--format", "json")
    assert json.loads(change.stdout)["deadlines"] == []
    assert json.loads(change.stdout)["cities_without_limit"] == ["harbin"]
    both = json.loads(run("supplement", "--from", "2025-09-30", "--city", "harbin", "--format", "json").stdout)
    assert [due["procedures"] for due in both["deadlines"]] == [["application"], ["signing"]]
