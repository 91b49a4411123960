"""Reading the agency's non-acceptance list: encodings, header variants, reasons, ban ends, bad files."""
from __future__ import annotations

from datetime import date

import pytest

from validator.errors import InputError
from validator.rules.negative_list_file import read_negative_list

HEADER = "序号,机构名称,统一社会信用代码,法定代表人,情形,认定日期,限制期限至"
ROWS = [
    "1,威海仁和诊所,91371002MA3C5X8E1X,张三,申请定点过程中提供虚假申请材料,2024-05-10,",
    "2,扬州康宁门诊部,,李四,因违法违规被解除医保协议,2023/1/5,",
    "3,济南同济医院,,王五,因严重违反医保协议约定被解除协议,2025年3月1日,",
    "4,,,赵六,法定代表人因严重违法违规导致原定点医疗机构被解除医保协议,2022.6.30,",
    "5,太原安泰诊所,,,被列入失信被执行人名单,2021-01-01,",
    "6,哈尔滨瑞康药店,,,受到市场监管部门行政处罚,2026-08-01,",
    "7,威海百草诊所,,,其他,2024-01-01,2027-12-31",
]


def write_csv(path, lines, encoding="utf-8"):
    path.write_bytes("\n".join(lines).encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_in_every_encoding_agencies_use(tmp_path, encoding):
    entries = read_negative_list(write_csv(tmp_path / "list.csv", [HEADER, *ROWS], encoding))
    assert [e.name for e in entries][:3] == ["威海仁和诊所", "扬州康宁门诊部", "济南同济医院"]
    assert entries[0].uscc == "91371002MA3C5X8E1X"
    assert [e.reason for e in entries] == ["false_materials", "terminated_for_violation", "serious_breach",
                                           "legal_rep_of_terminated", "dishonest_list",
                                           "administrative_penalty", "other"]
    assert entries[1].decided == date(2023, 1, 5) and entries[2].decided == date(2025, 3, 1)
    assert entries[6].until == date(2027, 12, 31)


def test_ban_ends_follow_reason_and_city_years(tmp_path):
    entries = read_negative_list(write_csv(tmp_path / "list.csv", [HEADER, *ROWS]))
    years = {"false_materials": 3, "terminated_for_violation": 3, "serious_breach": 1, "legal_rep_of_terminated": 5}
    assert entries[0].ban_end(years) == date(2027, 5, 10)
    assert entries[0].ban_end({**years, "false_materials": 2}) == date(2026, 5, 10)  # Shandong 三(一)
    assert entries[2].ban_end(years) == date(2026, 3, 1)
    assert entries[3].ban_end(years) == date(2027, 6, 30)
    assert entries[4].ban_end(years) is None  # while listed
    assert entries[5].ban_end(years, penalty_months=6) == date(2027, 2, 1)
    assert entries[6].ban_end(years) == date(2027, 12, 31)


def test_xlsx_with_english_headers_in_any_order(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["不予受理名单"])
    book.active.append(["reason", "uscc", "name", "legal_representative", "id_number", "date"])
    book.active.append(["提供虚假材料", "", "威海仁和诊所", "张三", "371002198501012342", date(2025, 1, 2)])
    book.active.append([None, None, None, None, None, None])
    book.save(tmp_path / "list.xlsx")
    (entry,) = read_negative_list(tmp_path / "list.xlsx")
    assert (entry.name, entry.person, entry.id_number, entry.decided, entry.row) == (
        "威海仁和诊所", "张三", "371002198501012342", date(2025, 1, 2), 3)


@pytest.mark.parametrize("content, message", [
    (b"a,b,c\n1,2,3\n", "no header row"),
    ("机构名称,认定日期\n威海仁和诊所,2024-01-01\n".encode(), "no 情形"),
    ("机构名称,情形,认定日期\n威海仁和诊所,虚假材料,2024-13-45\n".encode(), "row 2"),
    (b"\xff\xfe\x00\x00binary\x00", "list.csv"),
])
@pytest.mark.usefixtures("english")
def test_malformed_files_raise_one_line_input_errors(tmp_path, content, message):
    path = tmp_path / "list.csv"
    path.write_bytes(content)
    with pytest.raises(InputError) as raised:
        read_negative_list(path)
    assert message in str(raised.value) and "\n" not in str(raised.value)


@pytest.mark.usefixtures("english")
def test_missing_and_corrupt_xlsx(tmp_path):
    with pytest.raises(InputError, match="cannot read"):
        read_negative_list(tmp_path / "absent.csv")
    (tmp_path / "bad.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match="XLSX"):
        read_negative_list(tmp_path / "bad.xlsx")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_tab_separated_export(tmp_path, encoding):
    """Excel's "Unicode text" export: UTF-16 with a BOM, tab-separated."""
    lines = [line.replace(",", "\t") for line in [HEADER, *ROWS[:2]]]
    entries = read_negative_list(write_csv(tmp_path / "list.txt", lines, encoding))
    assert [e.name for e in entries] == ["威海仁和诊所", "扬州康宁门诊部"]
