"""Weihai's evaluation score (weihai 七, 附件1-2: "90分以上为合格"): the self-assessment's total,
checked against the items and maxima of the evaluation form (forms/weihai/evaluation_items.yaml:
personal-account 8 items, pooled 6 groups, each form totalling 100), and its veto items.

附件1-2 are the agency's on-site evaluation forms; 备注4 only *suggests* scoring oneself before
applying, and 十 does not list a self-score among the grounds for non-acceptance. So a low
self-score, or a veto item marked 不合格, is advice: a warning that says what the on-site
evaluation would conclude, never a refusal (``severity: warning``, whatever the vocabulary's
default for the code).

Veto items (``vetoes`` param, {scheme: {item: name}}): item 1 申请条件 "不合格的不得纳入", the
联网刷卡 items "不能满足医保联网刷卡需求的，暂不考虑纳入" (personal-account 5, pooled 6b) and the
pooled 基础设施 item 5 "缺少基础设施、设备的不得纳入". The evaluation fails on any of them,
whatever the total; ``failed_vetoes`` is the one place that decides it.

A score above an item's maximum, or a total above the form's, is not a low score but a sheet that
cannot be trusted: ``could_not_verify`` with the reason, never a verdict.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterable, Mapping


from validator.checklists.model import RuleSetting
from validator.rules.context import CheckContext
from validator.catalogue import t
from validator.errors import ChecklistError
from validator.findings import Finding
from validator.resources import forms_dir
from validator.rules.declaration import Param, Rule
from validator.rules.common import located, unverified


@lru_cache(maxsize=8)
def evaluation_items(path: str) -> Mapping[str, dict[str, float]]:
    """{scheme: {key: maximum}} from a file under forms/ (forms.<scheme>.items: id, seq, max).
    Keys are the item ids ("po-2a") and the printed 序号 of single-row items ("5"); the pass/fail
    item 1 (max: null) has none.  "" holds the form's total."""
    import yaml  # here: a check that does not score an assessment form does not parse YAML

    try:
        data = yaml.safe_load(forms_dir().joinpath(path).read_text(encoding="utf-8"))
        table: dict[str, dict[str, float]] = {}
        for scheme, form in data["forms"].items():
            scored = [item for item in form["items"] if item.get("max") is not None]
            seqs = [str(item["seq"]) for item in form["items"]]
            by_seq = {str(item["seq"]): float(item["max"]) for item in scored if seqs.count(str(item["seq"])) == 1}
            by_id = {str(item["id"]): float(item["max"]) for item in scored}
            table[scheme] = {**by_seq, **by_id, "": sum(by_id.values())}
        return table
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as error:
        raise ChecklistError(t("assessment_items_unreadable", path=path, reason=f"{type(error).__name__}: {error}")) from error


def _number(value: Any) -> float | None:
    try:
        return float(str(value).strip().removesuffix("分"))
    except (TypeError, ValueError):
        return None


def _sheet_problem(scores: dict[str, float], total: float,
                   maxima: dict[str, float]) -> tuple[str, str] | None:
    """Why the sheet cannot be trusted: an item above its maximum, a total above the form's, or
    item scores (all keyed by known items) that do not add up to the total."""
    over = [item for item, score in scores.items() if item in maxima and score > maxima[item]]
    if over:
        return (f"第{'、'.join(over)}项得分超过该项分值上限。", f"item(s) {', '.join(over)} exceed their maximum.")
    ceiling = maxima.get("", 100.0)
    if total > ceiling:
        return f"总分{total:g}超过满分{ceiling:g}。", f"total {total:g} exceeds the maximum {ceiling:g}."
    known = scores and all(item in maxima for item in scores)
    if known and abs(sum(scores.values()) - total) > 0.01:
        return (f"各项得分之和{sum(scores.values()):g}与总分{total:g}不符。",
                f"the item scores add up to {sum(scores.values()):g}, not the total {total:g}.")
    return None


