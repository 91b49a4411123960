"""Batch checking: every package below a folder, in parallel, with a result cache.

What is a package: each folder and each ``.zip`` directly under DIR.  Everything below
such a folder belongs to it (applicants sort their scans into sub-folders), so nested
folders are never packages of their own.  Other files directly under DIR, hidden
entries and the output folder (when it lies inside DIR) are skipped.

City, kind and scheme per package: a manifest row first, then the options given for
all, then what ``run_check`` reads from the package's own profile or application form.
One broken package never stops the others: its outcome carries the exit code and the
one-line message; a worker never raises.
"""
from __future__ import annotations

import csv
import multiprocessing
import os
import resource
import shutil
import signal
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from time import perf_counter
from typing import Any, Callable

from validator.batch_cache import FileHashes, ResultCache, package_fingerprint, result_key, tool_digest
from validator.batch_outputs import failure_outcome, report_links, write_package_outputs
from validator.context import CheckOptions
from validator.errors import DingdianError, ExitCode, UsageError
from validator.vocabulary import ids

OUTPUT_FILES = ("report.json", "report.html", "notice.docx")
MANIFEST_COLUMNS = ("package", "city", "kind", "scheme")


@dataclass(frozen=True)
class BatchOptions:
    root: Path
    outdir: Path
    check: CheckOptions  # what every package is checked with (its ``package`` is ignored)
    manifest: Path | None = None
    jobs: int | None = None
    use_cache: bool = True


@dataclass(frozen=True)
class Job:
    name: str  # the folder or zip name under DIR
    out_name: str  # its folder under OUTDIR
    check: CheckOptions
    out_dir: Path
    key: str
    lang: str
    show_personal_data: bool
    use_cache: bool


@dataclass
class BatchResult:
    outcomes: list[dict[str, Any]]
    interrupted: bool = False
    skipped: list[str] = field(default_factory=list)  # entries of DIR that are not packages

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return int(ExitCode.INTERRUPTED)
        return int(ExitCode.FINDINGS) if any(o["exit_code"] != 0 for o in self.outcomes) else 0


def find_packages(root: Path, outdir: Path | None = None) -> tuple[list[Path], list[str]]:
    """(packages, skipped names): folders and .zip files directly under ``root``."""
    if not root.is_dir():
        raise UsageError(f"{root} is not a folder of packages (for one package use: dingdian check {root})")
    out = outdir.resolve() if outdir else None
    packages, skipped = [], []
    for entry in sorted(root.iterdir(), key=lambda path: path.name):
        if entry.name.startswith(".") or entry.resolve() == out:
            continue
        if entry.is_dir() or (entry.is_file() and entry.suffix.lower() == ".zip"):
            packages.append(entry)
        else:
            skipped.append(entry.name)
    if not packages:
        raise UsageError(f"no packages under {root}: each package is a folder or a .zip directly under it "
                         f"(for one package use: dingdian check {root})")
    return packages, skipped


