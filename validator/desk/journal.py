"""The audit log in words: "出具一次性告知书 〔2026〕第0001号", never ``notice.issued kind=correction``.

The audit table keeps the action and its detail as data (register.record); this module words
them for the case page in the desk's language. An action it does not know is shown by a
general word, never as its code.
"""
from __future__ import annotations

from typing import Any, Callable

from validator.vocabulary import title

SENTENCES: dict[str, tuple[str, str]] = {
    "case.created": ("登记新申请，收件日期{received}", "received the application ({received})"),
    "version.received": ("接收第{version}版材料“{filename}”", "received version {version} ({filename})"),
    "check.done": ("第{version}版审核完成：{verdict}", "version {version} checked: {verdict}"),
    "check.failed": ("第{version}版审核未完成：{error}", "version {version} not checked: {error}"),
    "check.requeued": ("第{version}版重新审核（{why}）", "version {version} checked again ({why})"),
    "case.read_from_package": ("从材料中识别：{fields}", "read from the package: {fields}"),
    "notice.issued": ("出具{kind} {number}", "issued the {kind} {number}"),
    "notice.revoked": ("撤销{kind} {number}，理由：{reason}", "withdrew the {kind} {number}: {reason}"),
    "case.status": ("办理状态：{before} → {after}", "status: {before} → {after}"),
    "case.withdrawn": ("撤回申请，理由：{reason}", "withdrew the application: {reason}"),
    "waiver.added": ("豁免“{code}”，理由：{reason}", "waived “{code}”: {reason}"),
}
WHY = {"interrupted": ("审核中断后继续", "after an interruption"), "waiver": ("豁免后", "after a waiver"),
       "asked": ("人工要求", "on request")}
LEARNED = {"city": ("统筹地区", "city"), "kind": ("机构类型", "kind"), "scheme": ("定点类别", "scheme"),
           "institution": ("机构名称", "institution"), "uscc": ("统一社会信用代码", "USCC")}
VOCABULARY = {"city": "cities", "kind": "institution_kinds", "scheme": "schemes"}
OTHER = ("其他操作", "other action")


def describe(action: str, detail: dict[str, Any] | None, lang: str) -> str:
    """One audit row's action and detail as a sentence in ``lang``."""
    from validator.desk.refusals import refusal_text
    from validator.desk.terms import CASE_STATUS, NOTICE_TITLES, pick

    pair = SENTENCES.get(action)
    if pair is None:
        return pick(OTHER, lang)
    values = {key: ("" if value is None else value) for key, value in (detail or {}).items()}
    word: Callable[[dict, str], str] = lambda table, key: pick(table.get(key, (key, key)), lang)  # noqa: E731
    if "kind" in values and action.startswith("notice."):
        values["kind"] = word(NOTICE_TITLES, values["kind"])
    for key in ("before", "after"):
        if key in values:
            values[key] = word(CASE_STATUS, values[key])
    if action == "check.done":
        values["verdict"] = title("verdicts", values.get("verdict"), lang) if values.get("verdict") else ""
    if action == "check.failed":
        values["error"] = refusal_text(str(values.get("error")), lang)
    if "why" in values:
        values["why"] = word(WHY, values["why"])
    if action == "case.read_from_package":
        values["fields"] = "、".join(f"{pick(LEARNED[key], lang)} {_learned(key, value, lang)}"
                                     for key, value in values.items() if key in LEARNED)
    if action == "waiver.added":
        values["code"] = title("findings", values.get("code"), lang) if values.get("code") else ""
    try:
        return pick(pair, lang).format_map(_Blank(values))
    except (ValueError, KeyError):
        return pick(OTHER, lang)


def _learned(key: str, value: Any, lang: str) -> str:
    return title(VOCABULARY[key], value, lang) if key in VOCABULARY else str(value)


class _Blank(dict):
    """format_map values; a detail an older desk did not record reads as nothing."""

    def __missing__(self, key: str) -> str:
        return ""