def failed_vetoes(vetoes: Mapping[str, str], scores: Mapping[str, float],
                  marks: Mapping[str, str]) -> list[str]:
    """Names of the veto items the sheet fails: marked 不合格, or scored 0 (an item whose lowest
    admissible score is above 0 — the 联网刷卡 items give 5 for "能满足联网刷卡需求")."""
    failed = []
    for item, name in vetoes.items():
        if (marks.get(item) == "不合格" or scores.get(item) == 0) and name not in failed:
            failed.append(name)
    return failed


def _advice(context: CheckContext, setting: RuleSetting, document: Any, total: float, threshold: float,
            vetoed: list[str]) -> Finding:
    """The warning: what the agency's on-site evaluation would conclude from this self-assessment."""
    low = total < threshold
    because_zh = "、".join([*(f"“{name}”项为不合格" for name in vetoed),
                            *([f"得分{total:g}分低于{threshold:g}分"] if low else [])])
    because_en = "; ".join([*(f"the '{name}' item is marked failed" for name in vetoed),
                            *([f"the score {total:g} is below {threshold:g}"] if low else [])])
    return located(context, setting, "assessment_score_below_threshold", document, severity="warning",
                   material="self_assessment", field="total_score", expected=f">= {threshold:g}",
                   found=f"{total:g}", evidence={
                       "total": f"{total:g}", "threshold": f"{threshold:g}", "vetoed": "、".join(vetoed),
                       "conclusion_zh": f"自评{because_zh}，按评估表现场评估将为不合格",
                       "conclusion_en": f"Self-assessment: {because_en}; on the evaluation form the on-site "
                                        "evaluation would conclude 'failed'"})


def assessment_score_below_threshold(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    """A warning (advice, weihai 附件1-2 备注4) when the self-assessment's total is below
    ``threshold`` or a veto item is marked 不合格; a sheet whose scores exceed the items' maxima,
    or do not add up, gives ``could_not_verify``.

    Example::

        - code: assessment_score_below_threshold
          source: 004_b66d6adc241eb53e.txt 七; 附件1-2 备注4
          params: {threshold: 90, items: weihai/evaluation_items.yaml,
                   vetoes: {personal-account: {"1": 申请条件, "5": 联网刷卡}}}

    Passes: 总分 92, item 1 合格.
    Fails: 总分 85, or item 1 不合格 at 95 (a warning, never a refusal).
    """
    threshold = float(setting.params["threshold"])
    items_file = setting.params["items"]
    maxima = evaluation_items(items_file).get(context.scheme or "", {}) if items_file else {}
    vetoes = (setting.params.get("vetoes") or {}).get(context.scheme or "", {})
    for document in context.documents_for("self_assessment") or context.documents_of("self_assessment"):
        raw = document.extra.scores or {}
        scores = {str(item): number for item, value in raw.items() if (number := _number(value)) is not None}
        vetoed = failed_vetoes(vetoes, scores, document.extra.marks or {})
        total = _number(document.value("total_score"))
        if total is None and scores:
            total = sum(scores.values())
        if not scores and not total and not vetoed:
            # a sheet printed without self-scores ("自评总分：0分" over blank cells) is unscored, not 0
            total = None
        if total is None:
            yield unverified(context, setting, "未能识别评估表的得分。", "no score was found on the evaluation form.",
                             document, material="self_assessment")
            continue
        problem = _sheet_problem(scores, total, maxima)
        if problem:
            yield unverified(context, setting, *problem, document, material="self_assessment",
                             field="total_score", found=total)
        elif total < threshold or vetoed:
            yield _advice(context, setting, document, total, threshold, vetoed)


ASSESSMENT_SCORE_BELOW_THRESHOLD = Rule("assessment_score_below_threshold", assessment_score_below_threshold, params=(
    Param("threshold", {"type": "number", "minimum": 0}, "the pass mark", default=90),
    Param("items", {"type": "string", "minLength": 1}, "the evaluation form's items and maxima, a file "
          "under forms/ (not given: maxima are not checked)", default=None),
    Param("vetoes", {"type": "object", "propertyNames": {"vocabulary": "schemes"},
                     "additionalProperties": {"type": "object", "additionalProperties": {"type": "string", "minLength": 1}}},
          "per scheme, the veto items (by printed 序号 and item id) and their names: marked 不合格 (or a "
          "联网刷卡 item scored 0), the evaluation fails whatever the total", default={}),
))
