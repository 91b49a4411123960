"""`dingdian checklist`: the city list, one city as text and JSON, and its exit codes."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from validator.cli import cli, main
from validator.checklists.loader import list_cities, load_checklist, scheme_choices
from validator.vocabulary import ids

from city_facts import city_facts


def _run(*args: str):
    return CliRunner().invoke(cli, ["checklist", *args])


def test_without_city_lists_every_city():
    result = _run()
    assert result.exit_code == 0
    for city in ids("cities"):
        assert city in result.output
    assert "2020-03-20" in result.output  # shandong-provincial's effective date
    listed = json.loads(_run("--format", "json").output)["cities"]
    assert [entry["city"] for entry in listed] == sorted(ids("cities"))
    assert all(entry["version"] and entry["effective"] and entry["title"] for entry in listed)


def test_one_city_as_json():
    result = _run("weihai", "--kind", "hospital", "--scheme", "pooled", "--procedure", "application",
                  "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert list(data["materials"]) == ["application"]
    assert [item["material"] for item in data["materials"]["application"]] == [
        "practice_license", "basic_info_statement", "management_systems", "fund_forecast", "staff_roster"]
    assert {item["state"] for item in data["materials"]["application"]} == {"required"}
    assert data["agency"]["name"] == "威海市医疗保险事业中心"
    assert [entry["case"] for entry in data["deadlines"]["evaluation"]] == ["pooled"]
    rules = {rule["code"]: rule for rule in data["rules"]}
    assert rules["assessment_score_below_threshold"]["source"].startswith("004_b66d6adc241eb53e.txt 七")


def test_all_procedures_without_filters():
    data = json.loads(_run("weihai", "--format", "json").output)
    assert list(data["materials"]) == ["application", "signing", "change", "suspension", "termination"]
    assert "state" not in data["materials"]["application"][0]
    assert "changes_legal_representative" in data["facts"]


def test_text_is_chinese_with_sources_and_english_on_request():
    result = _run("harbin", "--procedure", "signing")
    assert result.exit_code == 0
    assert "哈尔滨市定点医药机构医疗保障业务专线连接申请备案表（附件1）" in result.output
    assert "《哈尔滨市医疗机构申请医保定点办事指南》七(六)1(2)②" in result.output  # cited by title, not file name
    assert "签订医保协议 (sign)" in result.output and "10个工作日" in result.output
    english = _run("harbin", "--procedure", "signing", "--lang", "en")
    assert "Dedicated insurance line connection filing form" in english.output
    assert "10 working days" in english.output


def test_conditions_and_facts_are_shown():
    output = _run("taiyuan", "--kind", "clinic", "--procedure", "application").output
    assert "for_profit and not provincially_designated" in output
    assert "视情况" in output and "不适用" in output
    assert "provincially_designated: " in output


@pytest.mark.parametrize("args, code, message", [
    (["checklist", "atlantis"], 2, "“atlantis”不是可选值"),
    (["checklist", "威海市", "--kind", "pharmacy"], 2, "weihai 没有 --kind pharmacy"),
    (["checklist", "weihai", "--kind", "pharmacy"], 2, "weihai 没有 --kind pharmacy"),
    (["checklist", "shandong-provincial", "--procedure", "change"], 2, "没有 --procedure change"),
    (["checklist", "weihai", "--format", "yaml"], 2, "yaml"),
])
def test_exit_codes(capsys, args, code, message):
    with pytest.raises(SystemExit) as done:
        main(args)
    assert done.value.code == code
    assert message in capsys.readouterr().err


def test_a_broken_checklist_exits_3(tmp_path, monkeypatch, capsys):
    (tmp_path / "checklists").mkdir()
    (tmp_path / "checklists" / "weihai.yaml").write_text("city: weihai\ntitel: x\n", encoding="utf-8")
    monkeypatch.setenv("DINGDIAN_EXTRA_DATA", str(tmp_path))  # a city there replaces the shipped one
    with pytest.raises(SystemExit) as done:
        main(["checklist", "weihai"])
    assert done.value.code == 3
    assert "weihai.yaml：titel: unknown key（是否要输入 'title'？）" in capsys.readouterr().err


@pytest.mark.parametrize("city", list_cities())
def test_effective_date_is_the_seeds_or_not_stated(city):
    """A seed with no date shows 施行 未载明, never the day the checklist was compiled (audit §1);
    the seed's date, or 未载明, is in tests/cities/<city>.yaml."""
    checklist = load_checklist(city)
    kind = sorted(checklist.kinds)[0]
    schemes = scheme_choices(checklist, kind, "application")
    output = _run(city, "--kind", kind, *(["--scheme", schemes[0]] if schemes else [])).output
    assert f"施行 {city_facts(city)['effective']}" in output


def test_lists_in_the_checklist_are_joined_the_way_each_language_joins_them():
    english = _run("weihai", "--kind", "clinic", "--scheme", "pooled", "--lang", "en").output
    chinese = _run("weihai", "--kind", "clinic", "--scheme", "pooled").output
    assert "Sections: 机构规模, 科室机构设置, 信息系统" in english and "机构规模、科室机构设置" not in english
    assert "规定内容: 机构规模、科室机构设置、信息系统" in chinese
