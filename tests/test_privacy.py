"""Masking of ID and phone numbers: examples and hypothesis properties."""
from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import ric, uscc

from validator.privacy import mask_text, mask_value


@pytest.mark.parametrize("text, masked", [
    ("身份证号370602199001011234，电话13812345678", "身份证号370602********1234，电话138****5678"),
    ("11010519491231002X", "110105********002X"),
    ("11010519491231002x", "110105********002x"),
    ("旧证370602900101123", "旧证370602******123"),
    ("+86 138-1234-5678", "+86 138-****-5678"),
    ("8613812345678", "8613812345678".replace("1234", "****", 1)),
    ("电话：0631-5201234", "电话：0631-***1234"),
    ("(0631)5201234", "(0631)***1234"),
    ("010-12345678", "010-****5678"),
])
def test_masks(text, masked):
    assert mask_text(text) == masked


@pytest.mark.parametrize("text", [
    "91370600MA3C00000X",                         # USCC with letters
    "913706001234567890",                         # digits only, but no birth date
    "PDY00012337060212A1002",                     # practice license number
    "2024年01月01日至2029年12月31日",
    "床位 120 张，面积 1500.5 平方米",
    "1234567890123456789012",                     # too long to be an ID
    hashlib.sha256(b"package").hexdigest(),
])
def test_leaves_codes_alone(text):
    assert mask_text(text) == text


def test_mask_value_walks_json_and_masks_numeric_cells():
    value = {"rows": [{"phone": 13812345678, "seq": 1, "ok": True, "score": 98.5},
                      ("370602199001011234",)], "n": 20}
    assert mask_value(value) == {"rows": [{"phone": "138****5678", "seq": 1, "ok": True, "score": 98.5},
                                          ("370602********1234",)], "n": 20}


# ---------------------------------------------------------------- properties

areas = st.sampled_from(["370602", "110105", "371002", "140105", "230102", "321002"])
births = st.dates(min_value=date(1920, 1, 1), max_value=date.today() - timedelta(days=1))


@st.composite
def resident_ids(draw) -> str:
    body = draw(areas) + draw(births).strftime("%Y%m%d") + f"{draw(st.integers(0, 999)):03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum skips the last character


@st.composite
def usccs(draw) -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = draw(st.sampled_from(["91", "92", "93", "12", "52"])) + draw(areas) + \
        "".join(draw(st.lists(st.sampled_from(alphabet), min_size=9, max_size=9)))
    return body + uscc.calc_check_digit(body)


mobiles = st.from_regex(r"\A1[3-9][0-9]{9}\Z")
# context around a number: Chinese text and punctuation, never ASCII letters or digits
context = st.text(alphabet=st.sampled_from("申请人身份证号码联系电话，：；（） \n"), max_size=12)


@settings(max_examples=200, deadline=None, database=None)
@given(resident_ids(), context, context)
def test_every_resident_id_is_masked(number, before, after):
    masked = mask_text(before + number + after)
    assert number not in masked
    assert number[6:14] not in masked  # the birth date never shows
    assert len(masked) == len(before + number + after)


@settings(max_examples=200, deadline=None, database=None)
@given(mobiles, context, context)
def test_every_mobile_is_masked(number, before, after):
    masked = mask_text(before + number + after)
    assert masked[len(before):len(before) + 11] == number[:3] + "****" + number[7:]


@settings(max_examples=200, deadline=None, database=None)
@given(usccs())
def test_uscc_is_never_masked(code):
    if not (code[:17].isdigit() and ric.calc_check_digit(code) == code[-1]):  # else also a valid ID
        assert mask_text(code) == code


@settings(max_examples=200, deadline=None, database=None)
@given(st.binary())
def test_sha256_hex_is_never_masked(data):
    digest = hashlib.sha256(data).hexdigest()
    assert mask_text(digest) == digest
    assert mask_text(digest.upper()) == digest.upper()


@settings(max_examples=300, deadline=None, database=None)
@given(st.text())
def test_masking_is_idempotent_and_keeps_length(text):
    once = mask_text(text)
    assert mask_text(once) == once
    assert len(once) == len(text)


