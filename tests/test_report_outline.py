"""Human reports tell refusal from correction, show codes and a legend, say what was inferred and the
next step with the city's supplement deadline; the HTML shows where a value sits on its page."""
from __future__ import annotations

import base64
import io
import re
from datetime import date

import numpy
from PIL import Image, ImageDraw
from test_html import make_report

from validator.readers.documents import Document, ExtractedField, Page, ReadFile, TextLine
from validator.findings import Finding
from validator.report.model import MaterialResult
from validator.report.render.html import render_html
from validator.report.render.text import render_text

GROUND = Finding("operating_period_too_short", material="business_license", file="执照.pdf", page=1,
                 evidence={"start": "2026-10-01", "earliest": "2027-01-01"}, source="哈尔滨 六.2(1)")
CORRECTABLE = Finding("invalid_uscc", material="business_license", file="执照.pdf", page=1, field="uscc",
                      found="91230103876634400X", source="哈尔滨 七(二)2(3)")
WARNING = Finding("could_not_verify", material="business_license", file="执照.pdf", page=1,
                  evidence={"reason": "印章不清"})


def test_refusal_grounds_come_first_and_apart_from_what_can_be_corrected():
    text = render_text(make_report(city="harbin", findings=[CORRECTABLE, GROUND]))
    grounds, materials = text.index("不予受理的理由"), text.index("材料清单")
    assert grounds < materials
    assert text.count("〔operating_period_too_short〕") == 1 and text.index("〔operating_period_too_short〕") < materials
    assert text.index("〔invalid_uscc〕") > materials
    assert "下一步: 不予受理：用 --notice" in text
    html = render_html(make_report(city="harbin", findings=[CORRECTABLE, GROUND]))
    assert html.index("不予受理的理由") < html.index("材料清单") < html.index("invalid_uscc")
    assert html.count("operating_period_too_short") == 1


DATED = CORRECTABLE.with_(evidence={"due": "2026-11-30", "due_zh": "请于2026-11-30前补正。",
                                    "due_en": "Correct it by 2026-11-30."})


def test_a_refused_package_is_given_no_supplement_period():
    # NL-13: a refusal (不予受理) has no supplement period, as its notice says "本次无需补正"
    refused = make_report(city="harbin", findings=[DATED, GROUND])
    for lang in ("zh", "en"):
        assert "2026-11-30" not in render_text(refused, lang=lang)
    assert "请核对更正。" in render_text(refused) and "2026-11-30" not in render_html(refused)
    assert "请于" not in refused.to_dict()["findings"][0]["message"]


def test_a_correctable_package_keeps_the_day_in_each_problem():
    text = render_text(make_report(city="harbin", findings=[DATED]))
    assert "请核对更正。请于2026-11-30前补正。" in text
    # near miss: an eligibility doubt (a warning) refuses nothing, so the day stays
    doubt = GROUND.with_(severity="warning")
    text = render_text(make_report(city="harbin", findings=[DATED, doubt]))
    assert "请于2026-11-30前补正。" in text and "不予受理：" not in text


def test_a_correctable_package_gets_the_notice_step_and_the_city_deadline_or_none():
    harbin = render_text(make_report(city="harbin", findings=[CORRECTABLE]))
    assert "一次性告知书" in harbin and "补正期限：2026-11-30前（5个工作日，依据" in harbin
    weihai = render_text(make_report(city="weihai", findings=[CORRECTABLE]))
    assert "补正期限：本市清单未规定" in weihai
    complete = render_text(make_report(city="harbin", findings=[]))
    assert "下一步: 材料齐全" in complete and "补正期限" not in complete


def test_staff_counts_add_up_on_screen():
    counts = {"physicians": 2, "nurses": 1, "pharmacists": 1, "licensed_pharmacists": 0, "total": 6}
    text = render_text(make_report(facts={"roster_counts": counts}))
    assert "医师 2  护士 1  药师 1  其中执业药师 0  其他人员 2  合计 6" in text
    exact = render_text(make_report(facts={"roster_counts": {**counts, "total": 4}}))
    assert "其他人员" not in exact and "合计 4" in exact


def test_tags_are_chinese_with_a_legend_and_codes_a_waiver_can_name():
    text = render_text(make_report(findings=[CORRECTABLE, WARNING]))
    assert "[错误]" in text and "[警告]" in text and "[error]" not in text
    assert "图例: [错误]" in text and "--waive 代码=理由" in text
    assert "〔could_not_verify〕" in text
    english = render_text(make_report(findings=[CORRECTABLE, WARNING]), lang="en")
    assert "[error]" in english and "[could_not_verify]" in english and "Legend: [error]" in english


