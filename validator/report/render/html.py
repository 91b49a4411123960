"""The report as one self-contained HTML page: verdict first, findings by material, page thumbnails.

No external assets (inline CSS, images as data: URIs), so it opens offline, from an
e-mail or a USB stick, and on a phone (responsive).  Every value is HTML-escaped;
personal data is masked unless asked for (the data comes from ``Report.to_dict``).
"""
from __future__ import annotations

import zlib
from html import escape
from typing import Any

from validator.report.render.html_style import CSS as _CSS
from validator.report.render.outline import WORDS as OUTLINE, inferred, is_ground, next_steps, option_rows
from validator.report.render.signature_badges import CSS as SIGNATURE_CSS, signature_badges
from validator.report.render.thumbnails import Thumbnails
from validator.report.model import Report
from validator.vocabulary import title

# Words of the page: key -> (Chinese, English).
_WORDS = {
    "title": ("医保定点申报材料审核报告", "Designation package check report"),
    "verdict": ("审核结论", "Verdict"),
    "package": ("申报材料", "Package"),
    "city": ("统筹地区", "City"),
    "kind": ("机构类型", "Kind"),
    "scheme": ("定点类别", "Scheme"),
    "procedure": ("事项", "Procedure"),
    "as_of": ("审核日期", "As of"),
    "errors": ("错误", "Errors"),
    "warnings": ("警告", "Warnings"),
    "info": ("提示", "Notes"),
    "waived": ("已豁免", "Waived"),
    "materials": ("材料清单", "Materials"),
    "status": ("状态", "Status"),
    "material": ("材料", "Material"),
    "files": ("文件", "Files"),
    "copies": ("份数", "Copies"),
    "copies_of": ("交{found}/需{required}", "{found} of {required}"),
    "problems": ("问题", "Problems"),
    "findings": ("问题明细", "Findings"),
    "other": ("其他问题", "Other findings"),
    "source": ("依据", "Source"),
    "no_findings": ("未发现问题。", "No findings."),
    "page": ("第{}页", "page {}"),
    "row": ("第{}行", "row {}"),
    "by": ("豁免人", "waived by"),
    "provenance": ("审核依据与可追溯信息", "Provenance"),
    "tool": ("工具版本", "Tool version"),
    "checklist": ("清单版本", "Checklist version"),
    "options": ("审核选项", "Options"),
    "inputs": ("输入文件", "Input files"),
    "size": ("大小（字节）", "Size (bytes)"),
    "institution": ("机构名称", "Institution"),
    "thumb": ("{file} {page}缩略图", "{file} {page} thumbnail"),
    "evidence": ("{file} {page}：值所在位置（点击放大）", "{file} {page}: where the value is (click to enlarge)"),
    "close": ("关闭", "close"),
}
_STATUS = {"present": ("已提交", "present"), "missing": ("缺少", "missing"), "invalid": ("有误", "invalid"),
           "unverified": ("待核验", "unverified"), "not_applicable": ("不适用", "n/a")}
_SEVERITY = {"error": ("错误", "Error"), "warning": ("警告", "Warning"), "info": ("提示", "Note")}
_MARK = {"present": "✓", "missing": "✗", "invalid": "!", "unverified": "?", "not_applicable": "–"}


def _in(lang: str, pair: tuple[str, str]) -> str:
    return pair[0] if lang == "zh" else pair[1]


def _e(value: Any) -> str:
    """A value as HTML text (escaped, quotes too; None as nothing): every value the report shows."""
    return escape("" if value is None else str(value), quote=True)


def render_html(report: Report, lang: str = "zh", show_personal_data: bool = False, audience: str = "clerk") -> str:
    words = {key: _in(lang, pair) for key, pair in _WORDS.items()}
    data = report.to_dict(lang=lang, show_personal_data=show_personal_data, audience=audience)
    thumbs = Thumbnails(report.documents, blur_personal=not show_personal_data)
    body = [
        f"<h1>{_e(words['title'])}</h1>",
        _verdict(report, data, words),
        _next(report, lang),
        _meta(report, data, words, lang),
        *_findings(report, data, words, lang, thumbs),
        signature_badges(data),
        _provenance(report, data, words, lang),
    ]
    return (f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_e(data['verdict_title'])} · {_e(data['package'])}</title>\n<style>{_CSS}{SIGNATURE_CSS}</style>\n</head>\n"
            "<body>\n<main>\n" + "\n".join(body) + "\n</main>\n</body>\n</html>\n")


def _verdict(report: Report, data: dict[str, Any], words: dict[str, str]) -> str:
    summary = data["summary"]
    waived = sum(1 for finding in data["findings"] if finding.get("waived"))
    counts = [f"<span>{_e(words[key])} <b>{summary[key]}</b></span>" for key in ("errors", "warnings", "info")]
    if waived:
        counts.append(f"<span>{_e(words['waived'])} <b>{waived}</b></span>")
    return (f'<section class="verdict v-{_e(report.verdict)}" id="verdict"><p class="label">{_e(words["verdict"])}</p>'
            f'<p class="text">{_e(data["verdict_title"])}</p></section>\n'
            f'<div class="counts">{"".join(counts)}</div>')


def _next(report: Report, lang: str) -> str:
    outline = OUTLINE[lang]
    steps = "".join(f"<p>{_e(step)}</p>" for step in next_steps(report, lang))
    legend = f'<p class="legend">{_e(outline["legend"])}: {_e(outline["tags"])}</p>'
    return f'<section class="next" id="next"><p><b>{_e(outline["next"])}</b></p>{steps}</section>{legend}'


def _meta(report: Report, data: dict[str, Any], words: dict[str, str], lang: str) -> str:
    rows = [(words["package"], data["package"])]
    if data["facts"].get("institution_name"):
        rows.append((words["institution"], data["facts"]["institution_name"]))
    rows += [(words["city"], title("cities", report.city, lang)),
             (words["kind"], title("institution_kinds", report.kind, lang))]
    if report.scheme:
        rows.append((words["scheme"], title("schemes", report.scheme, lang)))
    rows += [(words["procedure"], title("procedures", report.procedure, lang)), (words["as_of"], data["as_of"])]
    notes = "".join(f'<p class="inferred">{_e(line)}</p>' for line in inferred(report, lang))
    return _dl(rows) + notes


def _dl(rows: list[tuple[str, Any]]) -> str:
    return '<dl class="meta">' + "".join(f"<dt>{_e(key)}</dt><dd>{_e(value)}</dd>" for key, value in rows) + "</dl>"


def _materials(data: dict[str, Any], words: dict[str, str], lang: str) -> str:
    """One row per checklist item; the problems column links to the item's findings below."""
    counts: dict[str, dict[str, int]] = {}
    for finding in data["findings"]:
        if finding["material"] and not finding.get("waived"):
            per = counts.setdefault(finding["material"], {})
            per[finding["severity"]] = per.get(finding["severity"], 0) + 1
    rows = []
    for material in data["materials"]:
        status = material["status"]
        files = "<br>".join(_e(name) for name in material["files"])
        found = counts.get(material["id"], {})
        problems = " · ".join(f'<span class="c-{severity}">{_e(_in(lang, _SEVERITY[severity]))} {found[severity]}</span>'
                              for severity in _SEVERITY if found.get(severity))
        link = f'<a href="#m-{_e(material["id"])}">{problems}</a>' if problems else "–"
        cells = [(words["status"], f'nowrap s-{_e(status)}',
                  f'{_MARK.get(status, "")} {_e(_in(lang, _STATUS.get(status, (status, status))))}'),
                 (words["material"], "", _e(material["title"])), (words["files"], "", files),
                 (words["copies"], "nowrap", _e(words["copies_of"].format(found=material["copies_found"],
                                                                        required=material["copies_required"]))),
                 (words["problems"], "nowrap", link)]
        rows.append("<tr>" + "".join(f'<td class="{css}" data-label="{_e(label)}">{content}</td>'
                                     for label, css, content in cells) + "</tr>")
    head = "".join(f"<th>{_e(words[key])}</th>" for key in ("status", "material", "files", "copies", "problems"))
    return (f"<h2>{_e(words['materials'])}</h2>\n<div class=\"scroll\"><table class=\"materials\"><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>")


def _findings(report: Report, data: dict[str, Any], words: dict[str, str], lang: str,
              thumbs: Thumbnails) -> list[str]:
    """Refusal grounds (before the materials: supplementing cannot cure them), the materials table,
    then the other findings by material."""
    # Findings and their masked dicts in the same order: thumbnails need the real file names.
    pairs = list(zip(report.findings, data["findings"]))
    if not pairs:
        return [_materials(data, words, lang), f"<h2>{_e(words['findings'])}</h2>\n<p>{_e(words['no_findings'])}</p>"]
    titles = {material["id"]: material["title"] for material in data["materials"]}
    groups: dict[str | None, list[str]] = {}
    grounds = []
    for finding, shown in pairs:
        card = _finding(finding, shown, words, lang, thumbs)
        if is_ground(shown):  # said apart: supplementing cannot cure a refusal
            grounds.append(card)
            continue
        key = finding.material if finding.material in titles else None
        groups.setdefault(key, []).append(card)
    parts = []
    if grounds:
        parts.append(f'<section class="grounds" id="grounds"><h2>{_e(OUTLINE[lang]["grounds"])}</h2>\n'
                     + "\n".join(grounds) + "</section>")
    parts += [_materials(data, words, lang), f"<h2>{_e(words['findings'])}</h2>"]
    for material in [*titles, None]:
        if material in groups:
            heading = titles[material] if material else words["other"]
            anchor = f' id="m-{_e(material)}"' if material else ""
            parts.append(f"<section{anchor}><h3>{_e(heading)}</h3>\n" + "\n".join(groups[material]) + "</section>")
    return parts


def _finding(finding: Any, shown: dict[str, Any], words: dict[str, str], lang: str, thumbs: Thumbnails) -> str:
    severity = shown["severity"]
    waived = shown.get("waived")
    place = [shown["file"]] if shown["file"] else []
    if shown.get("page"):
        place.append(words["page"].format(shown["page"]))
    if shown.get("row"):
        place.append(words["row"].format(shown["row"]))
    lines = [f'<p class="msg"><span class="badge {_e(severity)}">{_e(_in(lang, _SEVERITY[severity]))}</span>'
             + (f'<span class="badge ground">{_e(OUTLINE[lang]["grounds"])}</span>' if is_ground(shown) else "")
             + (f'<span class="badge waived">{_e(words["waived"])}</span>' if waived else "")
             + f"{_e(shown['message'])} <span class=\"code\" title=\"{_e(OUTLINE[lang]['code'])}\">"
             + f"{_e(shown['code'])}</span></p>"]
    colon = _in(lang, ("：", ": "))
    if place:
        lines.append(f'<p class="place">{_e(" · ".join(place))}</p>')
    if shown["source"]:
        lines.append(f'<p class="source">{_e(words["source"])}{colon}{_e(shown["source"])}</p>')
    if waived:
        lines.append(f'<p class="waiver">{_e(words["waived"])}{colon}{_e(waived.get("reason"))} — '
                     f'{_e(words["by"])} {_e(waived.get("by"))}, {_e(waived.get("at"))}</p>')
    image = _evidence(finding, shown, words, thumbs)
    classes = f"finding {_e(severity)}" + (" waived" if waived else "")
    return f'<article class="{classes}"><div>{"".join(lines)}</div>{image}</article>'


def _evidence(finding: Any, shown: dict[str, Any], words: dict[str, str], thumbs: Thumbnails) -> str:
    """The crop around the value, highlighted, opening the whole page (CSS :target, no script);
    else the page thumbnail; else nothing."""
    page_label = words["page"].format(finding.page or 1)
    field = _field_texts(finding, thumbs)
    found = thumbs.evidence(finding.file, finding.page, field) if field else None
    if found:
        crop, whole = found
        key = (finding.code, finding.file, finding.page, finding.field, shown["message"])
        anchor = f"z{zlib.crc32(repr(key).encode()):08x}"
        alt = _e(words["evidence"].format(file=shown["file"] or "", page=page_label))
        # Closing returns to the crop (its own anchor), not to the top of the page.
        return (f'<a class="zoom" id="{anchor}-at" href="#{anchor}" title="{alt}">'
                f'<img src="{crop}" alt="{alt}" loading="lazy"></a>'
                f'<a class="lightbox" id="{anchor}" href="#{anchor}-at"><img src="{whole}" alt="{alt}">'
                f'<span>{_e(words["close"])} ✕</span></a>')
    uri = thumbs.uri(finding.file, finding.page)
    if not uri:
        return ""
    alt = words["thumb"].format(file=shown["file"] or "", page=page_label)
    return f'<img class="thumb" src="{uri}" alt="{_e(alt)}" loading="lazy">'


def _field_texts(finding: Any, thumbs: Thumbnails) -> list[str]:
    """What to look for on the page: the field's own source line and value, else the value found."""
    texts = []
    for document in thumbs.documents_of(finding.file):
        field = document.fields.get(finding.field or "")
        if field is not None and (finding.page is None or field.page in (None, finding.page)):
            texts += [field.source_text, str(field.value)]
    if finding.found not in (None, ""):
        texts.append(str(finding.found))
    return [text for text in texts if text]


def _provenance(report: Report, data: dict[str, Any], words: dict[str, str], lang: str) -> str:
    options = {key: value for key, value in data["options"].items() if value not in (None, "", ())}
    shown = option_rows(options, lang)
    inputs = "".join(f"<tr><td>{_e(item.get('file'))}</td><td>{_e(item.get('size'))}</td>"
                     f"<td><code>{_e(item.get('sha256'))}</code></td></tr>" for item in data["inputs"])
    return (f"<h2>{_e(words['provenance'])}</h2>\n"
            + _dl([(words["tool"], f"dingdian {data['tool']['version']}"),
                   (words["checklist"], data["checklist_version"])])
            + f"<details><summary>{_e(words['options'])}</summary>"
            + _dl(shown) + "</details>"
            + f"<details><summary>{_e(words['inputs'])} ({len(data['inputs'])})</summary><div class=\"scroll\">"
            + f"<table><thead><tr><th>{_e(words['files'])}</th><th>{_e(words['size'])}</th><th>SHA-256</th></tr>"
            + f"</thead><tbody>{inputs}</tbody></table></div></details>"
            + f"<footer>dingdian {_e(data['tool']['version'])} · {_e(data['checklist_version'])}</footer>")
