"""assessment_score_below_threshold (weihai 七, 附件1-2) and outside_application_window (shandong 三(三))."""
from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from rule_fixtures import context, document, run
from validator.errors import ChecklistError

ITEMS = "weihai/evaluation_items.yaml"


VETOES = {"personal-account": {"1": "申请条件", "pa-1": "申请条件", "5": "联网刷卡", "pa-5": "联网刷卡"},
          "pooled": {"1": "申请条件", "po-1": "申请条件", "5": "基础设施", "po-5": "基础设施", "po-6b": "联网刷卡"}}
FULL_PA = {"pa-2": 20, "pa-3": 20, "pa-4": 20, "pa-5": 10, "pa-6": 10, "pa-7": 10, "pa-8": 5}  # 95


def sheet(scores=None, total=None, marks=None):
    fields = {"total_score": total} if total is not None else {}
    return document("self_assessment", fields, extra={"scores": scores or {}, "marks": marks or {}})


def test_score_below_90_is_advice_not_a_refusal():
    """附件1-2 备注4 only suggests self-scoring: below 90 is a warning saying what the on-site
    evaluation would conclude, and the package is not ineligible."""
    low = {"pa-2": 20, "pa-3": 15, "pa-4": 20, "pa-5": 5, "pa-6": 10, "pa-7": 10, "pa-8": 5}
    (finding,) = run("assessment_score_below_threshold", context([sheet(low)], scheme="personal-account"),
                     threshold=90, items=ITEMS)
    assert finding.code == "assessment_score_below_threshold" and finding.found == "85"
    assert finding.severity == "warning" and not finding.is_error
    assert "现场评估将为不合格" in finding.evidence["conclusion_zh"]
    passing = {**low, "pa-3": 20, "pa-5": 10}
    assert run("assessment_score_below_threshold", context([sheet(passing)], scheme="personal-account"),
               threshold=90, items=ITEMS) == []


@pytest.mark.parametrize("scheme, marks, scores, vetoed", [
    ("personal-account", {"1": "不合格"}, FULL_PA, "申请条件"),
    ("personal-account", {}, {**FULL_PA, "pa-5": 0, "pa-2": 20}, "联网刷卡"),
    ("pooled", {"5": "不合格"}, {"2": 25, "3": 20, "4": 25, "5": 10, "6": 18}, "基础设施"),
])
def test_a_veto_item_marked_failed_fails_whatever_the_total(scheme, marks, scores, vetoed):
    (finding,) = run("assessment_score_below_threshold", context([sheet(scores, marks=marks)], scheme=scheme),
                     threshold=80, items=ITEMS, vetoes=VETOES)
    assert finding.severity == "warning" and finding.evidence["vetoed"] == vetoed
    assert vetoed in finding.evidence["conclusion_zh"]


def test_veto_items_marked_passed_or_unmarked_are_not_a_finding():
    for marks in ({"1": "合格"}, {}, {"2": "不合格"}):  # item 2 is not a veto item
        assert run("assessment_score_below_threshold", context([sheet(FULL_PA, marks=marks)],
                   scheme="personal-account"), threshold=90, items=ITEMS, vetoes=VETOES) == []


def test_scores_keyed_by_ambiguous_printed_numbers_are_judged_by_their_total():
    pooled = {"2": 25, "3": 20, "4": 25, "5": 10, "6": 18}
    assert run("assessment_score_below_threshold", context([sheet(pooled)], scheme="pooled"),
               threshold=90, items=ITEMS) == []


@pytest.mark.parametrize("scores, total", [({"pa-2": 25}, None), ({}, 105), ({"pa-2": 20, "pa-3": 20}, 95)])
def test_an_impossible_sheet_is_not_a_verdict(scores, total):
    (finding,) = run("assessment_score_below_threshold", context([sheet(scores, total)], scheme="personal-account"),
                     threshold=90, items=ITEMS)
    assert finding.code == "could_not_verify"


def test_no_score_found():
    (finding,) = run("assessment_score_below_threshold", context([sheet()], scheme="pooled"), threshold=90)
    assert finding.code == "could_not_verify"


def test_broken_items_file_is_a_checklist_error():
    with pytest.raises(ChecklistError):
        run("assessment_score_below_threshold", context([sheet({"1": 50})]), items="weihai/absent.yaml")


WINDOW = {"start": "2020-03-20", "end": "2020-04-03"}


def test_application_window():
    ctx = lambda day: context([], city="shandong-provincial", as_of=day)  # noqa: E731
    assert run("outside_application_window", ctx(date(2020, 3, 20)), **WINDOW) == []
    assert run("outside_application_window", ctx(date(2020, 4, 3)), **WINDOW) == []
    (late,) = run("outside_application_window", ctx(date(2020, 4, 7)), **WINDOW)
    assert late.code == "outside_application_window" and late.evidence["end"] == "2020-04-03"
    (weekend,) = run("outside_application_window", ctx(date(2020, 3, 21)), **WINDOW)
    assert weekend.code == "could_not_verify"
    with pytest.raises(ChecklistError):
        run("outside_application_window", ctx(date(2020, 3, 20)), start="2020-03-20")


def test_a_filled_weihai_evaluation_form(tmp_path):
    """The form generators.fill writes from the Weihai sample profile (self-score 95) passes 90."""
    from generators.fill import fill_form
    from validator.domain.profile import load_profile
    from rule_fixtures import read_documents

    profile = load_profile(Path(__file__).resolve().parent.parent / "samples" / "profiles" / "weihai.yaml")
    docs = read_documents(fill_form("weihai-evaluation-pooled", profile, tmp_path / "评估表.docx", date(2026, 11, 23)))
    assert run("assessment_score_below_threshold", context(docs, scheme="pooled"), threshold=90, items=ITEMS) == []
    (low,) = run("assessment_score_below_threshold", context(docs, scheme="pooled"), threshold=96, items=ITEMS)
    assert low.code == "assessment_score_below_threshold" and low.found == "95"


def test_a_filled_form_whose_item_1_is_failed(tmp_path):
    """Item 1 (申请条件) filled 不合格 with 95 points: read back, the veto gives the warning."""
    from generators.fill import fill_form
    from validator.domain.profile import load_profile
    from rule_fixtures import read_documents

    profile = load_profile(Path(__file__).resolve().parent.parent / "samples" / "profiles" / "weihai.yaml")
    failed = dataclasses.replace(profile, self_scores={**profile.self_scores, "po-1": "不合格"})
    docs = read_documents(fill_form("weihai-evaluation-pooled", failed, tmp_path / "评估表.docx", date(2026, 11, 23)))
    assert docs[0].extra.marks.get("1") == "不合格"
    (finding,) = run("assessment_score_below_threshold", context(docs, scheme="pooled"), threshold=90,
                     items=ITEMS, vetoes=VETOES)
    assert finding.evidence["vetoed"] == "申请条件" and finding.found == "95"


def test_a_blank_sheet_totalling_0_is_unscored_not_a_low_score():
    """Audit §2.1: a form filled without self_scores prints 0 points over blank cells."""
    (finding,) = run("assessment_score_below_threshold", context([sheet({}, 0)], scheme="personal-account"),
                     threshold=90, items=ITEMS, vetoes=VETOES)
    assert finding.code == "could_not_verify"
    (low,) = run("assessment_score_below_threshold", context([sheet({"pa-2": 0}, 0)], scheme="personal-account"),
                 threshold=90, items=ITEMS, vetoes=VETOES)
    assert low.code == "assessment_score_below_threshold"  # a sheet that does score 0 (near miss)
