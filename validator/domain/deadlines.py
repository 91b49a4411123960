"""Due dates of the designation procedure, from the time limits that each city's checklist holds.

The limits are data: ``load_checklist(city).settings["deadlines"]`` maps an event id
(``EVENTS``) to a list of entries ``{working_days|days|months: N, direction: after|before|window,
case: qualifier, source, note}``. This module turns an entry and a start date into a due date.
``window`` is a period that *ends* on the start date ("within 30 days before expiry", yangzhou 五):
the act is due on the start date and may not happen before the window opens (``DueDate.opens``).
The applicant's limits and the agency's own (``processing``, weihai 九) are separate events.

How periods are counted (民法典 第二百零一条 to 第二百零三条, the general rules on periods that
administrative time limits follow unless a rule says otherwise):

* The start day never counts (第二百零一条: 开始的当日不计入，自下一日开始计算). "Within N
  working days of receipt" ends on the N-th working day after the day of receipt; "N days"
  ends N calendar days after the start day.
* Months end on the corresponding day of the due month, or on its last day when that month
  has no such day (第二百零二条): 2025-11-30 + 3 months = 2026-02-28.
* A calendar-day or month period counted forward whose last day is a rest day (a statutory
  holiday or a weekend that is not an adjusted workday) ends on the next working day
  (第二百零三条: 期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日); the
  result says which day it was moved from. Working-day periods end on a working day anyway.
* A period counted backwards ("3 months in advance", or the opening day of a window) is not
  moved: no rule extends it, and moving it either way would make an act too early or too late
  for one of its readings. When it falls on a rest day the result says so.

Working days are those of the statutory calendar with its adjusted workdays
(``validator.domain.workdays``); for a year the calendar does not know yet the result is
provisional, never earlier than the official one can be, and says so (``estimated``).
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Mapping

from validator.domain.workdays import add_working_days, is_working_day, next_working_day
from validator.errors import ChecklistError
from validator.catalogue import t

# Event ids of `dingdian deadline` (the time limits the seeds set), with their titles.
EVENTS: dict[str, dict[str, str]] = {
    "notify": {"zh": "经办机构一次性告知补正或出具受理凭证", "en": "agency accepts or tells the applicant what to supplement"},
    "supplement": {"zh": "申请人补正材料", "en": "applicant supplements the materials"},
    "publicity": {"zh": "公示期", "en": "publicity period"},
    "evaluation": {"zh": "经办机构评估或谈判时限", "en": "agency's evaluation or negotiation time limit"},
    "sign": {"zh": "签订医保协议", "en": "signing the agreement"},
    "reapply": {"zh": "评估不合格后再次申请", "en": "re-applying after a failed evaluation"},
    "change": {"zh": "信息变更", "en": "information change"},
    "suspension-end": {"zh": "协议中止期满", "en": "end of a suspension"},
    "termination-notice": {"zh": "提前申请中止、解除或不再续签协议",
                           "en": "request to suspend, terminate or not renew"},
    "renewal": {"zh": "协议续签", "en": "renewing the agreement"},
    "processing": {"zh": "经办机构办理时限（变更、中止、解除、签约验收）",
                   "en": "agency's time limit for a change, suspension, termination or signing acceptance"},
}

UNITS = ("working_days", "days", "months")
_UNIT_WORDS = {
    "working_days": {"zh": "{n}个工作日", "en": "{n} working days"},
    "days": {"zh": "{n}日", "en": "{n} days"},
    "months": {"zh": "{n}个月", "en": "{n} months"},
}


@dataclass(frozen=True)
class DeadlineRule:
    """One time limit of a city's checklist (an entry of ``settings["deadlines"][event]``)."""

    unit: str  # one of UNITS
    amount: int
    direction: str = "after"  # after | before the start date | window: the period ending on it
    case: str | None = None  # qualifier: incomplete, unqualified, pooled, personal-account ...
    source: str = ""
    note: str = ""
    label: str = ""  # what must happen by then, as the seed words it ("完成谈判"), for notices
    procedures: tuple[str, ...] = ()  # the procedures whose clause sets it; none: the application
    consequence: str = ""  # what the seed says follows a missed limit ("逾期未补正的视为撤回申请")

    @classmethod
    def from_entry(cls, entry: Mapping[str, Any], event: str = "?") -> "DeadlineRule":
        """Read a checklist entry; a malformed one is a broken checklist (exit 3)."""
        if isinstance(entry, DeadlineRule):
            return entry
        if not isinstance(entry, Mapping):
            raise ChecklistError(t("deadline_not_mapping", event=repr(event), entry=repr(entry)))
        units = [unit for unit in UNITS if unit in entry]
        if len(units) != 1:
            raise ChecklistError(t("deadline_one_unit", event=repr(event), units=", ".join(UNITS), entry=repr(dict(entry))))
        amount = entry[units[0]]
        if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
            raise ChecklistError(t("deadline_bad_amount", event=repr(event), unit=units[0], amount=repr(amount)))
        direction = entry.get("direction", "after")
        if direction not in ("after", "before", "window"):
            raise ChecklistError(t("deadline_bad_direction", event=repr(event), direction=repr(direction)))
        return cls(unit=units[0], amount=amount, direction=direction, case=entry.get("case"),
                   source=str(entry.get("source") or ""), note=str(entry.get("note") or ""),
                   label=str(entry.get("label") or ""), procedures=tuple(entry.get("procedures") or ()),
                   consequence=str(entry.get("consequence") or ""))

    def applies_to(self, procedure: str) -> bool:
        """Whether the limit is one of ``procedure``'s own clauses: a change, suspension or signing
        never borrows the application's supplement period or evaluation limit (issue 22)."""
        return procedure in (self.procedures or ("application",))

    def describe(self, lang: str = "zh") -> str:
        """The limit in words: "5个工作日", "提前3个月", "期满前30日内"; "5 working days",
        "3 months before", "within the 30 days before"."""
        words = _UNIT_WORDS[self.unit]["en" if lang == "en" else "zh"].format(n=self.amount)
        if self.direction == "after":
            return words
        if self.direction == "window":
            return f"within the {words} before" if lang == "en" else f"期满前{words}内"
        return f"{words} before" if lang == "en" else f"提前{words}"


