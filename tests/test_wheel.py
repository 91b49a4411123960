"""A wheel built from the repo carries the checklists and forms and runs from any directory.

The wheel goes into a fresh venv that sees this environment's packages through a .pth file (the
dependencies, offline), whether the tests run in a venv or not: a venv made with
``system_site_packages`` would see the base interpreter's packages, not an outer venv's.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "samples" / "packages" / "weihai-clinic-pooled-complete"


@pytest.mark.slow
def test_wheel_installs_and_checks_a_sample_from_elsewhere(tmp_path):
    wheels = tmp_path / "wheels"
    # Built from a copy: setuptools leaves build/ and egg-info behind in the tree it builds.
    source = tmp_path / "source"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(
        ".git", "build", "*.egg-info", "__pycache__", ".hypothesis", "samples", "tests", "benchmarks"))
    # No build isolation and no index: the build uses what is installed, offline.
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q",
         "-w", str(wheels), str(source)])
    wheel = next(wheels.glob("dingdian-*.whl"))
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    inner = run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip()
    # This environment's package folders, after the venv's own (a .pth line only extends sys.path:
    # the .pth files there, e.g. an editable install of dingdian, are not processed).
    outer = [path for path in sys.path if path.endswith("site-packages") and Path(path).is_dir()]
    Path(inner, "outer-environment.pth").write_text("\n".join(outer) + "\n", encoding="utf-8")
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "-q", str(wheel)])
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = run([str(python), "-c", "import validator, dingdian_checklists, dingdian_forms; print(validator.__file__)"],
                cwd=elsewhere).stdout
    assert str(env_dir) in where
    assert run([str(python), "-m", "validator", "--version"], cwd=elsewhere).stdout.startswith("dingdian, version")
    completed = run([str(env_dir / "bin" / "dingdian"), "check", str(SAMPLE), "--format", "json",
                     "--as-of", "2026-11-23"], cwd=elsewhere)
    report = json.loads(completed.stdout)
    assert report["city"] == "weihai" and report["verdict"] == "complete" and report["materials"]


def run(args: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess:
    """A child that must succeed; when it does not, the failure shows its stderr (a traceback)."""
    completed = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=900)
    assert completed.returncode == 0, f"{args[0]} exited {completed.returncode}:\n{completed.stderr}"
    return completed
