"""``dingdian batch``: every package below a folder → summary.xlsx and a report and notice per package."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from validator.cli.options import (as_of_option, collect_waivers, lang_option, negative_list_option, no_ocr_option,
                                  personal_data_option, procedure_option, target_options, waiver_options)


@click.command()
@click.argument("folder", metavar="DIR", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for summary.xlsx and one folder per package (report.json, report.html, notice.docx).")
@target_options
@click.option("--manifest", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="CSV with the columns package,city,kind,scheme (per-package targets).")
@procedure_option
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Packages checked at once [default: all cores].")
@as_of_option
@negative_list_option
@waiver_options
@no_ocr_option
@click.option("--no-cache", is_flag=True, help="Check every package again, even when nothing changed.")
@lang_option
@personal_data_option
def batch(folder: Path, outdir: Path, city: str | None, kind: str | None, scheme: str | None,
          manifest: Path | None, procedure: str, jobs: int | None, as_of: date | None,
          negative_list: Path | None, waive: tuple[str, ...], waivers_file: Path | None, no_ocr: bool,
          no_cache: bool, lang: str, show_personal_data: bool) -> None:
    """Check every package below DIR: each folder or .zip directly under DIR is one package
    (sub-folders belong to their package). City, kind and scheme come from --manifest, else
    the options, else each package's own profile or application form.

    Exit status: 0 every package complete, 1 some package has errors or could not be checked,
    2 or more the batch could not run, 130 interrupted (the summary keeps what was finished)."""
    from validator.batch import BatchOptions, run_batch
    from validator.context import CheckOptions
    from validator.summary import write_summary

    waivers = collect_waivers(waive, waivers_file)
    check = CheckOptions(package=folder, city=city, kind=kind, scheme=scheme, procedure=procedure,
                         as_of=as_of or date.today(), negative_list=negative_list, lang=lang,
                         show_personal_data=show_personal_data, ocr=not no_ocr, waivers=waivers)
    options = BatchOptions(root=folder, outdir=outdir, check=check, manifest=manifest, jobs=jobs,
                           use_cache=not no_cache)
    with BatchProgress() as progress:
        result = run_batch(options, started=progress.started, finished=progress.finished, tick=progress.tick,
                           planned=progress.planned)
    summary = write_summary(result.outcomes, outdir / "summary.xlsx", lang=lang)
    _report(result, summary, waivers)
    sys.exit(result.exit_code)


class BatchProgress:
    """A rich progress bar on stderr naming the packages in hand, with the time left; one line per
    finished package (plain lines when stderr is not a terminal, e.g. in CI logs)."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.console = Console(stderr=True)
        # No refresh thread: worker processes are forked while the bar is live.
        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TimeRemainingColumn(), console=self.console, auto_refresh=False, transient=True)
        self.task = self.bar.add_task("", total=None)
        self.cached = 0

    def __enter__(self) -> "BatchProgress":
        self.bar.start()
        return self

    def __exit__(self, *_exc: Any) -> None:
        self.bar.stop()

    def planned(self, total: int) -> None:
        self.bar.update(self.task, total=total)
        self.bar.refresh()

    def started(self, job: Any) -> None:
        self.bar.update(self.task, description=job.name)
        self.bar.refresh()

    def tick(self, running: list[str]) -> None:
        self.bar.update(self.task, description="、".join(running))
        self.bar.refresh()

    def finished(self, outcome: dict[str, Any]) -> None:
        self.cached += bool(outcome.get("cached"))
        state = outcome.get("error") or outcome.get("verdict_title") or ""
        mark = "(cached) " if outcome.get("cached") else ""
        self.bar.console.print(f"{outcome['package']}: {mark}{state}", markup=False, highlight=False)
        self.bar.advance(self.task)
        self.bar.refresh()


def _report(result: Any, summary: Path, waivers: tuple[Any, ...]) -> None:
    failed = sum(1 for o in result.outcomes if o.get("error"))
    with_errors = sum(1 for o in result.outcomes if not o.get("error") and o["exit_code"])
    cached = sum(1 for o in result.outcomes if o.get("cached"))
    click.echo(f"{len(result.outcomes)} packages checked ({cached} unchanged, from the cache): "
               f"{with_errors} with errors, {failed} could not be checked; summary: {summary}", err=True)
    if result.skipped:
        click.echo(f"not packages (skipped): {', '.join(result.skipped)}", err=True)
    if result.interrupted:
        click.echo("interrupted: the summary lists the packages finished so far", err=True)
    elif waivers:
        from validator.findings import Finding
        from validator.waivers import unused_waivers

        found = [Finding(f["code"], material=f["material"], file=f["file"])
                 for outcome in result.outcomes for f in outcome["findings"]]
        for waiver in unused_waivers(found, waivers):  # a mistyped code must not pass silently
            click.echo(f"waiver matched no finding in any package: {waiver.code}"
                       + (f":{waiver.material}" if waiver.material else ""), err=True)
