"""The whole check (run_check and the ``dingdian check`` command) over the hostile corpus:
a report or a one-line error with exit status < 70, never a traceback or a hang, the
package untouched, no network, nothing written outside the temporary folders."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import pytest

from hostile_corpus import case_names, guarded, shared_corpus, snapshot
from validator.rules.context import CheckOptions
from validator.errors import DingdianError, ExitCode
from validator.intake.limits import time_limit

WATCHDOG_SECONDS = 120
# One input of each family for the command-line run (each costs an interpreter start).
CLI_CASES = ["pdf_deep_nesting", "pdf_encrypted_real_password", "image_png_bomb", "zip_slip", "zip_encrypted",
             "docx_billion_laughs", "non_utf8_names", "fifo", "symlinks_out", "xlsm_macros"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return shared_corpus(tmp_path_factory)


# Inputs whose pages or images reach OCR (blank or damaged scans), for the run with OCR on.
OCR_CASES = ["pdf_lying_page_count", "pdf_deep_nesting", "image_truncated_png", "wrong_extensions"]


def check_guarded(case, ocr: bool, monkeypatch, tmp_path_factory):
    """run_check under the guards: the report, or None after a one-line error (exit < 70)."""
    from validator.check.pipeline import run_check

    before = snapshot(case.home)
    report = None
    with guarded(monkeypatch, tmp_path_factory.getbasetemp()) as recorder:
        try:
            with time_limit(WATCHDOG_SECONDS, f"checking {case.name}"):
                report = run_check(CheckOptions(package=case.package, city="weihai", kind="clinic",
                                                scheme="pooled", as_of=date(2025, 6, 1), ocr=ocr))
        except DingdianError as error:
            assert error.exit_code < ExitCode.INTERNAL and "\n" not in str(error)
    assert snapshot(case.home) == before
    assert recorder.violations == []
    return report


@pytest.mark.slow
@pytest.mark.parametrize("name", OCR_CASES)
def test_run_check_with_ocr(name, corpus, monkeypatch, tmp_path_factory):
    report = check_guarded(corpus[name], True, monkeypatch, tmp_path_factory)
    assert report is not None
    report.to_dict("zh")


@pytest.mark.parametrize("name", case_names())
def test_run_check_gives_a_report_or_a_one_line_error(name, corpus, monkeypatch, tmp_path_factory):
    case = corpus[name]
    report = check_guarded(case, False, monkeypatch, tmp_path_factory)
    if report is not None:
        report.to_dict("zh")  # the report renders
        codes = {finding.code for finding in report.findings}
        assert case.expect - {"InputError"} <= codes


@pytest.mark.parametrize("name", CLI_CASES)
def test_dingdian_check_never_shows_a_traceback(name, corpus, tmp_path):
    case = corpus[name]
    before = snapshot(case.home)
    result = subprocess.run(
        [sys.executable, "-m", "validator", "check", str(case.package), "--city", "weihai", "--kind", "clinic",
         "--scheme", "pooled", "--as-of", "2025-06-01", "--no-ocr", "--format", "json"],
        capture_output=True, timeout=WATCHDOG_SECONDS, cwd=tmp_path,
        env=dict(os.environ, DINGDIAN_CACHE_DIR=str(tmp_path / "cache")))
    assert result.returncode < 70, result.stderr.decode(errors="replace")
    assert b"Traceback" not in result.stderr
    if result.returncode == ExitCode.INPUT:
        assert len(result.stderr.decode().strip().splitlines()) == 1
    assert snapshot(case.home) == before
    assert sorted(p.name for p in tmp_path.iterdir()) in ([], ["cache"])
