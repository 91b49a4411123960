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
from typing import Any, Mapping

from validator.findings import Finding
from validator.report.messages import message
from validator.vocabulary import title

_ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")
_PROFILE_FILE = re.compile(r"(?:^|[\\/])profile\.ya?ml$|^profile$")
_DECLARED = {"zh": "申请单位填报的信息", "en": "the information you declared"}
_DUE_KEYS = ("due_zh", "due_en")


def chinese_dates(text: str) -> str:
    """"2026-01-08" → "2026年1月8日" wherever an ISO date stands alone in ``text``."""
    return _ISO_DATE.sub(lambda m: f"{int(m[1])}年{int(m[2])}月{int(m[3])}日", text)


def is_profile_file(name: Any) -> bool:
    return isinstance(name, str) and bool(_PROFILE_FILE.search(name.strip()))


def notice_message(finding: Finding, material_titles: Mapping[str, str], lang: str) -> str:
    """The finding's sentence for a notice (see the module docstring)."""
    evidence = {key: ("" if key in _DUE_KEYS else
                      _DECLARED["en" if lang == "en" else "zh"] if is_profile_file(value) else value)
                for key, value in finding.evidence.items()}
    file = _DECLARED["en" if lang == "en" else "zh"] if is_profile_file(finding.file) else finding.file
    text = message(finding.with_(evidence=evidence, file=file), lang)
    if finding.material and lang != "en":
        slot = title("materials", finding.material, lang)
        named = material_titles.get(finding.material)
        if named and (" / " in slot or "（或" in slot):
            text = text.replace(slot, _short(named))
    return text if lang == "en" else chinese_dates(text)


def _short(item_title: str) -> str:
    """A checklist title without its trailing count ("（一份）", "×2"): the document's name."""
    return re.sub(r"(（[一二三四五六七八九十\d]+份）|[×x]\d+)$", "", item_title).strip()
