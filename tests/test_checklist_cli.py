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


def test_time_limits_are_named_by_their_procedure_and_clause():
    # NL-5: harbin's evaluation is its own (七(四)2), its 附件2(5) limit the signing's acceptance result
    output = _run("harbin").output
    assert "新增定点申请：完成评估（医疗机构补充材料时间不计入评估期限） (evaluation)" in output
    assert "签约前准备与协议签订：一次性线上告知电子处方流转验收结果 (processing)" in output
    assert "谈判" not in output
    change = json.loads(_run("weihai", "--procedure", "change", "--format", "json").output)["deadlines"]
    assert set(change) == {"change", "processing"}  # 八(一), 九: not the application's evaluation
    assert change["change"][0]["name"] == "信息变更"
    # near miss: the application keeps its evaluation and none of the 九 processing limits
    application = json.loads(_run("weihai", "--procedure", "application", "--format", "json").output)["deadlines"]
    assert "evaluation" in application and not {"processing", "change", "suspension-end"} & set(application)


def test_conditions_and_facts_are_shown_in_peoples_words():
    # NL-11: no fact id and no seed file name in the text a clerk reads
    output = _run("taiyuan", "--kind", "clinic", "--procedure", "application").output
    assert "条件: “营利性（经营性）医疗机构：营业执照为公司、个体工商户等，或执业许可证经营性质为营利性”，" \
           "且非“已纳入山西省本级医保协议服务单位”\n" in output
    assert "条件: “已纳入山西省本级医保协议服务单位”\n" in output  # near miss: the same fact, not negated
    assert "视情况" in output and "不适用" in output
    assert "- 已纳入山西省本级医保协议服务单位；只须填报基本信息表、资格承诺书并上传与省医保经办机构签订的" \
           "医疗服务协议（默认：否）" in output
    assert "provincially_designated" not in output and "for_profit" not in output
    assert ".txt" not in output.split("== ")[0]  # the header names the seed by its title
    english = _run("taiyuan", "--kind", "clinic", "--lang", "en").output
    assert 'Condition: not "已纳入山西省本级医保协议服务单位"' in english and "(default: no)" in english
    # the JSON keeps the ids a program needs
    data = json.loads(_run("taiyuan", "--kind", "clinic", "--procedure", "application", "--format", "json").output)
    assert "for_profit and not provincially_designated" in {item["condition"] for item in data["materials"]["application"]}


def test_the_header_shows_the_schemes_of_the_kind_asked_for():
    # S-4: a shandong pharmacy applies for the provincial pharmacy designation (002 一、2), not pooled payment
    pharmacy = _run("shandong-provincial", "--kind", "pharmacy").output.split("\n\n")[0]
    assert "机构类型: 零售药店" in pharmacy and "定点类别" not in pharmacy
    # near miss: a shandong clinic applies for 省直医保统筹支付协议定点 (一、1)
    clinic = _run("shandong-provincial", "--kind", "clinic").output.split("\n\n")[0]
    assert "定点类别: 统筹支付协议定点" in clinic and "零售药店" not in clinic
    # without --kind the header lists the checklist's kinds and schemes
    whole = _run("shandong-provincial").output.split("\n\n")[0]
    assert "零售药店" in whole and "定点类别: 统筹支付协议定点" in whole
    weihai = _run("weihai", "--kind", "clinic").output.split("\n\n")[0]
    assert "定点类别: 统筹支付协议定点、个人账户支付协议定点" in weihai


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
