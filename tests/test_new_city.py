"""Adding a city is data and templates only: a throw-away city in a temporary folder
(DINGDIAN_EXTRA_DATA: its checklist extends national, its catalog names one form template)
is listed, filled and checked by the installed code, with no Python added."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from docx import Document

from validator.cli import main
from validator.resources import list_cities

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "profiles"


def _city(folder: Path) -> None:
    (folder / "checklists").mkdir(parents=True)
    (folder / "checklists" / "qingdao.yaml").write_text(yaml.safe_dump({
        "city": "qingdao", "extends": "national", "title": "青岛市（测试用，非真实城市清单）", "version": "test",
        "effective": "2026-01-01", "sources": {"004_b66d6adc241eb53e.txt": "威海（借用）"},
        "agency": {"name": "青岛市医疗保障服务中心", "from_seed": False},
    }, allow_unicode=True), encoding="utf-8")
    (folder / "forms" / "qingdao").mkdir(parents=True)
    template = Document()
    template.add_paragraph("青岛市医疗机构定点申请表")
    table = template.add_table(rows=0, cols=2)
    for label, variable in (("机构名称", "institution_name"), ("统一社会信用代码", "uscc"), ("地址", "address"),
                            ("法定代表人", "legal_representative")):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, "{{ " + variable + " }}"
    template.save(folder / "forms" / "qingdao" / "application_form.docx")
    (folder / "forms" / "catalog.yaml").write_text(yaml.safe_dump({"forms": [{
        "id": "qingdao-application", "title": "青岛市医疗机构定点申请表", "city": "qingdao",
        "kinds": ["hospital", "clinic"], "procedure": "application", "material": "application_form",
        "template": "qingdao/application_form.docx", "output": "申请表.docx",
        "needs": ["institution_name", "uscc", "address", "legal_representative"],
        "source": "004_b66d6adc241eb53e.txt 六"}]}, allow_unicode=True), encoding="utf-8")


def _main(capsys, *args: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as done:
        main(list(args))
    return done.value.code, capsys.readouterr().out


def test_a_city_from_a_folder_is_filled_and_checked(tmp_path, monkeypatch, capsys):
    _city(tmp_path / "extra")
    monkeypatch.setenv("DINGDIAN_EXTRA_DATA", str(tmp_path / "extra"))
    assert "qingdao" in list_cities()
    code, out = _main(capsys, "forms", "--city", "qingdao")
    assert code == 0 and "qingdao-application" in out
    profile = yaml.safe_load((SAMPLES / "harbin.yaml").read_text(encoding="utf-8"))
    (tmp_path / "qingdao.yaml").write_text(yaml.safe_dump({**profile, "city": "qingdao"}, allow_unicode=True),
                                           encoding="utf-8")
    code, out = _main(capsys, "fill", "--all", "--city", "qingdao", "--profile", str(tmp_path / "qingdao.yaml"),
                      "-o", str(tmp_path / "package"))
    assert code == 0 and out.split() == [str(tmp_path / "package" / "01-申请表.docx")]
    filled = Document(str(tmp_path / "package" / "01-申请表.docx"))
    assert filled.tables[0].cell(0, 1).text == profile["institution_name"]

    code, out = _main(capsys, "check", str(tmp_path / "package"), "--city", "qingdao", "--kind", "clinic",
                      "--as-of", "2026-11-23", "--format", "json")
    report = json.loads(out)
    assert code == 1 and report["city"] == "qingdao"
    status = {material["id"]: material["status"] for material in report["materials"]}
    assert status["application_form"] == "present" and status["practice_license"] == "missing"
    assert {f["code"] for f in report["findings"]} >= {"missing_material"}


def test_a_city_from_a_folder_is_part_of_the_batch_cache_key(tmp_path, monkeypatch):
    """Batch results cached before a city's files were added or edited are not served after."""
    from validator.batch.cache import FileHashes, tool_digest

    hashes = FileHashes(tmp_path / "hashes.json")
    shipped = tool_digest(hashes)
    _city(tmp_path / "extra")
    monkeypatch.setenv("DINGDIAN_EXTRA_DATA", str(tmp_path / "extra"))
    added = tool_digest(hashes)
    checklist = tmp_path / "extra" / "checklists" / "qingdao.yaml"
    checklist.write_text(checklist.read_text(encoding="utf-8").replace("version: test", "version: test-2"),
                         encoding="utf-8")
    assert len({shipped, added, tool_digest(hashes)}) == 3
