"""A wheel built from the repo carries the checklists and forms and runs from any directory."""
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
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "--no-index", "-q", "-w", str(wheels), str(source)], check=True)
    wheel = next(wheels.glob("dingdian-*.whl"))
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                    "--no-index", "-q", str(wheel)], check=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.run([str(python), "-c", "import validator, dingdian_checklists, dingdian_forms;"
                            "print(validator.__file__)"], cwd=elsewhere, capture_output=True, text=True,
                           check=True).stdout
    assert str(env_dir) in where
    completed = subprocess.run([str(env_dir / "bin" / "dingdian"), "check", str(SAMPLE), "--format", "json",
                                "--as-of", "2026-11-23"], cwd=elsewhere, capture_output=True, text=True)
    assert completed.returncode in (0, 1), completed.stderr
    report = json.loads(completed.stdout)
    assert report["city"] == "weihai" and report["materials"]
