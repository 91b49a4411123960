"""The agency's non-acceptance list (不予受理名单, as agencies export it): CSV (UTF-8 with or
without BOM, GBK) or XLSX, headers in any order and under their usual variants, free-text 情形
classified into a reason, and the day each ban ends.

Ban periods when 限制期限至 is empty (counted from 认定日期 like every
period, 民法典 第二百零一、二百零二条: the period ends on the corresponding day):
false materials 3 years (Shandong 2: shandong 三(一)), terminated for violations 3, serious breach
of the agreement 1, legal representative behind a termination 5 (weihai 十(四)-(七); yangzhou 二),
dishonest-person list and an unfulfilled penalty while they last (weihai 十(八), 十(三)), an
administrative penalty ``penalty_months`` (yangzhou 一(一)1: 6 months before applying).
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Mapping

from validator.domain.deadlines import add_months
from validator.catalogue import t
from validator.errors import InputError
from validator.intake.text_decoding import decode_chinese_text
from validator.extract.text_match import normalise_code, normalise_name, simplified

HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("机构名称", "单位名称", "名称", "name", "institution_name"),
    "uscc": ("统一社会信用代码", "信用代码", "uscc"),
    "person": ("法定代表人", "主要负责人", "实际控制人", "负责人", "legal_representative"),
    "id_number": ("身份证号码", "公民身份号码", "身份证号", "id_number"),
    "reason_text": ("情形", "原因", "事由", "reason"),
    "decided": ("认定日期", "日期", "处理日期", "date"),
    "until": ("限制期限至", "截止日期", "until"),
}

# Reason categories, first match wins: a legal representative's entry also says 解除协议.
REASONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("legal_rep_of_terminated", re.compile(r"(法定代表人|主要负责人|实际控制人|负责人).*(解除|取消|终止)|legal rep")),
    ("serious_breach", re.compile(r"严重违反.*(协议|约定)|严重违约|serious breach", re.I)),
    ("false_materials", re.compile(r"虚假|弄虚作假|伪造|不正当手段|false", re.I)),
    ("terminated_for_violation", re.compile(r"(违法|违规).*(解除|取消|终止)|被解除.*协议|terminat", re.I)),
    # taiyuan 四 末段: illegal conduct that caused a social impact (after the terminations, which
    # say 违法 too, and before a bare penalty)
    ("illegal_conduct", re.compile(r"社会影响|不良影响|illegal conduct", re.I)),
    # weihai 十(二): basic services not following the price policy (while it lasts)
    ("price_policy", re.compile(r"价格政策|医药价格|price policy", re.I)),
    ("dishonest_list", re.compile(r"失信|dishonest", re.I)),
    ("unfulfilled_penalty", re.compile(r"未.{0,4}履行.*处罚|处罚.*未.{0,4}履行|unfulfilled", re.I)),
    ("administrative_penalty", re.compile(r"行政处罚|处罚|penalt", re.I)),
)
REASON_TITLES = {
    "false_materials": ("提供虚假申请材料（弄虚作假申请定点）", "false application materials"),
    "terminated_for_violation": ("因违法违规被解除医保协议", "agreement terminated for violations"),
    "serious_breach": ("因严重违反医保协议约定被解除协议", "agreement terminated for a serious breach"),
    "legal_rep_of_terminated": ("法定代表人等曾导致原定点机构被解除医保协议",
                                "legal representative behind a terminated agreement"),
    "dishonest_list": ("被列入失信人名单", "on the dishonest-person list"),
    "unfulfilled_penalty": ("未依法履行行政处罚责任", "administrative penalty not fulfilled"),
    "illegal_conduct": ("违法行为造成社会影响", "illegal conduct with a social impact"),
    "price_policy": ("基本医疗服务未执行医疗保障行政部门制定的医药价格政策", "price policy not followed"),
    "administrative_penalty": ("受到行政处罚（被有关部门处理）", "administrative penalty (dealt with by a department)"),
    "other": ("其他不予受理情形", "another ground for non-acceptance"),
}


# Reasons that bar while the state lasts, not for a fixed period.
OPEN_ENDED = frozenset({"dishonest_list", "unfulfilled_penalty", "price_policy"})
# The entry's 情形 says the penalty or the liability for the breach is not (fully) performed
# (weihai 十(五)/(六): "已满3年（1年）但未完全履行…责任的" still bars after the period).
UNFULFILLED = re.compile(r"未.{0,4}履行|未履行完毕|unfulfilled", re.I)


@dataclass(frozen=True)
class Entry:
    row: int  # 1-based row of the file
    name: str = ""
    uscc: str = ""
    person: str = ""
    id_number: str = ""
    reason_text: str = ""
    decided: date | None = None
    until: date | None = None

    @property
    def unfulfilled(self) -> bool:
        return bool(UNFULFILLED.search(self.reason_text))

    @property
    def reason(self) -> str:
        text = simplified(self.reason_text)  # a list kept in traditional characters reads the same
        return next((reason for reason, pattern in REASONS if pattern.search(text)), "other")

    def ban_end(self, ban_years: Mapping[str, int], penalty_months: int = 6) -> date | None:
        """The last day of the ban; None when it lasts while listed or cannot be computed."""
        if self.reason in OPEN_ENDED:
            return self.until
        if self.until is not None:
            return self.until
        if self.decided is None:
            return None
        years = ban_years.get(self.reason)
        if self.reason == "administrative_penalty" and years is None:
            return add_months(self.decided, penalty_months)
        return add_months(self.decided, 12 * int(years)) if years is not None else None


def classify_header(cell: Any) -> str | None:
    text = normalise_name(str(cell or ""))
    return next((key for key, names in HEADERS.items() if text in {normalise_name(n) for n in names}), None)


def parse_date(value: Any, where: str) -> date | None:
    """ISO, 2023/1/5, 2023.1.5, 2023年1月5日, an Excel date or serial number; None when empty."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and 20000 < value < 80000:  # Excel serial day
        return date(1899, 12, 30) + timedelta(days=int(value))
    parts = re.findall(r"\d+", str(value))
    try:
        if len(parts) == 1 and len(parts[0]) == 8:
            return datetime.strptime(parts[0], "%Y%m%d").date()
        if len(parts) >= 3:
            return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        pass
    raise InputError(t("negative_list_bad_date", where=where, value=value))


