"""The conditions that the change, suspension and termination procedures set:

- weihai 八(一): a major change is reported within 30 working days of its approval;
  yangzhou 四(一)3(1): a change of name, person in charge or licensed pharmacist within 15 days
  after it; yangzhou 四(一)3(2): a change of address or legal representative announced in writing
  15 days in advance (``change_within`` / ``change_ahead``);
- weihai 八(三): suspension, termination or non-renewal requested 3 months ahead
  (``request_ahead``); 八(二): suspension at most 180 days (``suspension_max``);
- weihai 八(三): public institutions may not request suspension or termination
  (``procedure_not_permitted``, the one ground of refusal among them);
- yangzhou 四(一)3(2): a change of business address or legal representative is no ordinary
  information change: the old agreement ends and the agency handles it as a new designation
  (``new_designation``, a ``procedure_route`` warning saying so and what to submit).

The facts come from the forms the seed requires (validator.domain.requests: the change item
and approval date, the requested start and end dates as the form prints them), with the profile
(``change_request: {items, approval_date}``, ``suspension_request: {action, from_date,
until_date}``) as a second source. A fact that is not
known gives ``could_not_verify`` saying what to check, never an error. A change reported late
cannot be undone by the applicant, so it is a warning; a requested date that is too early can
be corrected (an error: incomplete, not ineligible); a suspension over 180 days is a warning,
since 八(二) bars it only "in principle".
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Iterable, Mapping

from validator.domain.deadlines import due_date
from validator.domain.requests import change_request, suspension_request
from validator.checklists.model import RuleSetting
from validator.rules.context import CheckContext
from validator.findings import Finding
from validator.rules.common import as_date, located, profile_stated, unverified
from validator.rules.declaration import Param, Rule, ids_of, integer, words


def _request(context: CheckContext, key: str) -> Mapping[str, Any]:
    stated = profile_stated(context.profile, key) or {}
    read = change_request if key == "change_request" else suspension_request
    return read(context.documents, stated if isinstance(stated, Mapping) else {})


def _changed_items(request: Mapping[str, Any]) -> list[str]:
    return [str(entry.get("item", "")) for entry in request.get("items") or [] if isinstance(entry, Mapping)]


_UNITS = {"working_days": ("个工作日", " working days"), "days": ("日", " days"), "months": ("个月", " months")}


def _limit(entry: Mapping[str, Any]) -> tuple[str, str]:
    """The limit in words: ("30个工作日", "30 working days")."""
    unit = next(key for key in _UNITS if key in entry)
    return f"{entry[unit]}{_UNITS[unit][0]}", f"{entry[unit]}{_UNITS[unit][1]}"


def _concerns(items: list[str], names: list[str] | None) -> bool:
    return not names or any(name in item for item in items for name in names)


def _cited(setting: RuleSetting, entry: Mapping[str, Any]) -> RuleSetting:
    """The setting citing the condition's own clause (``clause``) of the seed the rule cites."""
    seed = setting.source.split(" ", 1)[0]
    return replace(setting, source=f"{seed} {entry['clause']}") if entry.get("clause") else setting


def _amount(entry: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in entry.items() if key in _UNITS}


def _condition(context: CheckContext, setting: RuleSetting, severity: str, zh: str, en: str,
               **evidence: Any) -> Finding:
    return located(context, setting, "procedure_condition_not_met", None, severity=severity,
                   evidence={"condition_zh": zh, "condition_en": en, **evidence})


def _route(context: CheckContext, setting: RuleSetting, items: list[str]) -> Iterable[Finding]:
    """The change goes through a new designation (yangzhou 四(一)3(2))."""
    entry = setting.params.get("new_designation")
    if entry and items and _concerns(items, entry.get("items")):
        changed = "、".join(item for item in items if _concerns([item], entry.get("items")))
        yield located(context, _cited(setting, entry), "procedure_route", None,
                      evidence={"route_zh": f"变更{changed}不属于一般信息变更：{entry['route']}",
                                "route_en": f"A change of {changed} is no ordinary information change: "
                                            f"{entry['route_en']}", "items": changed})


