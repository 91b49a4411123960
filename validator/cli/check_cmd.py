"""``dingdian check``: one package, one report."""
from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click

from validator.cli.choices import AUDIENCE
from validator.cli.i18n import t
from validator.cli.options import (as_of_option, collect_waivers, lang_option, negative_list_option, no_ocr_option,
                                  personal_data_option, procedure_option, target_options, waiver_options)
from validator.cli.output import colour_on, ensure_writable, progress_reporter, write_text_atomic
from validator.cli.signed_notice import notice_signer, write_pdf_notice
from validator.errors import UsageError


@click.command()
@click.argument("package", type=click.Path(path_type=Path))
@target_options
@procedure_option
@as_of_option
@negative_list_option
@click.option("--profile", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["text", "json", "html"]), default="text",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--notice", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--agency", metavar="NAME")
@click.option("--doc-prefix", metavar="CODE")
@click.option("--sign-with", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="P12")
@click.option("--timestamp-url", metavar="URL")
@click.option("--trust-roots", type=click.Path(exists=True, file_okay=False, path_type=Path), metavar="DIR")
@waiver_options
@click.option("--fast", is_flag=True)
@no_ocr_option
@click.option("--limit", "limit", multiple=True, metavar="NAME=VALUE")
@click.option("-q", "--quiet", is_flag=True)
@click.option("--audience", type=AUDIENCE, default="clerk", show_default=True)
@lang_option
@personal_data_option
def check(package: Path, city: str | None, kind: str | None, scheme: str | None, procedure: str,
          as_of: date | None, negative_list: Path | None, profile: Path | None, output_format: str,
          output: Path | None, notice: Path | None, agency: str | None, doc_prefix: str | None,
          sign_with: Path | None, timestamp_url: str | None, trust_roots: Path | None,
          waive: tuple[str, ...], waivers_file: Path | None, fast: bool, no_ocr: bool,
          limit: tuple[str, ...], quiet: bool, audience: str, lang: str, show_personal_data: bool) -> None:
    from validator import CheckOptions, run_check
    from validator.intake.limits import parse_limits

    waivers = collect_waivers(waive, waivers_file)
    options = CheckOptions(package=package, city=city, kind=kind, scheme=scheme, procedure=procedure,
                           as_of=as_of or date.today(), negative_list=negative_list, profile=profile,
                           lang=lang, fast=fast, show_personal_data=show_personal_data, ocr=not no_ocr,
                           waivers=waivers, limits=parse_limits(limit) if limit else None, trust_roots=trust_roots)
    pdf_notice = notice is not None and notice.suffix.lower() == ".pdf"
    if sign_with is not None and not pdf_notice:
        raise UsageError(t("sign_with_needs_pdf_notice"))
    signer = notice_signer(sign_with)
    for path in (output, notice):
        if path is not None:
            ensure_writable(path)
    with progress_reporter(enabled=not quiet) as progress:
        report = run_check(options, progress=progress)
    if output is None and not quiet:
        click.echo(_format(report, output_format, lang, show_personal_data, audience, to_terminal=True), nl=False)
    written = []
    if output is not None:
        write_text_atomic(output, _format(report, output_format, lang, show_personal_data, audience, to_terminal=False))
        written.append((t("what_report"), output))
    if pdf_notice:
        write_pdf_notice(report, notice, signer, timestamp_url, agency=agency, lang=lang,
                         show_personal_data=show_personal_data, doc_prefix=doc_prefix)
    elif notice is not None:
        from generators.notice import write_notice
        write_notice(report, notice, agency=agency, lang=lang, show_personal_data=show_personal_data,
                     doc_prefix=doc_prefix)
        written.append((t("what_notice"), notice))
    if quiet or written:
        # Stdout when it is all there is (-q), else stderr beside the file paths: the verdict is never lost.
        click.echo(t("verdict_line", verdict=report.to_dict(lang)["verdict_title"], errors=report.count("error"),
                     warnings=report.count("warning")), err=not quiet)
    for what, path in ([] if quiet else written):
        click.echo(t("written", what=what, path=path), err=True)
    sys.exit(report.exit_status)


def _format(report, output_format: str, lang: str, show_personal_data: bool, audience: str, to_terminal: bool) -> str:
    if output_format == "json":
        return json.dumps(report.to_dict(lang, show_personal_data, audience), ensure_ascii=False, indent=2) + "\n"
    if output_format == "html":
        from validator.report.render.html import render_html
        return render_html(report, lang=lang, show_personal_data=show_personal_data, audience=audience)
    from validator.report.render.text import render_text
    styled = {"style": click.style} if to_terminal and colour_on(sys.stdout) else {}
    return render_text(report, lang=lang, show_personal_data=show_personal_data, audience=audience, **styled)
