"""Eligibility of a medical institution by its operation (harbin 六.2(1)-(3); weihai 五(一)-(三)):
operating at least 3 months, a physician first registered here, and an insurance department
where there are 100 beds or more."""
from __future__ import annotations

import re
from datetime import date
from typing import Iterable

from validator.domain.deadlines import add_months
from validator.checklists.model import RuleSetting
from validator.rules.context import CheckContext
from validator.readers.documents import Document
from validator.extract.facts import established_dates, licensed_dates
from validator.findings import Finding
from validator.rules.declaration import Param, Rule, ids_of, integer
from validator.rules.common import (LICENSE_TYPES, Value, as_date, field_value, located, material_missing,
                                    profile_stated, unverified, values)
from validator.extract.text_match import mentions_name, near_miss

# An internal medical-insurance department, as management systems and statements name it.
_DEPARTMENT = re.compile(r"医保(?:办|科|处|部|管理部门|管理办公室|管理科|工作办公室)|医疗保险(?:管理)?(?:办公室|科|部门)")
# Not evidence of a department (audit §2.6): the heading of a required system (harbin 七(二)2(4)
# 医保办工作制度, 医保人员职责), and a sentence that leaves the choice open, as the shipped
# boilerplate does ("设立医保办公室（或指定专（兼）职医保管理人员）").
_SYSTEM_HEADING = re.compile(r"^(?:工作)?(?:制度|职责|规定|办法|流程)")
_HEDGED = re.compile(r"或指定|或者指定|[（(]或")
# The documents say there is none.
_NONE = re.compile(r"(?:未|没有|暂未|尚未)(?:设立|设置|成立)(?:内部)?(?:医保|医疗保险)")


def _found(dated: list[tuple[date, Document, str]]) -> list[tuple[date, Value, str]]:
    """The facts' dates (validator.extract.facts) as the values rules cite."""
    return [(day, field_value(doc, field), field) for day, doc, field in dated]


