"""``dingdian forms``: every form that can be filled, with the material it satisfies and what it needs."""
from __future__ import annotations

import json
from typing import Any

import click

from validator.checklists.citation import readable_for_city
from validator.cli.i18n import t
from validator.cli.options import city_option


@click.command()
@city_option
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def forms(city: str | None, output_format: str) -> None:
    from generators.forms_catalog import forms_for

    rows = [_row(spec) for spec in forms_for(city)]
    if output_format == "json":
        click.echo(json.dumps({"forms": rows}, ensure_ascii=False, indent=2))
        return
    for row in rows:
        scope = "/".join(row["kinds"]) + (f" ({'/'.join(row['schemes'])})" if row["schemes"] else "")
        note = ("  （可选，清单未要求）" if row["optional"] else "") + ("  [原表格式]" if row["verbatim"] else "  [参考格式]")
        click.echo(f"{row['id']}  {row['title']}{note}")
        click.echo(f"    {row['city']} · {scope} · {'/'.join(row['procedures'])} · 材料 {row['material']}"
                   f" · {row['template']} → {row['output']}")
        click.echo(f"    {t('needs')}: {', '.join(row['needs'])}")
        click.echo(f"    {t('source')}: {readable_for_city(row['city'], row['source'])}")


def _row(spec: Any) -> dict[str, Any]:
    return {"id": spec.id, "title": spec.title, "city": spec.city, "kinds": sorted(spec.kinds),
            "schemes": sorted(spec.schemes), "procedures": sorted(spec.procedures), "material": spec.material,
            "template": spec.template, "output": spec.output, "needs": list(spec.needs), "source": spec.source,
            "optional": spec.optional, "verbatim": spec.verbatim}
