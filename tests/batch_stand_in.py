"""A stand-in for run_check for batch tests: each package's ``state.txt`` says what it is.

The stand-in is handed to the batch as its checker (``BatchOptions.checker``); spawned
workers (process pool, Dask) import it from this module.  Every call appends the package
name to a log, so tests can tell which packages were really checked and which came from
the cache.
"""
from __future__ import annotations

import os
import time
import zipfile
from dataclasses import replace
from pathlib import Path

from test_html import make_report
from validator.batch.runner import BatchOptions
from validator.rules.context import CheckOptions
from validator.errors import InputError


def stand_in_check(options):
    """``state.txt`` in the package decides: complete, incomplete, broken, crash, die, hog, probe or slow."""
    package = Path(options.package)
    with open(os.environ["BATCH_TEST_LOG"], "a", encoding="utf-8") as log:
        log.write(package.name + "\n")
    if package.suffix == ".zip":
        with zipfile.ZipFile(package) as archive:
            state = archive.read("state.txt").decode()
    else:
        state = (package / "state.txt").read_text(encoding="utf-8").strip()
    if state == "broken":
        raise InputError(f"{package.name}: not a readable package")
    if state == "crash":
        raise ZeroDivisionError("bug")
    if state == "die":  # a hostile file that takes its worker process down with it
        os._exit(3)
    if state == "hog":  # a file that makes the check swell past any sane memory limit
        ballast = b"x" * (800 << 20)
        time.sleep(20)
        del ballast
    if state == "probe":  # what the worker process was set up with
        from validator.readers import ocr
        with open(os.environ["BATCH_TEST_LOG"], "a", encoding="utf-8") as log:
            log.write(f"probe:{os.getpid()}:{ocr._engine.cache_info().currsize}:{ocr.settings().threads}:"
                      f"{os.environ.get('MALLOC_TRIM_THRESHOLD_', 'unset')}\n")
    if state == "slow":
        time.sleep(30)
    findings = [] if state == "complete" else None
    return make_report(package=str(package), findings=findings, city=options.city or "taiyuan",
                       kind=options.kind or "clinic", as_of=options.as_of)


def log_checks(monkeypatch, tmp_path: Path):
    """Logs the stand-in's calls; returns a function that reads the log of checked packages.
    The CLI tests reach the stand-in through the default engine's checker."""
    from validator.batch import runner as batch

    log = tmp_path / "checked.log"
    log.touch()
    monkeypatch.setenv("BATCH_TEST_LOG", str(log))
    original = batch.default_engine
    monkeypatch.setattr(batch, "default_engine", lambda options, packages: original(
        replace(options, checker=stand_in_check), packages))
    return lambda: sorted(log.read_text(encoding="utf-8").split())


def make_packages(root: Path, states: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, state in states.items():
        if name.endswith(".zip"):
            with zipfile.ZipFile(root / name, "w") as archive:
                archive.writestr("state.txt", state)
        else:
            (root / name / "扫描件").mkdir(parents=True)
            (root / name / "state.txt").write_text(state, encoding="utf-8")
            (root / name / "扫描件" / "执业许可证.pdf").write_bytes(b"%PDF-1.4 stand-in")
    return root


def options(tmp_path: Path, root: Path, jobs: int = 2, outdir: Path | None = None, manifest: Path | None = None,
            **check) -> BatchOptions:
    return BatchOptions(root=root, outdir=outdir or tmp_path / "out", jobs=jobs, manifest=manifest,
                        check=CheckOptions(package=root, **check), checker=stand_in_check)


def by_package(result) -> dict:
    return {outcome.package: outcome for outcome in result.outcomes}
