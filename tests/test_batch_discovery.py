"""Batch finds packages as a person sees them (validator/batch/discovery.py): folders of packages
at any depth are searched, folders without package material are skipped with a note."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from test_html import make_report
from validator.batch.discovery import find_packages, is_material

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"


def sample_names() -> list[str]:
    """The sample packages samples/packages.yaml builds (their count is the data's, not the test's)."""
    spec = yaml.safe_load((SAMPLES / "packages.yaml").read_text(encoding="utf-8"))
    return sorted(package["name"] for package in spec["packages"])


def quick_check(options):
    """A stand-in for run_check: the batch's discovery is under test, not the check."""
    return make_report(package=str(options.package), findings=[], city="taiyuan", kind="clinic", as_of=options.as_of)


def test_samples_folder_holds_the_sample_packages_and_skips_code_and_profiles():
    packages, skipped = find_packages(SAMPLES)
    assert [p.relative_to(SAMPLES).as_posix() for p in packages] == [f"packages/{n}" for n in sample_names()]
    assert "profiles" in skipped and "synth" in skipped and "README.md" in skipped
    assert not any(name.endswith(".expected.json") for name in skipped)


def test_groups_at_any_depth_and_folders_without_material(tmp_path):
    deep = tmp_path / "2026" / "11" / "东区" / "某诊所"
    (deep / "扫描件").mkdir(parents=True)
    (deep / "说明.txt").write_text("x", encoding="utf-8")
    (deep / "扫描件" / "IMG_0001").write_bytes(b"\xff\xd8\xff")  # a phone photo without an extension
    (tmp_path / "某药店.pdf").write_bytes(b"%PDF")  # a loose file beside packages
    code = tmp_path / "tools" / "__pycache__"
    code.mkdir(parents=True)
    (tmp_path / "tools" / "build.py").write_text("pass\n")
    (code / "build.cpython-311.pyc").write_bytes(b"\0")
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "weihai.yaml").write_text("city: weihai\n")
    (tmp_path / "only-profile").mkdir()
    (tmp_path / "only-profile" / "profile.yaml").write_text("city: weihai\n")  # a package's own profile
    packages, skipped = find_packages(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in packages] == ["2026/11/东区/某诊所", "only-profile"]
    assert skipped == ["profiles", "tools", "某药店.pdf"]


@pytest.mark.parametrize(("name", "material"), [
    ("执业许可证.pdf", True), ("IMG_0001", True), ("profile.yaml", True), ("扫描.JPG", True), ("表.et", True),
    ("weihai.yaml", False), ("build.py", False), ("README.md", False), ("x.expected.json", False)])
def test_material(name, material):
    assert is_material(Path(name)) is material


def test_batch_of_the_samples_folder_checks_the_sample_packages(tmp_path, monkeypatch, capsys):
    from validator.batch import runner
    from validator.cli import main

    original = runner.default_engine
    monkeypatch.setattr(runner, "default_engine", lambda options, packages: original(
        replace(options, checker=quick_check, jobs=1), packages))
    with pytest.raises(SystemExit):
        main(["batch", str(SAMPLES), "-o", str(tmp_path / "out"), "--as-of", "2026-11-23"])
    err = capsys.readouterr().err
    assert f"已审核 {len(sample_names())} 个材料包" in err
    assert "profiles" in err and "synth" in err  # the note, not a failure
    assert "0 个无法审核" in err
