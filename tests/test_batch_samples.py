"""The real pipeline in batch: a folder of sample packages (text documents, no OCR) plus a broken zip."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from openpyxl import load_workbook

from validator.cli import main
from validator.resources import data_file

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "packages"
NAMES = ("taiyuan-clinic-complete", "taiyuan-clinic-defective", "yangzhou-pharmacy-defective")


def run(*arguments: str) -> int:
    with pytest.raises(SystemExit) as done:
        main(["batch", *arguments])
    return done.value.code


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> tuple[Path, Path, Path]:
    root = tmp_path_factory.mktemp("intake")
    for name in NAMES:
        shutil.copytree(SAMPLES / name, root / name)
    (root / "损坏的申报.zip").write_bytes(b"PK\x03\x04 not really a zip")
    return root, tmp_path_factory.mktemp("out"), tmp_path_factory.mktemp("cache")


@pytest.fixture
def intake(folders, monkeypatch) -> tuple[Path, Path]:
    """The folders, with one cache for the whole module (the second run must find the first's results)."""
    root, out, cache = folders
    monkeypatch.setenv("DINGDIAN_CACHE_DIR", str(cache))
    return root, out


def expected(name: str) -> dict:
    return json.loads((SAMPLES / f"{name}.expected.json").read_text(encoding="utf-8"))


def test_summary_matches_the_samples(intake):
    root, out = intake
    assert run(str(root), "-o", str(out), "--as-of", "2026-11-23", "--jobs", "2") == 1
    sheet = load_workbook(out / "summary.xlsx").worksheets[0]
    header = [cell.value for cell in sheet[1]]
    rows = {row[0]: dict(zip(header, row)) for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert sorted(rows) == sorted([*NAMES, "损坏的申报.zip"])
    titles = {"complete": "材料齐全，符合受理条件", "incomplete": "材料不全或有误，需一次性补正"}
    for name in NAMES:
        assert rows[name]["审核结论"] == titles[expected(name)["verdict"]], name
    assert rows["taiyuan-clinic-complete"]["错误"] == 0
    # yangzhou 三(一)2 counts 5 working days from the applicant's receipt of the notice; taiyuan sets no limit
    assert rows["yangzhou-pharmacy-defective"]["补正期限"] == "自收到告知书之日起5个工作日内"
    assert rows["taiyuan-clinic-defective"]["补正期限"] == "未规定"
    assert rows["损坏的申报.zip"]["审核结论"].startswith("未能审核（退出码 4")


def test_outputs_per_package(intake):
    root, out = intake
    schema = json.loads(data_file("report.schema.json").read_text(encoding="utf-8"))
    for name in NAMES:
        report = json.loads((out / name / "report.json").read_text(encoding="utf-8"))
        jsonschema.validate(report, schema)
        codes = {finding["code"] for finding in report["findings"]}
        assert set(expected(name).get("codes", [])) <= codes, name
        assert (out / name / "report.html").read_text(encoding="utf-8").count(report["verdict_title"]) >= 1
        assert (out / name / "notice.docx").stat().st_size > 0


def test_second_run_comes_from_the_cache(intake, capsys):
    root, out = intake
    before = (out / "taiyuan-clinic-defective" / "report.json").read_bytes()
    capsys.readouterr()
    assert run(str(root), "-o", str(out), "--as-of", "2026-11-23") == 1
    assert "已审核 4 个材料包（4 个未改动，取自缓存）" in capsys.readouterr().err
    assert (out / "taiyuan-clinic-defective" / "report.json").read_bytes() == before
