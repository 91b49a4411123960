"""``dingdian profile --from PACKAGE -o profile.yaml``: draft a profile from an existing package."""
from __future__ import annotations

from pathlib import Path

import click

from validator.cli.options import city_option


@click.command()
@click.option("--from", "package", required=True, type=click.Path(path_type=Path),
              help="A package (folder or .zip) whose documents to read.")
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path), help="The profile.yaml to write.")
@city_option
@click.option("--kind", type=click.Choice(["hospital", "clinic", "pharmacy"]), help="Kind of institution.")
@click.option("--no-ocr", is_flag=True, help="Do not OCR scans and photos.")
def profile(package: Path, output: Path, city: str | None, kind: str | None, no_ocr: bool) -> None:
    """Draft a profile.yaml from the licenses, forms and roster in PACKAGE."""
    from generators.profile_draft import draft_profile, dump_draft
    from generators.rendering import atomic_write

    data, origins = draft_profile(package, city=city, kind=kind, ocr=not no_ocr)
    text = dump_draft(data, origins)
    atomic_write(output, lambda temp: Path(temp).write_text(text, encoding="utf-8"))
    click.echo(str(output))
    click.echo(f"dingdian: {len(origins)} key(s) drafted from the package; review the file before use", err=True)
