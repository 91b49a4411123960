from __future__ import annotations

import pytest

from samples.synth.certificates import BUILDERS, make
from samples.synth.office import (application_docx, assessment_docx, roster_people, roster_xlsx, sections_docx,
                                  text_pdf)
from samples.synth.render import to_pdf
from validator.extract.classify import classify
from validator.readers.documents import Document, Page, ReadFile, TextLine
from validator.extract import extract_fields, extract_path
from validator.extract.templates import template, template_types
from validator.vocabulary import ids


def _values(document: Document) -> dict:
    return {name: field.value for name, field in document.fields.items()}


@pytest.mark.parametrize("document_type", sorted(BUILDERS))
@pytest.mark.parametrize("seed", [1, 2])
def test_text_pdf_every_field_exact(tmp_path, document_type, seed):
    cert = make(document_type, seed)
    [document] = extract_path(to_pdf(cert, tmp_path / "scan.pdf"))
    assert document.document_type == document_type
    values = _values(document)
    assert {name: values.get(name) for name in cert.expected} == cert.expected
    assert all(field.page == 1 and field.confidence == 1.0 and field.source_text for field in document.fields.values())


def test_open_ended_business_license_says_so(tmp_path):
    [document] = extract_path(to_pdf(make("business_license", 1), tmp_path / "b.pdf"))
    assert document.value("valid_from") == document.value("established_date")
    assert document.value("valid_to") == "长期"


def test_templates_use_vocabulary_fields_only():
    known = ids("fields") | {"total_score"}
    for document_type in template_types():
        assert document_type in ids("document_types"), document_type
        assert {spec.name for spec in template(document_type).fields} <= known


def _page_doc(document_type: str, lines: list[tuple[str, tuple]]) -> Document:
    page = Page(1, "\n".join(t for t, _ in lines), [TextLine(t, box, 0.95) for t, box in lines], "ocr")
    read = ReadFile("x.jpg", "image", "0", [page], is_scan=True)
    return Document("x.jpg", document_type, (1,), read)


def test_layout_value_below_label_and_spaced_labels():
    document = _page_doc("physician_certificate", [
        ("医师执业证书", (300, 50, 700, 100)),
        ("姓 名", (100, 200, 180, 230)), ("张三", (100, 240, 180, 270)),          # value below its label
        ("执 业 类 别", (400, 200, 560, 230)), ("临床", (600, 200, 680, 230)),    # spaced label, value right
        ("证书编码：110370600012345", (100, 400, 600, 430)),                      # label glued to value
    ])
    extract_fields(document)
    assert _values(document) == {"person_name": "张三", "practice_category": "临床",
                                 "certificate_number": "110370600012345"}


def test_wrapped_value_continues_under_itself_but_not_into_the_next_field():
    document = _page_doc("practice_license", [
        ("地址", (100, 100, 160, 130)), ("山东省威海市环翠区文化", (250, 100, 600, 130)),
        ("中路88号", (250, 145, 400, 175)),
        ("法定代表人", (100, 200, 240, 230)), ("李四", (250, 200, 320, 230)),
        ("主要负责人", (100, 260, 240, 290)), ("王五", (250, 260, 320, 290)),
    ])
    extract_fields(document)
    assert document.value("address") == "山东省威海市环翠区文化中路88号"
    assert document.value("legal_representative") == "李四" and document.value("principal") == "王五"


def test_blank_value_is_not_taken_from_the_next_label():
    document = _page_doc("practice_license", [
        ("法定代表人", (100, 200, 240, 230)),
        ("主要负责人", (100, 260, 240, 290)), ("王五", (250, 260, 320, 290)),
    ])
    extract_fields(document)
    assert "legal_representative" not in document.fields and document.value("principal") == "王五"


def test_ocr_confusion_in_uscc_is_corrected_and_recorded():
    from stdnum.cn import uscc

    code = "91371002MA3C8XK20"
    code += uscc.calc_check_digit(code + "0")
    misread = code[:9] + code[9:].replace("0", "O", 1)
    document = _page_doc("business_license", [("统一社会信用代码", (100, 100, 400, 130)), (misread, (450, 100, 900, 130))])
    extract_fields(document)
    field = document.fields["uscc"]
    assert field.value == code and field.corrected_from == misread