def _rows(path: Path) -> list[list[Any]]:
    data = path.read_bytes()
    if data[:4] == b"PK\x03\x04":
        from openpyxl import load_workbook
        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        except Exception as error:  # openpyxl raises many kinds for a corrupt workbook
            raise InputError(t("negative_list_bad_xlsx", path=path, reason=type(error).__name__)) from error
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    text = decode_chinese_text(data)
    if text is None:
        raise InputError(t("negative_list_encoding", path=path))
    if "\x00" in text:
        raise InputError(t("negative_list_binary", path=path))
    try:  # Excel writes tabs ("Unicode text") or semicolons in some locales
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect)]


def read_negative_list(path: Path | str) -> list[Entry]:
    """The entries of the list; InputError (exit 4) with a one-line reason for a malformed file."""
    path = Path(path)
    try:
        rows = _rows(path)
    except OSError as error:
        raise InputError(t("negative_list_unreadable", path=path, reason=error.strerror)) from error
    header_index = next((i for i, row in enumerate(rows[:10])
                         if {"name", "uscc", "person"} & {classify_header(cell) for cell in row}), None)
    if header_index is None:
        raise InputError(t("negative_list_no_header", path=path))
    columns = {index: key for index, cell in enumerate(rows[header_index])
               if (key := classify_header(cell)) is not None}
    if not {"reason_text", "until"} & set(columns.values()):
        raise InputError(t("negative_list_no_columns", path=path))
    entries = []
    for number, row in enumerate(rows[header_index + 1:], start=header_index + 2):
        cells: dict[str, Any] = {}
        for index, key in columns.items():
            value = row[index] if index < len(row) else None
            if value not in (None, "") and key not in cells:
                cells[key] = value
        if not {"name", "uscc", "person"} & set(cells):
            continue  # blank lines, notes under the table
        where = f"{path.name} row {number}"
        entries.append(Entry(row=number, name=str(cells.get("name", "")).strip(),
                             uscc=normalise_code(str(cells.get("uscc", ""))),
                             person=str(cells.get("person", "")).strip(),
                             id_number=normalise_code(str(cells.get("id_number", ""))),
                             reason_text=str(cells.get("reason_text", "")).strip(),
                             decided=parse_date(cells.get("decided"), where),
                             until=parse_date(cells.get("until"), where)))
    return entries
