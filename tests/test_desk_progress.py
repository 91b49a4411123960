"""A running check says how far it is: the check process reports each file read through a queue, the
worker writes the latest count to the version while it runs, and the case page polls it."""
from __future__ import annotations

import multiprocessing
import queue
from datetime import date

import pytest
import sqlalchemy as sa

from test_desk_support import REPO
from validator.desk import worker
from validator.desk.database import make_engine, migrate
from validator.desk.register import CaseFields, Upload, create_case
from validator.desk.settings import make_settings
from validator.desk.tables import versions
from validator.rules.context import CheckOptions

SAMPLE = REPO / "samples/packages/yangzhou-pharmacy-defective"


@pytest.fixture
def engine(tmp_path):
    engine = make_engine(make_settings(tmp_path / "data").db_url)
    migrate(engine)
    return engine


def _version(engine, status: str) -> int:
    with engine.begin() as conn:
        _, version_id = create_case(conn, "clerk", Upload("0" * 64, 1, "a.zip"), CaseFields(received=date(2026, 11, 2)))
        conn.execute(sa.update(versions).where(versions.c.id == version_id).values(check_status=status))
    return version_id


def _counts(engine, version_id: int) -> tuple:
    with engine.connect() as conn:
        row = conn.execute(sa.select(versions.c.files_done, versions.c.files_total)
                           .where(versions.c.id == version_id)).one()
    return tuple(row)


def test_the_latest_count_of_a_running_check_is_written(engine):
    running, finished = _version(engine, "running"), _version(engine, "done")
    progress = queue.Queue()  # the worker's is a multiprocessing queue: the same get_nowait
    for message in ((running, 1, 4), (running, 2, 4), (finished, 3, 3)):
        progress.put(message)
    worker._record_progress(engine, progress)
    assert _counts(engine, running) == (2, 4)  # the latest wins
    assert _counts(engine, finished) == (None, None)  # a late count of a finished check is dropped
    worker._record_progress(engine, progress)  # nothing new: nothing changes
    assert _counts(engine, running) == (2, 4)


def test_the_check_process_reports_every_file(monkeypatch):
    progress = multiprocessing.get_context("spawn").Queue()
    monkeypatch.setattr(worker, "_PROGRESS", None)
    monkeypatch.setattr(worker.signal, "signal", lambda *args: None)  # this test process keeps its Ctrl-C
    worker._child_init(progress)
    options = CheckOptions(package=SAMPLE, city="yangzhou", as_of=date(2026, 11, 23))
    report = worker.report_in_child(options, "申报材料.zip", "zh", 7)
    messages = [progress.get(timeout=10) for _ in report["inputs"]]
    total = len(report["inputs"])
    assert messages == [(7, done, total) for done in range(1, total + 1)]  # the profile.yaml included
    assert any(item["file"] == "profile.yaml" for item in report["inputs"])


def test_claiming_a_version_again_forgets_its_old_count(engine):
    version_id = _version(engine, "queued")
    with engine.begin() as conn:
        conn.execute(sa.update(versions).where(versions.c.id == version_id).values(files_done=5, files_total=5))
    assert worker.claim_next(engine) == version_id
    assert _counts(engine, version_id) == (None, None)


def test_a_database_that_cannot_take_the_count_does_not_fail_the_check(engine, caplog):
    running = _version(engine, "running")
    progress = queue.Queue()
    progress.put((running, 1, 2))
    engine.dispose()
    broken = sa.create_engine("sqlite:///" + "/nonexistent/folder/register.db")
    worker._record_progress(broken, progress)  # logged, not raised
    assert "could not record the progress" in caplog.text
    assert _counts(engine, running) == (None, None)
