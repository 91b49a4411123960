"""The staff roster (从业人员名册 / 人员花名册) rows and head counts, from a profile's staff.

Columns follow Weihai 附件3 (004_b66d6adc241eb53e.txt): 序号 姓名 身份证 职位 职称 学历 联系方式.
"""
from __future__ import annotations

from typing import Any

from generators.profile import Profile, StaffMember

ROSTER_COLUMNS = ("seq", "name", "id_number", "position", "title", "education", "phone")

# Position words → role; a position may name several (e.g. 主治医师 is a physician).
_ROLE_WORDS = {
    "physician": ("医师", "医生", "大夫"),
    "nurse": ("护士", "护师"),
    "pharmacist": ("药师", "药剂"),
}


def role_of(member: StaffMember) -> str | None:
    for role, words in _ROLE_WORDS.items():
        if any(word in member.position or word in member.title for word in words):
            return role
    return None


def roster_rows(profile: Profile) -> list[dict[str, Any]]:
    """One dict per staff member with the roster columns (seq from 1)."""
    return [{"seq": seq, "name": m.name, "id_number": m.id_number, "position": m.position, "title": m.title,
             "education": m.education, "phone": m.phone} for seq, m in enumerate(profile.staff, 1)]


def staff_summary(profile: Profile) -> dict[str, int]:
    """Head counts the application forms print."""
    roles = [role_of(member) for member in profile.staff]
    return {
        "total": len(profile.staff),
        "physicians": roles.count("physician"),
        "first_site_physicians": sum(1 for m, r in zip(profile.staff, roles)
                                     if r == "physician" and m.first_practice_site_here),
        "nurses": roles.count("nurse"),
        "pharmacists": roles.count("pharmacist"),
        "licensed_pharmacists": sum(1 for m in profile.staff if m.licensed_pharmacist),
        "insurance_staff": sum(1 for m in profile.staff if m.insurance_staff or "医保" in m.position),
    }


def names_with_role(profile: Profile, role: str) -> str:
    return "、".join(m.name for m in profile.staff if role_of(m) == role)
