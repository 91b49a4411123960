"""Eligibility rules: operating period, first-registered physician, insurance department, scope,
institution type, pharmacists."""
from __future__ import annotations

from datetime import date

from rule_fixtures import ID_A, ID_B, ID_C, context, document, letter_docx, license_pdf, read_documents, roster_xlsx, run
from validator.report.messages import message

ELIGIBLE = ["综合医院", "专科医院", "专科疾病防治院（所、站）", "社区卫生服务中心（站）", "门诊部", "诊所", "村卫生室（所）"]


def test_operating_period_from_a_real_business_license(tmp_path):
    path = license_pdf(tmp_path / "营业执照.pdf", "business_license",
                       {"established_date": "2026年10月01日", "valid_from": "自2026年10月01日至长期"})
    docs = read_documents(path)
    (finding,) = run("operating_period_too_short", context(docs, as_of=date(2026, 12, 31)), months=3)
    assert finding.code == "operating_period_too_short" and finding.evidence["eligible_from"] == "2027-01-01"
    assert "2027-01-01" in message(finding)
    assert run("operating_period_too_short", context(docs, as_of=date(2027, 1, 1)), months=3) == []


def test_operating_period_counts_from_the_later_of_establishment_and_licensing(tmp_path):
    """Audit §2.7 (the Harbin defective sample): established 2026-10-01, licensed 2026-10-08 → may
    apply from 2027-01-08, not 2027-01-01."""
    business = read_documents(license_pdf(tmp_path / "营业执照.pdf", "business_license",
                                          {"established_date": "2026年10月01日", "valid_from": "自2026年10月01日至长期"}))
    practice = document("practice_license", {"issue_date": "2026-10-08"})
    (finding,) = run("operating_period_too_short", context([*business, practice], as_of=date(2026, 11, 23)), months=3)
    assert finding.evidence["eligible_from"] == "2027-01-08" and finding.evidence["start"] == "2026-10-08"
    # a licence issued before establishment does not move the start (near miss)
    early = document("practice_license", {"issue_date": "2026-09-20"})
    (finding,) = run("operating_period_too_short", context([*business, early], as_of=date(2026, 11, 23)), months=3)
    assert finding.evidence["eligible_from"] == "2027-01-01"


def test_a_recent_practice_license_alone_may_be_a_renewal():
    reissued = document("practice_license", {"issue_date": "2026-11-01"})
    old_business = document("business_license", {"established_date": "2019-03-01"})
    (finding,) = run("operating_period_too_short", context([reissued, old_business]))
    assert finding.code == "could_not_verify" and finding.field == "issue_date"
    older = document("practice_license", {"issue_date": "2020-01-01"})
    assert run("operating_period_too_short", context([older, old_business])) == []
    new_business = document("business_license", {"established_date": "2026-10-01"})
    (finding,) = run("operating_period_too_short", context([older, new_business]))
    assert finding.code == "operating_period_too_short"
    (finding,) = run("operating_period_too_short", context([document("practice_license", {})]))
    assert finding.code == "could_not_verify"
    assert run("operating_period_too_short", context([], profile={"opening_date": "2020-05-01"})) == []


def test_first_registered_physician(tmp_path):
    licence = document("practice_license", {"institution_name": "威海康宁诊所"})
    here = read_documents(license_pdf(tmp_path / "医师.pdf", "physician_certificate",
                                      {"practice_location": "山东省威海康宁诊所"}))
    assert here[0].value("practice_location")
    assert run("no_first_registered_physician", context([licence, *here]), kinds=["clinic"]) == []
    elsewhere = document("physician_certificate", {"practice_location": "威海市立医院"})
    (finding,) = run("no_first_registered_physician", context([licence, elsewhere]), kinds=["clinic"])
    assert finding.code == "no_first_registered_physician" and finding.evidence["sites"] == ["威海市立医院"]
    (unknown,) = run("no_first_registered_physician", context([licence]), kinds=["clinic"])
    assert unknown.code == "could_not_verify"
    assert run("no_first_registered_physician", context([licence], kind="pharmacy"), kinds=["clinic"]) == []
    renamed = context([licence, *here], profile={"institution_name": "威海仁和诊所"})  # name_mismatch's business
    assert run("no_first_registered_physician", renamed, kinds=["clinic"]) == []


def test_insurance_department_for_100_beds(tmp_path):
    big = document("practice_license", {"beds": 120})
    with_office = read_documents(letter_docx(tmp_path / "医保管理制度.docx",
                                             ["医保管理制度", "一、本院设立医保办，配备专职工作人员2名。"]))
    assert with_office[0].document_type == "management_system"
    assert run("insurance_department_required", context([big, *with_office]), beds=100) == []
    without = read_documents(letter_docx(tmp_path / "财务制度.docx", ["医保管理制度", "一、财务人员负责票据管理。"]))
    (silent,) = run("insurance_department_required", context([big, *without]), beds=100)
    assert silent.code == "could_not_verify"  # silence is doubt, not proof of absence
    (declared,) = run("insurance_department_required", context([big, *without],
                                                                profile={"has_insurance_department": False}), beds=100)
    assert declared.code == "insurance_department_required" and declared.evidence["beds"] == 120
    denied = read_documents(letter_docx(tmp_path / "基本情况.docx", ["医保管理制度", "本院尚未设立医保管理部门。"]))
    (finding,) = run("insurance_department_required", context([big, *denied]), beds=100)
    assert finding.code == "insurance_department_required"
    assert run("insurance_department_required", context([document("practice_license", {"beds": 20})]), beds=100) == []


