"""Batch on a Dask LocalCluster of 2 workers: a worker killed by a package, a resumed run, and
the same outputs as the process pool on the samples."""
from __future__ import annotations

import json
import shutil
import sys
from importlib.util import find_spec
from pathlib import Path

import pytest
from docx import Document as Docx
from openpyxl import load_workbook

from batch_stand_in import by_package, log_checks, make_packages, options, stand_in_check
from validator.batch.runner import BatchEvents, run_batch
from validator.batch.dask_engine import DaskEngine, parse_cluster
from validator.cli import main
from validator.errors import UsageError

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "packages"


@pytest.fixture
def checked(monkeypatch, tmp_path):
    return log_checks(monkeypatch, tmp_path)


def engine(load_ocr: bool = False) -> DaskEngine:
    return DaskEngine(workers=2, checker=stand_in_check, load_ocr=load_ocr)


def test_cluster_option_is_local_or_local_n():
    assert (parse_cluster("local"), parse_cluster("local:3")) == (None, 3)
    for wrong in ("local:0", "local:x", "tcp://host:8786", "remote:2"):
        with pytest.raises(UsageError, match="local:N"):
            parse_cluster(wrong)
    with pytest.raises(UsageError, match="--worker-memory"):
        DaskEngine(workers=1, memory_limit="lots")
    with pytest.raises(UsageError, match="give fewer workers"):  # checked before any process starts
        DaskEngine(workers=4, memory_limit="100TiB")._connect()


def test_workers_with_other_code_are_refused():
    class OtherWorkers:  # what a scheduler's client answers when a worker runs another checkout
        def wait_for_workers(self, count, timeout):
            return None

        def run(self, function):
            return {"tcp://10.0.0.7:40000": "digest of another dingdian", "tcp://10.0.0.8:40000": function()}

    with pytest.raises(UsageError, match="other dingdian code or checklists"):
        DaskEngine(workers=1)._check_workers(OtherWorkers())


def test_without_the_extra_the_cluster_options_say_how_to_install_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed → ImportError
    root = make_packages(tmp_path / "in", {"a": "complete"})
    with pytest.raises(SystemExit) as done:
        main(["batch", str(root), "-o", str(tmp_path / "out"), "--cluster", "local:2"])
    assert done.value.code == 2
    assert "pip install 'dingdian[cluster]'" in capsys.readouterr().err


@pytest.mark.slow  # starts a Dask scheduler and workers
def test_killed_worker_is_retried_once_then_its_own_failed_row(tmp_path, checked):
    root = make_packages(tmp_path / "in", {"a": "complete", "b": "die", "c": "incomplete"})
    seen = []

    class Events(BatchEvents):
        def engine(self, description, dashboard):
            seen.append(description)
            # the dashboard needs bokeh: without it no address (and no error)
            assert (dashboard is None) == (find_spec("bokeh") is None)

    result = run_batch(options(tmp_path, root), Events(), engine())
    rows = by_package(result)
    assert (rows["b"].exit_code, rows["b"].attempts) == (70, 2) and "KilledWorker" in rows["b"].error
    assert (rows["a"].verdict, rows["c"].verdict) == ("complete", "incomplete")
    assert checked().count("b") == 2
    assert seen[0]["kind"] == "dask" and seen[0]["workers"] == 2 and seen[0]["memory"] == [2 * 2**30]
    assert (tmp_path / "out" / "c" / "report.html").is_file()


@pytest.mark.slow
def test_a_worker_over_its_memory_limit_is_restarted_and_the_package_is_its_own_failed_row(tmp_path, checked):
    root = make_packages(tmp_path / "in", {"a": "complete", "b": "hog"})
    hungry = DaskEngine(workers=1, checker=stand_in_check, load_ocr=False, memory_limit="500MiB")
    rows = by_package(run_batch(options(tmp_path, root), BatchEvents(), hungry))
    assert rows["a"].verdict == "complete"
    assert rows["b"].exit_code == 70 and "KilledWorker" in rows["b"].error


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
def test_each_worker_loads_the_ocr_model_once_before_its_first_package_with_one_thread_and_glibcs_malloc(tmp_path, checked):
    root = make_packages(tmp_path / "in", {name: "probe" for name in "abcdef"})
    run_batch(options(tmp_path, root), BatchEvents(), engine(load_ocr=True))
    probes = [line.split(":")[1:] for line in checked() if line.startswith("probe:")]
    assert len(probes) == 6
    assert {(loaded, threads) for _pid, loaded, threads, _trim in probes} == {("1", "1")}
    assert len({pid for pid, *_ in probes}) <= 2  # two worker processes served them all
    # Dask's nanny would set it, which costs OCR 40 % more CPU (validator/batch/dask_engine.py LOCAL_CONFIG)
    assert {trim for *_, trim in probes} == {"unset"}


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


@pytest.mark.slow
def test_an_existing_scheduler_gets_the_packages(tmp_path, checked):
    from distributed import LocalCluster
    root = make_packages(tmp_path / "in", {"a": "complete", "b": "incomplete"})
    seen = []

    class Events(BatchEvents):
        def engine(self, description, dashboard):
            seen.append(description)

    with LocalCluster(n_workers=1, threads_per_worker=1, memory_limit="1GiB", dashboard_address=":0") as cluster:
        remote = DaskEngine(scheduler=cluster.scheduler_address, checker=stand_in_check, load_ocr=False)
        result = run_batch(options(tmp_path, root), Events(), remote)
        assert cluster.scheduler_info["workers"]  # the client closed; the scheduler and its worker stay
    assert [(o.package, o.verdict) for o in result.outcomes] == [("a", "complete"), ("b", "incomplete")]
    assert seen == [{"kind": "dask", "where": cluster.scheduler_address, "workers": 1, "threads": 1,
                     "memory": [2**30]}]
    with pytest.raises(UsageError, match="cannot reach the Dask scheduler"):
        DaskEngine(scheduler="tcp://127.0.0.1:9", checker=stand_in_check)._connect()
