"""Dates on a filled change / suspension form checked against the city's own time limits: a form
dated after the limit is still filled (the applicant may have reasons), but with a warning that
names the limit and its clause (weihai 八(一) 30 working days after approval, 八(三) 3 months in
advance; yangzhou 四(一)3(1) 15 days after the change, 四(一)3(2) 15 days in advance).

The catalogue says which limit applies to a form: ``timing: {event, date}`` where ``date`` is the
profile key path of the day the limit counts from (``change_request.approval_date``)."""
from __future__ import annotations

from datetime import date
from typing import Any

from validator.domain.deadlines import cited, deadlines_for
from generators.forms_catalog import FormSpec
from validator.domain.profile import Profile


def timing_warnings(spec: FormSpec, profile: Profile, fill_date: date) -> list[str]:
    """One Chinese line per time limit the form's fill date breaches, and for an application
    form dated outside the city's application window (shandong 三(三)), a line saying so."""
    timing = spec.params.get("timing") if isinstance(spec.params, dict) else None
    if not timing:
        return _window_warnings(spec, fill_date)
    start = _profile_date(profile, str(timing["date"]))
    if start is None:
        return []
    found = deadlines_for(str(timing["event"]), start, [spec.city], scheme=profile.scheme)
    # the consequence is the clause's own (yangzhou 四(一)3(1) 按服务协议处理, 3(2) 原协议自动终止);
    # weihai 八(三) states none: a late request just does not meet the condition
    return [f"{spec.title}：填表日期{_day(fill_date)}晚于{_day(due.due)}"
            f"（{cited(due)}：{due.rule.note or due.rule.describe()}），请核实日期"
            + (f"；{due.rule.consequence}" if due.rule.consequence else "")
            for due in found if fill_date > due.due and _concerns(due.rule, _changed(profile))]


def _window_warnings(spec: FormSpec, fill_date: date) -> list[str]:
    from validator.checklists.loader import load_checklist
    from validator.checklists.citation import readable

    if spec.procedure != "application":
        return []
    checklist = load_checklist(spec.city)
    window = checklist.rule("outside_application_window")
    if window is None:
        return []
    start, end = (date.fromisoformat(str(window.params[key])) for key in ("start", "end"))
    if start <= fill_date <= end:
        return []
    return [f"{spec.title}：填表日期{_day(fill_date)}不在申报期{_day(start)}至{_day(end)}内"
            f"（{readable(window.source, checklist.sources)}），该期申报已结束或尚未开始，请核实"]


def _changed(profile: Profile) -> list[str]:
    return [str(change.get("item", "")) for change in profile.change_request.get("items") or () if change.get("item")]


def _concerns(rule: Any, changed: list[str]) -> bool:
    """A limit for one case of change (yangzhou 四(一)3(1) name, person in charge, pharmacist; (2)
    address, legal representative) applies when its note names an item that changes; with no
    items stated, every case applies."""
    return rule.case is None or not changed or any(item in rule.note for item in changed)


def _profile_date(profile: Profile, path: str) -> date | None:
    head, _, key = path.partition(".")
    value: Any = getattr(profile, head, None)
    if key:
        value = value.get(key) if hasattr(value, "get") else None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