def test_a_system_heading_or_the_boilerplate_is_not_a_department(tmp_path):
    """Audit §2.6: Harbin requires a system titled 医保办工作制度 (七(二)2(4)), and the shipped
    boilerplate says 设立医保办公室（或指定专（兼）职医保管理人员）; neither shows a department."""
    big = document("practice_license", {"beds": 150})
    headings = read_documents(letter_docx(tmp_path / "医保管理制度.docx", [
        "医保管理制度", "一、医保办工作制度", "二、医保人员职责",
        "本机构设立医保办公室（或指定专（兼）职医保管理人员），负责医保政策的贯彻落实。"]))
    (finding,) = run("insurance_department_required", context([big, *headings]), beds=100)
    assert finding.code == "could_not_verify" and "150" in finding.evidence["why"]


def test_non_basic_scope():
    subjects = ["医疗美容科", "美容外科（医疗美容）", "内科"]
    mostly = document("practice_license", {"practice_subjects": subjects})
    (finding,) = run("non_basic_service_scope", context([mostly]), subjects=["医疗美容", "种植牙"])
    assert finding.code == "non_basic_service_scope" and len(finding.evidence["non_basic"]) == 2
    basic = document("practice_license", {"practice_subjects": ["内科", "外科", "医疗美容科"]})
    assert run("non_basic_service_scope", context([basic]), subjects=["医疗美容"]) == []


def test_third_party_testing_organisation_needs_a_person():
    lab = document("practice_license", {"institution_name": "太原华康医学检验实验室", "practice_subjects": ["医学检验科"]})
    (finding,) = run("non_basic_service_scope", context([lab], city="taiyuan"), subjects=[],
                     testing_institution_types=["医学检验实验室", "医学检验所"])
    assert finding.code == "could_not_verify" and "支付范围" in finding.evidence["why"]
    clinic = document("practice_license", {"institution_name": "太原华康诊所"})
    assert run("non_basic_service_scope", context([clinic]), subjects=[],
               testing_institution_types=["医学检验实验室"]) == []


def test_institution_types():
    for ok in ("一级综合医院", "口腔医院", "专科疾病防治所", "社区卫生服务站", "中医诊所", "村卫生所"):
        assert run("ineligible_institution_type", context([document("practice_license", {"institution_type": ok})]),
                   eligible=ELIGIBLE) == [], ok
    lab = document("practice_license", {"institution_type": "医学检验实验室"})
    (finding,) = run("ineligible_institution_type", context([lab]), eligible=ELIGIBLE)
    assert finding.code == "ineligible_institution_type" and "医学检验实验室" in message(finding)
    (missing,) = run("ineligible_institution_type", context([document("practice_license", {})]), eligible=ELIGIBLE)
    assert missing.code == "field_not_found"


def _pharmacy(tmp_path, rows, scope="药品零售"):
    docs = read_documents(roster_xlsx(tmp_path / "名册.xlsx", rows))
    return context([*docs, document("business_license", {"business_scope": scope})], city="yangzhou", kind="pharmacy")


def test_pharmacists_enough(tmp_path):
    rows = [[1, "王伟", ID_A, "药师", "执业药师", "本科", ""], [2, "李娜", ID_B, "药师", "主管药师", "本科", ""]]
    assert run("insufficient_pharmacists", _pharmacy(tmp_path, rows)) == []


def test_pharmacists_too_few_and_no_licensed(tmp_path):
    rows = [[1, "王伟", ID_A, "药师", "药师", "本科", ""], [2, "李娜", ID_B, "营业员", "", "高中", ""]]
    findings = run("insufficient_pharmacists", _pharmacy(tmp_path, rows), min_pharmacists=2, min_licensed=1)
    assert sorted(f.field for f in findings) == ["licensed_pharmacists", "pharmacists"]
    assert "执业药师" in message(next(f for f in findings if f.field == "licensed_pharmacists"))


def test_herbal_medicine_needs_a_tcm_pharmacist(tmp_path):
    rows = [[1, "王伟", ID_A, "药师", "执业药师", "本科", ""], [2, "李娜", ID_B, "药师", "药师", "本科", ""]]
    (finding,) = run("insufficient_pharmacists", _pharmacy(tmp_path, rows, "中药饮片、中成药、化学药制剂"),
                     tcm_with_herbal=True)
    assert finding.field == "tcm_pharmacists"
    rows.append([3, "张敏", ID_C, "药师", "中药师", "本科", ""])
    assert run("insufficient_pharmacists", _pharmacy(tmp_path, rows, "中药饮片"), tcm_with_herbal=True) == []


