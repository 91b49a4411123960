"""Rest days of a year whose official holiday arrangement the calendar package does not have yet.

《全国年节及纪念日放假办法》 (as amended in 2024, in force since 2025-01-01), 第二条 fixes
the statutory holidays of every year: 元旦 1月1日; 春节 农历除夕、正月初一至初三; 清明节 清明当日;
劳动节 5月1日、2日; 端午节 农历五月初五; 中秋节 农历八月十五; 国庆节 10月1日至3日. 第六条: a
holiday that falls on a weekend is made up on a working day. Each year's State Council notice
then bridges them into longer breaks (the pattern since the 2025 arrangement: 春节 and 国庆 8
days, 劳动节 5 days, the one-day holidays 3 days with a weekend) and moves weekend days to work.

Before that notice is out nobody knows which weekdays around a holiday will be rest days. A
limit counted over them must never end earlier than the official one could (an applicant told
a day too early loses its application), so every weekday that the pattern may turn into a rest
day counts as one here; moved working weekends are ignored, which can only make the true
date earlier. Dates computed this way are provisional and say so.
"""
from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar
from lunardate import LunarDate

_DAY = timedelta(days=1)


def _span(first: date, last: date) -> set[date]:
    return {first + _DAY * k for k in range((last - first).days + 1)}


def _one_day_break(day: date) -> set[date]:
    """A one-day holiday becomes a 3-day break: Tuesday takes Monday, Thursday takes Friday;
    on a weekend it is made up on the Monday (第六条), possibly the Friday before."""
    weekday = day.weekday()
    extra = {1: [-1], 3: [1], 5: [-1, 2], 6: [-2, 1]}.get(weekday, [])
    return {day} | {day + _DAY * k for k in extra}


def _lunar_holidays(year: int) -> tuple[date, date, date, date] | None:
    """(正月初一, 清明, 端午, 中秋) of ``year``; None beyond the tables of lunardate and
    chinesecalendar (1900-2099), where only the fixed-date holidays are known."""
    try:
        qingming = [day for day, name in chinese_calendar.get_solar_terms(date(year, 4, 1), date(year, 4, 10))
                    if name == "清明"]  # a solar term: 4 or 5 April
        lunar = [LunarDate(year, month, day).to_solar_date() for month, day in ((1, 1), (5, 5), (8, 15))]
    except (ValueError, NotImplementedError):
        return None
    return lunar[0], qingming[0], lunar[1], lunar[2]


@lru_cache(maxsize=64)
def statutory_holidays(year: int) -> frozenset[date]:
    """The holidays 第二条 fixes for ``year`` (lunar dates converted), without any bridging."""
    days = {date(year, 1, 1), date(year, 5, 1), date(year, 5, 2), date(year, 10, 1), date(year, 10, 2),
            date(year, 10, 3)}
    lunar = _lunar_holidays(year)
    if lunar:
        new_year, qingming, dragon_boat, mid_autumn = lunar
        days |= {new_year - _DAY, new_year, new_year + _DAY, new_year + 2 * _DAY, qingming, dragon_boat, mid_autumn}
    return frozenset(day for day in days if day.year == year)


@lru_cache(maxsize=64)
def possible_rest_days(year: int) -> frozenset[date]:
    """Every day of ``year`` that its holiday arrangement may make a rest day (see module doc)."""
    # 元旦 on a Tuesday takes the Monday before: 2019's took 2018-12-31
    days = _one_day_break(date(year, 1, 1)) | _one_day_break(date(year + 1, 1, 1))
    days |= _span(date(year, 4, 30), date(year, 5, 5))  # 劳动节: five days
    days |= _span(date(year, 10, 1), date(year, 10, 8))  # 国庆节: eight days
    lunar = _lunar_holidays(year)
    if lunar:
        new_year, qingming, dragon_boat, mid_autumn = lunar
        # 春节: from the day before 除夕 (2026 began on 腊月廿八) to 正月初七, eight days and more
        days |= _span(new_year - 2 * _DAY, new_year + 6 * _DAY)
        for day in (qingming, dragon_boat, mid_autumn):
            days |= _one_day_break(day)
        if date(year, 9, 25) <= mid_autumn <= date(year, 10, 8):  # joined with 国庆 into one break
            days |= _span(min(mid_autumn, date(year, 10, 1)), max(mid_autumn, date(year, 10, 8)))
    return frozenset(day for day in days | statutory_holidays(year) if day.year == year)