def read_manifest(path: Path, packages: list[Path]) -> dict[str, dict[str, str | None]]:
    """Rows of ``package,city,kind,scheme`` keyed by package name (a zip may be named with or without .zip)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            rows = list(csv.DictReader(stream))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise UsageError(f"cannot read the manifest {path}: {error}") from error
    names = {p.name: p.name for p in packages} | {p.stem: p.name for p in packages if p.is_file()}
    manifest: dict[str, dict[str, str | None]] = {}
    for number, row in enumerate(rows, start=2):
        values = {key.strip().lower(): (value or "").strip() or None for key, value in row.items() if key}
        if "package" not in values:
            raise UsageError(f"{path}: needs the columns {', '.join(MANIFEST_COLUMNS)}")
        for column, section in (("city", "cities"), ("kind", "institution_kinds"), ("scheme", "schemes")):
            if values.get(column) and values[column] not in ids(section):
                raise UsageError(f"{path} line {number}: unknown {column} {values[column]!r} "
                                 f"(one of: {', '.join(sorted(ids(section)))})")
        if values["package"] not in names:
            raise UsageError(f"{path} line {number}: no package {values['package']!r} under the folder")
        manifest[names[values["package"]]] = {key: values.get(key) for key in MANIFEST_COLUMNS[1:]}
    return manifest


def _out_names(packages: list[Path]) -> dict[Path, str]:
    """A folder keeps its name; a zip loses ``.zip`` unless a folder of that name exists."""
    folders = {p.name for p in packages if p.is_dir()}
    return {p: (p.stem if p.is_file() and p.stem not in folders else p.name) for p in packages}


def plan_jobs(options: BatchOptions, packages: list[Path], hashes: FileHashes) -> list[Job]:
    manifest = read_manifest(options.manifest, packages) if options.manifest else {}
    names = _out_names(packages)
    tool = tool_digest(hashes)
    jobs = []
    for package in packages:
        target = manifest.get(package.name, {})
        common = options.check
        check = replace(common, package=package, city=target.get("city") or common.city,
                        kind=target.get("kind") or common.kind, scheme=target.get("scheme") or common.scheme)
        key = result_key(tool, package.name, package_fingerprint(package, hashes), _key_options(check, hashes))
        jobs.append(Job(name=package.name, out_name=names[package], check=check, out_dir=options.outdir / names[package],
                        key=key, lang=common.lang, show_personal_data=common.show_personal_data,
                        use_cache=options.use_cache))
    return jobs


def _key_options(check: CheckOptions, hashes: FileHashes) -> dict[str, Any]:
    values = asdict(replace(check, package=Path(check.package.name)))  # waivers included, as mappings
    if check.negative_list:  # the list's content, not only its name
        values["negative_list_sha256"] = hashes.digest(check.negative_list)
    return values


def _worker_init() -> None:
    # Ctrl-C is the parent's business: it stops the pool and keeps what was finished.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Parallelism comes from the processes: one OCR thread each (validator.ocr reads this).
    # onnxruntime's spinning thread pools lose to it badly on a busy machine: measured 28 s
    # a package with its default threads against 14 s with one (benchmarks/batch_bench.py).
    # A value the user set wins.
    os.environ.setdefault("DINGDIAN_OCR_THREADS", "1")


def _clear_outputs(out_dir: Path) -> None:
    for name in OUTPUT_FILES:
        (out_dir / name).unlink(missing_ok=True)


def run_job(job: Job) -> dict[str, Any]:
    """Checks one package and writes its files; every failure becomes the outcome's exit code and error."""
    started, cpu = perf_counter(), _cpu_seconds()
    try:
        from validator.check import run_check

        outcome, written = write_package_outputs(run_check(job.check), job)
    except DingdianError as error:
        outcome, written = failure_outcome(job, int(error.exit_code), str(error)), []
    except Exception as error:  # noqa: BLE001 - one broken package must not stop the batch
        outcome, written = failure_outcome(job, int(ExitCode.INTERNAL),
                                           f"internal error: {type(error).__name__}: {error}"), []
    if not written:
        _clear_outputs(job.out_dir)  # no stale report of an earlier run beside this failure
    outcome["seconds"] = round(perf_counter() - started, 3)
    outcome["cpu_seconds"] = round(_cpu_seconds() - cpu, 3)
    outcome["worker_max_rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if job.use_cache and outcome["exit_code"] != ExitCode.INTERNAL:
        ResultCache().put(job.key, outcome, written)
    return outcome


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def from_cache(job: Job) -> dict[str, Any] | None:
    """The stored outcome, its files copied to the package's output folder; None on a miss."""
    found = ResultCache().get(job.key) if job.use_cache else None
    if found is None:
        return None
    outcome, entry = found
    job.out_dir.mkdir(parents=True, exist_ok=True)
    _clear_outputs(job.out_dir)
    copied = []
    for name in OUTPUT_FILES:
        if (entry / name).is_file():
            copied.append(Path(shutil.copy2(entry / name, job.out_dir / name)))
    return {**outcome, "cached": True, "out": job.out_name, "reports": report_links(job, copied)}


Callback = Callable[..., None]


def _ignore(*_args: Any) -> None:
    return None


def run_batch(options: BatchOptions, started: Callback = _ignore, finished: Callback = _ignore,
              tick: Callback = _ignore, planned: Callback = _ignore) -> BatchResult:
    """Checks every package; Ctrl-C stops the pool and returns what was finished (``interrupted``)."""
    packages, skipped = find_packages(options.root, options.outdir)
    hashes = FileHashes()
    jobs = plan_jobs(options, packages, hashes)
    hashes.save()
    planned(len(jobs))
    options.outdir.mkdir(parents=True, exist_ok=True)
    outcomes: dict[str, dict[str, Any]] = {}
    result = BatchResult(outcomes=[], skipped=skipped)
    try:
        todo = []
        for job in jobs:
            cached = from_cache(job)
            if cached is None:
                todo.append(job)
            else:
                outcomes[job.name] = cached
                finished(cached)
        if todo:
            _run_pool(todo, options.jobs, outcomes, started, finished, tick)
    except KeyboardInterrupt:
        result.interrupted = True
    result.outcomes = [outcomes[job.name] for job in jobs if job.name in outcomes]
    return result


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _run_pool(jobs: list[Job], workers: int | None, outcomes: dict[str, dict[str, Any]],
              started: Callback, finished: Callback, tick: Callback) -> None:
    workers = max(1, min(workers or default_jobs(), len(jobs)))
    # fork: workers start fast and share the imported modules; no threads exist yet at that point.
    context = multiprocessing.get_context("fork") if os.name == "posix" else None
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_init)
    queue = list(reversed(jobs))
    running: dict[Future, Job] = {}
    try:
        while queue or running:
            while queue and len(running) < workers:  # only as many in flight as workers: the bar names them
                job = queue.pop()
                running[pool.submit(run_job, job)] = job
                started(job)
            done, _ = wait(list(running), timeout=0.5, return_when=FIRST_COMPLETED)
            for future in done:
                job = running.pop(future)
                outcomes[job.name] = _outcome_of(future, job)
                finished(outcomes[job.name])
            tick([job.name for job in running.values()])
    except KeyboardInterrupt:
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.terminate()  # in-flight packages are dropped; their outputs are written atomically
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _outcome_of(future: Future, job: Job) -> dict[str, Any]:
    try:
        return future.result()
    except Exception as error:  # noqa: BLE001 - a worker that died (killed, out of memory)
        return failure_outcome(job, int(ExitCode.INTERNAL), f"worker failed: {type(error).__name__}: {error}")
