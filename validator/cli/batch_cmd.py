"""``dingdian batch``: every package below a folder → summary.xlsx and a report and notice per package."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from validator.cli.options import (as_of_option, collect_waivers, lang_option, negative_list_option, no_ocr_option,
                                  personal_data_option, procedure_option, target_options, waiver_options)

def say(lang: str, key: str, **values: Any) -> str:
    """A status line of the CLI catalogue (validator/data/cli_messages.yaml, keys batch_*)."""
    from validator.cli.i18n import t

    return t(f"batch_{key}", language=lang, **values)


@click.command()
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path))
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for summary.xlsx and one folder per package (report.json, report.html, notice.docx).")
@target_options
@click.option("--manifest", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="CSV with the columns package,city,kind,scheme (per-package targets).")
@procedure_option
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Packages checked at once [default: all cores].")
@click.option("--cluster", metavar="local[:N]",
              help="Check on a Dask LocalCluster of N worker processes (needs: pip install 'dingdian[cluster]').")
@click.option("--scheduler", metavar="tcp://HOST:PORT",
              help="Check on the workers of a running Dask scheduler; they must see DIR and -o at the same paths.")
@click.option("--worker-memory", default="2GiB", show_default=True, metavar="SIZE",
              help="Memory limit of each LocalCluster worker; a worker that exceeds it is restarted.")
@as_of_option
@negative_list_option
@waiver_options
@no_ocr_option
@click.option("--no-cache", is_flag=True, help="Check every package again, even when nothing changed.")
@lang_option
@personal_data_option
def batch(folder: Path, outdir: Path, city: str | None, kind: str | None, scheme: str | None,
          manifest: Path | None, procedure: str, jobs: int | None, cluster: str | None, scheduler: str | None,
          worker_memory: str, as_of: date | None, negative_list: Path | None, waive: tuple[str, ...],
          waivers_file: Path | None, no_ocr: bool, no_cache: bool, lang: str, show_personal_data: bool) -> None:
    """Check every package below DIR: each .zip, and each folder that holds files (with all its
    sub-folders), at any depth. City, kind and scheme come from --manifest, else the options,
    else each package's own profile or application form. A rerun checks only what changed or
    was not finished (the result cache).

    Exit status: 0 every package complete, 1 some package has errors or could not be checked,
    2 usage, 4 DIR missing, 6 OUT cannot be written, 130 interrupted (the summary keeps what
    was finished; the same command then checks the rest)."""
    from validator.batch.runner import BatchOptions, run_batch
    from validator.rules.context import CheckOptions
    from validator.catalogue import t
    from validator.errors import UsageError
    from validator.batch.summary import write_summary

    if cluster and scheduler:
        raise UsageError(t("batch_cluster_and_scheduler", lang))
    waivers = collect_waivers(waive, waivers_file)
    check = CheckOptions(package=folder, city=city, kind=kind, scheme=scheme, procedure=procedure,
                         as_of=as_of or date.today(), negative_list=negative_list, lang=lang,
                         show_personal_data=show_personal_data, ocr=not no_ocr, waivers=waivers)
    options = BatchOptions(root=folder, outdir=outdir, check=check, manifest=manifest, jobs=jobs,
                           use_cache=not no_cache)
    engine = _engine(cluster, scheduler, jobs, worker_memory, not no_ocr)
    with BatchProgress(lang) as progress:
        result = run_batch(options, progress, engine)
    summary = write_summary(result.outcomes, outdir / "summary.xlsx", lang=lang)
    _report(result, summary, waivers, lang)
    sys.exit(result.exit_code)


def _engine(cluster: str | None, scheduler: str | None, jobs: int | None, memory: str, ocr: bool) -> Any:
    """The Dask engine when asked for; None: the default process pool."""
    if not (cluster or scheduler):
        return None
    from validator.batch.dask_engine import DaskEngine, parse_cluster

    workers = parse_cluster(cluster) if cluster else None
    return DaskEngine(workers=workers or jobs, scheduler=scheduler, memory_limit=memory, load_ocr=ocr)


class BatchProgress:
    """A rich progress bar on stderr: the packages in hand, done of total, failed, rate and time
    left; one line per finished package (plain lines when stderr is not a terminal)."""

    def __init__(self, lang: str) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.lang = lang
        self.console = Console(stderr=True)
        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[failed]}"), _rate_column(lang), TimeRemainingColumn(),
                            console=self.console, refresh_per_second=2, transient=True,
                            disable=not self.console.is_terminal)
        self.task = self.bar.add_task("", total=None, failed="")
        self.failed = 0

    def __enter__(self) -> "BatchProgress":
        self.bar.start()
        return self

    def __exit__(self, *_exc: Any) -> None:
        self.bar.stop()

    def planned(self, total: int) -> None:
        self.bar.update(self.task, total=total)

    def engine(self, description: dict[str, Any], dashboard: str | None) -> None:
        if description["kind"] == "dask":  # the pool names the packages in hand instead
            self.bar.update(self.task, description=f"Dask ×{description['workers']}")
        print_line = self.bar.console.print
        print_line(say(self.lang, "engine", engine=_describe(description, self.lang)), markup=False, highlight=False)
        if dashboard:
            print_line(say(self.lang, "dashboard", url=dashboard), markup=False, highlight=False)

    def started(self, job: Any) -> None:
        self.bar.update(self.task, description=job.name)

    def tick(self, running: list[str]) -> None:
        self.bar.update(self.task, description="、".join(running))

    def finished(self, outcome: Any) -> None:
        self.failed += outcome.failed
        state = outcome.error or outcome.verdict_title or ""
        mark = say(self.lang, "cached") + ("" if self.lang == "zh" else " ") if outcome.cached else ""
        self.bar.console.print(f"{outcome.package}: {mark}{state}", markup=False, highlight=False)
        self.bar.update(self.task, advance=1, failed=say(self.lang, "failed", count=self.failed) if self.failed else "")


def _describe(engine: dict[str, Any], lang: str) -> str:
    if engine["kind"] == "pool":
        return say(lang, "pool", workers=engine["workers"])
    memory = "、".join(f"{limit / 2**30:.1f} GiB" if limit else say(lang, "no_limit") for limit in engine["memory"])
    return say(lang, "dask", where=engine["where"], workers=engine["workers"], threads=engine["threads"],
               memory=memory)


def _rate_column(lang: str) -> Any:
    from rich.progress import ProgressColumn
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task: Any) -> Text:
            return Text(say(lang, "rate", rate=task.speed) if task.speed else "")

    return RateColumn()



def _report(result: Any, summary: Path, waivers: tuple[Any, ...], lang: str) -> None:
    outcomes = result.outcomes
    click.echo(say(lang, "summary", count=len(outcomes), cached=sum(o.cached for o in outcomes),
                   with_errors=sum(1 for o in outcomes if not o.failed and o.exit_code),
                   failed=sum(o.failed for o in outcomes), summary=summary), err=True)
    if result.skipped:
        from validator.report.messages import join

        click.echo(say(lang, "skipped", names=join(result.skipped, lang)), err=True)
    if result.interrupted:
        click.echo(say(lang, "interrupted"), err=True)
    elif waivers:
        from validator.check.waivers import unused_waivers

        found = [finding for outcome in outcomes for finding in outcome.findings]
        for waiver in unused_waivers(found, waivers):  # a mistyped code must not pass silently
            click.echo(say(lang, "unused_waiver", waiver=waiver.code + (f":{waiver.material}" if waiver.material
                                                                         else "")), err=True)
