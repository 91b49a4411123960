"""Strict, safe rendering of .docx and .xlsx templates (docs/CONVENTIONS.md item 8).

* Every variable a template uses must be in the context: checked before rendering
  (TemplateError naming the variable), and jinja2's ``StrictUndefined`` catches the rest
  (a missing attribute such as ``inst.nmae``) while rendering.
* User values are data, never template code: jinja2 does not re-evaluate what it outputs,
  so a profile value ``{{ 7*7 }}`` comes out literally; autoescaping turns ``<w:p>`` into
  text in .docx; a value starting with ``=`` stays a string in .xlsx (no formula injection).
* The template language runs sandboxed, and ``None`` renders as an empty string, not "None".
* Output goes to a temporary file in the output folder, renamed over the target when
  complete, so a failure never leaves a half-written official form.

Public API: ``render(template, context, out_path)`` (dispatch by suffix), ``render_docx``,
``render_xlsx``, ``template_variables``, ``Image`` (a picture to embed in a .docx) and
``atomic_write``.
"""
from __future__ import annotations

import io
import os
import re
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Union

import jinja2
from importlib.resources.abc import Traversable
from jinja2 import meta
from jinja2.sandbox import SandboxedEnvironment

from validator.errors import OutputError, TemplateError
from validator.catalogue import t
from validator.formula_guard import as_text

TemplateSource = Union[Path, Traversable]

# The loop variable of the one repeated row an .xlsx template may have (see _xlsx_layout):
# a row whose cells mention ``row`` is copied once per element of the context list ``rows``.
XLSX_ROW_VAR = "row"
XLSX_ROWS_VAR = "rows"
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class Image:
    """A picture for a .docx template: PNG/JPEG bytes and the width to print it at."""

    data: bytes
    width_mm: float = 150.0


def environment(autoescape: bool) -> SandboxedEnvironment:
    """The one jinja2 environment every template is rendered with."""
    return SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=autoescape,
                                finalize=lambda value: "" if value is None else value,
                                keep_trailing_newline=True)


def render(template: TemplateSource, context: Mapping[str, Any], out_path: Path) -> Path:
    """Render a .docx or .xlsx template (chosen by the template's suffix) to ``out_path``."""
    suffix = Path(template.name).suffix.lower()
    if suffix == ".docx":
        return render_docx(template, context, out_path)
    if suffix == ".xlsx":
        return render_xlsx(template, context, out_path)
    raise TemplateError(t("template_unsupported_type", name=template.name, suffix=repr(suffix)))


def template_variables(template: TemplateSource) -> set[str]:
    """The top-level variables a template uses (what its context must provide)."""
    return set(_variables(template.name, _read(template)))


@lru_cache(maxsize=64)
def _variables(name: str, data: bytes) -> frozenset[str]:
    """Parsing a template is most of the cost of filling it: cached by content."""
    suffix = Path(name).suffix.lower()
    if suffix == ".docx":
        return frozenset(_docx_variables(_docx_template(name, data), name))
    if suffix == ".xlsx":
        return frozenset(_xlsx_variables(_load_workbook(name, data), name))
    raise TemplateError(t("template_unsupported_type", name=name, suffix=repr(suffix)))


def render_docx(template: TemplateSource, context: Mapping[str, Any], out_path: Path) -> Path:
    """Render a docxtpl template strictly and write it atomically; returns ``out_path``."""
    env = environment(autoescape=True)
    data = _read(template)
    _require(template.name, _variables(template.name, data), context)
    document = _docx_template(template.name, data)
    values = _prepare(document, context)
    try:
        document.render(values, jinja_env=env, autoescape=True)
    except jinja2.TemplateError as error:
        raise TemplateError(t("template_problem", name=template.name, problem=_jinja_message(error))) from error
    return atomic_write(Path(out_path), document.save)


def render_xlsx(template: TemplateSource, context: Mapping[str, Any], out_path: Path) -> Path:
    """Render an openpyxl template strictly and write it atomically; returns ``out_path``.

    Cells may hold jinja expressions; one row may mention ``row`` (e.g. ``{{ row.name }}``),
    and is then repeated for every element of ``rows`` in the context.
    """
    data = _read(template)
    _require(template.name, _variables(template.name, data), context)
    workbook = _load_workbook(template.name, data)
    env = environment(autoescape=False)
    try:
        for sheet in workbook.worksheets:
            _render_sheet(sheet, env, context)
    except jinja2.TemplateError as error:
        raise TemplateError(t("template_problem", name=template.name, problem=_jinja_message(error))) from error
    return atomic_write(Path(out_path), workbook.save)


def atomic_write(out_path: Path, write: Callable[[str], Any]) -> Path:
    """Call ``write(temp_path)`` on a temporary file next to ``out_path``, then rename it."""
    out_path = Path(out_path)
    try:
        out_path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(dir=out_path.parent, prefix=f".{out_path.name}.",
                                             suffix=".part")
        os.close(handle)
    except OSError as error:
        raise OutputError(t("cannot_write", path=out_path, reason=error.strerror or error)) from error
    try:
        write(temp_name)
        os.chmod(temp_name, 0o666 & ~_umask())  # mkstemp makes 0600; a form is an ordinary file
        os.replace(temp_name, out_path)
    except OSError as error:
        raise OutputError(t("cannot_write", path=out_path, reason=error.strerror or error)) from error
    finally:
        if os.path.exists(temp_name):
            os.unlink(temp_name)
    return out_path


