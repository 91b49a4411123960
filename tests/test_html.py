from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from PIL import Image, ImageDraw

from validator.readers.documents import Document, Page, ReadFile
from validator.findings import Finding
from validator.report.render.html import render_html
from validator.report.model import MaterialResult, Report

ID_NUMBER = "110101199003077777"


def page_image(number: int) -> Image.Image:
    """An A4-shaped page at 50 dpi with a dark title band, so a thumbnail is clearly not blank."""
    image = Image.new("RGB", (413, 585), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((30, 30, 383, 90), fill=(20, 40, 120))
    draw.text((40, 50), f"page {number}", fill="white")
    for y in range(120, 560, 24):
        draw.line((40, y, 373, y), fill=(90, 90, 90), width=3)
    return image


def make_report(package: str = "诊所A", findings: list[Finding] | None = None, **changes) -> Report:
    """A report as run_check returns it: a rendered PDF license, an unrendered .xlsx roster."""
    license_read = ReadFile(file="执业许可证.pdf", format="pdf", sha256="ab" * 32,
                            pages=[Page(1, "医疗机构执业许可证"), Page(2, "副本")], render=page_image)
    roster_read = ReadFile(file="名册.xlsx", format="xlsx", sha256="cd" * 32, pages=[Page(1, "名册")])
    documents = [Document("执业许可证.pdf", "practice_license", (1, 2), license_read),
                 Document("名册.xlsx", "staff_roster", (1,), roster_read)]
    if findings is None:
        findings = [
            Finding("expired_document", material="practice_license", file="执业许可证.pdf", page=2,
                    field="valid_to", found="2025-06-30", evidence={"valid_to": "2025-06-30"},
                    source="太原 二(二)"),
            Finding("roster_invalid_row", material="staff_roster", file="名册.xlsx", row=4, field="id_number",
                    found=ID_NUMBER, evidence={"name": "张三", "issue_zh": f"身份证号码{ID_NUMBER}校验失败",
                                               "issue_en": f"ID number {ID_NUMBER} fails its check digit"},
                    source="威海 附件3"),
            Finding("missing_material", material="fund_forecast", evidence={"item_title": "预测性分析报告"},
                    source="太原 二(七)"),
            Finding("missing_seal", material="practice_license", file="执业许可证.pdf", page=1,
                    waived={"by": "王科员", "reason": "原件已核验", "at": "2026-11-23T09:30:00+00:00"}),
            Finding("unclassified_file", file="<script>alert(1)</script>.pdf"),
        ]
    values = dict(
        package=package, city="taiyuan", kind="clinic", scheme=None, procedure="application",
        as_of=date(2026, 11, 23),
        materials=[
            MaterialResult("practice_license", "医疗机构执业许可证", "invalid", ["执业许可证.pdf"], "太原 二(二)", 1, 1),
            MaterialResult("staff_roster", "从业人员名册", "present", ["名册.xlsx"], "太原 二(三)", 1, 1),
            MaterialResult("fund_forecast", "预测性分析报告", "missing", [], "太原 二(七)", 1, 0),
        ],
        findings=findings, documents=documents, tool_version="0.1.0", checklist_version="taiyuan-2024.1",
        options={"city": "taiyuan", "kind": "clinic", "as_of": "2026-11-23"},
        inputs=[{"file": "执业许可证.pdf", "sha256": "ab" * 32, "size": 1234},
                {"file": "名册.xlsx", "sha256": "cd" * 32, "size": 999}],
        facts={"institution_name": "太原市某某诊所", "uscc": "91140100MA0XXXXX1X"},
    )
    values.update(changes)
    return Report(**values)


class VisibleText(HTMLParser):
    """The text a person sees: everything in <body> outside <style>/<script>."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("style", "script", "head", "title")

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "script", "head", "title")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)

    @classmethod
    def of(cls, html: str) -> str:
        parser = cls()
        parser.feed(html)
        return re.sub(r"\s+", " ", "".join(parser.parts))


def test_verdict_first_then_materials_and_findings():
    html = render_html(make_report())
    text = VisibleText.of(html)
    assert text.index("材料不全或有误，需一次性补正") < text.index("材料清单") < text.index("问题明细")
    assert "错误 3" in text and "警告 1" in text and "已豁免 1" in text
    assert "依据：太原 二(七)" in text
    assert "太原市某某诊所" in text


def test_findings_grouped_under_their_material():
    text = VisibleText.of(render_html(make_report()))
    assert text.index("医疗机构执业许可证", text.index("问题明细")) < text.index("太原 二(二)", text.index("问题明细"))
    assert text.index("预测性分析报告", text.index("问题明细")) < text.index("其他问题")


def test_self_contained_and_escaped():
    html = render_html(make_report())
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;.pdf" in html
    assert not re.search(r"""(src|href)=["'](?!data:|#)""", html)
    assert "<link" not in html and "@import" not in html and "url(" not in html
    assert '<meta name="viewport"' in html


def test_thumbnail_of_rendered_page_only():
    html = render_html(make_report())
    assert html.count("data:image/jpeg;base64,") == 2  # license pages 2 and 1; none for the .xlsx roster
    assert 'alt="执业许可证.pdf 第2页缩略图"' in html


def test_personal_data_masked_unless_asked():
    assert ID_NUMBER not in render_html(make_report())
    assert ID_NUMBER in render_html(make_report(), show_personal_data=True)


def test_waived_finding_marked_with_who_and_why():
    text = VisibleText.of(render_html(make_report()))
    assert "已豁免：原件已核验 — 豁免人 王科员" in text


def test_english():
    html = render_html(make_report(), lang="en")
    text = VisibleText.of(html)
    assert '<html lang="en">' in html
    assert "Verdict" in text and "Findings" in text and "Provenance" in text


def test_complete_package_says_so():
    text = VisibleText.of(render_html(make_report(findings=[])))
    assert "材料齐全，符合受理条件" in text and "未发现问题。" in text


def test_provenance_lists_versions_and_hashes():
    text = VisibleText.of(render_html(make_report()))
    assert "dingdian 0.1.0" in text and "taiyuan-2024.1" in text and "ab" * 32 in text


def test_writes_a_file(tmp_path: Path):
    out = tmp_path / "report.html"
    out.write_text(render_html(make_report()), encoding="utf-8")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_materials_table_counts_problems_and_links_to_them():
    html = render_html(make_report())
    row = html[html.index(">医疗机构执业许可证</td>"):]
    row = row[:row.index("</tr>")]
    assert '<a href="#m-practice_license"><span class="c-error">错误 1</span></a>' in row  # the waived warning not counted
    assert 'id="m-practice_license"' in html
    staff = html[html.index(">从业人员名册</td>"):]
    assert "错误 1" in staff[:staff.index("</tr>")]


def test_every_staff_role_is_named_in_both_languages_in_the_text_report():
    from validator.report.render.text import render_text
    from validator.extract.staff_roles import role_ids

    report = make_report()
    report.facts["roster_counts"] = {**{role: 1 for role in role_ids()}, "total": 4}
    zh = next(line for line in render_text(report, "zh").splitlines() if line.startswith("从业人员"))
    en = next(line for line in render_text(report, "en").splitlines() if line.startswith("Staff"))
    assert not any(role in zh for role in role_ids()) and "医保管理人员 1" in zh
    assert "insurance_staff" not in en and "insurance staff 1" in en
