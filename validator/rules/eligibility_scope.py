"""Eligibility by what the institution is: one of the six groups of eligible institution types
(harbin 六.1; weihai 二), and not mainly a provider of non-basic services (weihai 十(一):
医疗美容、辅助生殖、生活照护、种植牙 …)."""
from __future__ import annotations

import re
from typing import Iterable

from validator.checklists.model import RuleSetting
from validator.rules.context import CheckContext
from validator.findings import Finding
from validator.rules.declaration import Param, Rule, words
from validator.rules.common import PRACTICE_LICENSE_TYPES, located, not_found, profile_stated, unverified, values
from validator.extract.text_match import NEAR_MISS_REASONS, near_miss, normalise_name, simplified
from validator.resources import load_data_yaml

_ALTERNATIVES = re.compile(r"^(.*?)[（(](.+?)[)）]$")


def expand(term: str) -> set[str]:
    """"专科疾病防治院（所、站）" → 专科疾病防治院, 专科疾病防治所, 专科疾病防治站;
    "社区卫生服务中心（站）" → … 社区卫生服务站: an alternative replaces the base's last word."""
    match = _ALTERNATIVES.match(term.strip())
    if not match:
        return {normalise_name(term)}
    base, alternatives = match.groups()
    names = {normalise_name(base)}
    for alternative in re.split(r"[、,，/]", alternatives):
        names.update(normalise_name(base[:-cut] + alternative) for cut in (1, 2))
    return names


def is_eligible_type(institution_type: str, eligible: Iterable[str]) -> bool:
    """A type matches a group it names (一级综合医院 ⊇ 综合医院); any *医院 is a 专科医院 or another
    hospital group when 专科医院 is eligible (口腔医院, 眼科医院 are specialist hospitals); a type
    written in traditional characters reads as its simplified form."""
    text = normalise_name(simplified(institution_type))
    names = set().union(*(expand(term) for term in eligible))
    if any(name and name in text for name in names):
        return True
    return "专科医院" in names and text.endswith("医院")


def kin_type(institution_type: str, eligible: Iterable[str]) -> tuple[str, str, str] | None:
    """(an eligible type the given one may be a form of, why in Chinese, why in English), or None
    when it is plainly another type. Close are: the bare end of a listed name (卫生院 for 乡镇卫生院 /
    中心卫生院), one read short or in traditional characters (门诊 for 门诊部), and the types of
    validator/data/institution_kin.yaml with their reasons. A shared ending is no reason:
    健康体检中心 is not an 安宁疗护中心."""
    text = normalise_name(simplified(institution_type))
    names = sorted(set().union(*(expand(term) for term in eligible)))
    ends = [name for name in names if len(text) >= 3 and name != text and name.endswith(text)]
    if ends:
        listed = "、".join(ends)
        return ends[0], f"“{text}”是“{listed}”名称的通称", f"'{text}' is the common ending of '{', '.join(ends)}'"
    for name in names:
        reason = near_miss(institution_type, name, lambda a, b: normalise_name(a) == normalise_name(b))
        if reason is not None:
            zh, en = NEAR_MISS_REASONS[reason]
            return name, f"与“{name}”{zh}", f"it and '{name}': {en}"
    close = load_data_yaml("institution_kin.yaml").get(text)
    if close and any(name in names for name in expand(close["kin"])):
        return close["kin"], close["zh"], close["en"]
    return None


def ineligible_institution_type(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    """The practice license's 机构类别 is none of the ``eligible`` types (the seed's groups).

    Example::

        - code: ineligible_institution_type
          source: 004_b66d6adc241eb53e.txt 二
          params: {eligible: [综合医院, 专科医院, 门诊部, 诊所]}

    Passes: 机构类别 口腔诊所.
    Fails: 机构类别 医学美容机构.
    """
    eligible = list(setting.params["eligible"])
    licenses = context.documents_of(*PRACTICE_LICENSE_TYPES)
    if not eligible or context.documents_of("military_service_license"):
        return  # military institutions serving civilians are eligible as such (weihai 二, harbin 六.1)
    found = values(licenses, "institution_type")
    if not found:
        declared = profile_stated(context.profile, "institution_type")
        if declared and not is_eligible_type(declared, eligible):
            yield unverified(context, setting, f"执业许可证中未识别机构类别；申请单位填报的“{declared}”不在受理范围。",
                             f"no institution type on the license; the declared type '{declared}' is not eligible.",
                             licenses[0] if licenses else None)
        elif licenses:
            yield not_found(context, setting, licenses[0], "institution_type")
        return
    type_value = found[0]
    if is_eligible_type(str(type_value.value), eligible):
        return
    if type_value.weak:
        yield unverified(context, setting, "机构类别识别可信度低，请人工核对。",
                         "the institution type was read with low confidence; check by hand.", type_value,
                         field="institution_type", found=type_value.value)
        return
    kin = kin_type(str(type_value.value), eligible)
    if kin is not None:  # a false refusal is worse than a question: 卫生院 is what 乡镇卫生院 are licensed as
        name, why, why_en = kin
        yield unverified(context, setting, f"机构类别“{type_value.value}”未直接列于受理范围，可能属于“{name}”"
                         f"（{why}），请人工核实。",
                         f"the institution type '{type_value.value}' is not named among the eligible types but may "
                         f"be a '{name}' ({why_en}); check by hand.", type_value, field="institution_type",
                         found=type_value.value, evidence={"kin": name})
        return
    yield located(context, setting, "ineligible_institution_type", type_value, field="institution_type",
                  found=type_value.value, expected=eligible, evidence={"type": type_value.value})


def _subjects(value: object) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value if str(item).strip()]
    return [part for part in re.split(r"[;；,，、/\s]+", str(value)) if part]


