"""Batch checking: every package below a folder, on an engine, with a result cache.

What is a package: ``validator.batch.discovery`` (a ``.zip`` or a folder holding documents,
at any depth; folders without package material are skipped with a note).

City, kind and scheme per package: a manifest row first, then the options given for
all, then what ``run_check`` reads from the package's own profile or application form.

Engines (``validator.batch.pool``, ``validator.batch.dask_engine``) check the packages that the
cache does not already hold, biggest first; each outcome is recorded in the cache as it
arrives, so a rerun after a crash, a Ctrl-C or a lost worker redoes only what is missing.
One broken package never stops the others: its outcome carries the exit code and the
one-line message.
"""
from __future__ import annotations

import csv
import os
import shutil
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from validator.batch.cache import FileHashes, ResultCache, package_files, package_fingerprint, result_key, tool_digest
from validator.batch.discovery import find_packages
from validator.batch.outcome import Outcome
from validator.batch.outputs import OUTPUT_FILES, PackageJob, clear_outputs, report_links
from validator.batch.worker import Checker, Done
from validator.catalogue import t
from validator.rules.context import CheckOptions
from validator.errors import ExitCode, OutputError, UsageError
from validator.resources import list_cities
from validator.vocabulary import ids

MANIFEST_COLUMNS = ("package", "city", "kind", "scheme")


@dataclass(frozen=True)
class BatchOptions:
    root: Path
    outdir: Path
    check: CheckOptions  # what every package is checked with (its ``package`` is ignored)
    manifest: Path | None = None
    jobs: int | None = None
    use_cache: bool = True
    checker: Checker | None = None  # stands in for validator.check.pipeline.run_check (tests)


class BatchEvents:
    """What an engine tells the caller as the batch goes (the CLI's progress bar); no-ops here."""

    def planned(self, total: int) -> None:
        """How many packages the batch holds."""

    def engine(self, description: dict[str, Any], dashboard: str | None) -> None:
        """Where the packages are checked ({kind: pool|dask, workers, ...}), and the Dask dashboard's
        address when there is one."""

    def started(self, job: PackageJob) -> None:
        """A package was handed to a worker."""

    def finished(self, outcome: Outcome) -> None:
        """A package's outcome arrived (checked, from the cache or failed)."""

    def tick(self, running: list[str]) -> None:
        """About every half second: the packages in hand."""


class Engine(Protocol):
    def run(self, jobs: list[PackageJob], done: Done, events: BatchEvents) -> None: ...


@dataclass
class BatchResult:
    outcomes: list[Outcome]
    interrupted: bool = False
    skipped: list[str] = field(default_factory=list)  # entries below DIR that are not packages

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return int(ExitCode.INTERRUPTED)
        return int(ExitCode.FINDINGS) if any(o.exit_code != 0 for o in self.outcomes) else 0


def package_name(package: Path, root: Path) -> str:
    """A package's name: its path below DIR, e.g. 2026-11/某诊所 or 某药店.zip."""
    return package.relative_to(root).as_posix()


