"""``dingdian deadline``: due dates of the designation procedure on the statutory calendar."""
from __future__ import annotations

import json
from datetime import date
from typing import Any

import click

from validator.domain.deadlines import EVENTS, DeadlineRule, cited, deadlines_for
from validator.cli.choices import EVENT, PROCEDURE
from validator.cli.i18n import t
from validator.cli.options import city_option, iso_date, lang_option, scheme_option
from validator.vocabulary import ids, title


@click.command()
@click.argument("event", type=EVENT)
@click.option("--from", "start", callback=iso_date, required=True, metavar="YYYY-MM-DD")
@city_option
@scheme_option
@click.option("--case", metavar="CASE")
@click.option("--procedure", type=PROCEDURE, help="only the limits this procedure's own clauses set")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@lang_option
def deadline(event: str, start: date, city: str | None, scheme: str | None, case: str | None,
             procedure: str | None, output_format: str, lang: str) -> None:
    # JSON: {event, from, estimated, warnings, deadlines: [{event, city, case, from, due, rule, unit, amount,
    # direction, source, citation, note, estimated, extended_from, opens, warnings, procedures, name}],
    # cities_without_limit}; a window (yangzhou renewal) runs from opens to due.
    cities = [city] if city else sorted(ids("cities"))
    found = [due for due in deadlines_for(event, start, cities, case=case, scheme=scheme)
             if procedure is None or due.rule.applies_to(procedure)]
    warnings = sorted({warning for due in found if due.estimated for warning in due.warnings(lang)})
    without = [name for name in cities if not any(due.city == name for due in found)]
    if output_format == "json":
        click.echo(json.dumps({
            "event": event, "from": start.isoformat(), "estimated": any(due.estimated for due in found),
            "warnings": warnings, "deadlines": [_as_json(due, lang) for due in found],
            "cities_without_limit": without,
        }, ensure_ascii=False, indent=2))
        return
    for warning in warnings:
        click.echo(f"dingdian: {t('warning')}: {warning}", err=True)
    click.echo(_text(event, start, found, without, lang))


def _as_json(due: Any, lang: str) -> dict[str, Any]:
    return due.to_dict(lang) | {"citation": cited(due), "procedures": list(procedures_of(due.rule)),
                                "name": limit_name(due.rule, lang)}


def _text(event: str, start: date, found: list[Any], without: list[str], lang: str) -> str:
    en = lang == "en"
    lines = [f"{EVENTS[event]['en' if en else 'zh']} ({event}), "
             f"{'from' if en else '起算日'} {start.isoformat()}"]
    for due in found:
        case = f" [{due.rule.case}]" if due.rule.case else ""
        mark = (" (estimate)" if en else "（推算）") if due.estimated else ""
        when = (f"{due.opens.isoformat()} – {due.due.isoformat()}" if due.opens else due.due.isoformat())
        line = (f"  {_city(due.city, lang)}{case}: {when}{mark}  {limit_name(due.rule, lang)}  "
                f"{due.rule.describe(lang)}  {cited(due)}")
        if due.extended_from:
            line += (f"  (ends {due.extended_from.isoformat()}, a rest day: moved to the next working day)"
                     if en else f"（期满日 {due.extended_from.isoformat()} 为休息日，顺延至其后第一个工作日）")
        if due.rest_day:
            line += f"  ({due.due.isoformat()} is a rest day)" if en else f"（{due.due.isoformat()} 为休息日）"
        if due.rule.note:
            line += f"  — {due.rule.note}"
        lines.append(line)
    for city in without:
        lines.append(f"  {_city(city, lang)}: "
                     + ("no such time limit in the checklist" if en else "清单未规定此时限"))
    return "\n".join(lines)


def procedures_of(rule: DeadlineRule) -> tuple[str, ...]:
    """The procedures whose clause sets the limit; an entry that names none is the application's."""
    return rule.procedures or ("application",)


def limit_name(rule: DeadlineRule, lang: str, event: str | None = None) -> str:
    """The limit named by its procedure and what the seed's clause says must happen by then (the
    entry's label; else ``event``'s title when given): "新增定点申请：完成谈判" (yangzhou 三(四)3),
    "信息变更、协议中止、协议解除（终止）：办结（统筹支付协议定点）" (weihai 九), never one
    title for every city (NL-5)."""
    names = ("、" if lang != "en" else ", ").join(title("procedures", name, lang) for name in procedures_of(rule))
    what = rule.label or (EVENTS[event]["en" if lang == "en" else "zh"] if event else "")
    if not what or what.casefold() == names.casefold():  # the change event of the change procedure
        return names
    return f"{names}: {what}" if lang == "en" else f"{names}：{what}"


def _city(city: str, lang: str) -> str:
    return f"{city} {title('cities', city, lang).split('（')[0].split(' (')[0]}"
