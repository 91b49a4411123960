"""``dingdian fill``: one form, or every form a city's checklist asks for, from a profile."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from validator.cli.choices import FORM
from validator.cli.i18n import lang, t
from validator.cli.options import city_option, iso_date, procedure_option, scheme_option
from validator.errors import UsageError
from validator.report.messages import join


@click.command()
@click.argument("form", required=False, type=FORM)
@click.option("--profile", "profile_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", "output", required=True, type=click.Path(path_type=Path))
@click.option("--all", "fill_every", is_flag=True)
@city_option
@scheme_option
@procedure_option
@click.option("--date", "--as-of", "fill_date", callback=iso_date, metavar="YYYY-MM-DD")
@click.option("--pdf", is_flag=True)
def fill(form: str | None, profile_path: Path, output: Path, fill_every: bool, city: str | None,
         scheme: str | None, procedure: str, fill_date, pdf: bool) -> None:
    from generators import fill as filler
    from validator.domain.profile import load_profile

    if fill_every == bool(form):
        raise UsageError(t("fill_form_or_all"))
    profile = load_profile(profile_path)
    for warning in profile.warnings:
        click.echo(f"dingdian: {t('warning')}: {profile_path}: {warning}", err=True)
    if form:
        spec = filler.get_form(form)
        if city and spec.city != city:
            raise UsageError(t("form_of_other_city", form=form, city=spec.city, other=city))
        suffix = Path(spec.template).suffix
        if output.suffix.lower() != suffix:
            raise UsageError(t("form_output_suffix", form=form, suffix=suffix))
        written = [filler.fill_form(spec, profile, output, fill_date)]
        blanks = {spec.id: filler.blank_needs(spec, profile)}
        notes = filler.timing_warnings(spec, profile, profile.fill_date or fill_date or date.today())
    else:
        result = filler.fill_all(profile, output, city=city, scheme=scheme, procedure=procedure, today=fill_date)
        written, blanks, notes = [path for _, path in result.written], result.blanks, result.warnings
        for line in result.scan_lines():
            click.echo(f"dingdian: {line}", err=True)
    for note in notes:
        click.echo(f"dingdian: {t('warning')}: {note}", err=True)
    for form_id, keys in blanks.items():
        if keys:
            click.echo(f"dingdian: {t('warning')}: {t('blank_keys', form=form_id, keys=join(keys, lang()))}", err=True)
    for path in written:
        click.echo(str(path))
    if pdf:
        for path in filler.convert_to_pdf(written, written[0].parent if written else output):
            click.echo(str(path))
