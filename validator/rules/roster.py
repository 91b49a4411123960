"""Staff rosters (从业人员名册, weihai 附件3: 序号 姓名 身份证 职位 职称 学历 联系方式): required
columns, duplicate people, incomplete or invalid rows, and the staff counts the report shows."""
from __future__ import annotations

from typing import Any, Iterable

from validator.checklist_model import RuleSetting
from validator.context import CheckContext
from validator.documents import Document
from validator.findings import Finding
from validator.rules import rule
from validator.rules.common import correction_due, located, unverified
from validator.rules.validity import id_number_problem
from validator.text_match import normalise_code, normalise_name

COLUMN_TITLES = {
    "seq": ("序号", "No."), "name": ("姓名", "name"), "id_number": ("身份证", "ID number"),
    "position": ("职位", "position"), "title": ("职称", "professional title"),
    "education": ("学历", "education"), "phone": ("联系方式", "contact phone"),
}
# Cells without which a row does not identify a person in a role.
_REQUIRED_CELLS = ("name", "id_number", "position")


def rows(document: Document) -> list[dict[str, Any]]:
    """Roster rows that hold anything at all (trailing blank template rows are not people)."""
    return [row for row in document.extra.get("roster") or []
            if any(str(row.get(key) or "").strip() for key in COLUMN_TITLES if key != "seq")]


def _rosters(context: CheckContext) -> list[Document]:
    return context.documents_for("staff_roster") or context.documents_of("staff_roster")


def _roles(row: dict[str, Any]) -> set[str]:
    """Roles from 职位 and 职称: 医师/医生/医士, 护士/护师 (a 护理员 care worker is not a nurse),
    药师 by the 职称 where it names a pharmacy grade (a 药士 working as a 药师 clerk is not one,
    audit §2.16), 执业药师 (a registration, in either column), 中药师."""
    position, title = str(row.get("position") or ""), str(row.get("title") or "")
    text = f"{position} {title}"
    roles = set()
    if any(word in text for word in ("医师", "医生", "医士")):
        roles.add("physicians")
    if any(word in text for word in ("护士", "护师")):
        roles.add("nurses")
    grade = title if "药" in title else position
    if "药师" in grade or "执业药师" in text:
        roles.add("pharmacists")
        if "执业药师" in text or "执业中药师" in text:
            roles.add("licensed_pharmacists")
        if "中药师" in grade:
            roles.add("tcm_pharmacists")
    return roles


def roster_counts(context: CheckContext) -> dict[str, int] | None:
    """Counts per role over every roster of the package (each person once, by ID or name);
    None when the package has no roster rows. Stored in facts["roster_counts"] for the report."""
    people: dict[str, set[str]] = {}
    for document in _rosters(context):
        for row in rows(document):
            key = normalise_code(row.get("id_number")) or normalise_name(row.get("name"))
            people.setdefault(key, set()).update(_roles(row))
    if not people:
        return None
    counts = {role: sum(1 for roles in people.values() if role in roles)
              for role in ("physicians", "nurses", "pharmacists", "licensed_pharmacists", "tcm_pharmacists")}
    counts["total"] = len(people)
    context.facts["roster_counts"] = counts
    return counts


@rule("roster_missing_column")
def roster_missing_column(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    wanted = list(setting.params.get("columns") or COLUMN_TITLES)
    roster_counts(context)
    for document in _rosters(context):
        present = document.extra.get("roster_columns")
        if present is None:
            yield unverified(context, setting, "未能识别名册的表格栏目（可能为扫描件），请人工核对。",
                             "the roster's table columns could not be read (a scan?); check by hand.",
                             document, material="staff_roster")
            continue
        for column in wanted:
            if column not in present:
                zh, en = COLUMN_TITLES.get(column, (column, column))
                yield located(context, setting, "roster_missing_column", document, material="staff_roster",
                              field=column, expected=zh,
                              evidence={"column": zh, "column_en": en, **correction_due(context)})


@rule("roster_duplicate_person")
def roster_duplicate_person(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    roster_counts(context)
    for document in _rosters(context):
        seen: dict[tuple[str, str], dict[str, Any]] = {}
        for row in rows(document):
            keys = [("id", normalise_code(row.get("id_number")))]
            if row.get("name") and row.get("phone"):
                keys.append(("name_phone", normalise_name(row["name"]) + "|" + normalise_code(row["phone"])))
            first = next((seen[key] for key in keys if key[1] and key in seen), None)
            if first is not None:
                yield located(context, setting, "roster_duplicate_person", document, material="staff_roster",
                              row=row.get("row"), found=row.get("name"),
                              evidence={"name": row.get("name") or "", "first_row": first.get("row"),
                                        **correction_due(context)})
            for key in keys:
                if key[1]:
                    seen.setdefault(key, row)


@rule("roster_invalid_row")
def roster_invalid_row(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    roster_counts(context)
    for document in _rosters(context):
        present = set(document.extra.get("roster_columns") or _REQUIRED_CELLS)
        for row in rows(document):
            blank = [key for key in _REQUIRED_CELLS if key in present and not str(row.get(key) or "").strip()]
            number = str(row.get("id_number") or "").strip()
            problem = id_number_problem(number, context.as_of) if number else None
            if not blank and problem is None:
                continue
            issue_zh = [f"未填写{'、'.join(COLUMN_TITLES[key][0] for key in blank)}"] if blank else []
            issue_en = [f"blank {', '.join(COLUMN_TITLES[key][1] for key in blank)}"] if blank else []
            if problem:
                issue_zh.append(f"身份证号码“{number}”校验未通过")
                issue_en.append(f"ID number '{number}' fails validation ({problem})")
            yield located(context, setting, "roster_invalid_row", document, material="staff_roster",
                          row=row.get("row"), field="id_number" if problem else None,
                          found=number if problem else None,
                          evidence={"name": row.get("name") or "", "blank": blank, "problem": problem or "",
                                    "issue_zh": "；".join(issue_zh), "issue_en": "; ".join(issue_en),
                                    **correction_due(context)})
