"""``dingdian deadline``: due dates of the designation procedure on the statutory calendar."""
from __future__ import annotations

import json
from datetime import date
from typing import Any

import click

from validator.domain.deadlines import EVENTS, cited, deadlines_for
from validator.cli.choices import EVENT
from validator.cli.i18n import t
from validator.cli.options import city_option, iso_date, lang_option, scheme_option
from validator.vocabulary import ids, title


@click.command()
@click.argument("event", type=EVENT)
@click.option("--from", "start", callback=iso_date, required=True, metavar="YYYY-MM-DD")
@city_option
@scheme_option
@click.option("--case", metavar="CASE")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@lang_option
def deadline(event: str, start: date, city: str | None, scheme: str | None, case: str | None,
             output_format: str, lang: str) -> None:
    # JSON: {event, from, estimated, warnings, deadlines: [{event, city, case, from, due, rule, unit, amount,
    # direction, source, citation, note, estimated, extended_from, opens, warnings}], cities_without_limit};
    # a window (yangzhou renewal) runs from opens to due.
    cities = [city] if city else sorted(ids("cities"))
    found = deadlines_for(event, start, cities, case=case, scheme=scheme)
    warnings = sorted({warning for due in found if due.estimated for warning in due.warnings(lang)})
    without = [name for name in cities if not any(due.city == name for due in found)]
    if output_format == "json":
        click.echo(json.dumps({
            "event": event, "from": start.isoformat(), "estimated": any(due.estimated for due in found),
            "warnings": warnings, "deadlines": [due.to_dict(lang) | {"citation": cited(due)} for due in found],
            "cities_without_limit": without,
        }, ensure_ascii=False, indent=2))
        return
    for warning in warnings:
        click.echo(f"dingdian: {t('warning')}: {warning}", err=True)
    click.echo(_text(event, start, found, without, lang))


def _text(event: str, start: date, found: list[Any], without: list[str], lang: str) -> str:
    en = lang == "en"
    lines = [f"{EVENTS[event]['en' if en else 'zh']} ({event}), "
             f"{'from' if en else '起算日'} {start.isoformat()}"]
    for due in found:
        case = f" [{due.rule.case}]" if due.rule.case else ""
        mark = (" (estimate)" if en else "（推算）") if due.estimated else ""
        when = (f"{due.opens.isoformat()} – {due.due.isoformat()}" if due.opens else due.due.isoformat())
        line = (f"  {_city(due.city, lang)}{case}: {when}{mark}  "
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


def _city(city: str, lang: str) -> str:
    return f"{city} {title('cities', city, lang).split('（')[0].split(' (')[0]}"
