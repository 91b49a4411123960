"""Build the two notice templates of forms/notices/ with python-docx, so they are reproducible.

    python -m generators.build_notice_templates [OUTDIR]     # default: forms/notices/ of the checkout

* ``notice_correction.docx`` — 一次性告知书: everything to supplement, once (weihai 四(二);
  harbin 七(三); yangzhou 三(一)2), or the reasons for non-acceptance (yangzhou 三(一)3).
* ``notice_acceptance.docx`` — 受理通知书 (yangzhou 三(一)2: "issue an acceptance certificate").

All wording comes from forms/notices/notice_text.yaml through the context (generators/notice.py),
so the templates hold layout only and serve both languages. Variables: see forms/notices/README.md.
"""
from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

CORRECTION = "notice_correction.docx"
ACCEPTANCE = "notice_acceptance.docx"
BODY_FONT = "仿宋"  # official documents: 仿宋 body, 宋体 titles (GB/T 9704)
TITLE_FONT = "宋体"


def _font(run_or_style, name: str, size: float, bold: bool = False) -> None:
    run_or_style.font.name = name
    run_or_style.font.size = Pt(size)
    run_or_style.font.bold = bold
    fonts = run_or_style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def _paragraph(document, text: str, align=None, size: float = 14, bold: bool = False,
               indent: bool = False, font: str = BODY_FONT):
    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    _font(paragraph.add_run(text), font, size, bold)
    return paragraph


def _heading_block(document) -> None:
    _paragraph(document, "{{ agency }}", WD_ALIGN_PARAGRAPH.CENTER, 16, True, font=TITLE_FONT)
    _paragraph(document, "{{ title }}", WD_ALIGN_PARAGRAPH.CENTER, 18, True, font=TITLE_FONT)
    _paragraph(document, "{{ document_number }}", WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(document, "{{ salutation }}")
    _paragraph(document, "{%p if uscc_line %}")
    _paragraph(document, "{{ uscc_line }}")
    _paragraph(document, "{%p endif %}")
    _paragraph(document, "{{ intro }}", indent=True)


def _table(document, columns: dict[str, float], cells: list[str], loop: str) -> None:
    """A header row of labels, then one row repeated by docxtpl's ``{%tr for ... %}``;
    ``columns`` maps each label key to its width in mm (the text block is 156 mm wide)."""
    table = document.add_table(rows=4, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, columns.values()):
        column.width = Mm(width)  # the grid LibreOffice reads
    for row in table.rows:  # the cell widths Word reads
        for cell, width in zip(row.cells, columns.values()):
            cell.width = Mm(width)
    rows = [[f"{{{{ labels.{column} }}}}" for column in columns],
            [f"{{%tr for item in {loop} %}}"] + [""] * (len(columns) - 1),
            cells,
            ["{%tr endfor %}"] + [""] * (len(columns) - 1)]
    for number, (row, texts) in enumerate(zip(table.rows, rows)):
        for cell, text in zip(row.cells, texts):
            # one paragraph per line: a docxtpl ``{%p %}`` tag needs a paragraph of its own
            for index, line in enumerate(text.split("\n")):
                paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
                _font(paragraph.add_run(line), BODY_FONT, 12, bold=number == 0)


def _problem_cell() -> str:
    # several problems of one material, one paragraph each, inside the cell
    return "{%p for problem in item.problems %}\n{{ problem }}\n{%p endfor %}"


def _closing_block(document) -> None:
    _paragraph(document, "{{ closing }}", indent=True).paragraph_format.space_before = Pt(12)
    _paragraph(document, "{%p if estimate_note %}")
    _paragraph(document, "{{ estimate_note }}", indent=True, size=12)
    _paragraph(document, "{%p endif %}")
    _paragraph(document, "{{ basis }}", indent=True, size=12)
    _paragraph(document, "")
    _paragraph(document, "{{ seal }}", WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(document, "{{ date }}", WD_ALIGN_PARAGRAPH.RIGHT)


def _new_document():
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _font(document.styles["Normal"], BODY_FONT, 14)
    return document


def build_correction(out: Path) -> Path:
    document = _new_document()
    _heading_block(document)
    _paragraph(document, "{%p if reasons %}")
    _paragraph(document, "{{ reasons_heading }}", bold=True)
    _paragraph(document, "{%p for reason in reasons %}")
    _paragraph(document, "{{ reason.seq }}. {{ reason.text }}{% if reason.clause %}（{{ reason.clause }}）{% endif %}",
               indent=True)
    _paragraph(document, "{%p endfor %}")
    _paragraph(document, "{%p endif %}")
    _paragraph(document, "{%p if problems %}")
    _paragraph(document, "{{ problems_heading }}", bold=True)
    # no deadline column: the closing states the period once, counted from receipt (harbin 七(三))
    _table(document, {"col_seq": 14, "col_material": 36, "col_problem": 72, "col_clause": 34},
           ["{{ item.seq }}", "{{ item.material }}", _problem_cell(), "{{ item.clause }}"], "problems")
    _paragraph(document, "{%p endif %}")
    _closing_block(document)
    document.save(out)
    return out


def build_acceptance(out: Path) -> Path:
    document = _new_document()
    _heading_block(document)
    _paragraph(document, "{{ materials_heading }}", bold=True)
    _table(document, {"col_seq": 14, "col_material": 60, "col_files": 82},
           ["{{ item.seq }}", "{{ item.material }}", "{{ item.files }}"], "materials")
    _closing_block(document)
    document.save(out)
    return out


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else Path(__file__).resolve().parent.parent / "forms" / "notices"
    folder.mkdir(parents=True, exist_ok=True)
    for path in (build_correction(folder / CORRECTION), build_acceptance(folder / ACCEPTANCE)):
        print(path)


if __name__ == "__main__":
    main()