def test_what_was_inferred_is_said_and_a_profile_is_not_mentioned():
    inferred = {"city": "发证或经办机关“哈尔滨市医疗保障服务中心”（09-诚信承诺书.docx）", "kind": "profile.yaml"}
    text = render_text(make_report(city="harbin", facts={"inferred": inferred}))
    assert "统筹地区 由材料推断: 发证或经办机关“哈尔滨市医疗保障服务中心”" in text
    assert "机构类型 由材料推断" not in text
    html = render_html(make_report(city="harbin", facts={"inferred": inferred}))
    assert "由材料推断" in html


def licence_page(number: int) -> Image.Image:
    image = Image.new("RGB", (600, 800), "white")
    draw = ImageDraw.Draw(image)
    draw.text((50, 100), "USCC 91230103876634400X", fill="black")
    return image


def report_with_boxes(document_type: str = "business_license", value: str = "91230103876634400X",
                      finding: Finding = CORRECTABLE):
    read = ReadFile(file="执照.pdf", format="pdf", sha256="ab" * 32, render=licence_page,
                    pages=[Page(1, "统一社会信用代码 91230103876634400X", source="ocr", width=600, height=800,
                                lines=[TextLine("统一社会信用代码", (40, 95, 150, 115)),
                                       TextLine("91230103876634400X", (160, 95, 330, 115))])])
    document = Document("执照.pdf", document_type, (1,), read,
                        fields={"uscc": ExtractedField("uscc", value, page=1, source_text=value)})
    return make_report(city="harbin", findings=[finding], documents=[document])


def images(html: str, css: str) -> list[Image.Image]:
    found = re.findall(rf'<a class="{css}"[^>]*>\s*<img src="data:image/jpeg;base64,([^"]+)"', html)
    return [Image.open(io.BytesIO(base64.b64decode(data))).convert("RGB") for data in found]


def yellowish(image: Image.Image) -> int:
    pixels = numpy.asarray(image).astype(int)
    return int(((pixels[..., 0] > 200) & (pixels[..., 1] > 180) & (pixels[..., 2] < 170)).sum())


def test_html_evidence_is_a_highlighted_crop_that_opens_the_whole_page():
    html = render_html(report_with_boxes())
    [crop], [page] = images(html, "zoom"), images(html, "lightbox")
    anchor = re.search(r'<a class="zoom" id="(z[0-9a-f]{8})-at" href="#\1"', html).group(1)
    assert f'class="lightbox" id="{anchor}" href="#{anchor}-at"' in html  # a click shows the page; another goes back
    assert yellowish(crop) > 200 and yellowish(page) > 100  # the value is highlighted in both
    assert crop.width > crop.height and page.height > page.width  # a strip of the page, then the page


def test_no_crop_where_the_value_is_not_on_the_page_or_the_page_holds_personal_data():
    elsewhere = Finding("invalid_uscc", material="business_license", file="执照.pdf", page=1, field="uscc",
                        found="91110000000000000Y")
    missing = render_html(report_with_boxes(value="91110000000000000Y", finding=elsewhere))
    assert 'class="zoom"' not in missing and 'class="thumb"' in missing  # the page thumbnail instead
    assert 'class="zoom"' not in render_html(report_with_boxes(document_type="physician_certificate"))


def test_html_options_are_labelled_for_a_clerk():
    html = render_html(make_report(options={"city": "harbin", "as_of": "2026-11-23", "ocr": True}))
    options = html.split("审核选项")[1].split("</details>")[0]
    assert "统筹地区" in options and "哈尔滨市" in options and "审核日期" in options and "识别扫描件" in options
    assert "as_of" not in options and "True" not in options


def test_same_report_same_html():
    assert render_html(report_with_boxes()) == render_html(report_with_boxes())
    assert date(2026, 11, 23).isoformat() in render_html(report_with_boxes())


def test_a_slot_of_alternatives_is_named_as_the_city_names_the_paper():
    # N-5: the report says what the city's checklist asks for, as the notice does
    copies = Finding("insufficient_copies", material="self_assessment", file="03-自评表（第1份）.docx",
                     expected=2, found=1, evidence={"required": 2, "found": 1})
    materials = [MaterialResult("self_assessment", "《申报省直基本医疗保险协议管理统筹支付医疗机构自评表》（附件2）（二份）",
                                "invalid", ["03-自评表（第1份）.docx"], "002 二(一)3", 2, 1)]
    text = render_text(make_report(findings=[copies], materials=materials))
    assert "《申报省直基本医疗保险协议管理统筹支付医疗机构自评表》（附件2）应提交2份" in text
    assert "自评表 / 综合评估表 / 评估表" not in text
    # near miss: a material the report does not list keeps the vocabulary's title
    assert "自评表 / 综合评估表 / 评估表应提交2份" in render_text(make_report(findings=[copies], materials=[]))
    # English keeps the English slot title (the checklist titles are Chinese)
    assert "《" not in make_report(findings=[copies], materials=materials).to_dict(lang="en")["findings"][0]["message"]
