"""``dingdian check``: one package, one report."""
from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click

from validator.cli.options import (as_of_option, collect_waivers, lang_option, negative_list_option, no_ocr_option,
                                  personal_data_option, procedure_option, target_options, waiver_options)
from validator.errors import OutputError


@click.command()
@click.argument("package", type=click.Path(path_type=Path))
@target_options
@procedure_option
@as_of_option
@negative_list_option
@click.option("--profile", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The institution's profile.yaml, to compare against.")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "html"]), default="text",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here.")
@click.option("--notice", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the notice (一次性告知书 or 受理通知书) as .docx.")
@click.option("--agency", metavar="NAME",
              help="The body issuing the notice (e.g. a district centre), instead of the checklist's.")
@click.option("--doc-prefix", metavar="CODE", help="The issuer code before the notice's 〔year〕第 号.")
@waiver_options
@click.option("--fast", is_flag=True, help="Stop after the presence check (no content rules).")
@no_ocr_option
@click.option("--limit", "limit", multiple=True, metavar="NAME=VALUE",
              help="Override a resource limit, e.g. per_file_seconds=30 (see validator/limits.py).")
@lang_option
@personal_data_option
def check(package: Path, city: str | None, kind: str | None, scheme: str | None, procedure: str,
          as_of: date | None, negative_list: Path | None, profile: Path | None, output_format: str,
          output: Path | None, notice: Path | None, agency: str | None, doc_prefix: str | None,
          waive: tuple[str, ...], waivers_file: Path | None, fast: bool, no_ocr: bool,
          limit: tuple[str, ...], lang: str, show_personal_data: bool) -> None:
    """Check PACKAGE (a folder or a .zip) against the checklist of its city."""
    from validator.check import run_check
    from validator.context import CheckOptions
    from validator.limits import parse_limits

    waivers = collect_waivers(waive, waivers_file)
    options = CheckOptions(package=package, city=city, kind=kind, scheme=scheme, procedure=procedure,
                           as_of=as_of or date.today(), negative_list=negative_list, profile=profile,
                           lang=lang, fast=fast, show_personal_data=show_personal_data, ocr=not no_ocr,
                           waivers=waivers, limits=parse_limits(limit) if limit else None)
    report = run_check(options)
    text = _format(report, output_format, lang, show_personal_data, to_terminal=output is None)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_text_atomic(output, text)
    if notice is not None:
        from generators.notice import write_notice
        write_notice(report, notice, agency=agency, lang=lang, show_personal_data=show_personal_data,
                     doc_prefix=doc_prefix)
    sys.exit(report.exit_status)


def _format(report, output_format: str, lang: str, show_personal_data: bool, to_terminal: bool) -> str:
    if output_format == "json":
        return json.dumps(report.to_dict(lang, show_personal_data), ensure_ascii=False, indent=2) + "\n"
    if output_format == "html":
        from validator.render.html import render_html
        return render_html(report, lang=lang, show_personal_data=show_personal_data)
    from validator.render.text import render_text
    styled = {"style": click.style} if to_terminal and sys.stdout.isatty() else {}
    return render_text(report, lang=lang, show_personal_data=show_personal_data, **styled)


def write_text_atomic(path: Path, text: str) -> None:
    """Writes beside the target and renames, so a failure never leaves half a report."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from error
