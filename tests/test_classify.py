from __future__ import annotations

import pytest

from samples.synth.certificates import BUILDERS, make
from samples.synth.office import assessment_docx, roster_people, roster_xlsx, sections_docx, text_pdf
from samples.synth.render import to_image, to_pdf
from validator.extract.classify import classify, name_type, title_score, signs
from validator.readers.documents import Page, ReadFile, TextLine
from validator.readers import file_from_path, read_file


def _read(path, ocr=False):
    return read_file(file_from_path(path), ocr=ocr)[0]


def _text(name: str, *lines: str) -> ReadFile:
    page = Page(1, "\n".join(lines), [TextLine(line) for line in lines])
    return ReadFile(file=name, format="pdf", sha256="0", pages=[page])


@pytest.mark.parametrize("document_type", sorted(BUILDERS))
def test_every_certificate_type_by_content_under_a_neutral_name(tmp_path, document_type):
    path = to_pdf(make(document_type, 7), tmp_path / "scan0001.pdf")
    documents = classify(_read(path))
    assert [(d.document_type, d.classified_by, d.pages) for d in documents] == [(document_type, "content", (1,))]


@pytest.mark.parametrize("name, expected", [
    ("1.执业许可证.pdf", "practice_license"),
    ("营业执照副本扫描件.jpg", "business_license"),
    ("附件3：从业人员名册.xlsx", "staff_roster"),
    ("附件2 自评表.docx", "self_assessment"),
    ("诚信承诺书（盖章）.pdf", "integrity_commitment"),
    ("法人身份证正反面.jpg", "id_card"),
    ("房屋租赁合同.pdf", "premises_proof"),
    ("医保管理制度汇编.docx", "management_system"),
    ("GSP证书.jpg", "gsp_certificate"),
    ("执业药师注册证-张三.jpg", "pharmacist_certificate"),
    ("医师资格证.jpg", "physician_certificate"),
    ("基金使用预测性分析报告.pdf", "fund_forecast"),
    ("scan0001.pdf", "unknown"),
    ("IMG_2024.jpg", "unknown"),
])
def test_file_names(name, expected):
    assert name_type(name) == expected


def test_scan_without_text_falls_back_to_its_name(tmp_path):
    path = tmp_path / "营业执照副本扫描件.jpg"
    to_image(make("practice_license", 1), dpi=60).save(path)
    documents = classify(_read(path, ocr=False))
    assert [(d.document_type, d.classified_by) for d in documents] == [("business_license", "name")]


def test_content_beats_the_name(tmp_path):
    path = to_pdf(make("drug_business_license", 2), tmp_path / "营业执照.pdf")
    assert [d.document_type for d in classify(_read(path))] == ["drug_business_license"]


def test_nothing_known_is_unknown(tmp_path):
    documents = classify(_text("notes.pdf", "会议纪要", "今天天气很好。"))
    assert [(d.document_type, d.pages) for d in documents] == [("unknown", (1,))]


def test_a_management_system_citing_a_license_is_not_a_license():
    read = _text("制度.pdf", "医保管理制度",
                 "第一条 本机构依据《医疗机构执业许可证》核准的诊疗科目开展诊疗活动，",
                 "医疗机构执业许可证 登记号 诊疗科目 床位 均应公示。")
    assert [d.document_type for d in classify(read)] == ["management_system"]


def test_a_title_inside_prose_is_not_a_title():
    for sign in signs():
        if sign.type_id == "practice_license":
            assert title_score("请携带医疗机构执业许可证副本原件及复印件到窗口办理相关手续", sign) == 0
            assert title_score("医疗机构执业许可证", sign) > 0
            assert title_score("医疗机构执业许可证（副本）", sign) > 0


