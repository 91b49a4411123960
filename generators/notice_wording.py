"""Finding messages as official text: how a notice words what a check found.

A report speaks to the intake clerk; a notice speaks for the agency to the applicant. So in a
notice (harbin 七(三), yangzhou 三(一)2-3, weihai 四(二)):

* the day to supplement by is stated once, in the closing, not inside every problem;
* dates are written the Chinese way (2026年11月30日), not ISO, in the Chinese notice;
* documents are named as the applicant submitted them: a value the check took from the tool's
  profile is "the information the applicant declared", and a vocabulary slot title that joins
  alternatives ("自评表 / 综合评估表 / 评估表") becomes the title the city's checklist gives it.
"""
from __future__ import annotations

import re
from typing import Mapping

from validator.findings import Finding
from validator.report.messages import message, name_the_slot

_ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")
_DUE_KEYS = ("due_zh", "due_en")


def chinese_dates(text: str) -> str:
    """"2026-01-08" → "2026年1月8日" wherever an ISO date stands alone in ``text``."""
    return _ISO_DATE.sub(lambda m: f"{int(m[1])}年{int(m[2])}月{int(m[3])}日", text)


def notice_message(finding: Finding, material_titles: Mapping[str, str], lang: str) -> str:
    """The finding's sentence for a notice (see the module docstring)."""
    evidence = {key: "" if key in _DUE_KEYS else value for key, value in finding.evidence.items()}
    text = name_the_slot(message(finding.with_(evidence=evidence), lang, audience="notice"), finding.material,
                         material_titles, lang)
    return text if lang == "en" else chinese_dates(text)