def _testing_institution(context: CheckContext, kinds: list[str]) -> str | None:
    """The type or name that makes the applicant a third-party medical testing organisation."""
    licenses = context.documents_of(*PRACTICE_LICENSE_TYPES)
    shown = [str(v.value) for field in ("institution_type", "institution_name") for v in values(licenses, field)]
    shown += [str(context.facts.get("institution_name") or ""), str(profile_stated(context.profile, "institution_type") or "")]
    return next((text for text in shown for kind in kinds if kind and normalise_name(kind) in normalise_name(text)), None)


def _non_basic_words(kinds: Iterable[str]) -> list[str]:
    """The seed's kinds of non-basic service and the 诊疗科目 each covers
    (validator/data/non_basic_subjects.yaml: 医疗美容 covers 美容外科, 美容皮肤科 …)."""
    covered = load_data_yaml("non_basic_subjects.yaml")
    return [normalise_name(word) for kind in kinds for word in (kind, *covered.get(kind, ()))]


def non_basic_service_scope(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    """诊疗科目 only or mainly (more than half) the listed non-basic subjects.

    Taiyuan (四.8): a third-party medical testing organisation may apply only when all or part of
    its services are within the fund's payment scope, which no document of the package shows: a
    person must judge (``could_not_verify``).

    Example::

        - code: non_basic_service_scope
          source: 004_b66d6adc241eb53e.txt 十(一)
          params: {subjects: [医疗美容, 辅助生殖, 生活照护, 种植牙]}

    Passes: 诊疗科目 内科；外科；医疗美容科.
    Fails: 诊疗科目 医疗美容科；种植牙.
    """
    testing = _testing_institution(context, list(setting.params["testing_institution_types"]))
    if testing:
        yield unverified(context, setting, f"“{testing}”属第三方医学检验机构，须其全部或部分服务项目属于基本医疗保险"
                         "基金支付范围方可申请，请人工核对。",
                         f"'{testing}' is a third-party medical testing organisation: it may apply only if all or "
                         "part of its services are within the fund's payment scope; check by hand.",
                         evidence={"testing_institution": testing})
    listed = _non_basic_words(setting.params["subjects"])
    if not listed:
        return
    licenses = context.documents_of(*PRACTICE_LICENSE_TYPES)
    found = values(licenses, "practice_subjects")
    if not found:
        if licenses:
            yield not_found(context, setting, licenses[0], "practice_subjects")
        return
    subjects = _subjects(found[0].value)
    non_basic = [s for s in subjects if any(word in normalise_name(s) for word in listed)]
    if not subjects or len(non_basic) * 2 <= len(subjects):
        return
    if found[0].weak:
        yield unverified(context, setting, "诊疗科目识别可信度低，请人工核对。",
                         "the practice subjects were read with low confidence; check by hand.", found[0],
                         field="practice_subjects")
        return
    yield located(context, setting, "non_basic_service_scope", found[0], field="practice_subjects",
                  found=subjects, evidence={"non_basic": non_basic, "subjects": subjects})


INELIGIBLE_INSTITUTION_TYPE = Rule("ineligible_institution_type", ineligible_institution_type, params=(
    Param("eligible", words(), "institution types that may apply, as the seed groups them "
          "(an empty list checks nothing)", default=[]),
))
NON_BASIC_SERVICE_SCOPE = Rule("non_basic_service_scope", non_basic_service_scope, params=(
    Param("subjects", words(), "non-basic practice subjects (an institution mainly offering them is refused)",
          default=[]),
    Param("testing_institution_types", words(), "types or names of third-party testing organisations "
          "a person must judge", default=[]),
))