@lru_cache(maxsize=1)
def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


# --- .docx -------------------------------------------------------------------------------

def _read(template: TemplateSource) -> bytes:
    try:
        return template.read_bytes()
    except OSError as error:
        raise TemplateError(t("template_unreadable", name=template.name, reason=error.strerror or error)) from error


def _docx_template(name: str, data: bytes):
    from docxtpl import DocxTemplate

    try:
        document = DocxTemplate(io.BytesIO(data))
        document.init_docx()  # docxtpl opens lazily: open now, so a broken template fails here
        return document
    except Exception as error:  # noqa: BLE001 - python-docx raises many kinds on a bad zip
        raise TemplateError(t("template_not_valid", name=name, suffix=".docx", reason=error)) from error


def _docx_variables(document: Any, name: str) -> set[str]:
    try:
        return document.get_undeclared_template_variables(environment(autoescape=True))
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(t("template_problem", name=name, problem=_jinja_message(error))) from error


def _prepare(document: Any, value: Any) -> Any:
    """The context as the .docx gets it: each ``Image`` becomes an InlineImage bound to
    ``document``; control characters are dropped from text (invalid in XML, and docxtpl turns
    ``\\a`` and ``\\f`` into paragraph and page breaks); ``\\n`` stays a line break."""
    from docx.shared import Mm
    from docxtpl import InlineImage

    if isinstance(value, Image):
        return InlineImage(document, io.BytesIO(value.data), width=Mm(value.width_mm))
    if isinstance(value, str):
        return _CONTROL_CHARS.sub("", value)
    if isinstance(value, Mapping):
        return {key: _prepare(document, item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_prepare(document, item) for item in value]
    return value


# --- .xlsx -------------------------------------------------------------------------------

def _load_workbook(name: str, data: bytes):
    import openpyxl

    try:
        return openpyxl.load_workbook(io.BytesIO(data))
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds on a bad zip
        raise TemplateError(t("template_not_valid", name=name, suffix=".xlsx", reason=error)) from error


def _is_template_text(value: Any) -> bool:
    return isinstance(value, str) and ("{{" in value or "{%" in value)


def _xlsx_variables(workbook: Any, name: str) -> set[str]:
    env = environment(autoescape=False)
    found: set[str] = set()
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if _is_template_text(cell.value):
                    try:
                        found |= meta.find_undeclared_variables(env.parse(cell.value))
                    except jinja2.TemplateSyntaxError as error:
                        raise TemplateError(t("template_cell_problem", name=name, cell=f"{sheet.title}!{cell.coordinate}",
                                              problem=error.message)) from error
    if XLSX_ROW_VAR in found:
        found = (found - {XLSX_ROW_VAR}) | {XLSX_ROWS_VAR}
    return found


def _render_sheet(sheet: Any, env: SandboxedEnvironment, context: Mapping[str, Any]) -> None:
    repeat = _repeated_row(sheet)
    if repeat is not None:
        _expand_row(sheet, repeat, len(context[XLSX_ROWS_VAR]))
    compiled: dict[str, jinja2.Template] = {}  # a repeated row's cells share their text
    for row in sheet.iter_rows():
        for cell in row:
            if not _is_template_text(cell.value):
                continue
            local = dict(context)
            if repeat is not None and cell.row >= repeat and XLSX_ROW_VAR in cell.value:
                local[XLSX_ROW_VAR] = context[XLSX_ROWS_VAR][cell.row - repeat]
            if cell.value not in compiled:
                compiled[cell.value] = env.from_string(cell.value)
            _set_text(cell, compiled[cell.value].render(local))


def _repeated_row(sheet: Any) -> int | None:
    rows = {cell.row for row in sheet.iter_rows() for cell in row
            if _is_template_text(cell.value) and re.search(rf"\b{XLSX_ROW_VAR}\b", cell.value)}
    if len(rows) > 1:
        raise TemplateError(t("template_rows_repeat", sheet=sheet.title, rows=sorted(rows)))
    return rows.pop() if rows else None


def _expand_row(sheet: Any, row_number: int, count: int) -> None:
    """Make ``count`` copies of the template row (values and styles); 0 removes it."""
    from copy import copy

    if count == 0:
        sheet.delete_rows(row_number)
        return
    if count > 1:
        sheet.insert_rows(row_number + 1, count - 1)
    source = list(sheet[row_number])
    for offset in range(1, count):
        for cell in source:
            target = sheet.cell(row=row_number + offset, column=cell.column, value=cell.value)
            target._style = copy(cell._style)
        sheet.row_dimensions[row_number + offset].height = sheet.row_dimensions[row_number].height


def _set_text(cell: Any, text: str) -> None:
    """Store rendered text as a string cell: never a formula, never an illegal XML character."""
    cell.value = _CONTROL_CHARS.sub("", text)
    cell.data_type = "s"
    as_text(cell)  # and Excel's quote prefix on what looks like a formula (validator.formula_guard)


# --- shared ------------------------------------------------------------------------------

def _require(name: str, used: set[str], context: Mapping[str, Any]) -> None:
    missing = sorted(set(used) - set(context))
    if missing:
        raise TemplateError(t("template_variables_missing", name=name, missing=", ".join(missing)))


def _jinja_message(error: jinja2.TemplateError) -> str:
    message = getattr(error, "message", None) or str(error)
    return message.splitlines()[0] if message else type(error).__name__
