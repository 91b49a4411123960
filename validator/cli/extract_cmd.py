"""``dingdian extract FILE``: the document type(s) in one file and their key fields; with ``--text``
also the text dingdian read, page by page, with the reader of each page (text layer, OCR,
LibreOffice …), so that a clerk or a developer sees why a field was or was not found."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from validator.cli.options import lang_option, no_ocr_option, personal_data_option
from validator.report.messages import join


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--explain", is_flag=True)
@click.option("--text", "show_text", is_flag=True)
@no_ocr_option
@lang_option
@personal_data_option
def extract(file: Path, output_format: str, explain: bool, show_text: bool, no_ocr: bool, lang: str,
            show_personal_data: bool) -> None:
    from validator.extract import extract_file
    from validator.report.messages import message

    documents, findings = extract_file(file, ocr=not no_ocr)
    result: dict[str, Any] = {
        "file": str(file),
        "documents": [_document(doc, explain) for doc in documents],
        "findings": [{"code": f.code, "severity": f.severity, "page": f.page, "message": message(f, lang)}
                     for f in findings],
    }
    if explain:  # the file's electronic signatures and seals
        from validator.cli.signature_explain import explained_signatures
        result.update(explained_signatures(file, lang))
    if show_text and documents:
        result["pages"] = pages_read(documents[0].read, lang)
    if not show_personal_data:
        from validator.privacy import mask_value
        result = mask_value(result)
    if output_format == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(result, lang), nl=False)


def pages_read(read: Any, lang: str) -> list[dict[str, Any]]:
    """Every page as read: its number, its reader (an id and its title in ``lang``), the mean OCR
    confidence of an OCR'd page, and its text."""
    from validator.catalogue import t

    pages = []
    for page in read.pages:
        reader = page.source if page.source in ("ocr", "none") else read.reader
        entry = {"page": page.number, "reader": reader, "reader_title": t(f"reader_{reader}", language=lang),
                 "text": page.text}
        if page.source == "ocr":
            entry["confidence"] = round(page.confidence, 3)
        pages.append(entry)
    return pages


def _document(document: Any, explain: bool) -> dict[str, Any]:
    from validator.extract.templates import template

    data: dict[str, Any] = {
        "document_type": document.document_type, "pages": list(document.pages),
        "classified_by": document.classified_by, "is_scan": document.is_scan,
        "fields": {name: field.to_dict() for name, field in document.fields.items()},
        "extra": document.extra.to_dict(),
    }
    if explain:
        found = template(document.document_type)
        expected = [spec.name for spec in found.fields] if found else []
        data["missing"] = [name for name in expected if name not in document.fields]
        data["expected"] = expected
    return data


def type_title(type_id: str, lang: str) -> str:
    """Every type of document_types.yaml is in the vocabulary (checked as it loads): its title."""
    from validator.vocabulary import title

    return title("document_types", type_id, lang)


def _field_title(name: str, lang: str) -> str:
    from validator.vocabulary import title, vocabulary

    # The vocabulary lists label variants ("机构名称 / 名称 / 企业名称"): show the first.
    return title("fields", name, lang).split(" / ")[0] if name in vocabulary()["fields"] else name


def render_text(result: dict[str, Any], lang: str) -> str:
    zh = lang == "zh"
    lines = [f"{'文件' if zh else 'File'}: {result['file']}"]
    for number, doc in enumerate(result["documents"], start=1):
        pages = ",".join(str(p) for p in doc["pages"])
        how = {"content": "内容", "name": "文件名"}[doc["classified_by"]] if zh else doc["classified_by"]
        lines.append(f"[{number}] {type_title(doc['document_type'], lang)} ({doc['document_type']})  "
                     f"{'页' if zh else 'pages'} {pages}  {'识别依据' if zh else 'by'}: {how}")
        names = doc.get("expected") or list(doc["fields"])
        for name in [*names, *(n for n in doc["fields"] if n not in names)]:
            lines.append(_field_line(name, doc["fields"].get(name), lang))
        lines.extend(_extra_lines(doc["extra"], zh))
    lines.extend(f"! {finding['code']}: {finding['message']}" for finding in result["findings"])
    from validator.cli.signature_explain import signature_lines
    lines.extend(signature_lines(result))
    lines.extend(_page_lines(result.get("pages", []), lang))
    return "\n".join(lines) + "\n"


def _page_lines(pages: list[dict[str, Any]], lang: str) -> list[str]:
    from validator.catalogue import t

    lines = []
    for page in pages:
        confidence = t("read_confidence", language=lang, value=f"{page['confidence']:.2f}") if "confidence" in page else ""
        lines.append(t("read_page", language=lang, page=page["page"], reader=page["reader_title"]) + confidence)
        lines.append(page["text"] if page["text"].strip() else t("read_no_text", language=lang))
    return lines


def _field_line(name: str, field: dict[str, Any] | None, lang: str) -> str:
    label = f"  {_field_title(name, lang)} [{name}]"
    if field is None:
        return f"{label}: {'缺少' if lang == 'zh' else 'MISSING'}"
    value = join(field["value"], lang) if isinstance(field["value"], list) else field["value"]
    where = f"p{field['page']}" if field.get("page") else ""
    zh = lang == "zh"
    corrected = (f"  ({'原文为' if zh else 'corrected from'} {field['corrected_from']})"
                 if field.get("corrected_from") else "")
    return (f"{label}: {value}    [{where} {'置信度' if zh else 'conf'} {field['confidence']:.2f}] "
            f"«{field['source_text']}»{corrected}")


def _extra_lines(extra: dict[str, Any], zh: bool) -> list[str]:
    lines = []
    if "roster" in extra:
        lines.append(f"  {'名册栏目' if zh else 'roster columns'}: {', '.join(extra.get('roster_columns') or [])}"
                     f"; {'人数' if zh else 'rows'}: {len(extra['roster'])}")
        lines.extend(f"    {row.get('row')}: " + " | ".join(str(row.get(k) or "") for k in
                                                       ("seq", "name", "id_number", "position", "title", "education", "phone"))
                     for row in extra["roster"])
    if extra.get("scores"):
        lines.append(f"  {'评分' if zh else 'scores'}: " + ", ".join(f"{k}={v:g}" for k, v in extra["scores"].items()))
    if extra.get("headings"):
        lines.append(f"  {'章节' if zh else 'headings'}: " + " / ".join(extra["headings"]))
    return lines