def test_merged_pdf_is_split_per_material(tmp_path):
    pages = [
        ["定点医疗机构申请表", "机构名称：威海康宁诊所"],
        make("practice_license", 1),
        make("business_license", 1),
        ["医保管理制度", "一、医保管理制度", "（内容略）"],
        ["二、财务管理制度", "（续前页，无标题）"],
        ["诚信承诺书", "本机构郑重承诺：所提交材料真实有效。"],
    ]
    documents = classify(_read(text_pdf(tmp_path / "全部材料.pdf", pages)))
    assert [(d.document_type, d.pages) for d in documents] == [
        ("application_form", (1,)), ("practice_license", (2,)), ("business_license", (3,)),
        ("management_system", (4, 5)), ("integrity_commitment", (6,))]
    assert documents[1].text.startswith("医疗机构执业许可证")


def test_two_page_license_is_one_document(tmp_path):
    documents = classify(_read(text_pdf(tmp_path / "许可证.pdf", [make("practice_license", 1), ["副本第二页", "变更记录"]])))
    assert [(d.document_type, d.pages) for d in documents] == [("practice_license", (1, 2))]


def test_office_files_by_their_title(tmp_path):
    roster = roster_xlsx(tmp_path / "book1.xlsx", roster_people(2))
    sheet = assessment_docx(tmp_path / "doc1.docx", {"1": (20, 18)}, 18)
    systems = sections_docx(tmp_path / "doc2.docx", "内部管理制度", ["一、医保管理制度"])
    assert [d.document_type for d in classify(_read(roster))] == ["staff_roster"]
    assert [d.document_type for d in classify(_read(sheet))] == ["self_assessment"]
    assert [d.document_type for d in classify(_read(systems))] == ["management_system"]


def test_change_form_is_not_an_application_form():
    assert [d.document_type for d in classify(_text("a.pdf", "定点医疗机构信息变更申请表"))] == ["change_application_form"]
    assert [d.document_type for d in classify(_text("a.pdf", "附件1：定点医疗机构申请表"))] == ["application_form"]


def test_certificates_of_several_people_in_one_pdf_are_separate_documents(tmp_path):
    pages = [make("physician_certificate", 1), ["（证书第二页）", "变更注册记录"], make("physician_certificate", 2)]
    documents = classify(_read(text_pdf(tmp_path / "医师执业证书.pdf", pages)))
    assert [(d.document_type, d.pages) for d in documents] == [
        ("physician_certificate", (1, 2)), ("physician_certificate", (3,))]


def test_every_document_type_of_the_brief_has_signs():
    from validator.vocabulary import ids

    extra = {"id_card", "premises_proof", "location_layout_map", "labor_contract", "social_insurance_proof",
             "his_materials", "large_equipment_license", "network_opening_form", "dedicated_line_form",
             "eprescription_acceptance", "change_application_form", "suspension_termination_form",
             "military_service_license", "medical_staff_certificate", "eprescription_acceptance_video"}
    assert {sign.type_id for sign in signs()} == (ids("document_types") - {"unknown"}) | extra
    assert all(sign.titles and sign.names for sign in signs())


@pytest.mark.parametrize("lines, expected", [
    # documents as people title them
    (["关于变更机构名称的申请", "威海市医疗保障服务中心：", "本机构名称拟由……变更为……"], "change_application_form"),
    (["专业技术资格证书", "姓名 王芳", "专业名称 药学", "资格名称 主管药师"], "pharmacist_certificate"),
    (["专业技术资格证书", "姓名 李强", "专业名称 临床医学", "资格名称 主治医师"], "physician_certificate"),
    (["10月门诊日结单", "门诊号 收费日期 收费员 实收金额", "统筹支付 个人账户支付 现金支付"], "his_materials"),
])
def test_documents_titled_in_peoples_own_words(lines, expected):
    [document] = classify(_text("scan0007.pdf", *lines))
    assert document.document_type == expected


@pytest.mark.parametrize("lines", [
    # near misses: the shared title alone, or a letter that changes nothing, is not classified as such
    ["专业技术资格证书", "姓名 赵敏", "专业名称 会计", "资格名称 中级会计师"],
    ["关于申请医保定点的报告", "本机构成立于2020年。"],
])
def test_near_miss_titles_stay_unclassified(lines):
    [document] = classify(_text("scan0008.pdf", *lines))
    assert document.document_type not in ("pharmacist_certificate", "physician_certificate", "change_application_form")
