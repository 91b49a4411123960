"""The README's first command block, run as a new user would: in a copy of the repository, a fresh
virtual environment, pip from the package index. It ends with the exit status the README announces."""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def blocks() -> list[str]:
    return re.findall(r"```sh\n(.*?)```", (REPO / "README.md").read_text(encoding="utf-8"), re.S)


def test_the_first_block_sets_up_a_venv_and_checks_a_sample_and_the_second_runs_the_tests():
    first, second = blocks()[:2]
    assert "\npython3 -m venv .venv && . .venv/bin/activate\n" in first
    assert "pip install -q -e '.[test,cluster]'" in first and "dingdian check samples/packages/" in first
    assert 'echo "exit status: $?"' in first
    assert second.strip().startswith("bash .ci/run")


def _extras(text: str) -> set[str]:
    return {extra for found in re.findall(r"pip install [^\n]*-e '\.\[([a-z,]+)\]'", text) for extra in found.split(",")}


def test_the_readme_installs_what_the_tests_need():
    """The fast tier is green after the first block: it installs the extras CI installs (the Dask
    tests need `cluster`), and the inner loop prints its closing "N passed" line (pyproject's
    addopts already has -q; a second -q would hide it)."""
    assert _extras(blocks()[0]) == _extras((REPO / ".ci" / "run").read_text(encoding="utf-8")) == {"test", "cluster"}
    inner = next(line for block in blocks() for line in block.splitlines() if '-m "not slow"' in line)
    command = inner.split("#")[0]
    assert command.split()[:3] == ["python", "-m", "pytest"] and " -q" not in command
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^addopts = "-q"$', pyproject, re.M)


def _index_reachable() -> bool:
    try:
        socket.create_connection(("pypi.org", 443), timeout=5).close()
        return True
    except OSError:
        return False


@pytest.mark.slow
@pytest.mark.skipif(not _index_reachable(), reason="installs from the package index, as the README does")
def test_the_first_block_works_in_a_fresh_venv(tmp_path):
    copy = tmp_path / "dingdian"
    shutil.copytree(REPO, copy, ignore=shutil.ignore_patterns(".git", ".venv", "build", "*.egg-info", "__pycache__",
                                                               ".hypothesis", "tests", "benchmarks"))
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("VIRTUAL_ENV", "PYTHONPATH", "DINGDIAN_LANG", "PYTHONHOME")}
    environment["PATH"] = os.pathsep.join(part for part in environment["PATH"].split(os.pathsep)
                                          if not part.startswith(os.environ.get("VIRTUAL_ENV") or "\0"))
    environment["DINGDIAN_CACHE_DIR"] = str(tmp_path / "cache")
    # Without its `sudo apt-get` line: the system packages are .ci/run's to install, and a test runs unprivileged.
    block = "\n".join(line for line in blocks()[0].splitlines() if not line.startswith("sudo "))
    completed = subprocess.run(["bash", "-c", block], cwd=copy, capture_output=True, text=True,
                               env=environment, timeout=3600)
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert "结论: 材料不全或有误，需一次性补正" in completed.stdout
    assert completed.stdout.rstrip().endswith("exit status: 1")  # as the README says, and why
    assert "exit status 1" in (REPO / "README.md").read_text(encoding="utf-8")
