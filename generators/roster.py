"""The staff roster (从业人员名册 / 人员花名册) rows and head counts, from a profile's staff.

Columns follow Weihai 附件3 (004_b66d6adc241eb53e.txt): 序号 姓名 身份证 职位 职称 学历 联系方式.
"""
from __future__ import annotations

from typing import Any

from validator.domain.profile import Profile, StaffMember
from validator.extract.staff_roles import roles



def roles_of(member: StaffMember) -> frozenset[str]:
    """The member's roles by the table the roster rules count with (validator/data/staff_roles.yaml)."""
    return roles(member.position, member.title)


def rows_from_profile(profile: Profile) -> list[dict[str, Any]]:
    """One dict per staff member with the roster columns (seq from 1)."""
    return [{"seq": seq, "name": m.name, "id_number": m.id_number, "position": m.position, "title": m.title,
             "education": m.education, "phone": m.phone} for seq, m in enumerate(profile.staff, 1)]


def staff_summary(profile: Profile) -> dict[str, int]:
    """Head counts the application forms print."""
    held = [roles_of(member) for member in profile.staff]
    return {
        "total": len(profile.staff),
        "physicians": sum(1 for r in held if "physicians" in r),
        "first_site_physicians": sum(1 for m, r in zip(profile.staff, held)
                                     if "physicians" in r and m.first_practice_site_here),
        "nurses": sum(1 for r in held if "nurses" in r),
        "pharmacists": sum(1 for r in held if "pharmacists" in r),
        "licensed_pharmacists": sum(1 for m in profile.staff if m.licensed_pharmacist),
        "insurance_staff": sum(1 for m in profile.staff if m.insurance_staff or "医保" in m.position),
    }


def names_with_role(profile: Profile, role: str) -> str:
    """Names of the staff in ``role`` (an id of validator/data/staff_roles.yaml: physicians …)."""
    return "、".join(m.name for m in profile.staff if role in roles_of(m))
