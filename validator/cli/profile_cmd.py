"""``dingdian profile --from PACKAGE -o profile.yaml``: draft a profile from an existing package."""
from __future__ import annotations

from pathlib import Path

import click

from validator.cli.i18n import t
from validator.cli.options import city_option, kind_option, no_ocr_option


@click.command()
@click.option("--from", "package", required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path))
@city_option
@kind_option
@no_ocr_option
def profile(package: Path, output: Path, city: str | None, kind: str | None, no_ocr: bool) -> None:
    from generators.profile_draft import draft_profile, dump_draft
    from generators.rendering import atomic_write

    data, origins = draft_profile(package, city=city, kind=kind, ocr=not no_ocr)
    text = dump_draft(data, origins)
    atomic_write(output, lambda temp: Path(temp).write_text(text, encoding="utf-8"))
    click.echo(str(output))
    click.echo(f"dingdian: {t('profile_drafted', count=len(origins))}", err=True)
