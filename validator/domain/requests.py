"""What a change, suspension or termination request asks, read from the form the seed requires
(weihai 八(四)1 信息变更申请表, 八(五)1 中止或解除医疗保障协议申请表; yangzhou 四(一)3 书面变更申请),
with the profile as a second source: a clerk receives the forms, not a profile.yaml.

A form is read from its table cells (label cell, then value cells: .docx/.xlsx, also a scanned
table read into cells) and else from its "label：value" lines. A tick box counts only when
ticked (☑ ■ √ ✔ ☒ ✓ before the word): "□中止 □解除" settles nothing.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any, Iterable, Mapping

from validator.extract.normalize import find_dates, parse_range
from validator.readers.documents import Document

FORMS = {"change": "change_application_form", "suspension": "suspension_termination_form",
         "termination": "suspension_termination_form"}
_TICK = "☑■√✔☒✓"
_APPROVAL = ("有关部门批准日期", "批准日期", "变更登记日期", "变更日期", "变更发生日期")
_UNTIL = ("中止截止日期", "截止日期", "恢复履行日期")
_FROM = ("申请中止（解除）日期", "申请中止(解除)日期", "中止（解除）日期", "申请中止日期", "申请解除日期",
         "中止起始日期", "解除日期", "起始日期")
_PERIOD = ("申请中止期限", "中止期限", "中止期间")
_ITEMS_END = ("变更原因", "经办机构", "法定代表人（企业负责人", "备注", "申请单位")


def ticked(text: str, word: str) -> bool | None:
    """True: ``word`` follows a ticked box; False: it follows an empty box (□); None: not printed."""
    found = None
    for match in re.finditer(rf"([{_TICK}□☐])\s*{re.escape(word)}", text):
        found = found or match.group(1) in _TICK
    return found


def _rows(document: Document) -> list[list[str]]:
    rows = [[cell.strip() for cell in row] for table in document.read.tables for row in table.rows]
    lines = [re.split(r"[：:]\s*", line.strip(), maxsplit=1) for line in document.text.splitlines()]
    return rows + [line for line in lines if len(line) == 2]


def _value(rows: list[list[str]], labels: Iterable[str]) -> str | None:
    """The first value cell after a cell carrying one of ``labels`` (most specific first)."""
    for label in labels:
        for row in rows:
            for index, cell in enumerate(row):
                if label in cell.replace(" ", ""):
                    value = next((other for other in row[index + 1:] if other and other != cell), "")
                    if value:
                        return value
    return None


def _date(rows: list[list[str]], labels: Iterable[str]) -> date | None:
    text = _value(rows, labels)
    dates = find_dates(text) if text else []
    return date.fromisoformat(dates[0]) if dates else None


def _items(rows: list[list[str]]) -> list[str]:
    """The rows under the 变更事项 | 变更前 | 变更后 header, up to the next labelled section."""
    items, inside = [], False
    for row in rows:
        first = row[0].replace(" ", "") if row else ""
        if first.startswith("变更事项"):
            inside = True
            if len(row) > 1 and not any("变更前" in cell for cell in row[1:]) and row[1]:
                items.append(row[1])  # 变更事项 | 银行账户 | ...: the item is the value cell
            continue
        if inside:
            if not first or first.startswith(_ITEMS_END):
                break
            items.append(first)
    return items


def _form(documents: list[Document], procedure: str) -> Document | None:
    wanted = FORMS.get(procedure)
    return next((doc for doc in documents if doc.document_type == wanted), None)


def change_request(documents: list[Document], profile_request: Mapping[str, Any]) -> dict[str, Any]:
    """{items, approval_date}: from the change form where it prints them, else the profile's."""
    form = _form(documents, "change")
    rows = _rows(form) if form else []
    items = _items(rows)
    approval = _date(rows, _APPROVAL)
    profile_items = [str(entry.get("item", "")) for entry in profile_request.get("items") or []
                     if isinstance(entry, Mapping) and entry.get("item")]
    return {"items": [{"item": item} for item in items or profile_items],
            "approval_date": approval or profile_request.get("approval_date"),
            "from_form": bool(items or approval)}


def suspension_request(documents: list[Document], profile_request: Mapping[str, Any]) -> dict[str, Any]:
    """{action, from_date, until_date}: from the suspension/termination form, else the profile's."""
    form = _form(documents, "suspension")
    rows = _rows(form) if form else []
    start, until = _date(rows, _FROM), _date(rows, _UNTIL)
    period = _value(rows, _PERIOD)
    if period:
        first, last, _ = parse_range(period)
        start = start or (date.fromisoformat(first) if first else None)
        until = until or (date.fromisoformat(last) if last else None)
    action_text = _value(rows, ("申请事项",)) or ""
    action = next((word for word in ("中止", "解除") if ticked(action_text, word)), None)
    return {"action": action or profile_request.get("action"),
            "from_date": start or profile_request.get("from_date"),
            "until_date": until or profile_request.get("until_date"),
            "from_form": bool(start or until or action)}
