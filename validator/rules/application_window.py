"""Shandong provincial's application window (shandong 三(三): 报送时间 2020年3月20日—4月3日
(法定工作日), 逾期不递交材料者视为放弃): --as-of must fall inside the window; a day inside it
that is not a statutory working day is noted, since materials are received on working days."""
from __future__ import annotations

from typing import Iterable

from validator.domain.workdays import is_working_day
from validator.checklists.model import RuleSetting
from validator.rules.context import CheckContext
from validator.catalogue import t
from validator.errors import ChecklistError
from validator.findings import Finding
from validator.rules.declaration import DATE, Param, Rule
from validator.rules.common import as_date, located, unverified


def outside_application_window(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    """--as-of falls outside the application window; a day inside it that is not a working day
    gives ``could_not_verify``.

    Example::

        - code: outside_application_window
          source: 002_5bdaeeafb2ffde8a.txt 三(三)
          params: {start: 2020-03-20, end: 2020-04-03}

    Passes: checked on 2020-03-23 (a Monday inside the window).
    Fails: checked on 2020-04-10.
    """
    start, end = as_date(setting.params["start"]), as_date(setting.params["end"])
    if start is None or end is None:  # the schema checks the shape only: 2020-02-30 passes it
        raise ChecklistError(t("window_not_dates", params=dict(setting.params)))
    day = context.as_of
    window = {"start": start.isoformat(), "end": end.isoformat(), "as_of": day.isoformat()}
    if not start <= day <= end:
        yield located(context, setting, "outside_application_window", None,
                      expected=f"{start.isoformat()} – {end.isoformat()}", found=day.isoformat(), evidence=window)
        return
    working, estimated = is_working_day(day)
    if not working:
        note = "（暂定）" if estimated else ""
        yield unverified(context, setting, f"{day.isoformat()}不是法定工作日{note}，材料应在申报期内的工作日报送。",
                         f"{day.isoformat()} is not a statutory working day{' (estimated)' if estimated else ''}; "
                         "materials are received on working days within the window.", evidence=window)


OUTSIDE_APPLICATION_WINDOW = Rule("outside_application_window", outside_application_window, params=(
    Param("start", DATE, "the first day of the window", required=True),
    Param("end", DATE, "the last day of the window", required=True),
))
