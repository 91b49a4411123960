"""Staff rosters (从业人员名册, weihai 附件3: 序号 姓名 身份证 职位 职称 学历 联系方式): required
columns, duplicate people, incomplete or invalid rows, and the staff counts the report shows."""
from __future__ import annotations

from typing import Any, Iterable

from validator.checklists.model import RuleSetting
from validator.rules.context import CheckContext
from validator.readers.documents import Document
from validator.findings import Finding
from validator.rules.declaration import Param, Rule
from validator.rules.common import correction_due, located, unverified
from validator.rules.validity import id_number_problem
from validator.extract.facts import id_of, people_rows
from validator.extract.text_match import normalise_code, normalise_name

COLUMN_TITLES = {
    "seq": ("序号", "No."), "name": ("姓名", "name"), "id_number": ("身份证", "ID number"),
    "position": ("职位", "position"), "title": ("职称", "professional title"),
    "education": ("学历", "education"), "phone": ("联系方式", "contact phone"),
}
# Cells without which a row does not identify a person in a role.
_REQUIRED_CELLS = ("name", "id_number", "position")


def _rosters(context: CheckContext) -> list[Document]:
    return context.documents_for("staff_roster") or context.documents_of("staff_roster")


def roster_missing_column(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    """The staff roster lacks a column the seed's form has; a roster whose table could not be
    read (a scan) gives ``could_not_verify``.

    Example::

        - code: roster_missing_column
          source: 004_b66d6adc241eb53e.txt 附件3
          params: {columns: [seq, name, id_number, position, title, education, phone]}

    Passes: an .xlsx roster headed 序号 姓名 身份证 职位 职称 学历 联系方式.
    Fails: the same roster without 联系方式.
    """
    wanted = list(setting.params["columns"])
    for document in _rosters(context):
        present = document.extra.roster_columns
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


def roster_duplicate_person(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    """The same person on two rows of a roster (same ID number, or same name and phone).

    Example::

        - code: roster_duplicate_person
          source: 004_b66d6adc241eb53e.txt 附件3

    Passes: three rows with three different ID numbers.
    Fails: row 4 repeats row 2's ID number.
    """
    for document in _rosters(context):
        seen: dict[tuple[str, str], dict[str, Any]] = {}
        for row in people_rows(document):
            keys = [("id", id_of(row))]
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


def roster_invalid_row(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    """A roster row with a blank name, ID number or position, or an ID number that fails its check.

    Example::

        - code: roster_invalid_row
          source: 004_b66d6adc241eb53e.txt 附件3

    Passes: every row with name, a valid ID number and a position.
    Fails: a row whose 职位 is blank.
    """
    for document in _rosters(context):
        present = set(document.extra.roster_columns or _REQUIRED_CELLS)
        for row in people_rows(document):
            blank = [key for key in _REQUIRED_CELLS if key in present and not str(row.get(key) or "").strip()]
            number = str(row.get("id_number") or "").strip()
            problem = id_number_problem(number, context.as_of) if number and id_of(row) else None
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


COLUMNS = {"type": "array", "uniqueItems": True, "items": {"enum": list(COLUMN_TITLES)}}
ROSTER_MISSING_COLUMN = Rule("roster_missing_column", roster_missing_column, params=(
    Param("columns", COLUMNS, "the columns the seed's roster form has", default=list(COLUMN_TITLES)),
))
ROSTER_DUPLICATE_PERSON = Rule("roster_duplicate_person", roster_duplicate_person)
ROSTER_INVALID_ROW = Rule("roster_invalid_row", roster_invalid_row)
