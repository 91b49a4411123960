"""What a text check imports: only what its files need (benchmarks/check_speed.py measures the time)."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from validator.domain.profile import profile_from_mapping

REPO = Path(__file__).resolve().parent.parent
SCRIPT = """
import sys
from validator.cli import main
try:
    main(["check", "--city", "taiyuan", "--kind", "clinic", "--as-of", "2026-11-23", "--format", "json", sys.argv[1]])
except SystemExit:
    pass
print(*(name in sys.modules for name in ("stdnum", "concurrent.futures")), file=sys.stderr)
"""


def test_a_text_check_with_a_profile_imports_no_stdnum_and_no_thread_pool(tmp_path):
    package = tmp_path / "package"
    shutil.copytree(REPO / "samples" / "packages" / "taiyuan-clinic-complete", package)
    env = {"DINGDIAN_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    completed = subprocess.run([sys.executable, "-c", SCRIPT, str(package)], capture_output=True, text=True,
                               env=env, cwd=REPO, check=True)
    assert completed.stderr.split()[-2:] == ["False", "False"]


def test_a_check_leaves_the_profile_check_digit_warnings_to_fill():
    data = {"city": "taiyuan", "kind": "clinic", "institution_name": "某门诊部", "uscc": "91140105158813998X"}
    assert profile_from_mapping(data).warnings  # as `dingdian fill` loads it
    assert profile_from_mapping(data, warn=False).warnings == ()
