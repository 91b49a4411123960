"""`fill` warns when a change or suspension form is dated after its limit, with the consequence
the clause itself states (issue 22 item 2, audit NH-9): yangzhou 四(一)3(2) ends the agreement
automatically, 3(1) is handled by the service agreement, weihai 八(三) states none."""
from __future__ import annotations

import yaml
from click.testing import CliRunner

from validator.cli import cli


def _fill(tmp_path, city, form_id, key, request, day):
    profile = yaml.safe_load(open(f"samples/profiles/{city}.yaml", encoding="utf-8"))
    profile[key] = request
    source = tmp_path / f"{form_id}-{day}.yaml"
    source.write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(cli, ["fill", form_id, "--profile", str(source), "--date", day,
                                      "-o", str(tmp_path / f"{form_id}-{day}.docx")])
    assert result.exit_code == 0, result.output
    return result.stderr


def _change(item, day):
    return {"items": [{"item": item, "before": "甲", "after": "乙"}], "reason": "调整", "approval_date": day}


def test_yangzhou_address_change_late_warns_of_automatic_termination(tmp_path):
    late = _fill(tmp_path, "yangzhou", "yangzhou-change-application", "change_request", _change("经营地址", "2026-12-01"),
                 "2026-11-23")
    assert "原协议自动终止" in late and "按协议处理" not in late
    # near miss: announced 15 days ahead exactly
    assert "注意" not in _fill(tmp_path, "yangzhou", "yangzhou-change-application", "change_request",
                             _change("经营地址", "2026-12-08"), "2026-11-23")


def test_yangzhou_pharmacist_change_late_is_handled_by_the_agreement(tmp_path):
    late = _fill(tmp_path, "yangzhou", "yangzhou-change-application", "change_request", _change("执业药师", "2026-11-01"),
                 "2026-11-23")
    assert "按服务协议处理" in late and "自动终止" not in late


def test_weihai_late_suspension_request_states_no_invented_consequence(tmp_path):
    late = _fill(tmp_path, "weihai", "weihai-suspension-termination", "suspension_request",
                 {"action": "中止", "reason": "装修", "from_date": "2026-12-01"}, "2026-11-23")
    assert "请核实日期" in late and "按协议处理" not in late and "终止" not in late.split("请核实日期")[1]


def test_a_shandong_form_dated_after_the_window_says_so(tmp_path):
    """三(三): the window ran 2020-03-20 to 2020-04-03 (audit NL-17); inside it, no word."""
    profile = "samples/profiles/shandong-provincial.yaml"
    late = CliRunner().invoke(cli, ["fill", "shandong-application-medical", "--profile", profile, "--date", "2026-12-07",
                                    "-o", str(tmp_path / "late.docx")])
    assert "不在申报期2020年3月20日至2020年4月3日内" in late.stderr and "三(三)" in late.stderr
    inside = CliRunner().invoke(cli, ["fill", "shandong-application-medical", "--profile", profile, "--date", "2020-04-03",
                                      "-o", str(tmp_path / "in.docx")])
    assert "申报期" not in inside.stderr