def operating_period_too_short(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    """The institution has operated less than ``months`` at --as-of.

    成立日期 never changes on a reissued business license, so a recent one is decisive; a recent
    发证日期 of a practice license may be a renewal, so alone it only asks a person to look.
    An institution cannot operate before it is licensed: a too-short period counts from the later
    of the 成立日期 and the practice license's first issue date (audit §2.7), and so does the day
    from which it may apply.

    Example::

        - code: operating_period_too_short
          source: 003_f95a2635431d39b6.txt 六.2(1)
          params: {months: 3}

    Passes: 成立日期 2025-03-01, checked on 2026-11-23.
    Fails: 成立日期 2026-10-08 (not yet 3 months).
    """
    months = setting.params["months"]
    established = _found(established_dates(context.documents))
    licensed = _found(licensed_dates(context.documents))
    opening = as_date(profile_stated(context.profile, "opening_date"))
    if not established and not licensed and opening is not None:  # the profile only as a last resort
        established = [(opening, Value(opening, None), "opening_date")]
    if not established and not licensed:
        yield unverified(context, setting, "未能从证照中识别成立日期或发证日期。",
                         "no establishment or issue date was found on the licenses.")
        return
    if established:
        start, found, field = max(established, key=lambda entry: entry[0])
        if context.as_of < add_months(start, months):
            later = max([(start, found, field), *([min(licensed, key=lambda entry: entry[0])] if licensed else [])],
                        key=lambda entry: entry[0])
            yield _too_short(context, setting, months, *later)
            return
    if licensed:
        start, found, field = min(licensed, key=lambda entry: entry[0])
        if context.as_of < add_months(start, months):
            yield unverified(context, setting, f"执业许可证发证日期为{start.isoformat()}，不足{months}个月；"
                             "如为换发新证，请人工核实正式运营时间。",
                             f"the practice license was issued on {start.isoformat()}, less than {months} months "
                             "ago; if it is a renewal, check when operation began.", found, field=field)


def _too_short(context: CheckContext, setting: RuleSetting, months: int, start: date, found: Value,
               field: str) -> Finding:
    eligible_from = add_months(start, months)
    return located(context, setting, "operating_period_too_short", found, field=field,
                   expected=f">= {months}", found=start.isoformat(),
                   evidence={"start": start.isoformat(), "months": months, "eligible_from": eligible_from.isoformat()})


def no_first_registered_physician(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    """No physician certificate names this institution as its 执业地点 (first registration).

    Example::

        - code: no_first_registered_physician
          source: 003_f95a2635431d39b6.txt 六.2(2)
          params: {kinds: [hospital, clinic]}

    Passes: a 医师执业证书 with 执业地点 威海市环翠区康宁诊所, the applicant.
    Fails: every certificate names another hospital.
    """
    if context.kind not in setting.params["kinds"]:
        return
    # Every name the package gives the institution: a name mismatch is its own finding, not this one.
    names = {str(v.value) for v in values(context.documents_of(*LICENSE_TYPES), "institution_name")}
    names |= {str(n) for n in (context.facts.get("institution_name"), profile_stated(context.profile, "institution_name")) if n}
    certificates = context.documents_of("physician_certificate")
    if not certificates and material_missing(context, "physician_certificates"):
        return  # missing_material already asks for them
    locations = values(certificates, "practice_location")
    if not names or not locations:
        yield unverified(context, setting, "未能识别医师执业证书的执业地点或本机构名称。",
                         "the practice site of the physician certificates or the institution's name "
                         "was not found.", certificates[0] if certificates else None,
                         material="physician_certificates")
        return
    if any(mentions_name(v.value, name) for v in locations for name in names):
        return
    if any(v.weak for v in locations):
        yield unverified(context, setting, "执业地点识别可信度低，请人工核对。",
                         "practice sites were read with low OCR confidence; check by hand.",
                         locations[0], material="physician_certificates")
        return
    # 执业地点 read in traditional characters, with an OCR confusion or cut at a line break: doubt
    near = next(((v, name) for v in locations for name in names
                 if near_miss(str(v.value), name, lambda a, b: mentions_name(a, b))), None)
    if near is not None:
        site, name = near
        yield unverified(context, setting,
                         f"执业地点“{site.value}”与本机构名称“{name}”近似但不一致，可能是识别差异，请人工核对。",
                         f"the practice site '{site.value}' is close to but not the institution's name '{name}' "
                         "(perhaps a reading difference); check by hand.", site, material="physician_certificates")
        return
    yield located(context, setting, "no_first_registered_physician", locations[0],
                  material="physician_certificates", field="practice_location",
                  expected=sorted(names), found=[v.value for v in locations],
                  evidence={"institution": "、".join(sorted(names)), "sites": sorted({str(v.value) for v in locations})})


def insurance_department_required(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    """An institution with ``beds`` beds or more has no internal insurance department: the profile
    (``has_insurance_department: false``) or its texts ("尚未设立医保…") say so. Where the texts only
    name a required system's heading (医保办工作制度) or leave it open ("设立医保办公室（或指定…）"),
    or say nothing, that is not evidence either way: ``could_not_verify`` (audit §2.6). A roster
    naming no 医保 staff (the same clause's 专（兼）职医保管理人员) is ``could_not_verify`` too.

    Example::

        - code: insurance_department_required
          source: 003_f95a2635431d39b6.txt 六.2(3)
          params: {beds: 100}

    Passes: 120 beds and a 管理制度 that sets up a 医保办.
    Fails: 120 beds and "本院尚未设立医保管理部门"; doubt: only the heading 医保办工作制度.
    """
    threshold = setting.params["beds"]
    staff = (context.facts.get("roster_counts") or {}).get("insurance_staff")
    if staff == 0:  # the same clause: 配备专（兼）职医保管理人员; a roster need not name duties, so doubt
        yield unverified(context, setting, "人员名册中未见专（兼）职医保管理人员（职位或职称含“医保”），请人工核实。",
                         "the staff roster names no (part-time) insurance administrator; check by hand.",
                         (context.documents_of("staff_roster") or [None])[0], material="staff_roster")
    beds = context.facts.get("beds")
    if beds is None:
        if context.kind == "hospital":
            yield unverified(context, setting, "未能识别核定床位数。", "the number of beds was not found.")
        return
    if beds < threshold:
        return
    declared = profile_stated(context.profile, "has_insurance_department")
    texts = context.documents_of("management_system", "basic_info_statement")
    denied = next((doc for doc in texts if _NONE.search(doc.text)), None)
    if declared is False or denied is not None:
        yield located(context, setting, "insurance_department_required", denied, found=beds,
                      expected="医保管理部门", evidence={"beds": beds, "threshold": threshold})
        return
    if declared or any(_department(doc.text) for doc in texts):
        return
    # Silence is not proof of absence: the materials may simply not describe the organisation.
    yield unverified(context, setting, f"核定床位{beds}张（{threshold}张以上应设内部医保管理部门），申报材料中未见设立"
                     "医保管理部门的说明（制度标题或“或指定专（兼）职人员”的表述不算），请人工核实。",
                     f"{beds} beds ({threshold} or more need an internal insurance department); the materials show no "
                     "such department (a system's heading or an either-or sentence does not count); check by hand.",
                     texts[0] if texts else None)


def _department(text: str) -> bool:
    """A line naming an insurance department that is neither a system's heading nor hedged."""
    for line in text.splitlines():
        if _HEDGED.search(line):
            continue
        if any(not _SYSTEM_HEADING.match(line[match.end():].strip()) for match in _DEPARTMENT.finditer(line)):
            return True
    return False


OPERATING_PERIOD_TOO_SHORT = Rule("operating_period_too_short", operating_period_too_short, params=(
    Param("months", integer(1), "months of operation before an institution may apply", default=3),
))
NO_FIRST_REGISTERED_PHYSICIAN = Rule("no_first_registered_physician", no_first_registered_physician, params=(
    Param("kinds", ids_of("institution_kinds"), "institution kinds that must have such a physician",
          default=["hospital", "clinic"]),
))
INSURANCE_DEPARTMENT_REQUIRED = Rule("insurance_department_required", insurance_department_required, params=(
    Param("beds", integer(1), "beds from which an insurance department is required", default=100),
))
