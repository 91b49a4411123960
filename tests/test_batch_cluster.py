"""Batch on a Dask LocalCluster of 2 workers: a worker killed by a package, a resumed run, and
the same outputs as the process pool on the samples."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from docx import Document as Docx
from openpyxl import load_workbook

from test_batch import by_package, checked, make_packages, options  # noqa: F401 - checked is a fixture
from validator.batch import BatchEvents, run_batch
from validator.batch_dask import DaskEngine, parse_cluster
from validator.cli import main
from validator.errors import UsageError

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "packages"


def engine(load_ocr: bool = False) -> DaskEngine:
    from test_batch import stand_in_check

    return DaskEngine(workers=2, checker=stand_in_check, load_ocr=load_ocr)


def test_cluster_option_is_local_or_local_n():
    assert (parse_cluster("local"), parse_cluster("local:3")) == (None, 3)
    for wrong in ("local:0", "local:x", "tcp://host:8786", "remote:2"):
        with pytest.raises(UsageError, match="local:N"):
            parse_cluster(wrong)
    with pytest.raises(UsageError, match="--worker-memory"):
        DaskEngine(workers=1, memory_limit="lots")


@pytest.mark.slow  # starts a Dask scheduler and workers
def test_killed_worker_is_retried_once_then_its_own_failed_row(tmp_path, checked):
    root = make_packages(tmp_path / "in", {"a": "complete", "b": "die", "c": "incomplete"})
    seen = []

    class Events(BatchEvents):
        def engine(self, description, dashboard):
            seen.append(description)

    result = run_batch(options(tmp_path, root), Events(), engine())
    rows = by_package(result)
    assert (rows["b"].exit_code, rows["b"].attempts) == (70, 2) and "KilledWorker" in rows["b"].error
    assert (rows["a"].verdict, rows["c"].verdict) == ("complete", "incomplete")
    assert checked().count("b") == 2
    assert seen[0]["kind"] == "dask" and seen[0]["workers"] == 2 and seen[0]["memory"] == [2 * 2**30]
    assert (tmp_path / "out" / "c" / "report.html").is_file()


@pytest.mark.slow
def test_interrupted_run_resumes_with_what_is_missing(tmp_path, checked):
    root = make_packages(tmp_path / "in", {"a": "complete", "b": "incomplete", "c": "complete"})

    class StopAfterTwo(BatchEvents):
        count = 0

        def finished(self, outcome):
            self.count += 1
            if self.count == 2:
                raise KeyboardInterrupt

    first = run_batch(options(tmp_path, root), StopAfterTwo(), engine())
    assert first.interrupted and len(first.outcomes) == 2
    done = {o.package for o in first.outcomes}
    again = run_batch(options(tmp_path, root), BatchEvents(), engine())
    assert {o.package for o in again.outcomes if o.cached} == done
    assert {o.package for o in again.outcomes if not o.cached} == {"a", "b", "c"} - done


@pytest.mark.slow
def test_each_worker_loads_the_ocr_model_once_before_its_first_package_and_uses_one_thread(tmp_path, checked):
    root = make_packages(tmp_path / "in", {name: "probe" for name in "abcdef"})
    run_batch(options(tmp_path, root), BatchEvents(), engine(load_ocr=True))
    probes = [line.split(":")[1:] for line in checked() if line.startswith("probe:")]
    assert len(probes) == 6
    assert {(loaded, threads) for _pid, loaded, threads in probes} == {("1", "1")}
    assert len({pid for pid, _loaded, _threads in probes}) <= 2  # two worker processes served them all


def report_fields(path: Path) -> dict:
    """report.json without the timings, which differ from run to run."""
    report = json.loads(path.read_text(encoding="utf-8"))
    timings = {key for key in report["stats"] if key.endswith("seconds")}
    assert timings == {"read_seconds", "seconds"}  # a new volatile field must be named here
    report["stats"] = {key: value for key, value in report["stats"].items() if key not in timings}
    return report


@pytest.mark.slow  # OCR of the samples' scans, and a Dask cluster
def test_pool_and_cluster_write_the_same_outputs(tmp_path):
    root = tmp_path / "in"
    for sample in sorted(SAMPLES.iterdir()):
        if sample.is_dir():
            shutil.copytree(sample, root / sample.name)
    runs = {"pool": ["--jobs", "2"], "cluster": ["--cluster", "local:2"]}
    for name, engine_options in runs.items():
        with pytest.raises(SystemExit) as done:
            main(["batch", str(root), "-o", str(tmp_path / name), "--as-of", "2026-11-23", "--no-cache",
                  *engine_options])
        assert done.value.code == 1
    pool, cluster = tmp_path / "pool", tmp_path / "cluster"
    packages = sorted(p.name for p in root.iterdir())
    for package in packages:
        assert report_fields(pool / package / "report.json") == report_fields(cluster / package / "report.json")
        assert (pool / package / "report.html").read_bytes() == (cluster / package / "report.html").read_bytes()
        if (pool / package / "notice.docx").exists():
            texts = [[p.text for p in Docx(run / package / "notice.docx").paragraphs] for run in (pool, cluster)]
            assert texts[0] == texts[1]
    sheets = [load_workbook(run / "summary.xlsx") for run in (pool, cluster)]
    for left, right in zip(*(book.worksheets for book in sheets)):
        assert [[c.value for c in row] for row in left.iter_rows()] == [[c.value for c in row] for row in right.iter_rows()]
    assert len(list(sheets[0].worksheets[0].iter_rows())) == len(packages) + 1
