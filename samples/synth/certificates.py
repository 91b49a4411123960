"""Synthetic licenses and certificates: the printed label/value rows and the values an extractor must find.

Each ``Certificate`` is rendered as a text PDF or a scan by ``render``; ``expected``
holds the field values (vocabulary field names, ISO dates) that extraction must return.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Callable

from samples.synth import values as v


@dataclass
class Row:
    label: str
    text: str
    field: str | None = None  # vocabulary field the row carries
    value: Any = None  # expected extracted value (defaults to text)


@dataclass
class Certificate:
    document_type: str
    title: str
    rows: list[Row]
    subtitle: str = ""
    columns: int = 1  # 2 = two-column layout (business licenses)
    expected: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for row in self.rows:
            if row.field:
                self.expected[row.field] = row.text if row.value is None else row.value


def cn_date(day: date, padded: bool = True) -> str:
    return f"{day.year}年{day.month:02d}月{day.day:02d}日" if padded else f"{day.year}年{day.month}月{day.day}日"


def _validity(rng: random.Random, years: int) -> tuple[date, date]:
    start = v.some_date(rng, 2019, 2024)
    return start, start.replace(year=start.year + years) - timedelta(days=1)


def _period_rows(label: str, start: date, end: date) -> list[Row]:
    text = f"自{cn_date(start)}至{cn_date(end)}"
    return [Row(label, text, "valid_from", start.isoformat()), Row("", "", "valid_to", end.isoformat())]


def practice_license(rng: random.Random) -> Certificate:
    start, end = _validity(rng, 5)
    subjects = v.subjects(rng)
    beds = rng.choice((0, 0, 5, 20, 120))
    return Certificate("practice_license", "医疗机构执业许可证", subtitle=rng.choice(("正本", "副本")), rows=[
        Row("机构名称", v.institution(rng, rng.choice(("诊所", "门诊部", "中医诊所", "医院"))), "institution_name"),
        Row("地址", v.address(rng), "address"),
        Row("法定代表人", v.person_name(rng), "legal_representative"),
        Row("主要负责人", v.person_name(rng), "principal"),
        Row("登记号", v.registration_number(rng), "registration_number"),
        Row("经营性质", rng.choice(("营利性", "非营利性")), "ownership"),
        Row("诊疗科目", "；".join(subjects), "practice_subjects", subjects),
        Row("床位", f"{beds}张", "beds", beds),
        *_period_rows("有效期限", start, end),
        Row("发证机关", f"{v.rng_place(rng)}卫生健康局", "issuing_authority"),
        Row("发证日期", cn_date(start), "issue_date", start.isoformat()),
    ])


def business_license(rng: random.Random) -> Certificate:
    founded = v.some_date(rng, 2010, 2023)
    return Certificate("business_license", "营业执照", subtitle="（副本）", columns=2, rows=[
        Row("统一社会信用代码", v.uscc_number(rng), "uscc"),
        Row("名称", v.institution(rng, rng.choice(("诊所有限公司", "医药有限公司", "大药房有限公司"))), "institution_name"),
        Row("类型", "有限责任公司（自然人投资或控股）", "institution_type"),
        Row("法定代表人", v.person_name(rng), "legal_representative"),
        Row("成立日期", cn_date(founded, padded=False), "established_date", founded.isoformat()),
        Row("营业期限", f"{cn_date(founded, padded=False)}至长期", "valid_from", founded.isoformat()),
        Row("", "", "valid_to", "长期"),
        Row("住所", v.address(rng), "address"),
        Row("登记机关", f"{v.rng_place(rng)}市场监督管理局", "issuing_authority"),
    ])


def public_institution_certificate(rng: random.Random) -> Certificate:
    start, end = _validity(rng, 5)
    return Certificate("public_institution_certificate", "事业单位法人证书", rows=[
        Row("统一社会信用代码", v.uscc_number(rng), "uscc"),
        Row("名称", v.institution(rng, "社区卫生服务中心"), "institution_name"),
        Row("住所", v.address(rng), "address"),
        Row("法定代表人", v.person_name(rng), "legal_representative"),
        *_period_rows("有效期", start, end),
        Row("登记管理机关", f"{v.rng_place(rng)}事业单位登记管理局", "issuing_authority"),
    ])


def private_non_enterprise_certificate(rng: random.Random) -> Certificate:
    start, end = _validity(rng, 4)
    return Certificate("private_non_enterprise_certificate", "民办非企业单位登记证书", subtitle="（副本）", rows=[
        Row("统一社会信用代码", v.uscc_number(rng), "uscc"),
        Row("名称", v.institution(rng, "中医门诊部"), "institution_name"),
        Row("住所", v.address(rng), "address"),
        Row("法定代表人", v.person_name(rng), "legal_representative"),
        *_period_rows("有效期限", start, end),
        Row("登记管理机关", f"{v.rng_place(rng)}民政局", "issuing_authority"),
    ])


def drug_business_license(rng: random.Random) -> Certificate:
    issued = v.some_date(rng, 2020, 2024)
    end = issued.replace(year=issued.year + 5) - timedelta(days=1)
    number = rng.choice(("鲁", "苏", "晋", "黑")) + rng.choice(("CA", "DA", "AA")) + v.digits(rng, 7)
    return Certificate("drug_business_license", "药品经营许可证", rows=[
        Row("证号", number, "license_number"),
        Row("企业名称", v.institution(rng, "大药房有限公司"), "institution_name"),
        Row("统一社会信用代码", v.uscc_number(rng), "uscc"),
        Row("注册地址", v.address(rng), "address"),
        Row("法定代表人", v.person_name(rng), "legal_representative"),
        Row("企业负责人", v.person_name(rng), "principal"),
        Row("有效期至", cn_date(end), "valid_to", end.isoformat()),
        Row("发证机关", f"{v.rng_place(rng)}市场监督管理局", "issuing_authority"),
        Row("发证日期", cn_date(issued), "issue_date", issued.isoformat()),
    ])


def gsp_certificate(rng: random.Random) -> Certificate:
    issued = v.some_date(rng, 2015, 2019)
    end = issued.replace(year=issued.year + 5) - timedelta(days=1)
    return Certificate("gsp_certificate", "药品经营质量管理规范认证证书", rows=[
        Row("证书编号", f"{rng.choice(('SD', 'JS', 'SX'))}{v.digits(rng, 2)}-{v.digits(rng, 4)}", "license_number"),
        Row("企业名称", v.institution(rng, "大药房有限公司"), "institution_name"),
        Row("地址", v.address(rng), "address"),
        Row("有效期至", cn_date(end), "valid_to", end.isoformat()),
        Row("发证日期", cn_date(issued), "issue_date", issued.isoformat()),
    ])


def physician_certificate(rng: random.Random) -> Certificate:
    issued = v.some_date(rng, 2012, 2024)
    return Certificate("physician_certificate", "医师执业证书", rows=[
        Row("姓名", v.person_name(rng), "person_name"),
        Row("身份证号", v.id_number(rng), "id_number"),
        Row("执业类别", rng.choice(("临床", "中医", "口腔", "公共卫生")), "practice_category"),
        Row("执业地点", v.institution(rng, "诊所"), "practice_location"),
        Row("证书编码", "1" + v.digits(rng, 14), "certificate_number"),
        Row("发证日期", cn_date(issued), "issue_date", issued.isoformat()),
    ])


def pharmacist_certificate(rng: random.Random) -> Certificate:
    start, end = _validity(rng, 5)
    return Certificate("pharmacist_certificate", "执业药师注册证", rows=[
        Row("姓名", v.person_name(rng), "person_name"),
        Row("身份证号", v.id_number(rng), "id_number"),
        Row("执业单位", v.institution(rng, "大药房有限公司"), "practice_location"),
        Row("注册证编号", f"{v.digits(rng, 4)}{v.digits(rng, 2)}{v.digits(rng, 6)}", "certificate_number"),
        Row("有效期至", cn_date(end), "valid_to", end.isoformat()),
    ])


def _clinic_record(rng: random.Random, document_type: str, title: str, suffix: str, number_label: str,
                   since: int) -> Certificate:
    day = v.some_date(rng, since, 2025)
    return Certificate(document_type, title, rows=[
        Row("诊所名称", v.institution(rng, suffix), "institution_name"),
        Row("地址", v.address(rng), "address"),
        Row("主要负责人", v.person_name(rng), "principal"),
        Row(number_label, v.registration_number(rng), "registration_number"),
        Row("备案日期", cn_date(day), "issue_date", day.isoformat()),
    ])


def tcm_clinic_record(rng: random.Random) -> Certificate:
    return _clinic_record(rng, "tcm_clinic_record", "中医诊所备案证", "中医诊所", "备案号", 2018)


def clinic_record(rng: random.Random) -> Certificate:
    return _clinic_record(rng, "clinic_record", "诊所备案凭证", "诊所", "备案编号", 2023)


BUILDERS: dict[str, Callable[[random.Random], Certificate]] = {
    builder.__name__: builder for builder in (
        practice_license, business_license, public_institution_certificate, private_non_enterprise_certificate,
        drug_business_license, gsp_certificate, physician_certificate, pharmacist_certificate,
        tcm_clinic_record, clinic_record)
}


def make(document_type: str, seed: int = 0) -> Certificate:
    """A synthetic certificate of ``document_type``; the same seed gives the same values."""
    return BUILDERS[document_type](random.Random(f"{document_type}:{seed}"))
