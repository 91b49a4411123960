"""Eligibility of a medical institution by its operation (harbin 六.2(1)-(3); weihai 五(一)-(三)):
operating at least 3 months, a physician first registered here, and an insurance department
where there are 100 beds or more."""
from __future__ import annotations

import re
from typing import Iterable

from generators.deadlines import add_months
from validator.checklist_model import RuleSetting
from validator.context import CheckContext
from validator.findings import Finding
from validator.rules import rule
from validator.rules.common import (LICENSE_TYPES, PRACTICE_LICENSE_TYPES, Value, as_date, located,
                                    profile_value, unverified, values)
from validator.text_match import mentions_name

# An internal medical-insurance department, as management systems and statements name it.
_DEPARTMENT = re.compile(r"医保(?:办|科|处|部|管理部门|管理办公室|管理科|工作办公室)|医疗保险(?:管理)?(?:办公室|科|部门)")


@rule("operating_period_too_short")
def operating_period_too_short(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    """The earliest start the package shows (成立日期 of the business license, 发证日期 or 有效期起
    of the practice license): a reissued license must not make an old institution look new."""
    months = int(setting.params.get("months", 3))
    licenses = context.documents_of(*LICENSE_TYPES)
    starts = [(day, v, field) for field in ("established_date", "issue_date", "valid_from")
              for v in values(licenses, field) if not v.weak and (day := as_date(v.value)) is not None]
    opening = as_date(profile_value(context.profile, "opening_date"))
    if opening is not None and not starts:  # the profile only where the licenses show no date
        starts.append((opening, Value(opening, None), "opening_date"))
    if not starts:
        yield unverified(context, setting, "未能从证照中识别成立日期或发证日期。",
                         "no establishment or issue date was found on the licenses.")
        return
    start, found, field = min(starts, key=lambda entry: entry[0])
    eligible_from = add_months(start, months)
    if context.as_of < eligible_from:
        yield located(context, setting, "operating_period_too_short", found, field=field,
                      expected=f">= {months}", found=start.isoformat(),
                      evidence={"start": start.isoformat(), "months": months,
                                "eligible_from": eligible_from.isoformat()})


@rule("no_first_registered_physician")
def no_first_registered_physician(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    if context.kind not in (setting.params.get("kinds") or ("hospital", "clinic")):
        return
    name = context.facts.get("institution_name")
    certificates = context.documents_of("physician_certificate")
    locations = values(certificates, "practice_location")
    if not name or not locations:
        yield unverified(context, setting, "未能识别医师执业证书的执业地点或本机构名称。",
                         "the practice site of the physician certificates or the institution's name "
                         "was not found.", certificates[0] if certificates else None,
                         material="physician_certificates")
        return
    if any(mentions_name(v.value, name) for v in locations):
        return
    if any(v.weak for v in locations):
        yield unverified(context, setting, "执业地点识别可信度低，请人工核对。",
                         "practice sites were read with low OCR confidence; check by hand.",
                         locations[0], material="physician_certificates")
        return
    yield located(context, setting, "no_first_registered_physician", locations[0],
                  material="physician_certificates", field="practice_location",
                  expected=name, found=[v.value for v in locations],
                  evidence={"institution": name, "sites": sorted({str(v.value) for v in locations})})


def _beds(context: CheckContext) -> int | None:
    for found in values(context.documents_of(*PRACTICE_LICENSE_TYPES), "beds"):
        try:
            return int(str(found.value).strip().removesuffix("张"))
        except ValueError:
            continue
    beds = profile_value(context.profile, "beds")
    return int(beds) if beds is not None else None


@rule("insurance_department_required")
def insurance_department_required(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    threshold = int(setting.params.get("beds", 100))
    beds = _beds(context)
    if beds is None:
        if context.kind == "hospital":
            yield unverified(context, setting, "未能识别核定床位数。", "the number of beds was not found.")
        return
    if beds < threshold:
        return
    texts = context.documents_of("management_system", "basic_info_statement")
    if not texts:
        yield unverified(context, setting, "未见管理制度或基本情况说明，无法核实是否设立医保管理部门。",
                         "no management systems or basic statement to look for the insurance department in.")
        return
    if any(_DEPARTMENT.search(doc.text) for doc in texts):
        return
    yield located(context, setting, "insurance_department_required", texts[0], found=beds,
                  expected="医保管理部门", evidence={"beds": beds, "threshold": threshold})