def test_pharmacists_without_any_evidence():
    (finding,) = run("insufficient_pharmacists", context([], kind="pharmacy"))
    assert finding.code == "could_not_verify"


def test_a_practice_site_read_close_to_the_name_is_doubt_not_ineligible():
    """A 执业地点 cut at a line break or in traditional characters is not proof that no physician is
    first registered here (the finding would make the package ineligible)."""
    licence = document("practice_license", {"institution_name": "威海市环翠区康宁诊所"})
    for site in ("威海市环翠区康宁诊", "威海市環翠區康寧診所"):
        cert = document("physician_certificate", {"practice_location": site, "person_name": "王伟"})
        (finding,) = run("no_first_registered_physician", context([licence, cert]), kinds=["clinic"])
        assert finding.code == "could_not_verify" and site in finding.evidence["why"]
    other = document("physician_certificate", {"practice_location": "威海市立医院", "person_name": "王伟"})
    (finding,) = run("no_first_registered_physician", context([licence, other]), kinds=["clinic"])
    assert finding.code == "no_first_registered_physician"


def test_a_roster_without_insurance_staff_is_doubt(tmp_path):
    """harbin 六.2(3) / weihai 五(三): 配备专（兼）职医保管理人员; a roster naming none is doubt."""
    with_staff = [[1, "王伟", ID_A, "医师", "主治医师", "本科", "13812345678"],
                  [2, "张敏", ID_C, "医保管理员", "", "本科", "13712345678"]]
    small = document("practice_license", {"beds": 0})
    ctx = context([small, *read_documents(roster_xlsx(tmp_path / "名册.xlsx", with_staff))])
    assert run("insurance_department_required", ctx, beds=100) == []
    without = [with_staff[0], [2, "张敏", ID_C, "财务", "", "本科", "13712345678"]]
    ctx = context([small, *read_documents(roster_xlsx(tmp_path / "名册2.xlsx", without))])
    (doubt,) = run("insurance_department_required", ctx, beds=100)
    assert doubt.code == "could_not_verify" and doubt.material == "staff_roster"


def test_an_institution_type_of_the_same_kind_is_doubt_not_ineligible():
    """harbin 六.1 / weihai 二 name 乡镇卫生院、中心卫生院; a licence whose 类别 reads 卫生院 (or 门诊 cut
    short, or 中醫診所 in traditional characters) is not refused; a plainly other type still is."""
    for found, code in (("卫生院", "could_not_verify"), ("门诊", "could_not_verify"),
                        ("医学美容机构", "ineligible_institution_type")):
        licence = document("practice_license", {"institution_type": found})
        (finding,) = run("ineligible_institution_type", context([licence]), eligible=ELIGIBLE + ["乡镇卫生院"])
        assert finding.code == code, found
    assert run("ineligible_institution_type", context([document("practice_license", {"institution_type": "中醫診所"})]),
               eligible=ELIGIBLE) == []


def _certificate(name: str, id_number: str, text: str = "执业药师注册证", file: str | None = None):
    return document("pharmacist_certificate", {"person_name": name, "id_number": id_number}, text=text,
                    file=file or f"{name}{id_number[-4:]}.pdf")


def _certified(*certificates):
    licence = document("business_license", {"business_scope": "药品零售"})
    return context([*certificates, licence], city="yangzhou", kind="pharmacy")


def test_pharmacists_are_counted_by_id_number_across_their_certificates():
    # one person's registration and title certificates, the name read two ways: one pharmacist
    same = [_certificate("王伟", ID_A), _certificate("王 伟", ID_A, "专业技术资格证书 主管药师", file="职称.pdf")]
    (finding,) = run("insufficient_pharmacists", _certified(*same), min_pharmacists=2, min_licensed=1)
    assert (finding.field, finding.found) == ("pharmacists", 1)


def test_namesakes_with_different_id_numbers_are_two_pharmacists():
    assert run("insufficient_pharmacists", _certified(_certificate("王伟", ID_A), _certificate("王伟", ID_B)),
               min_pharmacists=2, min_licensed=1) == []


def test_an_address_in_another_city_is_a_question_for_taiyuan():
    """taiyuan 二: the guide serves Taiyuan's six districts, three counties and 古交市."""
    from validator.checklists.loader import load_checklist

    params = load_checklist("taiyuan").rule("outside_service_area").params
    for address, codes in (("山西省晋中市榆次区顺城街1号", ["outside_service_area"]), ("山西省太原市小店区坞城路1号", []),
                           ("古交市东大街2号", []), ("小店区坞城路1号", []), ("花园城市小区3号楼", ["outside_service_area"])):
        licence = document("practice_license", {"address": address})
        findings = run("outside_service_area", context([licence], city="taiyuan"), **params)
        assert [f.code for f in findings] == codes, address
        assert not any(f.is_error for f in findings)
