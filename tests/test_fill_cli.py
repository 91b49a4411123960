"""`dingdian forms`, `dingdian fill` and `dingdian profile --from` through the command line."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from validator.domain.profile import load_profile
from validator.cli import cli, main
from validator.resources import list_cities

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "profiles"
HARBIN = str(SAMPLES / "harbin.yaml")


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def exit_code(capsys, *args: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as stopped:
        main(list(args))
    return stopped.value.code, capsys.readouterr().err


def test_forms_lists_what_each_form_needs():
    result = run("forms", "--city", "weihai")
    assert result.exit_code == 0, result.output
    assert "weihai-staff-roster  从业人员名册" in result.stdout and "需要: " in result.stdout
    assert "harbin-application" not in result.stdout
    data = json.loads(run("forms", "--format", "json").stdout)
    assert {form["city"] for form in data["forms"]} == set(list_cities())
    [roster] = [form for form in data["forms"] if form["id"] == "weihai-staff-roster"]
    assert roster["material"] == "staff_roster" and roster["needs"] == ["institution_name", "staff"]


def test_fill_one_form(tmp_path):
    out = tmp_path / "申请表.docx"
    result = run("fill", "harbin-application", "--profile", HARBIN, "-o", str(out), "--date", "2025-11-20")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out) and out.stat().st_size > 0


def test_fill_all_lists_files_and_what_comes_from_scans(tmp_path):
    result = run("fill", "--all", "--city", "harbin", "--profile", HARBIN, "-o", str(tmp_path / "pkg"))
    assert result.exit_code == 0, result.output
    assert len(result.stdout.split()) == 6 and (tmp_path / "pkg" / "01-申请表.docx").is_file()
    assert "需另行提交（扫描件或复印件，本工具不生成）：医疗机构执业许可证正副本" in result.stderr
    assert "practice_license" not in result.stderr


def test_fill_all_leaves_out_materials_whose_condition_is_false(tmp_path):
    result = run("fill", "--all", "--profile", str(SAMPLES / "taiyuan.yaml"), "-o", str(tmp_path / "pkg"))
    assert result.exit_code == 0, result.output
    # no large equipment, not provincially designated (seed 000 五.8, 四.9): nothing to bring
    assert "大型医用设备" not in result.stderr and "省级" not in result.stderr


def test_fill_all_asks_for_a_scheme_instead_of_filling_both(tmp_path, capsys):
    profile = (SAMPLES / "weihai.yaml").read_text(encoding="utf-8")
    bare = tmp_path / "p.yaml"
    bare.write_text("\n".join(line for line in profile.splitlines() if not line.startswith("scheme:")),
                    encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["fill", "--all", "--profile", str(bare), "-o", str(tmp_path / "pkg")])
    assert exit_info.value.code == 2 and "scheme" in capsys.readouterr().err
    assert not any((tmp_path / "pkg").glob("*"))  # nothing filled


@pytest.mark.parametrize("args, code, message", [
    (("fill", "--profile", HARBIN, "-o", "x.docx"), 2, "请给出表格编号 FORM 或 --all"),
    (("fill", "nope", "--profile", HARBIN, "-o", "x.docx"), 2, "“nope”不是可选值"),
    (("fill", "weihai-staff-roster", "--city", "harbin", "--profile", HARBIN, "-o", "x.xlsx"), 2, "属于 weihai"),
    (("fill", "harbin-application", "--profile", "missing.yaml", "-o", "x.docx"), 4, "'missing.yaml' 不存在"),
    (("fill", "harbin-application", "--profile", HARBIN, "-o", "x.pdf"), 2, "输出文件名请以 .docx 结尾"),
    (("fill", "harbin-application", "--profile", HARBIN, "-o", "."), 2, "输出文件名请以 .docx 结尾"),
])
def test_fill_errors_are_one_line_with_exit_codes(capsys, tmp_path, monkeypatch, args, code, message):
    monkeypatch.chdir(tmp_path)
    status, err = exit_code(capsys, *args)
    assert status == code and message in err and len(err.strip().splitlines()) == 1


def test_invalid_profile_names_the_key(capsys, tmp_path):
    bad = tmp_path / "p.yaml"
    bad.write_text("city: harbin\nkind: clinic\ninstitution_name: x\nbeds: many\n", encoding="utf-8")
    status, err = exit_code(capsys, "fill", "harbin-application", "--profile", str(bad), "-o", str(tmp_path / "a.docx"))
    assert status == 4 and "beds: must be a whole number" in err


def test_pdf_without_libreoffice_says_so(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    out = tmp_path / "a.docx"
    status, err = exit_code(capsys, "fill", "harbin-application", "--profile", HARBIN, "-o", str(out), "--pdf")
    assert status == 6 and "LibreOffice" in err and out.is_file()


def test_profile_drafted_from_a_filled_package(tmp_path):
    package = tmp_path / "pkg"
    assert run("fill", "--all", "--profile", HARBIN, "-o", str(package)).exit_code == 0
    out = tmp_path / "draft.yaml"
    result = run("profile", "--from", str(package), "-o", str(out), "--no-ocr")
    assert result.exit_code == 0, result.output
    draft, sample = load_profile(out), load_profile(HARBIN)
    assert (draft.city, draft.kind) == ("harbin", "clinic")
    for key in ("institution_name", "uscc", "address", "legal_representative"):
        assert getattr(draft, key) == getattr(sample, key), key
    assert [m.id_number for m in draft.staff] == [m.id_number for m in sample.staff]
    assert "# Not found in the package" in out.read_text(encoding="utf-8")


def test_fill_warns_about_blank_profile_keys(tmp_path):
    profile = tmp_path / "p.yaml"
    profile.write_text("city: taiyuan\nkind: clinic\ninstitution_name: 某门诊部\n", encoding="utf-8")
    result = run("fill", "taiyuan-network-opening", "--profile", str(profile), "-o", str(tmp_path / "n.docx"))
    assert result.exit_code == 0, result.output
    assert "注意: taiyuan-network-opening：机构信息中没有 legal_representative、national_code、address、" \
           "network、his_vendor、contact_name、contact_phone、declarations（留空）" in result.stderr


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_pdf_with_libreoffice(tmp_path):
    out = tmp_path / "a.docx"
    result = run("fill", "harbin-application", "--profile", HARBIN, "-o", str(out), "--pdf")
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "a.pdf"
    assert result.stdout.split() == [str(out), str(pdf)] and pdf.read_bytes().startswith(b"%PDF")


def test_profile_city_from_the_license_address_when_no_form_names_it(tmp_path):
    import docx

    package = tmp_path / "pkg"
    package.mkdir()
    document = docx.Document()
    for line in ("医疗机构执业许可证", "机构名称：威海市环翠区仁和门诊部", "地址：威海市环翠区青岛北路66号",
                 "法定代表人：刘建国"):
        document.add_paragraph(line)
    document.save(str(package / "license.docx"))
    out = tmp_path / "draft.yaml"
    assert run("profile", "--from", str(package), "-o", str(out), "--no-ocr").exit_code == 0
    draft = load_profile(out)
    assert (draft.city, draft.institution_name, draft.legal_representative) == ("weihai", "威海市环翠区仁和门诊部", "刘建国")