def read_manifest(path: Path, names: list[str]) -> dict[str, dict[str, str | None]]:
    """Rows of ``package,city,kind,scheme`` keyed by package name (a zip may be named with or without .zip)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            rows = list(csv.DictReader(stream))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise UsageError(t("manifest_unreadable", path=path, error=error)) from error
    known = {name: name for name in names} | {name[:-4]: name for name in names if name.lower().endswith(".zip")}
    manifest: dict[str, dict[str, str | None]] = {}
    for number, row in enumerate(rows, start=2):
        values = {key.strip().lower(): (value or "").strip() or None for key, value in row.items() if key}
        if "package" not in values:
            raise UsageError(t("manifest_columns", path=path, columns=", ".join(MANIFEST_COLUMNS)))
        for column, allowed in (("city", list_cities()), ("kind", ids("institution_kinds")), ("scheme", ids("schemes"))):
            if values.get(column) and values[column] not in allowed:
                raise UsageError(t("manifest_unknown", path=path, line=number, column=column, value=values[column],
                                   allowed=", ".join(sorted(allowed))))
        if values["package"] not in known:
            raise UsageError(t("manifest_no_package", path=path, line=number, package=values["package"]))
        manifest[known[values["package"]]] = {key: values.get(key) for key in MANIFEST_COLUMNS[1:]}
    return manifest


def _out_name(name: str, names: set[str]) -> str:
    """A folder keeps its path; a zip loses ``.zip`` unless a folder of that path exists."""
    stem = name[:-4] if name.lower().endswith(".zip") else name
    return stem if stem not in names else name


def plan_jobs(options: BatchOptions, packages: list[Path], hashes: FileHashes) -> list[PackageJob]:
    names = [package_name(package, options.root) for package in packages]
    manifest = read_manifest(options.manifest, names) if options.manifest else {}
    tool = tool_digest(hashes)
    common = options.check
    jobs = []
    for package, name in zip(packages, names):
        target = manifest.get(name, {})
        check = replace(common, package=package.resolve(), city=target.get("city") or common.city,
                        kind=target.get("kind") or common.kind, scheme=target.get("scheme") or common.scheme)
        key = result_key(tool, name, package_fingerprint(package, hashes), _key_options(check, hashes))
        out_name = _out_name(name, set(names))
        jobs.append(PackageJob(name=name, out_name=out_name, check=check, out_dir=options.outdir.resolve() / out_name,
                        key=key, size=sum(path.stat().st_size for path in package_files(package)),
                        lang=common.lang, show_personal_data=common.show_personal_data))
    return jobs


def _key_options(check: CheckOptions, hashes: FileHashes) -> dict[str, Any]:
    values = asdict(replace(check, package=Path(check.package.name)))  # waivers included, as mappings
    if check.negative_list:  # the list's content, not only its name
        values["negative_list_sha256"] = hashes.digest(check.negative_list)
    return values


def from_cache(job: PackageJob) -> Outcome | None:
    """The stored outcome, its files copied to the package's output folder; None on a miss."""
    found = ResultCache().get(job.key)
    if found is None:
        return None
    data, entry = found
    try:
        job.out_dir.mkdir(parents=True, exist_ok=True)
        clear_outputs(job.out_dir)
        copied = [Path(shutil.copy2(entry / name, job.out_dir / name))
                  for name in OUTPUT_FILES if (entry / name).is_file()]
    except OSError:  # checked again: the worker's row then says what cannot be written
        return None
    return replace(Outcome.from_json(data), cached=True, package=job.name, out=job.out_name,
                   reports=report_links(job, copied))


def record(job: PackageJob, outcome: Outcome) -> None:
    """Stores a checked package's outcome and files in the cache; a bug's outcome (exit 70) is not
    kept, so the next run checks that package again."""
    if outcome.exit_code != ExitCode.INTERNAL:
        files = [job.out_dir / Path(link).name for link in outcome.reports.values()]
        ResultCache().put(job.key, outcome.to_json(), files)


def run_batch(options: BatchOptions, events: BatchEvents | None = None, engine: Engine | None = None) -> BatchResult:
    """Checks every package; Ctrl-C stops the engine and returns what was finished (``interrupted``)."""
    events = events or BatchEvents()
    packages, skipped = find_packages(options.root, options.outdir)
    hashes = FileHashes()
    jobs = plan_jobs(options, packages, hashes)
    hashes.save()
    events.planned(len(jobs))
    try:
        options.outdir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(t("cannot_write", path=options.outdir, reason=error.strerror or error)) from error
    outcomes: dict[str, Outcome] = {}
    result = BatchResult(outcomes=[], skipped=skipped)

    def done(job: PackageJob, outcome: Outcome) -> None:
        if options.use_cache:
            record(job, outcome)
        outcomes[job.name] = outcome
        events.finished(outcome)

    try:
        todo = []
        for job in jobs:
            cached = from_cache(job) if options.use_cache else None
            if cached is None:
                todo.append(job)
            else:
                outcomes[job.name] = cached
                events.finished(cached)
        if todo:
            todo.sort(key=lambda job: -job.size)  # the biggest first: no straggler at the end
            (engine or default_engine(options, len(todo))).run(todo, done, events)
    except KeyboardInterrupt:
        result.interrupted = True
    result.outcomes = [outcomes[job.name] for job in jobs if job.name in outcomes]
    return result


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def default_engine(options: BatchOptions, packages: int) -> Engine:
    from validator.batch.pool import PoolEngine

    return PoolEngine(max(1, min(options.jobs or default_jobs(), packages)), checker=options.checker,
                      load_ocr=options.check.ocr and options.checker is None)
