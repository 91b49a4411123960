"""(Re)create every shipped template from its layout in forms/templates.yaml.

Run ``python -m generators.build_templates [FORMS_DIR]`` after editing the layouts and commit
the regenerated .docx/.xlsx files: the templates are reproducible, their text reviewable as
YAML, and a rebuild without layout changes gives byte-identical files (fixed timestamps), so
only real changes show in git.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Iterable

import yaml
from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

EAST_ASIAN_FONT = "宋体"  # what Chinese official forms are set in; LibreOffice substitutes a CJK font
FORMS_DIR = Path(__file__).resolve().parent.parent / "forms"
FIXED_DATE = (2025, 1, 1, 0, 0, 0)  # zip entry dates and document stamps of every template
FIXED_STAMP = "2025-01-01T00:00:00Z"


def build_all(forms_dir: Path = FORMS_DIR) -> list[Path]:
    """Write every template of forms/templates.yaml below ``forms_dir``; returns the paths."""
    layouts = yaml.safe_load((forms_dir / "templates.yaml").read_text(encoding="utf-8"))["templates"]
    written = []
    for relative, layout in layouts.items():
        target = forms_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.suffix == ".xlsx":
            build_xlsx(layout["xlsx"], target)
        else:
            build_docx(layout, target)
        _fix_timestamps(target)
        written.append(target)
    return written


# --- .docx -------------------------------------------------------------------------------

def build_docx(blocks: Iterable[dict[str, Any]], target: Path) -> None:
    document = Document()
    _base_style(document)
    noted = False
    for block in blocks:
        (kind, value), = block.items()
        BLOCKS[kind](document, value)
        if kind == "title" and not noted:
            _reference_note(document)
            noted = True
    document.save(str(target))


def _reference_note(document: Any) -> None:
    """The small 参考格式 line under the title; it renders empty for a form the seed prints."""
    _para(document, "{%p if reference_note %}")
    _paragraph(document, "{{ reference_note }}", WD_ALIGN_PARAGRAPH.CENTER, size=9)
    _para(document, "{%p endif %}")


def _base_style(document: Any) -> None:
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin = section.bottom_margin = Cm(2.0)
    for style_name in ("Normal", "Heading 1"):
        style = document.styles[style_name]
        style.font.name = EAST_ASIAN_FONT
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), EAST_ASIAN_FONT)
    document.styles["Normal"].font.size = Pt(11)
    heading = document.styles["Heading 1"]
    heading.font.size = Pt(14)
    heading.font.color.rgb = None


def _paragraph(document: Any, text: str, align: Any = None, bold: bool = False, size: float | None = None,
               style: str | None = None) -> Any:
    paragraph = document.add_paragraph(style=style)
    run = paragraph.add_run(text)
    run.bold = bold or None
    if size:
        run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _title(document: Any, text: str) -> None:
    _paragraph(document, text, WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=16)


def _subtitle(document: Any, text: str) -> None:
    _paragraph(document, text, bold=True)


def _center(document: Any, text: str) -> None:
    _paragraph(document, text, WD_ALIGN_PARAGRAPH.CENTER)


def _para(document: Any, text: str) -> None:
    _paragraph(document, text)


def _right(document: Any, text: str) -> None:
    _paragraph(document, text, WD_ALIGN_PARAGRAPH.RIGHT)


def _heading(document: Any, text: str) -> None:
    _paragraph(document, text, style="Heading 1")


def _kv(document: Any, rows: list[list[str]]) -> None:
    """Label/value rows of two or four cells; a two-cell row spans the value over three columns.
    Rows a person fills by hand (an empty value: 审核意见, 签字) are tall enough to write in."""
    table = _table(document, len(rows), 4)
    for row, cells in zip(table.rows, rows):
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        row.height = Cm(1.8 if any(text == "" for text in cells[1::2]) else 0.8)
        for cell in row.cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        if len(cells) == 2:
            row.cells[1].merge(row.cells[3])
        for index, text in enumerate(cells):
            cell = row.cells[index if len(cells) == 4 or index == 0 else 1]
            cell.text = str(text)
            if index % 2 == 0:
                cell.paragraphs[0].runs[0].bold = True
    _widths(table, [3.4, 5.1, 3.4, 5.1])
    _para(document, "")


def _loop_table(document: Any, spec: dict[str, Any]) -> None:
    header, cells = spec["header"], spec["cells"]
    table = _table(document, 4, len(header))
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    table.rows[1].cells[0].text = f"{{%tr for {spec['loop']} %}}"
    for cell, text in zip(table.rows[2].cells, cells):
        cell.text = text
    table.rows[3].cells[0].text = "{%tr endfor %}"
    _widths(table, spec.get("widths_cm") or [17.0 / len(header)] * len(header))
    _para(document, "")


def _table(document: Any, rows: int, columns: int) -> Any:
    table = document.add_table(rows=rows, cols=columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    return table


def _widths(table: Any, widths_cm: list[float]) -> None:
    """Fixed column widths: the grid (what LibreOffice reads) and every cell (what Word reads)."""
    table.autofit = False
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_cm):
        column.set(qn("w:w"), str(int(Cm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row._tr.tc_lst, widths_cm):
            cell.width = Cm(width)


def _blocks_loop(document: Any, spec: dict[str, str]) -> None:
    _para(document, f"{{%p for {spec['loop']} %}}")
    _heading(document, spec["heading"])
    _paras_loop(document, spec["paras"])
    _para(document, "{%p endfor %}")


def _paras_loop(document: Any, expression: str) -> None:
    _para(document, f"{{%p for text in {expression} %}}")
    _para(document, "{{ text }}")
    _para(document, "{%p endfor %}")


def _image(document: Any, variable: str) -> None:
    _center(document, f"{{{{ {variable} }}}}")


def _signature(document: Any, _: Any) -> None:
    _para(document, "")
    _right(document, "单位名称（盖章）：{{ institution_name }}")
    _right(document, "法定代表人（签字）：{{ legal_representative }}")
    _right(document, "{{ fill_date }}")


BLOCKS = {
    "title": _title, "subtitle": _subtitle, "center": _center, "para": _para, "right": _right,
    "heading": _heading, "kv": _kv, "table": _loop_table, "blocks_loop": _blocks_loop,
    "paras_loop": _paras_loop, "image": _image, "signature": _signature,
}


# --- .xlsx -------------------------------------------------------------------------------

def build_xlsx(spec: dict[str, Any], target: Path) -> None:
    """A roster sheet: 附件 line, title, header line, column names, then the repeated row."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "名册"
    columns = len(spec["columns"])
    last = get_column_letter(columns)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    sheet["A1"] = spec["attachment"]
    sheet["A2"] = spec["title"]
    sheet["A2"].font = Font(bold=True, size=16)
    sheet["A2"].alignment = Alignment(horizontal="center")
    sheet.merge_cells(f"A2:{last}2")
    sheet["A3"] = spec["header_line"]
    sheet.merge_cells(f"A3:{last}3")
    for index, (name, cell_text, width) in enumerate(zip(spec["columns"], spec["cells"], spec["widths"]), 1):
        header = sheet.cell(row=4, column=index, value=name)
        header.font = Font(bold=True)
        header.border = border
        header.alignment = Alignment(horizontal="center")
        body = sheet.cell(row=5, column=index, value=cell_text)
        body.border = border
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    workbook.save(str(target))


def _fix_timestamps(path: Path) -> None:
    """Rewrite the zip with fixed entry dates and fixed document created/modified stamps."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                              rb"\g<1>" + FIXED_STAMP.encode(), data)
            target.writestr(zipfile.ZipInfo(name, date_time=FIXED_DATE), data, zipfile.ZIP_DEFLATED)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    forms_dir = Path(argv[0]) if argv else FORMS_DIR
    for path in build_all(forms_dir):
        print(path.relative_to(forms_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
