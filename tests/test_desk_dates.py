"""The desk's dates of a case: only the limits its own procedure's clauses set (issue 22)."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa

from test_desk_register import sqlite_engine
from validator.desk.dates import case_dates, next_due
from validator.desk.register import CaseFields, Upload, create_case, get_case, set_status
from validator.desk.tables import notices

RECEIVED, ACCEPTED = date(2026, 11, 2), date(2026, 11, 23)


def accepted_case(conn: sa.Connection, **fields) -> sa.Row:
    """A case accepted on ACCEPTED: its 受理通知书 is in the register."""
    case_id, version_id = create_case(conn, "clerk", Upload(str(len(fields)) * 64, 1, "a.zip"),
                                      CaseFields(received=RECEIVED, **fields))
    conn.execute(sa.insert(notices).values(case_id=case_id, version_id=version_id, kind="acceptance", agency="中心",
                                           number=f"〔2026〕{case_id}号", issued_on=ACCEPTED, issued_by="clerk",
                                           issued_at=datetime(2026, 11, 23, 9)))
    set_status(conn, "clerk", case_id, "accepted")
    return get_case(conn, case_id)


def test_a_change_shows_only_its_own_processing_limit(tmp_path):
    with sqlite_engine(tmp_path).begin() as conn:
        case = accepted_case(conn, city="weihai", kind="clinic", scheme="pooled", procedure="change")
        # weihai 九: a pooled change is finished within 10 working days of acceptance; the
        # application's 四(二) notify, 3-month evaluation and publicity are not this case's
        [row] = case_dates(conn, case)
        assert (row.event, row.title, row.rule, row.due) == ("processing", "办结（统筹支付协议定点）", "10个工作日",
                                                             date(2026, 12, 7))
        assert next_due(conn, case) == (date(2026, 12, 7), "processing")


def test_an_application_keeps_the_application_limits(tmp_path):
    with sqlite_engine(tmp_path).begin() as conn:
        case = accepted_case(conn, city="weihai", kind="clinic", scheme="pooled", procedure="application")
        events = [row.event for row in case_dates(conn, case)]
        assert "processing" not in events and {"notify", "evaluation", "publicity"} <= set(events)
        assert [row.title for row in case_dates(conn, case) if row.event == "evaluation"] == ["完成评估并公示评估结果"]
        assert next_due(conn, case) == (date(2027, 2, 23), "evaluation")


def test_a_procedure_whose_clauses_set_no_limit_shows_none(tmp_path):
    # near miss: a yangzhou change sets no agency limit (四(一)3), so nothing is borrowed from 三(四)3
    with sqlite_engine(tmp_path).begin() as conn:
        case = accepted_case(conn, city="yangzhou", kind="pharmacy", procedure="change")
        assert case_dates(conn, case) == [] and next_due(conn, case) == (None, None)
