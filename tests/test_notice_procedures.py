"""Every procedure of every city speaks with its own clauses (issue 22 items 1 and 8): the notice
names the procedure, gives the agency limit and the supplement period (with its consequence)
of that procedure's clause in the city's seed, and says nothing where the seed sets nothing,
never borrowing the application's evaluation limit or supplement period. Each notice is written,
re-opened, and its limits are asserted against the seed's words pinned below."""
from __future__ import annotations

from datetime import date

import pytest
from docx import Document

from generators.notice import write_notice
from validator.checklists.loader import list_cities, load_checklist
from validator.findings import Finding
from validator.report.model import MaterialResult, Report

AS_OF = date(2026, 11, 23)  # a Monday

# (city, procedure) -> (agency limit sentence as the seed words it, or None; supplement sentence, or None)
SEED = {
    # weihai 九: 信息变更、协议中止、协议解除 7 (个人账户) / 10 (统筹) working days; 四(二) sets no supplement period
    ("weihai", "change"): ("办结（统筹支付协议定点）的时限为自受理之日起10个工作日"
                           "（依据《威海市新增医疗保障定点医疗机构经办流程（试行）》九），即2026年12月7日前", None),
    ("weihai", "suspension"): ("办结（统筹支付协议定点）的时限为自受理之日起10个工作日", None),
    ("weihai", "termination"): ("办结（统筹支付协议定点）的时限为自受理之日起10个工作日", None),
    ("weihai", "signing"): (None, None),  # 四(五) sets no time limit
    # harbin 附件2(5): the acceptance result in 5 working days; failed: resubmit in 5, else withdrawn
    ("harbin", "signing"): ("一次性线上告知电子处方流转验收结果的时限为自受理之日起5个工作日"
                            "（依据《哈尔滨市医疗机构申请医保定点办事指南》附件2(5)），即2026年11月30日前",
                            "请自收到本告知书之日起5个工作日内一次性补正上述全部材料（依据《哈尔滨市医疗机构申请医保定点办事指南》附件2(5)），逾期未提交验收材料的，视为自动撤回申请。"),
    # yangzhou 四(一)3 sets no processing limit or supplement period for a change; 三(四)3 is the new designation's
    ("yangzhou", "change"): (None, None),
    ("yangzhou", "signing"): (None, None),
    # taiyuan 签约流程 六 counts 7 working days from the finished network set-up, not from acceptance
    ("taiyuan", "signing"): (None, None),
}
NAMES = {"change": "信息变更", "suspension": "协议中止", "termination": "协议解除", "signing": "协议签订"}


def _report(city: str, procedure: str, findings: list[Finding]) -> tuple[Report, list]:
    checklist = load_checklist(city)
    kind = sorted(checklist.kinds)[0]
    scheme = "pooled" if "pooled" in checklist.schemes else None
    items = checklist.items_for(kind, scheme, procedure)
    materials = [MaterialResult(item.material, item.title, "present", [f"{item.material}.pdf"], item.source)
                 for item in items]
    return Report(package="pkg", city=city, kind=kind, scheme=scheme, procedure=procedure, as_of=AS_OF,
                  materials=materials, findings=findings, facts={"institution_name": "测试医院"}), items


def _text(path) -> str:
    document = Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _procedures():
    return [(city, procedure) for city in list_cities()
            for procedure in sorted(load_checklist(city).procedures) if procedure != "application"]


def test_every_procedure_a_city_has_is_pinned_to_its_seed():
    assert sorted(_procedures()) == sorted(SEED)


@pytest.mark.parametrize("city, procedure", sorted(SEED))
def test_acceptance_notice_of_each_procedure(city, procedure, tmp_path):
    built, _ = _report(city, procedure, [])
    text = _text(write_notice(built, tmp_path / "n.docx"))
    limit, _ = SEED[(city, procedure)]
    assert NAMES[procedure] in text.splitlines()[1] and "受理通知书" in text.splitlines()[1]
    # never the application's limits: 3 months evaluation, 60 working days negotiation, "组织评估"
    assert "3个月" not in text and "完成谈判" not in text and "组织评估" not in text and "评估结果" not in text
    if limit:
        assert limit in text
    else:
        assert "本机构将按规定办理，办理结果另行告知。" in text and "时限为" not in text


@pytest.mark.parametrize("city, procedure", sorted(SEED))
def test_correction_notice_of_each_procedure(city, procedure, tmp_path):
    _, items = _report(city, procedure, [])
    first = items[0]
    missing = Finding("missing_material", material=first.material, source=first.source,
                      evidence={"item_title": first.title})
    built, _ = _report(city, procedure, [missing])
    text = _text(write_notice(built, tmp_path / "n.docx"))
    _, supplement = SEED[(city, procedure)]
    assert NAMES[procedure] in text.splitlines()[1] and "一次性告知书" in text.splitlines()[1]
    assert f"“{first.title}”" in text
    # never the application's supplement clause (harbin 七(三), yangzhou 三(一)2)
    assert "七(三)" not in text and "三(一)2" not in text
    if supplement:
        assert supplement in text and "如于2026年11月23日收到，应于2026年11月30日前补正" in text
    else:
        assert "请按上述要求一次性补正全部材料后重新提交。" in text and "视为撤回" not in text


@pytest.mark.parametrize("city", list_cities())
def test_the_application_keeps_its_own_clauses(city, tmp_path):
    """Near miss: the application's notices still give the application's limits."""
    built, _ = _report(city, "application", [])
    text = _text(write_notice(built, tmp_path / "n.docx"))
    assert text.splitlines()[1] == "医疗保障定点申请受理通知书"
    if city == "yangzhou":
        assert "完成谈判的时限为自受理之日起60个工作日" in text
    if city == "harbin":
        assert "完成评估（医疗机构补充材料时间不计入评估期限）的时限为自受理之日起3个月" in text


def test_a_weihai_procedure_of_unknown_scheme_gives_both_limits(tmp_path):
    built, _ = _report("weihai", "change", [])
    built.scheme = None
    text = _text(write_notice(built, tmp_path / "n.docx"))
    assert "办结（统筹支付协议定点）的时限为自受理之日起10个工作日" in text
    assert "办结（个人账户支付协议定点）的时限为自受理之日起7个工作日" in text