@dataclass(frozen=True)
class DueDate:
    """A computed due date with the rule behind it."""

    start: date
    due: date
    rule: DeadlineRule
    estimated: bool = False  # provisional: the calendar lacks a year's arrangement on the way
    extended_from: date | None = None  # the period's own last day, when 第二百零三条 moved it
    rest_day: bool = False  # a backwards period that ends on a rest day
    event: str | None = None
    city: str | None = None
    opens: date | None = None  # a window's first day (direction ``window``)

    def warnings(self, lang: str = "zh") -> list[str]:
        notes = []
        if self.estimated:
            notes.append(
                f"{self.due.year}年的法定节假日调休安排尚未收录，已扣除法定节假日及可能的连休日推算（暂定），"
                "以正式安排为准" if lang != "en" else
                f"the holiday arrangement for {self.due.year} is not known yet: provisional date, counted "
                "without the statutory holidays and the days that may be bridged to them")
        if self.rest_day:
            notes.append(f"{self.due.isoformat()} 为休息日" if lang != "en"
                         else f"{self.due.isoformat()} is a rest day")
        return notes

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "event": self.event, "city": self.city, "case": self.rule.case,
            "from": self.start.isoformat(), "due": self.due.isoformat(),
            "rule": self.rule.describe(lang), "unit": self.rule.unit, "amount": self.rule.amount,
            "direction": self.rule.direction, "source": self.rule.source, "note": self.rule.note,
            "estimated": self.estimated,
            "extended_from": self.extended_from.isoformat() if self.extended_from else None,
            "opens": self.opens.isoformat() if self.opens else None,
            "warnings": self.warnings(lang),
        }


