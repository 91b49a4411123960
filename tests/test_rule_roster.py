"""roster_missing_column, roster_duplicate_person, roster_invalid_row and the staff counts."""
from __future__ import annotations

from rule_fixtures import ID_A, ID_B, ID_C, context, read_documents, roster_xlsx, run, valid_id
from validator.report.messages import message

GOOD = [[1, "王伟", ID_A, "医师", "主治医师", "本科", "13812345678"],
        [2, "李娜", ID_B, "护士", "护师", "大专", "13912345678"],
        [3, "张敏", ID_C, "药剂科", "执业药师", "本科", "0631-5865159"]]
COLUMNS = ["seq", "name", "id_number", "position", "title", "education", "phone"]


def test_a_clean_roster_gives_nothing_and_counts_roles(tmp_path):
    ctx = context(read_documents(roster_xlsx(tmp_path / "名册.xlsx", GOOD)))
    for code in ("roster_missing_column", "roster_duplicate_person", "roster_invalid_row"):
        assert run(code, ctx, **({"columns": COLUMNS} if code == "roster_missing_column" else {})) == []
    assert ctx.facts["roster_counts"] == {"physicians": 1, "nurses": 1, "pharmacists": 1,
                                          "licensed_pharmacists": 1, "tcm_pharmacists": 0, "insurance_staff": 0,
                                          "total": 3}


def test_missing_columns(tmp_path):
    header = ["序号", "姓名", "身份证号码", "职务", "联系电话"]
    rows = [[row[0], row[1], row[2], row[3], row[6]] for row in GOOD]
    ctx = context(read_documents(roster_xlsx(tmp_path / "名册.xlsx", rows, header=header)))
    findings = run("roster_missing_column", ctx, columns=COLUMNS)
    assert sorted(f.field for f in findings) == ["education", "title"]
    assert "学历" in message(next(f for f in findings if f.field == "education"))


def test_duplicates_by_id_and_by_name_and_phone(tmp_path):
    rows = GOOD + [[4, "王 伟", ID_A, "医师", "医师", "本科", "13700000000"],
                   [5, "李娜", "", "护士", "护士", "大专", "13912345678"]]
    ctx = context(read_documents(roster_xlsx(tmp_path / "名册.xlsx", rows)))
    findings = run("roster_duplicate_person", ctx)
    assert [(f.row, f.evidence["first_row"]) for f in findings] == [(6, 3), (7, 4)]


def test_incomplete_and_invalid_rows_with_row_numbers(tmp_path):
    wrong = ID_B[:-1] + ("0" if ID_B[-1] != "0" else "1")
    rows = [GOOD[0], [2, "李娜", wrong, "护士", "护师", "大专", "13912345678"], [3, "张敏", ID_C, "", "", "", ""]]
    ctx = context(read_documents(roster_xlsx(tmp_path / "名册.xlsx", rows)))
    findings = {f.row: f for f in run("roster_invalid_row", ctx)}
    assert sorted(findings) == [4, 5]
    assert findings[4].field == "id_number" and "校验" in message(findings[4])
    assert findings[5].evidence["blank"] == ["position"] and "职位" in message(findings[5])


def test_a_roster_without_readable_columns_cannot_be_verified():
    from rule_fixtures import document
    scan = document("staff_roster", {}, is_scan=True)
    (finding,) = run("roster_missing_column", context([scan]), columns=COLUMNS)
    assert finding.code == "could_not_verify"


def test_the_roster_generator_and_the_roster_rules_count_the_same_roles(tmp_path):
    """One table of role words (validator/data/staff_roles.yaml): 护理员 is not a nurse, 药士 not a
    pharmacist, 大夫 and 医士 are physicians, 药剂师 is a pharmacist."""
    from validator.domain.profile import StaffMember
    from generators.roster import rows_from_profile, staff_summary

    staff = [StaffMember("王伟", ID_A, "大夫", "医士"), StaffMember("李娜", ID_B, "护理员", ""),
             StaffMember("张敏", ID_C, "药房", "药士"), StaffMember("赵强", valid_id("14010519800101001"), "药剂师", ""),
             StaffMember("钱芳", valid_id("14010519810101002"), "护士", "主管护师")]
    profile = type("P", (), {"staff": staff})()
    rows = [[row[key] for key in COLUMNS] for row in rows_from_profile(profile)]
    counted = context(read_documents(roster_xlsx(tmp_path / "名册.xlsx", rows))).facts["roster_counts"]
    written = staff_summary(profile)
    assert {role: counted[role] for role in ("physicians", "nurses", "pharmacists")} == \
        {role: written[role] for role in ("physicians", "nurses", "pharmacists")} == \
        {"physicians": 1, "nurses": 1, "pharmacists": 1}
