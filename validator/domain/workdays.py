"""The statutory working-day calendar of the PRC, with adjusted workdays (调休).

Working days come from the ``chinesecalendar`` package (``chinese_calendar.is_workday``),
which knows the State Council's holiday arrangements year by year. For a year it does not
know yet it raises ``NotImplementedError``; we then count as rest days the weekends, the
statutory holidays of 《全国年节及纪念日放假办法》 and every weekday the year's arrangement may
bridge to them (``validator.domain.holidays``), so a limit never ends before the official one
can, and report the result as *estimated* (provisional) so no one takes it for the official
calendar.

Counting convention (民法典 第二百零一条: 开始的当日不计入，自下一日开始计算): the start day
never counts, so "within N working days" ends on the N-th working day after the start day,
whatever kind of day the start day is.
"""
from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar

from validator.domain.holidays import possible_rest_days


@lru_cache(maxsize=4096)
def is_working_day(day: date) -> tuple[bool, bool]:
    """(working day?, estimated?) — estimated (provisional) when the official calendar lacks the year.

    Remembered per day: ``chinese_calendar.is_workday`` scans its whole holiday table for the
    years it knows on every call, and a check counts the same two weeks for every finding."""
    try:
        return chinese_calendar.is_workday(day), False
    except NotImplementedError:
        return day.weekday() < 5 and day not in possible_rest_days(day.year), True


def add_working_days(start: date, n: int) -> tuple[date, bool]:
    """The n-th working day after ``start`` (before it for negative n); ``start`` itself never counts.

    Returns the day and whether any day on the way was estimated (provisional calendar).
    """
    step = timedelta(days=1 if n >= 0 else -1)
    day, remaining, estimated = start, abs(n), False
    while remaining:
        day += step
        working, guessed = is_working_day(day)
        estimated = estimated or guessed
        remaining -= working
    return day, estimated


def next_working_day(day: date, backwards: bool = False) -> tuple[date, bool]:
    """``day`` itself when it is a working day, else the nearest working day after (or before) it."""
    working, estimated = is_working_day(day)
    if working:
        return day, estimated
    later, guessed = add_working_days(day, -1 if backwards else 1)
    return later, estimated or guessed
