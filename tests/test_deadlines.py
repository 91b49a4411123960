"""Due dates from time-limit entries: units, directions, month ends, holiday extension, estimates."""
from __future__ import annotations

from datetime import date

import pytest

from validator.domain import deadlines
from validator.domain.deadlines import DeadlineRule, add_months, due_date, select_rules
from validator.errors import ChecklistError


def test_working_days_over_national_day():
    due = due_date(date(2025, 9, 30), {"working_days": 3, "source": "weihai 四(二)"})
    assert (due.due, due.estimated, due.extended_from) == (date(2025, 10, 11), False, None)
    assert due.rule.describe() == "3个工作日" and due.rule.describe("en") == "3 working days"


def test_working_days_into_an_unknown_year_are_estimated():
    due = due_date(date(2026, 12, 28), {"working_days": 5})
    assert due.due == date(2027, 1, 5) and due.estimated  # 元旦 2027-01-01 excluded
    assert "2027" in due.warnings()[0] and "暂定" in due.warnings()[0] and "provisional" in due.warnings("en")[0]
    assert due.to_dict()["estimated"] is True


def test_calendar_days_ending_on_a_holiday_are_extended():
    # 2025-09-24 + 7 days = 10-01 (National Day) -> 10-09 (民法典 第二百零三条)
    due = due_date(date(2025, 9, 24), {"days": 7})
    assert due.due == date(2025, 10, 9) and due.extended_from == date(2025, 10, 1)
    assert due.to_dict()["extended_from"] == "2025-10-01"


def test_calendar_days_ending_on_an_adjusted_workday_stay():
    due = due_date(date(2025, 10, 4), {"days": 7})
    assert due.due == date(2025, 10, 11) and due.extended_from is None


@pytest.mark.parametrize("start, months, expected", [
    (date(2025, 11, 30), 3, date(2026, 2, 28)),   # no 30th in February: its last day
    (date(2024, 1, 31), 1, date(2024, 2, 29)),    # leap year
    (date(2025, 3, 31), -1, date(2025, 2, 28)),
    (date(2025, 12, 15), 1, date(2026, 1, 15)),   # across a year end
    (date(2026, 1, 15), -3, date(2025, 10, 15)),
])
def test_add_months_at_month_ends(start, months, expected):
    assert add_months(start, months) == expected


def test_months_after_end_on_an_adjusted_workday():
    # 2025-11-30 + 3 months = 2026-02-28, a Saturday that is a workday in 2026
    due = due_date(date(2025, 11, 30), {"months": 3})
    assert due.due == date(2026, 2, 28) and due.extended_from is None


def test_months_after_ending_in_spring_festival_are_extended():
    due = due_date(date(2025, 11, 17), {"months": 3})
    assert due.extended_from == date(2026, 2, 17) and due.due == date(2026, 2, 24)


def test_before_direction_counts_back_and_is_not_moved():
    due = due_date(date(2026, 4, 1), {"months": 3, "direction": "before"})
    assert due.due == date(2026, 1, 1) and due.rest_day and due.extended_from is None
    assert due.rule.describe() == "提前3个月" and due.rule.describe("en") == "3 months before"
    assert "休息日" in due.warnings()[0]
    working = due_date(date(2025, 10, 9), {"working_days": 1, "direction": "before"})
    assert working.due == date(2025, 9, 30)
    days = due_date(date(2026, 3, 3), {"days": 30, "direction": "before"})
    assert days.due == date(2026, 2, 1) and days.rest_day


@pytest.mark.parametrize("entry", [
    {"days": 3, "months": 1}, {"note": "x"}, {"days": -1}, {"days": "5"}, {"days": True},
    {"days": 3, "direction": "sideways"}, "5 working days",
])
def test_malformed_entries_are_checklist_errors(entry):
    with pytest.raises(ChecklistError, match="notify"):
        DeadlineRule.from_entry(entry, "notify")