def add_months(start: date, months: int) -> date:
    """The corresponding day ``months`` later (earlier if negative), else that month's last day."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def due_date(start: date, entry: Mapping[str, Any] | DeadlineRule, event: str | None = None,
             city: str | None = None) -> DueDate:
    """The due date of one time limit counted from ``start`` (see the module docstring)."""
    rule = DeadlineRule.from_entry(entry, event or "?")
    if rule.direction == "window":
        opens = due_date(start, DeadlineRule(rule.unit, rule.amount, "before"))
        return DueDate(start, start, rule, opens.estimated, event=event, city=city, opens=opens.due)
    sign = 1 if rule.direction == "after" else -1
    if rule.unit == "working_days":
        due, estimated = add_working_days(start, sign * rule.amount)
        return DueDate(start, due, rule, estimated, event=event, city=city)
    if rule.unit == "days":
        end = start + timedelta(days=sign * rule.amount)
    else:
        end = add_months(start, sign * rule.amount)
    if rule.direction == "before":
        working, estimated = is_working_day(end)
        return DueDate(start, end, rule, estimated, rest_day=not working, event=event, city=city)
    due, estimated = next_working_day(end)
    return DueDate(start, due, rule, estimated, extended_from=end if due != end else None,
                   event=event, city=city)


def select_rules(entries: list[Any], case: str | None = None, scheme: str | None = None,
                 schemes: frozenset[str] = frozenset(), event: str = "?") -> list[DeadlineRule]:
    """The entries that apply: unqualified ones always; a scheme qualifier must match ``scheme``
    and any other qualifier must match ``case`` when those are given."""
    chosen = []
    for rule in (DeadlineRule.from_entry(entry, event) for entry in entries):
        wanted = scheme if rule.case in schemes else case
        if rule.case is None or wanted is None or rule.case == wanted:
            chosen.append(rule)
    return chosen


def cited(due: DueDate) -> str:
    """The limit's source with each seed file named by the title of the document it holds
    (``《扬州市…通知》五``), from the city's own checklist."""
    from validator.checklists.loader import load_checklist
    from validator.checklists.citation import readable

    sources = load_checklist(due.city).sources if due.city else {}
    return readable(due.rule.source, sources)


def city_deadlines(city: str) -> Mapping[str, list[Any]]:
    """The time limits of a city's checklist, by event id."""
    from validator.checklists.loader import load_checklist  # the checklist loader imports heavy schema code

    return load_checklist(city).settings.get("deadlines") or {}


def deadlines_for(event: str, start: date, cities: list[str], case: str | None = None,
                  scheme: str | None = None) -> list[DueDate]:
    """Every due date of ``event`` counted from ``start`` in the given cities, in city order."""
    from validator.vocabulary import ids

    schemes = ids("schemes")
    if case in schemes and scheme is None:
        case, scheme = None, case
    return [due_date(start, rule, event=event, city=city)
            for city in cities
            for rule in select_rules(list(city_deadlines(city).get(event) or []), case, scheme,
                                     schemes, event)]


def supplement_by(city: str, as_of: date, scheme: str | None = None,
                  case: str = "incomplete", procedure: str = "application") -> DueDate | None:
    """The day by which an applicant notified on ``as_of`` must supplement, if the city sets one
    for ``procedure``: another procedure's period never applies (harbin 七(三) is the
    application's; its signing has 附件2(5); a yangzhou change has none).

    For an application, limits qualified by another case (e.g. harbin's e-prescription
    acceptance) do not apply; of several that do, the earliest: telling an applicant a later day
    could cost it the application ("逾期未补正的视为自动撤回申请", harbin 七(三))."""
    found = [due for due in deadlines_for("supplement", as_of, [city], scheme=scheme,
                                          case=case if procedure == "application" else None)
             if due.rule.applies_to(procedure)]
    return min(found, key=lambda due: due.due) if found else None


def processing_by(city: str, procedure: str, as_of: date, scheme: str | None = None) -> list[DueDate]:
    """The agency's own limit for a procedure accepted on ``as_of``: the application's evaluation
    (weihai 九 3 months, yangzhou 三(四)3 60 working days), a change's or suspension's processing
    (weihai 九 7/10 working days), a signing's acceptance result (harbin 附件2(5)); None when the
    procedure's clauses set none, so a notice says nothing rather than borrow another's. Of an
    application's limits the earliest; a procedure whose scheme is not known gets each scheme's."""
    event = "evaluation" if procedure == "application" else "processing"
    found = [due for due in deadlines_for(event, as_of, [city], scheme=scheme) if due.rule.applies_to(procedure)]
    if procedure == "application" and found:
        return [min(found, key=lambda due: due.due)]
    return found
