"""Every refusal the desk gives, from one catalogue, in Chinese (or English with --lang en).

A refusal names a catalogue entry and the values it needs; the words are chosen where the
answer is written, in the desk's language. No Python message, no temporary file name and no
internal code reaches a clerk (the audit of 2026-12-07 found half-English errors with temp
names). The detail for the administrator goes to the server log instead.
"""
from __future__ import annotations

from functools import partial
from typing import Any

REFUSALS: dict[str, tuple[str, str]] = {
    "no_case": ("没有编号为{case}的案件", "there is no case {case}"),
    "no_version": ("案件{case}没有材料版本", "case {case} has no version"),
    "not_found": ("页面不存在", "no such page"),
    "no_notice": ("没有该告知文书", "no such notice"),
    "no_report": ("审核报告尚未生成（审核完成后可查看）", "no report yet: it is ready when the check is done"),
    "one_version": ("该案件只有一个版本，无可对比", "the case has one version: nothing to compare"),
    "closed": ("案件已办结（{state}），不能再办理此事项", "the case is closed ({state})"),
    "not_issuable": ("案件当前为“{state}”：告知文书在收件或补正后出具", "the case is {state}: a notice is issued "
                     "on receipt or after a supplement"),
    "check_not_done": ("第{version}版尚未审核完成，暂不能出具告知文书", "version {version} is not checked yet"),
    "already_checking": ("第{version}版正在审核或排队中", "version {version} is being checked already"),
    "reason_needed": ("请填写理由", "a reason is needed"),
    "waiver_refused": ("不能豁免：只能豁免警告（不能豁免错误），并须填写理由", "only a warning can be waived, with a reason"),
    "not_reviewer": ("只有审核员或管理员可以办理此事项", "only a reviewer or an admin may do this"),
    "not_revocable": ("只能撤销当日出具的不予受理告知书", "only a notice of non-acceptance issued today can be "
                      "withdrawn"),
    "confirm_rejection": ("出具不予受理告知书将办结该案件，请确认后再出具", "issuing the notice of non-acceptance "
                          "closes the case: confirm it"),
    "verdict_changed": ("审核结论已变化，请刷新页面后再出具告知文书", "the verdict has changed: reload the page"),
    "number_busy": ("文号分配繁忙，请稍后重试", "document numbers are busy; try again"),
    "render_crashed": ("文书生成进程意外结束，请重试", "the render process ended unexpectedly; try again"),
    "timestamp_failed": ("时间戳服务器未响应，告知书尚未签署，请稍后重试",
                         "the timestamp server did not answer; the notice is not signed yet: try again"),
    "csrf": ("页面已过期（校验失败），请刷新页面后重试", "the page has expired: reload it and try again"),
    "malformed_form": ("提交的内容无法读取，请刷新页面后重试", "the form could not be read; reload the page"),
    "no_package": ("请选择材料包文件或文件夹", "choose a package file or a folder"),
    "bad_date": ("{field}“{value}”不是有效日期，格式为 年-月-日（如 2026-11-23）",
                 "{field} {value!r} is not a date YYYY-MM-DD"),
    "future_date": ("{field}不能晚于今天（{value}）", "{field} cannot be later than today ({value})"),
    "bad_uscc": ("统一社会信用代码“{value}”格式或校验位有误（应为18位）",
                 "USCC {value!r} is malformed or fails its check digit (18 characters)"),
    "unknown_choice": ("{field}“{value}”不在可选范围内", "{field} {value!r} is not one of the choices"),
    "bad_filter": ("筛选条件“{field}”无效", "the filter {field} is not valid"),
    "too_large": ("上传文件超过大小上限 {mb} MB", "the upload exceeds the {mb} MB limit"),
    "length_required": ("请求须注明长度", "a request body needs a Content-Length"),
    "cross_site": ("跨站请求被拒绝", "cross-site request refused"),
    "loopback_only": ("本窗口只接受本机地址访问", "this desk answers to loopback names only"),
    "login_required": ("请先登录", "log in first (session or bearer token)"),
    "not_a_package": ("无法作为申报材料包打开：请上传文件夹或压缩包（.zip、.7z、.rar、.tar）",
                      "not a package: send a folder or an archive (.zip, .7z, .rar, .tar)"),
    "unsafe_package": ("材料包含不安全的条目（路径越界、压缩炸弹或链接），已拒收：{names}",
                       "the package holds unsafe entries and was refused: {names}"),
    "empty_package": ("材料包中没有文件", "the package holds no files"),
    # a failed check, as stored in versions.check_error
    "check_crashed": ("审核进程意外结束，请点击“重新审核”", "the check process ended unexpectedly: check again"),
    "check_input": ("材料包无法完整读取，请核对后重新提交", "the package could not be read whole"),
    "check_bug": ("审核程序出错，请点击“重新审核”；仍失败请联系管理员", "the check failed: check again, or tell the admin"),
}

FIELDS = {"received": ("收件日期", "received"), "as_of": ("审核基准日", "as_of"),
          "city": ("统筹地区", "city"), "kind": ("机构类型", "kind"), "scheme": ("定点类别", "scheme"),
          "procedure": ("事项", "procedure"), "status": ("办理状态", "status"), "due": ("时限", "due")}


def refusal_text(key: str, lang: str, values: dict[str, Any] | None = None) -> str:
    """The catalogue's sentence for ``key``; a stored text that is no key (an older desk's) becomes
    the general failure sentence, never shown raw."""
    from validator.desk.terms import CASE_STATUS, pick

    pair = REFUSALS.get(key) or REFUSALS["check_bug"]
    shown = dict(values or {})
    if "field" in shown:
        shown["field"] = pick(FIELDS.get(shown["field"], (shown["field"], shown["field"])), lang)
    if shown.get("state") in CASE_STATUS:
        shown["state"] = pick(CASE_STATUS[shown["state"]], lang)
    return pick(pair, lang).format(**shown)


class Refusal(Exception):
    """A request the desk does not carry out: a catalogue key, its values and the HTTP status
    (409 not in this state, 400 bad input, 403 role, 404, 413, 422 not a package)."""

    def __init__(self, key: str, status: int = 409, **values: Any) -> None:
        if key not in REFUSALS:
            raise KeyError(f"no refusal {key!r} in the catalogue")
        super().__init__(key)
        self.key, self.status, self.values = key, status, values

    def text(self, lang: str) -> str:
        return refusal_text(self.key, lang, self.values)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Whole when raised in the render process: status and values cross to the server too."""
        return partial(Refusal, **self.values), (self.key, self.status)

    def __str__(self) -> str:
        return self.text("zh")