def test_application_form_docx_with_merged_cells(tmp_path):
    path = application_docx(tmp_path / "申请表.docx", {
        "医疗机构名称": "威海康宁诊所", "统一社会信用代码": "91371002MA3C8XK20X", "地址": "威海市环翠区文化中路88号",
        "法定代表人": "李四", "主要负责人": "", "机构类别": "诊所", "床位数": "10张", "诊疗科目": "内科、中医科"})
    [document] = extract_path(path)
    assert document.document_type == "application_form"
    values = _values(document)
    assert values["institution_name"] == "威海康宁诊所" and values["address"] == "威海市环翠区文化中路88号"
    assert values["legal_representative"] == "李四" and values["institution_type"] == "诊所"
    assert values["beds"] == 10 and values["practice_subjects"] == ["内科", "中医科"]
    assert "principal" not in values  # blank cell stays blank (the blank_field rule decides)


@pytest.mark.parametrize("header, columns", [
    (("序号", "姓名", "身份证", "职位", "职称", "学历", "联系方式"),
     ["seq", "name", "id_number", "position", "title", "education", "phone"]),
    (("编号", "姓 名", "公民身份号码", "岗位", "专业技术职称", "文化程度", "手机"),
     ["seq", "name", "id_number", "position", "title", "education", "phone"]),
    (("序号", "姓名", "身份证号码（18位）", "岗位", "联系电话"), ["seq", "name", "id_number", "position", "phone"]),
])
def test_roster_header_below_title_rows_and_column_variants(tmp_path, header, columns):
    people = roster_people(4, seed=2)
    [document] = extract_path(roster_xlsx(tmp_path / "附件3：从业人员名册.xlsx", people, header=header))
    assert document.document_type == "staff_roster"
    assert document.extra.roster_columns == sorted(columns, key=["seq", "name", "id_number", "position", "title",
                                                                     "education", "phone"].index)
    rows = document.extra.roster
    assert [row["row"] for row in rows] == [5, 6, 7, 8]
    assert [row["name"] for row in rows] == [p["name"] for p in people]
    assert [row["id_number"] for row in rows] == [p["id_number"] for p in people]
    assert set(rows[0]) == {"seq", "name", "id_number", "position", "title", "education", "phone", "row"}


def test_self_assessment_scores_and_total(tmp_path):
    path = assessment_docx(tmp_path / "自评表.docx", {"2": (20, 18), "3": (20, 20), "4": (20, 19), "5": (10, 10)}, 67)
    [document] = extract_path(path)
    assert document.document_type == "self_assessment"
    assert document.extra.scores == {"2": 18.0, "3": 20.0, "4": 19.0, "5": 10.0}
    assert document.value("total_score") == 67.0


def test_total_written_into_the_blank(tmp_path):
    path = assessment_docx(tmp_path / "评估表.docx", {"2": (20, 18)}, "__92__")
    assert extract_path(path)[0].value("total_score") == 92.0


def test_unfilled_self_assessment_has_no_total(tmp_path):
    [document] = extract_path(assessment_docx(tmp_path / "评估表.docx", {"2": (20, None)}, None))
    assert document.extra.scores == {} and "total_score" not in document.fields


def test_management_system_headings(tmp_path):
    wanted = ["一、医保管理制度", "二、财务管理制度", "三、统计信息管理制度", "四、医疗质量安全核心制度"]
    [document] = extract_path(sections_docx(tmp_path / "制度.docx", "内部管理制度", wanted))
    assert document.document_type == "management_system"
    assert document.extra.headings == ["内部管理制度", *wanted]


def test_headings_from_a_pdf_by_outline_numbering(tmp_path):
    pdf = text_pdf(tmp_path / "说明.pdf", [["本机构基本情况说明", "一、机构概况", "本机构成立于2019年，现有职工12人。",
                                            "二、科室设置", "（一）内科"]])
    [document] = extract_path(pdf)
    assert document.document_type == "basic_info_statement"
    assert document.extra.headings == ["一、机构概况", "二、科室设置", "（一）内科"]


