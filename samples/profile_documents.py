"""Licenses, certificates and other papers of a sample institution, drawn from its profile.

The forms come from ``dingdian fill --all``; what an institution holds from
authorities (licenses, certificates, contracts, proofs) is drawn here with the
same values as the profile, so a sample package is consistent unless a defect
says otherwise.
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Callable, Iterable

from validator.domain.profile import Profile, StaffMember
from samples.synth.certificates import Certificate, Row, cn_date

FOR_PROFIT_TYPE = "有限责任公司（自然人投资或控股）"


def _opened(p: Profile) -> date:
    """The opening date, or a date well before the samples' as-of date where a profile has none."""
    return p.opening_date or date(2024, 6, 1)


def _years_later(day: date, years: int) -> date:
    return day.replace(year=day.year + years) - timedelta(days=1)


def _period(start: date, end: date) -> list[Row]:
    return [Row("有效期限", f"自{cn_date(start)}至{cn_date(end)}", "valid_from", start.isoformat()),
            Row("", "", "valid_to", end.isoformat())]


def practice_license(p: Profile) -> Certificate:
    issued = _opened(p) - timedelta(days=30)
    return Certificate("practice_license", "医疗机构执业许可证", subtitle="正本", rows=[
        Row("机构名称", p.institution_name, "institution_name"),
        Row("地址", p.address, "address"),
        Row("法定代表人", p.legal_representative, "legal_representative"),
        Row("主要负责人", p.principal, "principal"),
        Row("登记号", p.registration_number, "registration_number"),
        Row("类别", p.institution_type, "institution_type"),
        Row("经营性质", p.ownership, "ownership"),
        Row("诊疗科目", "；".join(p.departments), "practice_subjects", list(p.departments)),
        Row("床位", f"{p.beds or 0}张", "beds", p.beds or 0),
        *_period(issued, _years_later(issued, 5)),
        Row("发证机关", f"{p.address[:3]}卫生健康局", "issuing_authority"),
        Row("发证日期", cn_date(issued), "issue_date", issued.isoformat()),
    ])


def business_license(p: Profile) -> Certificate:
    founded = _opened(p) - timedelta(days=60)
    return Certificate("business_license", "营业执照", subtitle="（副本）", columns=2, rows=[
        Row("统一社会信用代码", p.uscc, "uscc"),
        Row("名称", p.institution_name, "institution_name"),
        Row("类型", FOR_PROFIT_TYPE, "institution_type"),
        Row("法定代表人", p.legal_representative, "legal_representative"),
        Row("成立日期", cn_date(founded, padded=False), "established_date", founded.isoformat()),
        Row("营业期限", f"{cn_date(founded, padded=False)}至长期", "valid_from", founded.isoformat()),
        Row("住所", p.address, "address"),
        Row("登记机关", f"{p.address[:3]}市场监督管理局", "issuing_authority"),
    ])


def private_non_enterprise_certificate(p: Profile) -> Certificate:
    founded = _opened(p) - timedelta(days=60)
    return Certificate("private_non_enterprise_certificate", "民办非企业单位登记证书", subtitle="（副本）", rows=[
        Row("统一社会信用代码", p.uscc, "uscc"),
        Row("名称", p.institution_name, "institution_name"),
        Row("住所", p.address, "address"),
        Row("法定代表人", p.legal_representative, "legal_representative"),
        *_period(founded, _years_later(founded, 5)),
        Row("登记管理机关", f"{p.address[:3]}民政局", "issuing_authority"),
    ])


def physician_certificate(p: Profile, member: StaffMember) -> Certificate:
    return Certificate("physician_certificate", "医师执业证书", rows=[
        Row("姓名", member.name, "person_name"),
        Row("身份证号", member.id_number, "id_number"),
        Row("执业类别", "临床", "practice_category"),
        Row("执业地点", p.institution_name if member.first_practice_site_here else "威海市立医院",
            "practice_location"),
        Row("证书编码", member.certificate_number or "110371000012345", "certificate_number"),
        Row("发证日期", cn_date(date(2018, 7, 1)), "issue_date", "2018-07-01"),
    ])


def pharmacist_certificate(p: Profile, member: StaffMember) -> Certificate:
    start = date(2022, 3, 1)
    return Certificate("pharmacist_certificate", "执业药师注册证", rows=[
        Row("姓名", member.name, "person_name"),
        Row("身份证号", member.id_number, "id_number"),
        Row("执业单位", p.institution_name, "practice_location"),
        Row("注册证编号", member.certificate_number or "370120220301", "certificate_number"),
        Row("有效期至", cn_date(_years_later(start, 5)), "valid_to", _years_later(start, 5).isoformat()),
    ])


def pharmacist_title_certificate(p: Profile, member: StaffMember) -> Certificate:
    return Certificate("pharmacist_certificate", "药师职称证书", rows=[
        Row("姓名", member.name, "person_name"),
        Row("身份证号", member.id_number, "id_number"),
        Row("资格名称", member.title or member.position),
        Row("工作单位", p.institution_name, "practice_location"),
        Row("发证日期", cn_date(date(2019, 9, 1)), "issue_date", "2019-09-01"),
    ])


