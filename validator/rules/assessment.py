"""Weihai's evaluation score (weihai 七, 附件1-2: "90分以上为合格"): the self-assessment's total,
checked against the items and maxima of the evaluation form (forms/weihai/evaluation_items.yaml:
personal-account 8 items, pooled 6 groups, each form totalling 100).

A score above an item's maximum, or a total above the form's, is not a low score but a sheet that
cannot be trusted: ``could_not_verify`` with the reason, never a verdict.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterable, Mapping

import yaml

from validator.checklist_model import RuleSetting
from validator.context import CheckContext
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
        raise ChecklistError(f"assessment items {path}: not readable ({type(error).__name__}: {error})") from error


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


def assessment_score_below_threshold(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    """The self-assessment's total is below ``threshold``; a sheet whose scores exceed the
    items' maxima, or do not add up, gives ``could_not_verify``.

    Example::

        - code: assessment_score_below_threshold
          source: 004_b66d6adc241eb53e.txt 七
          params: {threshold: 90, items: weihai/evaluation_items.yaml}

    Passes: 总分 92.
    Fails: 总分 85.
    """
    threshold = float(setting.params["threshold"])
    items_file = setting.params["items"]
    maxima = evaluation_items(items_file).get(context.scheme or "", {}) if items_file else {}
    for document in context.documents_for("self_assessment") or context.documents_of("self_assessment"):
        raw = document.extra.get("scores") or {}
        scores = {str(item): number for item, value in raw.items() if (number := _number(value)) is not None}
        total = _number(document.value("total_score"))
        if total is None and scores:
            total = sum(scores.values())
        if total is None:
            yield unverified(context, setting, "未能识别评估表的得分。", "no score was found on the evaluation form.",
                             document, material="self_assessment")
            continue
        problem = _sheet_problem(scores, total, maxima)
        if problem:
            yield unverified(context, setting, *problem, document, material="self_assessment",
                             field="total_score", found=total)
        elif total < threshold:
            yield located(context, setting, "assessment_score_below_threshold", document,
                          material="self_assessment", field="total_score", expected=f">= {threshold:g}",
                          found=f"{total:g}", evidence={"total": f"{total:g}", "threshold": f"{threshold:g}"})


ASSESSMENT_SCORE_BELOW_THRESHOLD = Rule("assessment_score_below_threshold", assessment_score_below_threshold, params=(
    Param("threshold", {"type": "number", "minimum": 0}, "the pass mark", default=90),
    Param("items", {"type": "string", "minLength": 1}, "the evaluation form's items and maxima, a file "
          "under forms/ (not given: maxima are not checked)", default=None),
))
