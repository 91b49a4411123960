"""Replays every input that once crashed a parser (kept in tests/regressions/, found by fuzzing).

Each file must be sniffed, listed inside a package and read without an exception
other than InputError, and give its findings in bounded time.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from validator.errors import InputError
from validator.intake.limits import time_limit
from validator.intake.package import open_package
from validator.intake.sniff import sniff

REGRESSIONS = sorted((Path(__file__).parent / "regressions").glob("*.*"))


@pytest.mark.parametrize("path", REGRESSIONS, ids=[p.name for p in REGRESSIONS])
def test_crash_input_is_handled(path, tmp_path):
    from validator.readers import read_file

    data = path.read_bytes()
    sniff(data)
    shutil.copy(path, tmp_path / path.name)
    with time_limit(60, f"replaying {path.name}"):
        for pfile in open_package(tmp_path).files:
            try:
                read_file(pfile, ocr=False)
            except InputError:
                pass


def test_regressions_folder_holds_only_inputs():
    folder = Path(__file__).parent / "regressions"
    assert REGRESSIONS and all(p.is_file() for p in folder.iterdir() if p.name != "README.md")