def drug_business_license(p: Profile) -> Certificate:
    issued = _opened(p) - timedelta(days=30)
    return Certificate("drug_business_license", "药品经营许可证", rows=[
        Row("证号", "苏DA5140123", "license_number"),
        Row("企业名称", p.institution_name, "institution_name"),
        Row("统一社会信用代码", p.uscc, "uscc"),
        Row("注册地址", p.address, "address"),
        Row("法定代表人", p.legal_representative, "legal_representative"),
        Row("企业负责人", p.principal, "principal"),
        Row("经营范围", "中药饮片、中成药、化学药制剂、抗生素制剂、生化药品" if p.sells_herbal_medicine
            else "中成药、化学药制剂、抗生素制剂、生化药品", "business_scope"),
        Row("有效期至", cn_date(_years_later(issued, 5)), "valid_to", _years_later(issued, 5).isoformat()),
        Row("发证日期", cn_date(issued), "issue_date", issued.isoformat()),
    ])


def gsp_certificate(p: Profile) -> Certificate:
    issued = _opened(p) - timedelta(days=20)
    return Certificate("gsp_certificate", "药品经营质量管理规范认证证书", rows=[
        Row("证书编号", "JS01-0417", "license_number"),
        Row("企业名称", p.institution_name, "institution_name"),
        Row("地址", p.address, "address"),
        Row("有效期至", cn_date(_years_later(issued, 5)), "valid_to", _years_later(issued, 5).isoformat()),
        Row("发证日期", cn_date(issued), "issue_date", issued.isoformat()),
    ])


def _paper(document_type: str, title: str, lines: Iterable[tuple[str, str]]) -> Certificate:
    return Certificate(document_type, title, rows=[Row(label, text) for label, text in lines])


PAPERS: dict[str, Callable[[Profile], Certificate]] = {
    "his_materials": lambda p: _paper("his_materials", "HIS系统收费界面及近三个月销售流水", [
        ("机构名称", p.institution_name), ("信息系统", p.his_vendor or "门诊信息管理系统"),
        ("内容", "HIS收费原图截图；2026年8月至10月收费流水汇总")]),
    "labor_contract": lambda p: _paper("labor_contract", "劳动合同书", [
        ("甲方", p.institution_name), ("乙方", p.staff[0].name if p.staff else ""),
        ("工作岗位", p.staff[0].position if p.staff else ""), ("合同期限", "2025年1月1日至2027年12月31日")]),
    "social_insurance_proof": lambda p: _paper("social_insurance_proof", "社会保险参保缴费证明", [
        ("单位名称", p.institution_name), ("统一社会信用代码", p.uscc or ""),
        ("参保人数", f"{len(p.staff)}人"), ("说明", "单位职工已按规定参加社会保险并足额缴费")]),
    "premises_proof": lambda p: _paper("premises_proof", "房屋租赁合同", [
        ("出租方", "某置业有限公司"), ("承租方", p.institution_name), ("房屋坐落", p.address or ""),
        ("租赁期限", "2024年12月1日至2029年11月30日")]),
    "location_layout_map": lambda p: _paper("location_layout_map", "地理位置及布局平面图", [
        ("机构名称", p.institution_name), ("地址", p.address or ""),
        ("说明", "一层：挂号收费、药房、诊室；二层：治疗室、检验室")]),
    "service_agreement": lambda p: _paper("service_agreement", "济南市医疗保障定点医疗机构服务协议", [
        ("甲方", "济南市医疗保障事业中心"), ("乙方", p.institution_name),
        ("协议期限", "2025年1月1日至2026年12月31日")]),
}


def documents_for(document_type: str, profile: Profile) -> list[Certificate]:
    """Every paper of ``document_type`` the institution holds (one per licensed person for certificates)."""
    if document_type == "physician_certificate":
        return [physician_certificate(profile, m) for m in profile.staff
                if m.position == "医师" and m.first_practice_site_here]
    if document_type == "pharmacist_certificate":
        return [pharmacist_certificate(profile, m) if m.licensed_pharmacist else pharmacist_title_certificate(profile, m)
                for m in profile.staff if "药师" in m.position]
    single: dict[str, Callable[[Profile], Certificate]] = {
        "practice_license": practice_license, "business_license": business_license,
        "private_non_enterprise_certificate": private_non_enterprise_certificate,
        "drug_business_license": drug_business_license, "gsp_certificate": gsp_certificate, **PAPERS}
    return [single[document_type](profile)]


def override(certificate: Certificate, values: dict[str, Any]) -> Certificate:
    """The certificate with some fields changed (a planted defect), text and expected value alike."""
    for row in certificate.rows:
        if row.field in values:
            new = values[row.field]
            row.value = new
            row.text = cn_date(date.fromisoformat(new)) if row.field.endswith("date") or row.field.startswith(
                "valid") else str(new)
            certificate.expected[row.field] = new
    _rejoin_period(certificate)
    return certificate


def _rejoin_period(certificate: Certificate) -> None:
    """Keeps an 自…至… row in step with changed valid_from / valid_to values."""
    rows = {row.field: row for row in certificate.rows if row.field in ("valid_from", "valid_to")}
    if len(rows) == 2 and rows["valid_from"].label == "有效期限":
        start, end = rows["valid_from"].value, rows["valid_to"].value
        rows["valid_from"].text = f"自{cn_date(date.fromisoformat(start))}至{cn_date(date.fromisoformat(end))}"
