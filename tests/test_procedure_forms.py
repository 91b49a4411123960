"""The procedure conditions are read from the forms the seed requires, the profile second
(issue 22 item 3): a clerk receives the forms, not a profile.yaml. A tick box counts only ticked."""
from __future__ import annotations

import json

import yaml
from click.testing import CliRunner

from validator.cli import cli
from validator.domain.requests import ticked

def test_a_tick_box_counts_only_when_ticked():
    assert ticked("☑中止医保协议　□解除医保协议", "中止") is True
    assert ticked("☑中止医保协议　□解除医保协议", "解除") is False
    assert ticked("□已纳入省直个人账户支付定点管理", "已纳入省直个人账户支付定点管理") is False
    assert ticked("√已纳入省直个人账户支付定点管理", "已纳入省直个人账户支付定点管理") is True
    assert ticked("已纳入省直个人账户支付定点管理", "另一句") is None


def _package(tmp_path, form_id, key, request, keep_profile, city="weihai", day="2026-11-23"):
    """A package holding ``form_id`` filled from the city's sample profile with ``key`` set to
    ``request``, with or without the profile.yaml (a clerk receives only the form)."""
    profile = yaml.safe_load(open(f"samples/profiles/{city}.yaml", encoding="utf-8"))
    profile[key] = request
    tmp_path.mkdir(parents=True, exist_ok=True)
    source = tmp_path / "profile.yaml"
    source.write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    package = tmp_path / "pkg"
    package.mkdir()
    filled = CliRunner().invoke(cli, ["fill", form_id, "--profile", str(source), "--date", day,
                                      "-o", str(package / "01-申请表.docx")])
    assert filled.exit_code == 0, filled.output
    if keep_profile:
        (package / "profile.yaml").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    return package


def _findings(package, procedure):
    result = CliRunner().invoke(cli, ["check", str(package), "--procedure", procedure, "--city", "weihai",
                                      "--kind", "clinic", "--scheme", "pooled", "--as-of", "2026-11-23",
                                      "--format", "json"])
    return json.loads(result.stdout)["findings"]


def _conditions(findings):
    return sorted(f["evidence"].get("condition_zh", f["evidence"].get("message_zh", ""))
                  for f in findings if f["code"] in ("procedure_condition_not_met", "could_not_verify")
                  and f["source"] and ("八(二)" in f["source"] or "八(一)" in f["source"]
                                       or "八(三)" in f["source"] and "公立" not in str(f["evidence"])))


def test_weihai_suspension_form_alone_shows_its_dates(tmp_path):
    request = {"action": "中止", "reason": "装修", "from_date": "2026-12-01", "until_date": "2027-08-01"}
    for keep in (True, False):
        found = _conditions(_findings(_package(tmp_path / str(keep), "weihai-suspension-termination",
                                               "suspension_request", request, keep), "suspension"))
        assert len(found) == 2 and "不足3个月" in found[1] and "244日" in found[0], (keep, found)


def test_weihai_suspension_in_time_and_short_is_clean_from_the_form(tmp_path):
    # near miss: 3 months ahead exactly, 180 days long
    request = {"action": "中止", "reason": "装修", "from_date": "2027-02-23", "until_date": "2027-08-21"}
    assert _conditions(_findings(_package(tmp_path, "weihai-suspension-termination", "suspension_request",
                                          request, False), "suspension")) == []


def test_weihai_change_form_alone_gives_item_and_approval_date(tmp_path):
    late = {"items": [{"item": "主要负责人", "before": "甲", "after": "乙"}], "reason": "调整",
            "approval_date": "2026-09-01"}
    found = _conditions(_findings(_package(tmp_path / "late", "weihai-change-request", "change_request",
                                           late, False), "change"))
    assert len(found) == 1 and "30个工作日" in found[0] and "已逾期" in found[0]
    in_time = dict(late, approval_date="2026-11-02")
    assert _conditions(_findings(_package(tmp_path / "ok", "weihai-change-request", "change_request",
                                          in_time, False), "change")) == []


def _shandong_doubts(tmp_path, declarations):
    package = _package(tmp_path, "shandong-application-medical", "declarations", declarations, False,
                       city="shandong-provincial", day="2020-03-25")
    result = CliRunner().invoke(cli, ["check", str(package), "--city", "shandong-provincial", "--kind", "hospital",
                                      "--as-of", "2020-03-25", "--format", "json"])
    return sorted(f["evidence"]["fact"] for f in json.loads(result.stdout)["findings"]
                  if f["code"] == "could_not_verify" and "fact" in f["evidence"])


def test_shandong_prerequisites_count_only_ticked_boxes(tmp_path):
    """一、1: both designations; the tool's own 申请表 with both boxes empty settles neither."""
    assert _shandong_doubts(tmp_path / "none", {}) == ["jinan_chronic_and_inpatient", "provincial_personal_account"]
    assert _shandong_doubts(tmp_path / "one", {"provincial_personal_account": True}) == ["jinan_chronic_and_inpatient"]
    assert _shandong_doubts(tmp_path / "both", {"provincial_personal_account": True,
                                                "jinan_chronic_inpatient": True}) == []


def _yangzhou(tmp_path, item, day, keep_profile):
    request = {"items": [{"item": item, "before": "甲", "after": "乙"}], "reason": "调整", "approval_date": day}
    package = _package(tmp_path, "yangzhou-change-application", "change_request", request, keep_profile,
                       city="yangzhou")
    result = CliRunner().invoke(cli, ["check", str(package), "--procedure", "change", "--city", "yangzhou",
                                      "--kind", "pharmacy", "--as-of", "2026-11-23", "--format", "json"])
    return {f["code"] for f in json.loads(result.stdout)["findings"]
            if f["code"] in ("procedure_route", "procedure_condition_not_met")
            or f["code"] == "could_not_verify" and "变更" in json.dumps(f["evidence"], ensure_ascii=False)}


def test_yangzhou_change_form_with_and_without_profile(tmp_path):
    """四(一)3(2) from the form alone; 3(1) 15 days after a pharmacist change; near misses."""
    for keep in (True, False):
        where = tmp_path / str(keep)
        assert _yangzhou(where / "addr", "经营地址", "2026-12-30", keep) == {"procedure_route"}
        assert _yangzhou(where / "addr-soon", "经营地址", "2026-12-01", keep) == {"procedure_route",
                                                                               "procedure_condition_not_met"}
        assert _yangzhou(where / "pharm-late", "执业药师", "2026-11-01", keep) == {"procedure_condition_not_met"}
        assert _yangzhou(where / "pharm-ok", "执业药师", "2026-11-10", keep) == set()