def test_merged_pdf_documents_get_their_own_fields(tmp_path):
    license_, business = make("practice_license", 3), make("business_license", 3)
    documents = extract_path(text_pdf(tmp_path / "all.pdf", [license_, business]))
    assert [d.document_type for d in documents] == ["practice_license", "business_license"]
    assert documents[0].value("registration_number") == license_.expected["registration_number"]
    assert documents[1].value("uscc") == business.expected["uscc"] and "uscc" not in documents[0].fields


def test_classify_then_extract_never_raises_on_empty_pages():
    read = ReadFile("empty.pdf", "pdf", "0", [Page(1, "", [], "none")], is_scan=True)
    for document in classify(read):
        extract_fields(document)
        assert document.fields == {}


def test_labels_survive_a_stray_seal_character():
    document = _page_doc("business_license", [
        ("营业理期限", (100, 100, 260, 130)), ("理局", (270, 90, 330, 120)), ("2019年3月1日至长期", (350, 100, 700, 130)),
        ("住", (100, 200, 130, 230)), ("一所", (170, 200, 230, 230)), ("威海市文化中路1号", (350, 200, 700, 230)),
    ])
    extract_fields(document)
    assert document.value("valid_from") == "2019-03-01" and document.value("address") == "威海市文化中路1号"


def test_glued_label_value_continues_under_the_value():
    document = _page_doc("business_license", [
        ("登记机关扬州市邗江区市场监督管", (100, 100, 700, 140)),
        ("理局", (260, 160, 330, 200)),
        ("成立日期", (100, 230, 250, 270)), ("2019年3月1日", (260, 230, 500, 270)),
    ])
    extract_fields(document)
    assert document.value("issuing_authority") == "扬州市邗江区市场监督管理局"


def test_ticked_option_on_a_form(tmp_path):
    path = application_docx(tmp_path / "申请表.docx", {"机构名称": "威海康宁诊所", "经营性质": "☑营利性  □非营利性"})
    [document] = extract_path(path)
    assert document.value("ownership") == "营利性"
    path = application_docx(tmp_path / "申请表2.docx", {"机构名称": "威海康宁诊所", "经营性质": "□营利性  ☑非营利性"})
    assert extract_path(path)[0].value("ownership") == "非营利性"


def test_application_form_xlsx_label_value_cells(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["定点零售药店申请表"])
    sheet.append([])
    sheet.append(["药店名称", "威海仁和大药房有限公司", None, "法定代表人", "李四"])
    sheet.append(["统一社会信用代码", "91371002MA3C8XK20X", None, "经营地址", "威海市新威路2号"])
    path = tmp_path / "附件1申请表.xlsx"
    book.save(path)
    [document] = extract_path(path)
    assert document.document_type == "application_form"
    assert {k: document.value(k) for k in ("institution_name", "legal_representative", "address")} == {
        "institution_name": "威海仁和大药房有限公司", "legal_representative": "李四", "address": "威海市新威路2号"}
    assert document.fields["institution_name"].source_text == "药店名称 威海仁和大药房有限公司"


def test_continuation_stops_at_a_label_whose_box_touches_the_value():
    document = _page_doc("business_license", [
        ("住所", (820, 880, 900, 930)), ("黑龙江省哈尔滨市南岗区", (1005, 882, 1377, 927)),
        ("海滨北路108号", (1006, 952, 1237, 1001)),
        ("登记机关", (822, 1049, 1000, 1096)), ("扬州市邗江区市场监督管", (989, 1048, 1379, 1093)),
    ])
    extract_fields(document)
    assert document.value("address") == "黑龙江省哈尔滨市南岗区海滨北路108号"
    assert document.value("issuing_authority") == "扬州市邗江区市场监督管"


def test_original_and_duplicate_pages_of_a_license(tmp_path):
    original, duplicate = make("practice_license", 1), make("practice_license", 1)
    original.subtitle, duplicate.subtitle = "正本", "副本"
    [document] = extract_path(text_pdf(tmp_path / "许可证正副本.pdf", [original, duplicate]))
    assert document.pages == (1, 2) and document.extra.editions == ["正本", "副本"]