# ---------------------------------------------------------------- the cache: owner-only, cleared on request

def test_cache_folders_are_0700_and_files_0600(tmp_path, monkeypatch):
    from validator.cache import cache_dir, write_private
    monkeypatch.setenv("DINGDIAN_CACHE_DIR", str(tmp_path / "cache"))
    folder = cache_dir("ocr", "ab")
    write_private(folder / "x.json", "{}")
    for path in (tmp_path / "cache", tmp_path / "cache" / "ocr", folder):
        assert path.stat().st_mode & 0o777 == 0o700
    assert (folder / "x.json").stat().st_mode & 0o777 == 0o600
    assert (folder / "x.json").read_text() == "{}"
    assert [p.name for p in folder.iterdir()] == ["x.json"]  # no temporary left behind


def test_cache_info_and_clear_commands(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from validator.cache import cache_dir, write_private
    from validator.cli import cli
    monkeypatch.setenv("DINGDIAN_CACHE_DIR", str(tmp_path / "cache"))
    write_private(cache_dir("ocr") / "a.json", b"x" * 2048)
    runner = CliRunner()
    shown = runner.invoke(cli, ["cache", "info", "--format", "json"])
    assert shown.exit_code == 0
    assert '"files": 1' in shown.output and str(tmp_path / "cache") in shown.output
    assert "2.1 KiB" in runner.invoke(cli, ["cache", "info"]).output  # 2048 bytes and the marker
    cleared = runner.invoke(cli, ["cache", "clear"])
    assert cleared.exit_code == 0 and "（1 个文件）" in cleared.output
    assert not (tmp_path / "cache").exists()
    assert runner.invoke(cli, ["cache", "clear"]).exit_code == 0


def test_clear_refuses_a_folder_that_is_not_a_cache(tmp_path, monkeypatch):
    from validator.cache import clear_cache
    from validator.errors import UsageError
    (tmp_path / "precious.txt").write_text("keep")
    monkeypatch.setenv("DINGDIAN_CACHE_DIR", str(tmp_path))
    with pytest.raises(UsageError):
        clear_cache()
    assert (tmp_path / "precious.txt").exists()


# ---------------------------------------------------------------- end to end: reports never show them

PERSONAL = ("370602199001011234", "13812345678", "370602198502021236", "13912345678")


def _package_with_personal_data(folder):
    from hostile_corpus import docx_bytes, write, xlsx_bytes

    def roster(workbook):
        sheet = workbook.active
        sheet.delete_rows(1, 10)
        sheet.append(["序号", "姓名", "身份证号", "职务", "职称", "学历", "联系电话"])
        sheet.append([1, "张三", PERSONAL[0], "院长", "主治医师", "本科", int(PERSONAL[1])])
        sheet.append([2, "李四", PERSONAL[2], "护士", "护师", "大专", PERSONAL[3]])
    write(folder, "附件3：从业人员名册.xlsx", xlsx_bytes(roster))
    return write(folder, "基本情况说明.docx",
                 docx_bytes(f"本机构基本情况说明。法定代表人张三，身份证号{PERSONAL[0]}，联系电话{PERSONAL[1]}"))


@pytest.mark.parametrize("output_format", ["text", "json", "html"])
def test_reports_mask_ids_and_phones_unless_asked(tmp_path, output_format):
    from click.testing import CliRunner

    from validator.cli import cli
    package = _package_with_personal_data(tmp_path / "package")
    arguments = ["check", str(package), "--city", "weihai", "--kind", "clinic", "--scheme", "pooled", "--no-ocr",
                 "--as-of", "2025-06-01", "--format", output_format]
    masked, shown = tmp_path / f"masked.{output_format}", tmp_path / f"shown.{output_format}"
    runner = CliRunner()
    result = runner.invoke(cli, [*arguments, "-o", str(masked)])
    assert result.exit_code in (0, 1), result.output
    assert not any(number in masked.read_text(encoding="utf-8") for number in PERSONAL)
    runner.invoke(cli, [*arguments, "--show-personal-data", "-o", str(shown)])
    if output_format == "json":
        assert PERSONAL[0] in shown.read_text(encoding="utf-8")
