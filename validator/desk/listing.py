"""The register as a query: filters, due buckets, one page of rows with each case's latest version."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Mapping

import sqlalchemy as sa

from validator.desk.dates import due_window
from validator.desk.register import CHECK_STATES, STATUSES, ActionRefused
from validator.desk.tables import cases, versions

DUE_FILTERS = ("today", "soon", "overdue")
PAGE_SIZE = 50


@dataclass(frozen=True)
class RegisterFilter:
    status: str | None = None
    verdict: str | None = None
    city: str | None = None
    due: str | None = None  # today | soon (within 3 working days) | overdue | YYYY-MM-DD (due by that day)
    page: int = 1

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> "RegisterFilter":
        values = {key: (query.get(key) or "").strip() or None for key in ("status", "verdict", "city", "due")}
        if values["status"] and values["status"] not in (*STATUSES, *CHECK_STATES):
            raise ActionRefused("bad_filter", status=400, field="status")
        if values["due"] and values["due"] not in DUE_FILTERS and not _is_date(values["due"]):
            raise ActionRefused("bad_filter", status=400, field="due")
        page = query.get("page") or "1"
        return cls(**values, page=int(page) if page.isdigit() and int(page) > 0 else 1)


def _latest_number() -> sa.ScalarSelect:
    """The case's newest version number: an index lookup on (case_id, number) per case."""
    newest = versions.alias("newest")
    return (sa.select(sa.func.max(newest.c.number)).where(newest.c.case_id == cases.c.id)
            .correlate(cases).scalar_subquery())


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _due_condition(due: str, today: date) -> Any:
    if due not in DUE_FILTERS:  # a day: everything due by then, overdue included
        return cases.c.next_due <= date.fromisoformat(due)
    if due == "today":
        return cases.c.next_due == today
    if due == "soon":
        return sa.and_(cases.c.next_due >= today, cases.c.next_due <= due_window(today))
    return cases.c.next_due < today


def list_cases(conn: sa.Connection, wanted: RegisterFilter, today: date,
               page_size: int = PAGE_SIZE) -> tuple[list[sa.Row], int]:
    latest = versions
    joined = cases.outerjoin(latest, sa.and_(latest.c.case_id == cases.c.id, latest.c.number == _latest_number()))
    conditions = []
    if wanted.status in CHECK_STATES:  # queued | running | done | failed: the latest version's check
        conditions.append(latest.c.check_status == wanted.status)
    elif wanted.status:
        conditions.append(cases.c.status == wanted.status)
    if wanted.city:
        conditions.append(cases.c.city == wanted.city)
    if wanted.verdict:
        conditions.append(latest.c.verdict == wanted.verdict)
    if wanted.due:
        conditions.append(_due_condition(wanted.due, today))
    total = conn.execute(sa.select(sa.func.count()).select_from(joined).where(*conditions)).scalar() or 0
    query = (sa.select(cases, latest.c.number.label("version"), latest.c.check_status, latest.c.verdict,
                       latest.c.errors, latest.c.warnings).select_from(joined).where(*conditions))
    rows = conn.execute(query.order_by(cases.c.next_due.is_(None), cases.c.next_due, cases.c.id.desc())
                        .limit(page_size).offset((wanted.page - 1) * page_size))
    return list(rows), int(total)


def due_counts(conn: sa.Connection, today: date) -> dict[str, int]:
    return {due: int(conn.execute(sa.select(sa.func.count()).select_from(cases)
                                  .where(_due_condition(due, today))).scalar() or 0)
            for due in DUE_FILTERS}


def row_dict(row: sa.Row) -> dict[str, Any]:
    return {"id": row.id, "institution": row.institution, "uscc": row.uscc, "city": row.city, "kind": row.kind,
            "scheme": row.scheme, "procedure": row.procedure, "received": row.received.isoformat(),
            "case_status": row.status, "status": row.check_status, "version": row.version, "verdict": row.verdict,
            "errors": row.errors, "warnings": row.warnings,
            "next_due": row.next_due.isoformat() if row.next_due else None, "next_event": row.next_event}
