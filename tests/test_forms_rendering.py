"""generators.rendering: strict variables, escaped user values, atomic writes (.docx and .xlsx)."""
from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest

from generators.rendering import Image, render, template_variables
from validator.errors import OutputError, TemplateError


@pytest.fixture
def docx_template(tmp_path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("名称：{{ name }}")
    table = document.add_table(rows=3, cols=1)
    table.cell(0, 0).text = "{%tr for s in staff %}"
    table.cell(1, 0).text = "{{ s.name }}"
    table.cell(2, 0).text = "{%tr endfor %}"
    document.add_paragraph("{{ picture }}")
    path = tmp_path / "template.docx"
    document.save(str(path))
    return path


@pytest.fixture
def xlsx_template(tmp_path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"], sheet["A2"], sheet["B2"], sheet["A3"] = "{{ title }}", "{{ row.seq }}", "{{ row.name }}", "完"
    path = tmp_path / "template.xlsx"
    workbook.save(str(path))
    return path


def _png() -> Image:
    import io

    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (20, 10), "blue").save(buffer, format="PNG")
    return Image(buffer.getvalue(), width_mm=20)


def _text(path: Path) -> list[str]:
    document = docx.Document(str(path))
    return [p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells]


def test_variables_of_docx_and_xlsx(docx_template, xlsx_template):
    assert template_variables(docx_template) == {"name", "staff", "picture"}
    assert template_variables(xlsx_template) == {"title", "rows"}


@pytest.mark.usefixtures("english")
def test_missing_variable_is_named_before_rendering(docx_template, tmp_path):
    with pytest.raises(TemplateError, match="not provided: picture, staff"):
        render(docx_template, {"name": "x"}, tmp_path / "out.docx")
    assert list(tmp_path.iterdir()) == [docx_template]


def test_missing_attribute_fails_strictly_and_leaves_no_file(docx_template, tmp_path):
    out = tmp_path / "out.docx"
    with pytest.raises(TemplateError, match="has no attribute 'name'"):
        render(docx_template, {"name": "x", "staff": [{}], "picture": ""}, out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["template.docx"]


def test_failed_render_keeps_the_previous_output(docx_template, tmp_path):
    out = tmp_path / "out.docx"
    out.write_bytes(b"previous")
    with pytest.raises(TemplateError):
        render(docx_template, {"name": "x", "staff": [{}], "picture": ""}, out)
    assert out.read_bytes() == b"previous"


@pytest.mark.parametrize("value", ["{{ 7*7 }}", "<w:p>注入</w:p>", "{% for x in y %}", "A & B \"引号\" 'x'"])
def test_user_values_come_out_literally(docx_template, tmp_path, value):
    out = render(docx_template, {"name": value, "staff": [{"name": value}], "picture": _png()},
                 tmp_path / "out.docx")
    text = _text(out)
    assert f"名称：{value}" in text and value in text
    assert len(docx.Document(str(out)).inline_shapes) == 1


def test_control_characters_are_dropped_and_none_is_blank(docx_template, tmp_path):
    out = render(docx_template, {"name": "a\x07b\x0cc\x00", "staff": [{"name": None}], "picture": ""},
                 tmp_path / "out.docx")
    assert "名称：abc" in _text(out) and "None" not in " ".join(_text(out))


def test_xlsx_rows_repeat_and_values_never_become_formulas(xlsx_template, tmp_path):
    rows = [{"seq": 1, "name": "=HYPERLINK(\"http://x\")"}, {"seq": 2, "name": "{{ 7*7 }}"}]
    out = render(xlsx_template, {"title": "=1+1", "rows": rows}, tmp_path / "out.xlsx")
    sheet = openpyxl.load_workbook(out).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values == [["=1+1", None], ["1", "=HYPERLINK(\"http://x\")"], ["2", "{{ 7*7 }}"], ["完", None]]
    assert all(cell.data_type == "s" for row in sheet.iter_rows() for cell in row if cell.value)


def test_xlsx_with_no_rows_drops_the_template_row(xlsx_template, tmp_path):
    out = render(xlsx_template, {"title": "T", "rows": []}, tmp_path / "out.xlsx")
    assert [list(r) for r in openpyxl.load_workbook(out).active.iter_rows(values_only=True)] == [["T"], ["完"]]


@pytest.mark.usefixtures("english")
def test_xlsx_missing_variable(xlsx_template, tmp_path):
    with pytest.raises(TemplateError, match="not provided: rows"):
        render(xlsx_template, {"title": "T"}, tmp_path / "out.xlsx")


@pytest.mark.usefixtures("english")
def test_unwritable_output_is_an_output_error(docx_template, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="cannot write"):
        render(docx_template, {"name": "x", "staff": [], "picture": ""}, blocker / "out.docx")


@pytest.mark.usefixtures("english")
def test_broken_template_is_a_template_error(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(TemplateError, match="not a valid .docx"):
        render(bad, {}, tmp_path / "out.docx")
    with pytest.raises(TemplateError, match="unsupported template type"):
        render(tmp_path / "x.odt", {}, tmp_path / "out.odt")


def test_output_has_ordinary_permissions(docx_template, tmp_path):
    import os

    out = render(docx_template, {"name": "x", "staff": [], "picture": ""}, tmp_path / "out.docx")
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask
