"""``dingdian checklist``: what a city asks for, with the policy clause behind each item."""
from __future__ import annotations

import json
import sys
from typing import Any

import click

from validator.checklists.model import Checklist, ChecklistItem
from validator.checklists.citation import readable
from validator.checklists.loader import item_state, list_cities, load_checklist
from validator.cli.choices import CITY, PROCEDURE
from validator.cli.deadline_cmd import limit_name
from validator.cli.options import kind_option, lang_option, scheme_option
from validator.domain.deadlines import DeadlineRule
from validator.catalogue import t
from validator.errors import UsageError
from validator.report.messages import join
from validator.vocabulary import title, vocabulary

_ORDER = [name for section in ("institution_kinds", "schemes", "procedures") for name in vocabulary()[section]]
_WORDS = {
    "zh": {"cities": "可用清单", "city": "统筹地区", "version": "版本", "effective": "施行", "agency": "经办机构",
           "kinds": "机构类型", "schemes": "定点类别", "sources": "依据文件", "rules": "适用规则",
           "deadlines": "时限", "facts": "条件事实", "material": "材料", "applies": "适用", "copies": "份数",
           "condition": "条件", "sections": "规定内容", "document_types": "可用文件类型", "source": "依据",
           "state": "状态", "params": "参数", "event": "事项", "case": "情形", "limit": "时限", "note": "说明",
           "code": "规则", "title": "名称", "none": "（无）", "default": "默认", "generic": "通称",
           "required": "必交", "conditional": "视情况", "not_applicable": "不适用", "and": "、",
           "all_of": "，且", "not": "非", "yes": "是", "no": "否"},
    "en": {"cities": "Checklists", "city": "City", "version": "version", "effective": "effective", "agency": "Agency",
           "kinds": "Kinds", "schemes": "Schemes", "sources": "Sources", "rules": "Rules",
           "deadlines": "Time limits", "facts": "Condition facts", "material": "Material", "applies": "Applies to",
           "copies": "Copies", "condition": "Condition", "sections": "Sections", "document_types": "Document types",
           "source": "Source", "state": "State", "params": "Parameters", "event": "Event", "case": "Case",
           "limit": "Limit", "note": "Note", "code": "Rule", "title": "Title", "none": "(none)", "default": "default",
           "generic": "generic name", "required": "required", "conditional": "if applicable",
           "not_applicable": "not applicable", "and": ", ", "all_of": " and ", "not": "not ", "yes": "yes",
           "no": "no"},
}


@click.command()
@click.argument("city", required=False, type=CITY, metavar="CITY")
@kind_option
@scheme_option
@click.option("--procedure", type=PROCEDURE)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@lang_option
def checklist(city: str | None, kind: str | None, scheme: str | None, procedure: str | None,
              output_format: str, lang: str) -> None:
    # JSON: {cities: [...]} without CITY, else {city, title, version, effective, agency, sources,
    # kinds, schemes, procedures, materials: {procedure: [item]}, rules, deadlines, facts}.
    data = cities_index() if city is None else describe(load_checklist(city), kind, scheme, procedure, lang)
    if output_format == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    if sys.stdout.isatty():  # rich tables honour NO_COLOR themselves
        print_rich(data, lang)
        return
    click.echo(render_plain(data, lang), nl=False)


def cities_index() -> dict[str, Any]:
    return {"cities": [
        {"city": ck.city, "title": ck.title, "version": ck.version, "effective": ck.effective,
         "kinds": _ordered(ck.kinds), "schemes": _ordered(ck.schemes), "procedures": _ordered(ck.procedures),
         "agency": ck.settings["agency"].get("name")}
        for ck in map(load_checklist, list_cities())]}


def _ordered(names: frozenset[str]) -> list[str]:
    """Ids in vocabulary order (hospital before clinic, application before signing …)."""
    return [name for name in _ORDER if name in names]


def _wanted(item: ChecklistItem, kind: str | None, scheme: str | None, procedure: str) -> bool:
    return (procedure in item.procedures and (kind is None or kind in item.kinds)
            and (scheme is None or not item.schemes or scheme in item.schemes))


def describe(ck: Checklist, kind: str | None, scheme: str | None, procedure: str | None,
             lang: str = "zh") -> dict[str, Any]:
    """The checklist as plain data, narrowed to the kind, scheme and procedure given (the JSON output)."""
    for option, value, allowed in (("kind", kind, ck.kinds), ("procedure", procedure, ck.procedures)):
        if value is not None and value not in allowed:
            raise UsageError(t("checklist_has_no", city=ck.city, option=option, value=value, values=', '.join(sorted(allowed))))
    materials = {
        name: [_item(ck, item, kind, lang) for item in ck.items if _wanted(item, kind, scheme, name)]
        for name in ([procedure] if procedure else _ordered(ck.procedures))}
    deadlines = {event: [_deadline(entry, event, lang) for entry in entries
                         if (scheme is None or entry.get("case") not in ck.schemes or entry.get("case") == scheme)
                         and (procedure is None or DeadlineRule.from_entry(entry, event).applies_to(procedure))]
                 for event, entries in ck.settings["deadlines"].items()}
    return {
        "city": ck.city, "title": ck.title, "version": ck.version, "effective": ck.effective,
        "effective_note": ck.settings.get("effective_note", ""), "agency": ck.settings["agency"],
        "sources": dict(ck.sources), "kinds": _ordered(ck.kinds), "schemes": _ordered(ck.schemes),
        "procedures": _ordered(ck.procedures), "filters": {"kind": kind, "scheme": scheme, "procedure": procedure},
        "materials": materials,
        "rules": [{"code": rule.code, "title": title("findings", rule.code, lang), "source": rule.source,
                   "params": dict(rule.params)} for rule in ck.rules],
        "deadlines": {event: entries for event, entries in deadlines.items() if entries},
        "facts": {name: dict(fact) for name, fact in ck.settings["facts"].items()
                  if any(name in (item["condition"] or "").split() for items in materials.values() for item in items)},
        "agreement_term": ck.settings.get("agreement_term"),
    }


def _item(ck: Checklist, item: ChecklistItem, kind: str | None, lang: str) -> dict[str, Any]:
    entry = {"material": item.material, "material_title": title("materials", item.material, lang),
             "title": item.title, "kinds": _ordered(item.kinds), "schemes": _ordered(item.schemes),
             "copies": item.copies, "condition": item.condition, "sections": list(item.sections),
             "document_types": list(item.document_types), "note": item.note, "source": item.source}
    if kind is not None:
        entry["state"] = item_state(ck, item, {})
    return entry


def _deadline(entry: dict[str, Any], event: str, lang: str) -> dict[str, Any]:
    rule = DeadlineRule.from_entry(entry, event)
    return {**entry, "limit": rule.describe(lang), "name": limit_name(rule, lang, event)}


def document_type_title(name: str, lang: str) -> str:
    return title("document_types", name, lang)


def short_title(section: str, key: str, lang: str) -> str:
    """"医院（综合、中医…）" → "医院": the long official titles do not fit a column."""
    return title(section, key, lang).split("（")[0].split(" (")[0]


def _params(params: dict[str, Any]) -> str:
    return "; ".join(f"{key}={json.dumps(value, ensure_ascii=False)}" for key, value in params.items())


def rows(data: dict[str, Any], lang: str) -> dict[str, Any]:
    """The cells both text renderers show, in display order."""
    words = _WORDS[lang]
    materials = {}
    for procedure, items in data["materials"].items():
        materials[title("procedures", procedure, lang)] = [{
            words["material"]: item["title"] if lang == "zh" else f"{item['material_title']} ({item['title']})",
            words["applies"]: words["and"].join([short_title("institution_kinds", k, lang) for k in item["kinds"]]
                                       + [short_title("schemes", s, lang) for s in item["schemes"]]),
            words["copies"]: str(item["copies"]),
            words["condition"]: condition_words(item["condition"], data["facts"], lang),
            **({words["state"]: words[item["state"]]} if "state" in item else {}),
            words["sections"]: join(item["sections"], lang),
            words["document_types"]: words["and"].join(document_type_title(d, lang) for d in item["document_types"]),
            words["source"]: readable(item["source"], data["sources"]),
            words["note"]: item["note"],
        } for item in items]
    rules = [{words["code"]: f"{rule['code']} {rule['title']}", words["params"]: _params(rule["params"]),
              words["source"]: readable(rule["source"], data["sources"])} for rule in data["rules"]]
    deadlines = [{words["event"]: f"{entry['name']} ({event})", words["case"]: entry.get("case") or "",
                  words["limit"]: entry["limit"], words["source"]: readable(entry["source"], data["sources"]),
                  words["note"]: entry.get("note", "")}
                 for event, entries in data["deadlines"].items() for entry in entries]
    return {"materials": materials, "rules": rules, "deadlines": deadlines}


def condition_words(condition: str | None, facts: dict[str, Any], lang: str) -> str:
    """"for_profit and not provincially_designated" as the facts' own words (NL-11): “营利性…”，且非
    “已纳入山西省本级医保协议服务单位”. A description names its fact before any "；" (what follows
    tells what such an applicant submits, and the facts block shows it whole)."""
    words = _WORDS[lang]
    said = []
    for literal in (condition or "").split(" and "):
        name = literal.removeprefix("not ")
        if name:
            fact = facts[name]["description"].split("；")[0] if name in facts else name
            said.append((words["not"] if literal != name else "") + (f"“{fact}”" if lang == "zh" else f'"{fact}"'))
    return words["all_of"].join(said)


def _shown_schemes(data: dict[str, Any]) -> list[str]:
    """The schemes of the items shown: a kind whose items name none (a shandong pharmacy applies
    for the provincial pharmacy designation, 002 一、2) is not told it applies for pooled payment (S-4)."""
    if data["filters"]["kind"] is None:
        return data["schemes"]
    named = {scheme for items in data["materials"].values() for item in items for scheme in item["schemes"]}
    return [scheme for scheme in data["schemes"] if scheme in named]


def header_lines(data: dict[str, Any], lang: str) -> list[str]:
    words = _WORDS[lang]
    agency = data["agency"]
    kinds = [data["filters"]["kind"]] if data["filters"]["kind"] else data["kinds"]
    schemes = _shown_schemes(data)
    lines = [f"{data['title']}  [{data['city']}]  {words['version']} {data['version']}  "
             f"{words['effective']} {data['effective']}",
             f"{words['agency']}: {agency.get('name', '')}" + ("" if agency.get("from_seed") else f" ({words['generic']})"),
             f"{words['kinds']}: " + words["and"].join(short_title("institution_kinds", k, lang) for k in kinds)]
    if schemes:
        lines.append(f"{words['schemes']}: " + words["and"].join(short_title("schemes", s, lang) for s in schemes))
    lines += [f"{words['sources']}: {text}" for text in data["sources"].values()]  # the title, not the seed's file
    return lines


def fact_lines(data: dict[str, Any], lang: str) -> list[str]:
    words = _WORDS[lang]
    return [fact["description"] + _default(fact, words, lang) for fact in data["facts"].values()]


def _default(fact: dict[str, Any], words: dict[str, str], lang: str) -> str:
    if "default" not in fact:
        return ""
    value = words["yes" if fact["default"] else "no"]
    return f"（{words['default']}：{value}）" if lang == "zh" else f" ({words['default']}: {value})"


def render_plain(data: dict[str, Any], lang: str) -> str:
    """Text for a pipe or a file: one block per item, no table borders, grep-friendly."""
    words = _WORDS[lang]
    if "cities" in data:
        return "".join(f"{c['city']}\t{c['title']}\t{words['version']} {c['version']}\t"
                       f"{words['effective']} {c['effective']}\n" for c in data["cities"])
    lines = header_lines(data, lang)
    table = rows(data, lang)
    for procedure, items in table["materials"].items():
        lines += ["", f"== {procedure} =="] + ([] if items else [f"  {words['none']}"])
        for row in items:
            first, *rest = row.items()
            lines.append(f"- {first[1]}")
            lines += [f"    {key}: {value}" for key, value in rest if value and value != "1"]
    for name, entries in (("rules", table["rules"]), ("deadlines", table["deadlines"])):
        lines += ["", f"== {words[name]} =="] + ([] if entries else [f"  {words['none']}"])
        lines += ["- " + "  ".join(value for value in row.values() if value) for row in entries]
    if data["facts"]:
        lines += ["", f"== {words['facts']} =="] + [f"- {line}" for line in fact_lines(data, lang)]
    return "\n".join(lines) + "\n"


def print_rich(data: dict[str, Any], lang: str) -> None:
    """Tables for a terminal (rich); cell text is never read as rich markup."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    words = _WORDS[lang]
    console = Console()

    def show(caption: str, entries: list[dict[str, str]]) -> None:
        table = Table(title=caption, show_lines=True, title_justify="left")
        # Columns empty in every row (no conditions, no sections …) only take width.
        columns = [key for key in (entries[0] if entries else {words["none"]: ""})
                   if not entries or any(entry[key] for entry in entries)]
        for column in columns:
            table.add_column(column, overflow="fold")
        for entry in entries:
            table.add_row(*(Text(entry[column]) for column in columns))
        console.print(table)

    if "cities" in data:
        show(words["cities"], [{words["city"]: c["city"], words["title"]: c["title"], words["version"]: c["version"],
                                words["effective"]: c["effective"]} for c in data["cities"]])
        return
    for line in header_lines(data, lang):
        console.print(Text(line))
    table = rows(data, lang)
    for procedure, items in table["materials"].items():
        show(procedure, items)
    show(words["rules"], table["rules"])
    show(words["deadlines"], table["deadlines"])
    for line in fact_lines(data, lang):
        console.print(Text(f"{words['facts']}: {line}"))
