"""The statutory working-day calendar: adjusted workdays, holidays, the weekends-only estimate."""
from __future__ import annotations

from datetime import date

import pytest

from validator.domain.workdays import add_working_days, is_working_day, next_working_day


@pytest.mark.parametrize("day, working", [
    (date(2025, 10, 1), False),   # National Day
    (date(2025, 10, 11), True),   # Saturday made a workday (调休)
    (date(2025, 9, 28), True),    # Sunday made a workday
    (date(2026, 2, 17), False),   # Spring Festival
    (date(2026, 2, 28), True),    # Saturday made a workday
    (date(2026, 3, 1), False),    # ordinary Sunday
])
def test_statutory_calendar_with_adjusted_workdays(day, working):
    assert is_working_day(day) == (working, False)


def test_span_over_national_day_counts_the_adjusted_saturday():
    # 10-01..10-08 off; 10-09 Thu, 10-10 Fri, 10-11 Sat (adjusted workday)
    assert add_working_days(date(2025, 9, 30), 3) == (date(2025, 10, 11), False)


def test_span_over_spring_festival():
    # 2026-02-13 Fri; 02-14 Sat is a workday; 02-15..02-23 off; then 02-24, 02-25 ...
    assert add_working_days(date(2026, 2, 13), 5) == (date(2026, 2, 27), False)


def test_start_day_never_counts_even_when_it_is_a_rest_day():
    assert add_working_days(date(2025, 10, 4), 1) == (date(2025, 10, 9), False)
    assert add_working_days(date(2025, 10, 9), 1) == (date(2025, 10, 10), False)


def test_backwards_and_zero():
    assert add_working_days(date(2025, 10, 9), -1) == (date(2025, 9, 30), False)
    assert add_working_days(date(2025, 10, 9), 0) == (date(2025, 10, 9), False)


def test_unknown_year_is_a_weekends_only_estimate():
    # 2027-01-01 is a Friday: the estimate counts it as a working day; it says so
    assert is_working_day(date(2027, 1, 1)) == (True, True)
    assert add_working_days(date(2026, 12, 30), 3) == (date(2027, 1, 4), True)
    assert add_working_days(date(2027, 3, 5), 1) == (date(2027, 3, 8), True)


def test_next_working_day():
    assert next_working_day(date(2025, 10, 1)) == (date(2025, 10, 9), False)
    assert next_working_day(date(2025, 10, 1), backwards=True) == (date(2025, 9, 30), False)
    assert next_working_day(date(2025, 10, 9)) == (date(2025, 10, 9), False)
