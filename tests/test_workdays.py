"""The statutory working-day calendar: adjusted workdays, holidays, the provisional calendar of unknown years."""
from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest

from validator.domain.holidays import possible_rest_days, statutory_holidays
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


def test_unknown_year_excludes_the_statutory_holidays_and_is_provisional():
    # 2027 is not in chinesecalendar 1.11: 元旦 (a Friday) and 春节 (除夕 2027-02-05 to 初三 02-08)
    # still are rest days (全国年节及纪念日放假办法 第二条), and the result says it is provisional
    assert is_working_day(date(2027, 1, 1)) == (False, True)
    assert is_working_day(date(2027, 2, 5)) == (False, True)
    assert is_working_day(date(2027, 3, 5)) == (True, True)
    # the case: a Yangzhou supplement received 2026-12-28 is due no earlier than 01-05
    assert add_working_days(date(2026, 12, 28), 5) == (date(2027, 1, 5), True)
    assert add_working_days(date(2027, 3, 5), 1) == (date(2027, 3, 8), True)


def test_a_weihai_30_day_limit_does_not_end_in_the_spring_festival():
    due, estimated = add_working_days(date(2026, 12, 28), 30)
    assert estimated and due > date(2027, 2, 12)  # 正月初七: the festival break's latest end


def test_statutory_holidays_of_the_law():
    assert statutory_holidays(2027) == {
        date(2027, 1, 1), date(2027, 2, 5), date(2027, 2, 6), date(2027, 2, 7), date(2027, 2, 8),
        date(2027, 4, 5), date(2027, 5, 1), date(2027, 5, 2), date(2027, 6, 9), date(2027, 9, 15),
        date(2027, 10, 1), date(2027, 10, 2), date(2027, 10, 3)}


@pytest.mark.parametrize("year", range(2016, 2027))
def test_every_official_weekday_off_is_a_possible_rest_day(year):
    # the years whose arrangement is known: none of their bridged weekdays escapes the model
    days = [date(year, 1, 1) + timedelta(days=k) for k in range(366)]
    missed = [day for day in days if day.year == year and day.weekday() < 5
              and not chinese_calendar.is_workday(day) and day not in possible_rest_days(year)]
    assert missed == []


def _provisional(start: date, n: int) -> date:
    day = start
    while n:
        day += timedelta(days=1)
        n -= day.weekday() < 5 and day not in possible_rest_days(day.year)
    return day


@pytest.mark.parametrize("year", [2019, 2023, 2025, 2026])
def test_a_provisional_due_date_is_never_earlier_than_the_official_one(year):
    for start in (date(year, 1, 1) + timedelta(days=k) for k in range(0, 350, 3)):
        for n in (5, 7, 10, 30, 60):
            official, estimated = add_working_days(start, n)
            if not estimated:
                assert _provisional(start, n) >= official, (start, n)


def test_next_working_day():
    assert next_working_day(date(2025, 10, 1)) == (date(2025, 10, 9), False)
    assert next_working_day(date(2025, 10, 1), backwards=True) == (date(2025, 9, 30), False)
    assert next_working_day(date(2025, 10, 9)) == (date(2025, 10, 9), False)


def test_beyond_the_lunar_tables_only_fixed_holidays_are_known():
    # 2150: no lunar table; 元旦 (a Thursday) and its possible Friday bridge still rest, no traceback
    assert add_working_days(date(2150, 1, 1), 5) == (date(2150, 1, 9), True)
    assert date(2150, 10, 1) in statutory_holidays(2150) and len(statutory_holidays(2150)) == 6