def _change(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    request = _request(context, "change_request")
    items = _changed_items(request)
    approved = as_date(request.get("approval_date"))
    yield from _route(context, setting, items)
    for key in ("change_within", "change_ahead"):
        entry = setting.params.get(key)
        if not entry:
            continue
        cited = _cited(setting, entry)
        if not items and entry.get("items"):
            yield unverified(context, cited, "变更申请表未载明变更事项，无法判断适用的变更时限，请人工核实。",
                             "the changed items are not stated, so the time limit that applies is unknown; check by hand.")
            continue
        if not _concerns(items, entry.get("items")):
            continue
        limit_zh, limit_en = _limit(entry)
        if approved is None:
            yield unverified(context, cited,
                             f"变更申请表未载明有关部门批准（变更发生）日期，无法核实是否在{limit_zh}时限内提出，请人工核实。",
                             f"the date of the change is not stated, so the {limit_en} limit cannot be checked.")
            continue
        if key == "change_within":
            due = due_date(approved, _amount(entry)).due
            if context.as_of > due:
                yield _condition(context, cited, "warning",
                                 f"变更于{approved.isoformat()}批准（发生），应在{limit_zh}内（{due.isoformat()}前）提出变更申请，已逾期",
                                 f"The change of {approved.isoformat()} had to be reported within {limit_en} "
                                 f"(by {due.isoformat()}); it is late", due=due.isoformat())
        else:
            earliest = due_date(context.as_of, _amount(entry)).due
            if approved < earliest:
                yield _condition(context, cited, "warning",
                                 f"变更日期{approved.isoformat()}距提出之日不足{limit_zh}，应提前{limit_zh}书面告知",
                                 f"The change on {approved.isoformat()} is less than {limit_en} after this notice; "
                                 f"it must be announced {limit_en} ahead", due=earliest.isoformat())


def _suspension(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    request = _request(context, "suspension_request")
    start = as_date(request.get("from_date"))
    ahead = setting.params.get("request_ahead")
    if ahead:
        cited = _cited(setting, ahead)
        limit_zh, limit_en = _limit(ahead)
        if start is None:
            yield unverified(context, cited, f"申请表未载明申请中止或解除的日期，无法核实是否提前{limit_zh}提出，请人工核实。",
                             f"the requested start date is not stated, so the {limit_en} notice cannot be checked.")
        else:
            earliest = due_date(context.as_of, _amount(ahead)).due
            if start < earliest:
                yield _condition(context, cited, "error",
                                 f"申请自{start.isoformat()}起中止或解除，距提出之日不足{limit_zh}；应提前{limit_zh}提出"
                                 f"（以{context.as_of.isoformat()}提出计，最早自{earliest.isoformat()}起）",
                                 f"The request takes effect on {start.isoformat()}, less than {limit_en} after it is "
                                 f"made; it must be made {limit_en} ahead (earliest {earliest.isoformat()})",
                                 due=earliest.isoformat())
    longest = setting.params.get("suspension_max")
    until = as_date(request.get("until_date"))
    days = (until - start).days + 1 if start and until else 0
    if longest and context.procedure == "suspension" and days > longest["days"]:
        longest, setting = longest["days"], _cited(setting, longest)
        # 八(二) "原则上不得超过180日": in principle, so the agency may agree; a warning, told to the applicant
        yield _condition(context, setting, "warning",
                         f"申请中止{days}日（{start.isoformat()}至{until.isoformat()}），中止时间原则上不得超过{longest}日",
                         f"The suspension requested lasts {days} days; it may not exceed {longest} days")


def procedure_condition_not_met(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    """A condition of the change, suspension or termination procedure is not met: a change
    reported after ``change_within`` (a warning: it cannot be undone) or announced less than
    ``change_ahead`` before it; a suspension or termination requested less than
    ``request_ahead`` before it takes effect, or a suspension longer than ``suspension_max``.
    An unknown date is ``could_not_verify``. Each condition may name its own ``clause`` of the
    seed the rule cites, and its finding cites that clause.

    Example::

        - code: procedure_condition_not_met
          source: 004_b66d6adc241eb53e.txt 八(一); 八(二); 八(三)
          procedures: [change, suspension, termination]
          params: {change_within: {working_days: 30, clause: 八(一)}, request_ahead: {months: 3, clause: 八(三)},
                   suspension_max: {days: 180, clause: 八(二)}}

    Passes: suspension requested on 2026-11-23 from 2027-02-23.
    Fails: suspension requested on 2026-11-23 from 2027-01-23.
    """
    if context.procedure == "change":
        yield from _change(context, setting)
    elif context.procedure in ("suspension", "termination"):
        yield from _suspension(context, setting)


def public_institution(context: CheckContext) -> bool | None:
    """公立医疗机构: a 事业单位法人证书 says so; a company, sole trader or 民办非企业 says not."""
    types = {doc.document_type for doc in context.documents}
    if "public_institution_certificate" in types:
        return True
    if "private_non_enterprise_certificate" in types or context.facts.get("for_profit"):
        return False
    return None


def procedure_not_permitted(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    """A public institution requests a procedure that ``public_may_not`` lists (weihai 八(三):
    公立医疗机构不得主动提出中止或解除医保协议); whether it is public unknown: ``could_not_verify``.

    Example::

        - code: procedure_not_permitted
          source: 004_b66d6adc241eb53e.txt 八(三)
          procedures: [suspension, termination]
          params: {public_may_not: [suspension, termination]}

    Passes: a company (营业执照 有限责任公司) requests termination.
    Fails: an institution holding a 事业单位法人证书 requests termination.
    """
    if context.procedure not in setting.params["public_may_not"]:
        return
    public = public_institution(context)
    if public is None:
        yield unverified(context, setting, "无法确定是否为公立医疗机构；公立医疗机构不得主动提出中止或解除医保协议，请人工核实。",
                         "whether this is a public institution is unknown; public institutions may not request "
                         "suspension or termination; check by hand.")
    elif public:
        yield located(context, setting, "procedure_not_permitted", None,
                      evidence={"condition_zh": "公立医疗机构不得主动提出中止或解除医保协议",
                                "condition_en": "A public institution may not request suspension or termination "
                                                "of its agreement"})


_LIMIT = {"type": "object", "additionalProperties": False, "minProperties": 1,
          "properties": {"working_days": integer(1), "days": integer(1), "months": integer(1), "items": words(),
                         "clause": {"type": "string", "minLength": 1}}}
_ROUTE = {"type": "object", "additionalProperties": False, "required": ["items", "clause", "route", "route_en"],
          "properties": {"items": words(), "clause": {"type": "string", "minLength": 1},
                         "route": {"type": "string", "minLength": 1}, "route_en": {"type": "string", "minLength": 1}}}

PROCEDURE_CONDITION_NOT_MET = Rule("procedure_condition_not_met", procedure_condition_not_met, params=(
    Param("change_within", _LIMIT, "a change is reported within this limit after it is approved (or happens); "
          "items: the changes it concerns (not given: every change)", default=None),
    Param("change_ahead", _LIMIT, "a change is announced in writing this long before it; items as above",
          default=None),
    Param("request_ahead", _LIMIT, "a suspension or termination is requested this long before it takes effect",
          default=None),
    Param("suspension_max", _LIMIT, "the longest suspension (days)", default=None),
    Param("new_designation", _ROUTE, "changes of these items go through a new designation: route says how "
          "and what to submit, as the clause words it", default=None),
), codes=("procedure_condition_not_met", "procedure_route"))
PROCEDURE_NOT_PERMITTED = Rule("procedure_not_permitted", procedure_not_permitted, params=(
    Param("public_may_not", ids_of("procedures"), "procedures a public institution may not request", default=[]),
))
