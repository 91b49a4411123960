"""The desk's words in Chinese (official terms) and English, and the Jinja helpers that use them."""
from __future__ import annotations

from typing import Any

from jinja2 import Environment

# The HTML report's own words for material states and severities, so page and report agree.
from validator.report.render.html import _SEVERITY as SEVERITY
from validator.report.render.html import _STATUS as MATERIAL_STATUS
from validator.desk.journal import describe
from validator.desk.refusals import refusal_text
from validator.desk.settings import DEFAULT_ZONE
from validator.desk.terms import CASE_STATUS, NOTICE_TITLES, ROLES, pick
from validator.vocabulary import ids, title

WORDS: dict[str, tuple[str, str]] = {
    "app": ("医保定点受理窗口", "Designation intake desk"),
    "register": ("受理登记簿", "Case register"),
    "new_case": ("登记新申请", "Receive an application"),
    "package": ("申报材料包（.zip、.7z、.rar、.tar）", "Package (.zip, .7z, .rar, .tar)"),
    "or_folder": ("或选择文件夹", "or a folder"),
    "institution": ("机构名称", "Institution"),
    "uscc": ("统一社会信用代码", "USCC"),
    "city": ("统筹地区", "City"),
    "kind": ("机构类型", "Kind"),
    "scheme": ("定点类别", "Scheme"),
    "procedure": ("事项", "Procedure"),
    "received": ("收件日期", "Received"),
    "status": ("办理状态", "Status"),
    "check": ("审核", "Check"),
    "verdict": ("审核结论", "Verdict"),
    "next_due": ("下一时限", "Next due"),
    "auto": ("（由材料识别）", "(read from the package)"),
    "submit": ("登记并审核", "Receive and check"),
    "due_today": ("今日到期", "Due today"),
    "due_soon": ("3个工作日内到期", "Due within 3 working days"),
    "due_overdue": ("已逾期", "Overdue"),
    "all": ("全部", "All"),
    "filter": ("筛选", "Filter"),
    "export": ("导出登记簿（xlsx）", "Export register (xlsx)"),
    "total": ("共{n}件", "{n} cases"),
    "prev": ("上一页", "Previous"),
    "next": ("下一页", "Next"),
    "case": ("案件", "Case"),
    "versions": ("材料版本", "Versions"),
    "version": ("第{n}版", "version {n}"),
    "queued": ("排队待审", "queued"),
    "running": ("正在审核", "checking"),
    "done": ("审核完成", "done"),
    "failed": ("审核失败", "failed"),
    "elapsed": ("已用{s}秒", "{s} s so far"),
    "materials": ("材料清单", "Materials"),
    "findings": ("问题明细", "Findings"),
    "no_findings": ("未发现问题。", "No findings."),
    "full_report": ("完整审核报告（含页面缩略图）", "Full report (with page thumbnails)"),
    "deadlines": ("法定时限（按工作日历）", "Statutory dates (working-day calendar)"),
    "event": ("事项", "Event"),
    "rule": ("时限", "Limit"),
    "from": ("起算日", "From"),
    "due": ("截止日", "Due"),
    "not_yet": ("待起算", "not started"),
    "estimated": ("（估算）", "(estimate)"),
    "notices": ("告知文书", "Notices"),
    "issue_named": ("出具{title}", "Issue the {title}"),
    "ask_rejection": ("出具不予受理告知书将办结该案件（当日内审核员可撤销）。确认出具？",
                      "Issuing the notice of non-acceptance closes the case (a reviewer can withdraw it today). Issue it?"),
    "confirm_rejection": ("已核对不予受理的理由，确认出具", "I have checked the grounds for non-acceptance"),
    "voided": ("已撤销", "withdrawn"),
    "revoke": ("撤销此告知书", "Withdraw this notice"),
    "ask_revoke": ("撤销该不予受理告知书，案件恢复待出具告知文书？", "Withdraw this notice and reopen the case?"),
    "number": ("文号", "Number"),
    "download": ("下载", "Download"),
    "supplement": ("接收补正材料（新版本）", "Receive a supplement (new version)"),
    "upload": ("上传", "Upload"),
    "diff": ("与上一版对比", "Compared with the previous version"),
    "fixed": ("已补正", "fixed"),
    "still_open": ("仍未解决", "still open"),
    "new": ("新出现", "new"),
    "waivers": ("豁免记录", "Waivers"),
    "waive": ("豁免警告", "Waive a warning"),
    "code": ("问题代码", "Finding code"),
    "material": ("材料", "Material"),
    "files": ("文件", "Files"),
    "page": ("第{n}页", "p. {n}"),
    "reason": ("理由", "Reason"),
    "withdraw": ("撤回申请", "Withdraw"),
    "recheck": ("重新审核", "Check again"),
    "audit": ("操作记录", "Audit log"),
    "when": ("时间", "When"),
    "who": ("操作人", "Who"),
    "what": ("操作", "What"),
    "login": ("登录", "Log in"),
    "logout": ("退出", "Log out"),
    "user": ("用户名", "User"),
    "password": ("密码", "Password"),
    "login_failed": ("用户名或密码错误", "wrong user name or password"),
    "login_locked": ("登录失败次数过多，已暂停登录15分钟；如需立即解锁，请联系管理员",
                     "too many failed logins: login paused for 15 minutes; an admin can unlock it now"),
    "waived": ("已豁免", "waived"),
    "ask_withdraw": ("确认撤回该申请？", "Withdraw this application?"),
}

def install(env: Environment, settings: Any) -> None:
    """Puts ``t``, ``vocab``, ``case_status`` and the vocabularies' choices into every template."""
    from validator.desk.notices import KIND_OF_VERDICT, revocable

    lang = settings.lang
    def t(key: str, **values: Any) -> str:
        return pick(WORDS[key], lang).format(**values)

    def vocab(section: str, key: str | None) -> str:
        return title(section, key, lang) if key else "—"

    env.globals.update(
        t=t, vocab=vocab, lang=lang,
        case_status=lambda status: pick(CASE_STATUS[status], lang),
        material_status=lambda status: pick(MATERIAL_STATUS.get(status, (status, status)), lang),
        severity=lambda level: pick(SEVERITY[level], lang),
        choices={section: sorted(ids(section)) for section in ("cities", "institution_kinds", "schemes", "procedures")},
        case_statuses=list(CASE_STATUS),
        notice_title=lambda kind: pick(NOTICE_TITLES[kind], lang),
        role=lambda role: pick(ROLES.get(role, (role, role)), lang),
        check_error=lambda key: refusal_text(key, lang),
        describe=lambda action, detail: describe(action, detail, lang),
        notice_kind=lambda verdict: KIND_OF_VERDICT.get(verdict),
        revocable=lambda notice, case: revocable(notice, case.status, settings.today()),
    )
    env.globals.update(local_time=settings.local_time, zone_name=zone_name(settings.zone, lang))


def zone_name(zone: str, lang: str) -> str:
    return pick(("北京时间", "Beijing time"), lang) if zone == DEFAULT_ZONE else zone
