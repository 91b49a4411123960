"""Self-assessment and evaluation forms: the scored forms whose items file the city's evaluation
rule names (Weihai: forms/weihai/evaluation_items.yaml, seed 004 附件1-2, pass line 90) and the
符合/不符合 self-check forms whose items the catalogue lists (Harbin 综合评估表, Shandong 附件2/附件4)."""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Mapping


from validator.domain.profile import Profile
from validator.errors import TemplateError
from validator.catalogue import t
from validator.resources import forms_dir, load_yaml

ASSESSMENT_RULE = "assessment_score_below_threshold"
CONFORMS, NOT_CONFORMS = "符合", "不符合"


@lru_cache(maxsize=8)
def evaluation_file(path: str) -> dict[str, Any]:
    """A scored form's items file under forms/: {pass_score, total, forms: {scheme: {title, items …}}}."""
    return load_yaml(forms_dir().joinpath(*path.split("/")).read_text(encoding="utf-8"))


def evaluation_params(params: Mapping[str, Any], city: str | None = None) -> dict[str, Any]:
    """The form's title, attachment, items and notes: a scored form's from the items file of the city's
    evaluation rule, by scheme, with the rule's veto items; else the catalogue's own."""
    if "evaluation" not in params:
        return {"pass_score": None, "vetoes": {}, **params}
    rule = _assessment_params(city) if city else {}
    if not rule.get("items"):
        raise TemplateError(t("evaluation_needs_items", evaluation=repr(params["evaluation"]), city=city,
                              rule=ASSESSMENT_RULE))
    data = evaluation_file(rule["items"])
    form = data["forms"][params["evaluation"]]
    return {"title": form["title"], "attachment": form["attachment"], "items": form["items"],
            "notes": form["notes"], "pass_score": data["pass_score"],
            "vetoes": (rule.get("vetoes") or {}).get(params["evaluation"], {})}


def _assessment_params(city: str) -> Mapping[str, Any]:
    """The params of the city checklist's evaluation rule (items file, threshold, vetoes), so the form
    and the rule (validator.rules.assessment) read the same items and decide a veto the same way."""
    from validator.checklists.loader import load_checklist

    settings = [rule for rule in load_checklist(city).rules if rule.code == ASSESSMENT_RULE]
    return settings[0].params if settings else {}


def evaluation_context(profile: Profile, params: Mapping[str, Any]) -> dict[str, Any]:
    """Rows with the applicant's self-assessment, the total and the conclusion.

    Nothing is assessed for the applicant: an item the profile's ``self_scores`` does not state
    stays blank (a scored item) or shows empty boxes (□合格 □不合格, □符合 □不符合), and the total
    and conclusion are printed only when every item is stated. Scored items (``max`` a number)
    are capped at the maximum (备注2: 扣分不得超过该项分数上限). A failed veto item (申请条件
    不合格, 联网刷卡 or 基础设施 scored 0) makes the conclusion 不合格 whatever the total."""
    from validator.rules.assessment import failed_vetoes

    scores = profile.self_scores
    scored = params.get("pass_score") is not None
    marks = ("合格", "不合格") if scored else (CONFORMS, NOT_CONFORMS)
    rows, total, total_max, previous_seq, silent = [], 0.0, 0.0, None, False
    for item in params["items"]:
        maximum, score = item.get("max"), scores.get(item["id"])
        silent = silent or score is None
        if maximum is None:
            score_text = str(score) if score is not None else f"□{marks[0]} □{marks[1]}"
        else:
            capped = min(float(score or 0), maximum)
            total, total_max = total + capped, total_max + maximum
            score_text = "" if score is None else f"{capped:g}"
        first = item["seq"] != previous_seq
        rows.append({"seq": item["seq"] if first else "", "group": item.get("group", "") if first else "",
                     "criteria": item["criteria"], "score_text": score_text, "record": "",
                     "max_text": f"{maximum:g}" if maximum is not None else ("\\" if scored else "—")})
        previous_seq = item["seq"]
    numbers = {key: float(value) for key, value in scores.items() if isinstance(value, (int, float))}
    vetoed = failed_vetoes(params.get("vetoes") or {}, numbers, {key: str(value) for key, value in scores.items()})
    failed = bool(vetoed) or any(row["score_text"] == marks[1] for row in rows)
    if scored:
        result = "不合格" if failed else "" if silent else ("合格" if total >= params["pass_score"] else "不合格")
        shown = "　　" if silent else f"{total:g}"
        veto = f"（否决项不合格：{'、'.join(vetoed)}）" if vetoed else ""
        summary = (f"自评总分：{shown}分（满分{total_max:g}分，{params['pass_score']}分以上为合格），"
                   f"自评结论：{result or f'□{marks[0]} □{marks[1]}'}{veto}")
    else:
        result = NOT_CONFORMS if failed else ("" if silent else CONFORMS)
        summary = f"自评结论：{result or f'□{marks[0]} □{marks[1]}'}申请条件"
    return {"rows": rows, "total": "" if silent else f"{total:g}", "total_max": f"{total_max:g}",
            "result": result, "summary": summary}
