"""A case's statutory dates on the working-day calendar (validator.domain.deadlines), and its next due date.

Each event counts from the act the city's rule names:
* notify-by (告知) from the latest receipt of materials (a version's received date);
* supplement-due (补正) from the day the 一次性告知书 was issued, as generators.notice counts it
  (harbin 七(三), yangzhou 三(一)2: within 5 working days of the notice);
* evaluation (评估) from the acceptance (受理通知书 issue day), and so does the agency's processing
  limit of a change, suspension, termination or signing (weihai 九, harbin 附件2(5));
* publicity (公示) and signing (签约) count from acts the register does not record (the evaluation
  result, the publicity's end): they are listed with their rule and no date.
Only the limits of the case's own procedure are shown and counted (``DeadlineRule.applies_to``):
a change is never given the application's supplement period or evaluation limit.
The register's "next due" is the earliest date of the event the current status waits for.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from validator.domain.deadlines import EVENTS, DeadlineRule, DueDate, city_deadlines, deadlines_for, due_date, select_rules
from validator.domain.workdays import add_working_days
from validator.desk.tables import cases, notices, versions
from validator.errors import ChecklistError
from validator.vocabulary import ids

WAITS_FOR = {"received": "notify", "supplemented": "notify", "notified": "supplement", "accepted": "evaluation"}
SHOWN_EVENTS = ("notify", "supplement", "evaluation", "processing", "publicity", "sign")
# evaluation (an application's) and processing (a change's, suspension's … weihai 九) count from acceptance
_ANCHOR_NOTICE = {"supplement": "correction", "evaluation": "acceptance", "processing": "acceptance"}


@dataclass(frozen=True)
class CaseDate:
    event: str
    title: str
    rule: str  # "3个工作日"
    qualifier: str | None  # the rule's case: incomplete, unqualified, pooled ...
    source: str
    note: str
    start: date | None
    due: date | None
    estimated: bool = False


def anchors(conn: sa.Connection, case_id: int) -> dict[str, date]:
    """The day each event counts from, as far as the register records it."""
    found: dict[str, date] = {}
    latest = conn.execute(sa.select(versions.c.received).where(versions.c.case_id == case_id)
                          .order_by(versions.c.number.desc()).limit(1)).scalar()
    if latest is not None:
        found["notify"] = latest
    for event, kind in _ANCHOR_NOTICE.items():
        issued = conn.execute(sa.select(sa.func.max(notices.c.issued_on))
                              .where(notices.c.case_id == case_id, notices.c.kind == kind)).scalar()
        if issued is not None:
            found[event] = issued
    return found


def case_dates(conn: sa.Connection, case: sa.Row, lang: str = "zh") -> list[CaseDate]:
    if not case.city:
        return []
    starts = anchors(conn, case.id)
    rows = []
    for event in SHOWN_EVENTS:
        for rule in _rules(case.city, event, case.scheme, case.procedure):
            start = starts.get(event)
            due: DueDate | None = due_date(start, rule, event=event, city=case.city) if start else None
            rows.append(CaseDate(event=event, title=rule.label or EVENTS[event]["en" if lang == "en" else "zh"],
                                 rule=rule.describe(lang), qualifier=rule.case, source=rule.source, note=rule.note,
                                 start=start, due=due.due if due else None, estimated=bool(due and due.estimated)))
    return rows


def _rules(city: str, event: str, scheme: str | None, procedure: str) -> list[DeadlineRule]:
    """The limits the case's own procedure sets: a change is never shown the application's (issue 22)."""
    try:
        return [rule for rule in select_rules(list(city_deadlines(city).get(event) or []), None, scheme,
                                              ids("schemes"), event) if rule.applies_to(procedure)]
    except ChecklistError:
        return []


def next_due(conn: sa.Connection, case: sa.Row) -> tuple[date | None, str | None]:
    event = WAITS_FOR.get(case.status)
    if event == "evaluation" and case.procedure != "application":
        event = "processing"  # the agency's own limit for that procedure (weihai 九, harbin 附件2(5))
    if event is None or not case.city:
        return None, None
    start = anchors(conn, case.id).get(event)
    if start is None:
        return None, None
    found = [due for due in deadlines_for(event, start, [case.city], scheme=case.scheme)
             if due.rule.applies_to(case.procedure)]
    return (min(d.due for d in found), event) if found else (None, None)


def refresh_due(conn: sa.Connection, case_id: int) -> None:
    case = conn.execute(sa.select(cases).where(cases.c.id == case_id)).one()
    due, event = next_due(conn, case)
    conn.execute(sa.update(cases).where(cases.c.id == case_id).values(next_due=due, next_event=event))


def due_window(today: date) -> date:
    """The last day of "due within 3 working days"."""
    return add_working_days(today, 3)[0]