def test_select_rules_by_case_and_scheme():
    entries = [{"working_days": 3, "case": "incomplete"}, {"working_days": 5, "case": "unqualified"},
               {"months": 3, "case": "pooled"}, {"months": 2, "case": "personal-account"},
               {"days": 1}]
    schemes = frozenset({"pooled", "personal-account"})

    def pick(case=None, scheme=None):
        return [(r.unit, r.amount) for r in select_rules(entries, case, scheme, schemes)]
    assert len(pick()) == 5
    assert pick(case="incomplete") == [("working_days", 3), ("months", 3), ("months", 2), ("days", 1)]
    assert pick(scheme="pooled") == [("working_days", 3), ("working_days", 5), ("months", 3), ("days", 1)]
    assert pick("unqualified", "personal-account") == [("working_days", 5), ("months", 2), ("days", 1)]


# The time limits of docs/spec/requirements.md, as the checklists hold them (a test double of the data).
TABLE = {
    "weihai": {
        "notify": [{"working_days": 3, "case": "incomplete", "source": "004 四(二)"},
                   {"working_days": 5, "case": "unqualified", "source": "004 四(二)"}],
        "publicity": [{"working_days": 5, "source": "004 四(四)"}],
        "evaluation": [{"months": 3, "case": "pooled"}, {"months": 2, "case": "personal-account"}],
        "reapply": [{"months": 3}, {"months": 12, "case": "failed-again"}],
        "change": [{"working_days": 30}],
        "suspension-end": [{"days": 180}],
        "termination-notice": [{"months": 3, "direction": "before"}],
    },
    "harbin": {"notify": [{"working_days": 5}], "supplement": [{"working_days": 5}],
               "sign": [{"working_days": 10}]},
    "yangzhou": {"supplement": [{"working_days": 5}], "publicity": [{"days": 7}],
                 "renewal": [{"days": 30, "direction": "before"}]},
    "taiyuan": {"sign": [{"working_days": 20}], "publicity": [{"working_days": 5}]},
    "shandong-provincial": {},
}


@pytest.fixture
def table(monkeypatch):
    monkeypatch.setattr(deadlines, "city_deadlines", lambda city: TABLE.get(city, {}))  # a city not in the double sets no limit
    return TABLE


@pytest.mark.parametrize("event, city, case, expected", [
    ("notify", "weihai", "incomplete", ["2025-10-11"]),
    ("notify", "weihai", "unqualified", ["2025-10-14"]),
    ("notify", "harbin", None, ["2025-10-14"]),
    ("supplement", "harbin", None, ["2025-10-14"]),
    ("supplement", "yangzhou", None, ["2025-10-14"]),
    ("publicity", "yangzhou", None, ["2025-10-09"]),       # 10-07 is a holiday: extended
    ("publicity", "taiyuan", None, ["2025-10-14"]),
    ("evaluation", "weihai", "pooled", ["2025-12-30"]),
    ("evaluation", "weihai", "personal-account", ["2025-12-01"]),   # 11-30 is a Sunday
    ("sign", "harbin", None, ["2025-10-21"]),
    ("sign", "taiyuan", None, ["2025-11-04"]),
    ("reapply", "weihai", None, ["2025-12-30", "2026-09-30"]),
    ("change", "weihai", None, ["2025-11-18"]),
    ("suspension-end", "weihai", None, ["2026-03-30"]),
    ("termination-notice", "weihai", None, ["2025-06-30"]),
    ("renewal", "yangzhou", None, ["2025-08-31"]),
    ("renewal", "shandong-provincial", None, []),
])
def test_every_event_and_city(table, event, city, case, expected):
    found = deadlines.deadlines_for(event, date(2025, 9, 30), [city], case=case)
    assert [due.due.isoformat() for due in found] == expected
    assert all(due.city == city and due.event == event for due in found)


def test_supplement_by(table):
    assert deadlines.supplement_by("harbin", date(2025, 9, 30)).due == date(2025, 10, 14)
    assert deadlines.supplement_by("weihai", date(2025, 9, 30)) is None
