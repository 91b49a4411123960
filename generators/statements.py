"""Text of the narrative forms: the basic-situation statement (本机构基本情况文字说明, Weihai
六(一)2, Shandong 二(一)2) and the management-systems compilation (Harbin 七(二)2(4))."""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable


from validator.domain.declarations import declarations, ticks
from validator.domain.profile import Profile
from generators.roster import staff_summary
from validator.errors import TemplateError
from validator.catalogue import t
from validator.resources import forms_dir, load_yaml

SYSTEMS_FILE = "common/management_systems.yaml"
OUTPATIENT = "（无住院床位）"  # suffix of a heading's text for an institution without beds
PHARMACY = "（零售药店）"  # suffix of a heading's text for a pharmacy (yangzhou 一(二)5: drugs, no 诊疗)


@lru_cache(maxsize=1)
def starter_texts() -> dict[str, list[str]]:
    return load_yaml(forms_dir().joinpath(*SYSTEMS_FILE.split("/")).read_text(encoding="utf-8"))


def management_systems(headings: list[str], profile: Profile | None = None) -> list[dict[str, Any]]:
    """Each named system with its starter paragraphs (forms/common/management_systems.yaml). An
    institution without beds gets a heading's outpatient text where there is one
    ("<heading>（无住院床位）"): no 三级查房, 分级护理 or 死亡病例讨论 for a 0-bed clinic."""
    texts = starter_texts()
    unknown = [heading for heading in headings if heading not in texts]
    if unknown:
        raise TemplateError(t("statements_no_starter", path=SYSTEMS_FILE, systems=", ".join(unknown)))
    outpatient = profile is not None and not profile.beds
    pharmacy = profile is not None and profile.kind == "pharmacy"
    suffix = PHARMACY if pharmacy else OUTPATIENT if outpatient else None
    return [{"heading": heading, "paragraphs": texts.get(f"{heading}{suffix}", texts[heading]) if suffix else texts[heading]}
            for heading in headings]


def _scale(profile: Profile) -> str:
    counts = staff_summary(profile)
    area = f"，业务用房面积{profile.area_m2:g}平方米" if profile.area_m2 else ""
    return (f"本机构为{profile.get('institution_type', '医疗机构')}，经营性质为{profile.get('ownership', '—')}，"
            f"核定床位{profile.get('beds', 0)}张{area}，现有从业人员{counts['total']}人。")


def _departments(profile: Profile) -> str:
    """Departments, and the insurance office only as the profile states it."""
    departments = "、".join(profile.departments) or "—"
    counts = staff_summary(profile)
    office = ("设有医保管理部门。" if profile.has_insurance_department else
              f"配备专（兼）职医保管理人员{counts['insurance_staff']}人。" if counts["insurance_staff"] else "")
    return f"设置科室：{departments}。{office}"


def _information(profile: Profile) -> str:
    """The HIS the profile names; direct settlement only as a declaration the profile makes."""
    his = f"使用{profile.his_vendor}。" if profile.his_vendor else "信息系统：＿＿＿＿。"
    return his + f"{ticks(profile.declarations)[SETTLEMENT]}{declarations()[SETTLEMENT]['text']}。"


SETTLEMENT = "direct_settlement_ready"


def _capability(profile: Profile) -> str:
    counts = staff_summary(profile)
    equipment = "、".join(profile.large_equipment or ()) or "无大型医用设备"
    return (f"现有医师{counts['physicians']}人（第一执业地点在本机构{counts['first_site_physicians']}人），"
            f"护士{counts['nurses']}人，药学人员{counts['pharmacists']}人；主要设备：{equipment}。")


def _management(profile: Profile) -> str:
    return starter_texts()["内部管理"][0]


SECTIONS: dict[str, Callable[[Profile], str]] = {
    "机构规模": _scale,
    "科室机构设置": _departments,
    "信息系统": _information,
    "服务能力": _capability,
    "内部管理": _management,
    "诊疗服务特色": lambda profile: profile.get("service_features", "—"),
    "服务人群": lambda profile: profile.get("service_population", "—"),
}


def basic_info_sections(profile: Profile, headings: list[str]) -> list[dict[str, Any]]:
    """The statement's sections in the order the form lists them."""
    unknown = [heading for heading in headings if heading not in SECTIONS]
    if unknown:
        raise TemplateError(t("statements_no_writer", sections=", ".join(unknown)))
    return [{"heading": heading, "paragraphs": [SECTIONS[heading](profile)]} for heading in headings]
