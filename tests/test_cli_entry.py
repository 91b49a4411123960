"""The real entry point (``python -m validator``, as the ``dingdian`` command): one line (and a hint line
where a next step helps) and the documented exit code for every mistake, the same code for the same
mistake in every command, Chinese first, English on request."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from validator.errors import ExitCode

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "packages"
COMPLETE = SAMPLES / "harbin-clinic-complete"
DEFECTIVE = SAMPLES / "harbin-clinic-defective"
PROFILE = ROOT / "samples" / "profiles" / "harbin.yaml"


def dingdian(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DINGDIAN_LANG")}
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "validator", *args], capture_output=True, text=True,
                          env=environment, cwd=cwd or ROOT, timeout=600)


def one_line(completed: subprocess.CompletedProcess) -> str:
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in completed.stderr, completed.stderr
    return lines[0]


@pytest.mark.parametrize("args", [["check", "no-such-package"], ["batch", "no-such-package", "-o", "out"]])
def test_a_missing_package_is_exit_4_in_check_and_batch(tmp_path, args):
    completed = dingdian(*args, cwd=tmp_path)
    assert completed.returncode == ExitCode.INPUT
    assert "no-such-package" in one_line(completed) and "不存在" in completed.stderr


@pytest.mark.parametrize("args", [
    ["check", str(COMPLETE), "--profile", "nope.yaml"],
    ["fill", "--all", "--profile", "nope.yaml", "-o", "forms"],
])
def test_a_missing_profile_is_exit_4_in_check_and_fill(tmp_path, args):
    completed = dingdian(*args, cwd=tmp_path)
    assert completed.returncode == ExitCode.INPUT
    assert "nope.yaml" in one_line(completed)


def test_a_typo_is_a_usage_error_with_a_suggestion():
    completed = dingdian("check", str(COMPLETE), "--city", "wehai")
    assert completed.returncode == ExitCode.USAGE
    line = one_line(completed)
    assert "wehai" in line and "是否要输入 weihai" in line
    assert "是否要输入 check" in one_line(dingdian("chek"))
    assert "是否要输入 clinic" in one_line(dingdian("checklist", "harbin", "--kind", "clinc"))
    assert dingdian("deadline", "supplment", "--from", "2026-09-30").returncode == ExitCode.USAGE


def test_a_city_is_accepted_as_slug_chinese_name_or_shi_form_in_any_case():
    outputs = {spelling: dingdian("checklist", spelling, "--format", "json")
               for spelling in ("weihai", "Weihai", "威海", "威海市")}
    assert {completed.returncode for completed in outputs.values()} == {0}
    assert len({completed.stdout for completed in outputs.values()}) == 1


def test_events_and_kinds_take_chinese_names():
    assert dingdian("deadline", "补正", "--from", "2026-09-30", "--city", "哈尔滨").stdout == \
        dingdian("deadline", "supplement", "--from", "2026-09-30", "--city", "harbin").stdout
    assert dingdian("checklist", "哈尔滨", "--kind", "诊所", "--format", "json").stdout == \
        dingdian("checklist", "harbin", "--kind", "clinic", "--format", "json").stdout


@pytest.mark.parametrize("target", ["/proc/dingdian-report.html", "/proc/no/such/folder/r.html", "FILE/r.html"])
def test_every_failure_to_write_is_exit_6_in_one_line_before_the_work(tmp_path, target):
    (tmp_path / "FILE").write_text("a file, not a folder", encoding="utf-8")
    completed = dingdian("check", str(COMPLETE), "--as-of", "2026-11-23", "-o", target, cwd=tmp_path)
    assert completed.returncode == ExitCode.OUTPUT
    assert "无法写出" in one_line(completed) and completed.stdout == ""
    notice = dingdian("check", str(COMPLETE), "--as-of", "2026-11-23", "--notice", target, cwd=tmp_path)
    assert notice.returncode == ExitCode.OUTPUT and notice.stdout == ""  # no report first, then a failure
    assert one_line(notice)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through permissions")
def test_a_folder_without_write_permission_is_exit_6(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    completed = dingdian("check", str(COMPLETE), "--as-of", "2026-11-23", "-o", str(locked / "r.html"))
    assert completed.returncode == ExitCode.OUTPUT and "没有写入权限" in one_line(completed)


def test_an_unwritable_cache_runs_without_it_after_one_warning():
    completed = dingdian("check", str(COMPLETE), "--as-of", "2026-11-23", "--no-ocr", "-q",
                         env={"DINGDIAN_CACHE_DIR": "/proc/dingdian-cache"})
    assert completed.returncode in (ExitCode.OK, ExitCode.FINDINGS), completed.stderr
    assert "/proc/dingdian-cache" in one_line(completed) and "不使用缓存" in completed.stderr


def test_a_bug_is_exit_70_in_one_line_and_minus_v_shows_the_traceback():
    code = ("import validator.check.pipeline as check\n"
            "def broken(*args, **kwargs):\n    raise KeyError('bug')\n"
            "check.run_check = broken\n"
            "from validator.cli import main\nimport sys\nmain(sys.argv[1:])\n")
    args = [sys.executable, "-c", code, "check", str(COMPLETE)]
    completed = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert completed.returncode == ExitCode.INTERNAL
    assert "程序内部错误" in one_line(completed) and "-v" in completed.stderr
    verbose = subprocess.run([*args, "-v"], capture_output=True, text=True, timeout=300)
    assert "Traceback" in verbose.stderr and "KeyError" in verbose.stderr


def test_quiet_prints_only_the_verdict_and_files_written_are_named(tmp_path):
    quiet = dingdian("check", str(DEFECTIVE), "--as-of", "2026-11-23", "-q")
    assert quiet.returncode == ExitCode.FINDINGS
    assert quiet.stdout.strip().splitlines() == ["结论：不符合申请条件或属不予受理情形（错误 4，警告 0）"]
    assert quiet.stderr == ""  # off a terminal: no progress
    written = dingdian("check", str(DEFECTIVE), "--as-of", "2026-11-23", "-o", str(tmp_path / "r.html"),
                       "--format", "html", "--notice", str(tmp_path / "n.docx"))
    assert written.stdout == ""
    assert written.stderr.splitlines() == ["结论：不符合申请条件或属不予受理情形（错误 4，警告 0）",
                                           f"已写出 审核报告：{tmp_path / 'r.html'}", f"已写出 告知书：{tmp_path / 'n.docx'}"]


def test_a_folder_of_packages_points_to_batch():
    completed = dingdian("check", str(SAMPLES))
    assert completed.returncode == ExitCode.USAGE
    line, hint = completed.stderr.strip().splitlines()
    count = sum(1 for path in SAMPLES.iterdir() if path.is_dir())  # a new city's samples change it
    assert f"{count} 个材料包" in line and hint == f"  提示：逐个审核请用 dingdian batch {SAMPLES} -o 输出文件夹/"


@pytest.mark.parametrize("how", ["group", "after", "env", "config"])
def test_english_by_group_option_subcommand_option_environment_or_config(tmp_path, how):
    config = tmp_path / "config.toml"
    config.write_text('lang = "en"\n', encoding="utf-8")
    args = {"group": ["--lang", "en", "check", "nope"], "after": ["check", "nope", "--lang", "en"],
            "env": ["check", "nope"], "config": ["--config", str(config), "check", "nope"]}[how]
    completed = dingdian(*args, env={"DINGDIAN_LANG": "en"} if how == "env" else None, cwd=tmp_path)
    assert completed.returncode == ExitCode.INPUT
    assert one_line(completed) == "dingdian: nope: no such file or folder"


def test_the_config_file_sets_office_defaults_and_rejects_unknown_keys(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('city = "威海"\n', encoding="utf-8")
    with_config = dingdian("--config", str(config), "forms", "--format", "json")
    assert with_config.returncode == 0 and '"city": "harbin"' not in with_config.stdout
    assert '"city": "weihai"' in with_config.stdout
    config.write_text('cty = "weihai"\n', encoding="utf-8")
    bad = dingdian("--config", str(config), "forms")
    assert bad.returncode == ExitCode.USAGE and "cty" in one_line(bad)
    missing = dingdian("--config", str(tmp_path / "absent.toml"), "forms")
    assert missing.returncode == ExitCode.INPUT and one_line(missing)


@pytest.mark.parametrize("command", ["check", "checklist", "extract", "fill", "forms", "profile", "deadline",
                                     "batch", "cache"])
def test_every_help_is_chinese_and_ends_with_examples_and_exit_codes(command):
    chinese = dingdian(command, "--help")
    assert chinese.returncode == 0 and chinese.stdout.startswith("用法：")
    assert "示例:" in chinese.stdout and f"dingdian {command}" in chinese.stdout.split("示例:")[1]
    assert chinese.stdout.rstrip().splitlines()[-1].strip().startswith("退出码：0")
    english = dingdian("--lang", "en", command, "-h")
    assert english.stdout.startswith("Usage:") and "Examples:" in english.stdout and "Exit codes: 0" in english.stdout
    assert "-v, --verbose" in chinese.stdout  # -v works after the subcommand too


def test_shell_completion_offers_cities_and_form_ids():
    def complete(words: str) -> str:
        env = {"_DINGDIAN_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": str(len(words.split()) - 1)}
        return subprocess.run([sys.executable, "-c", "from validator.cli import cli; cli(prog_name='dingdian')"],
                              capture_output=True, text=True, env={**os.environ, **env}, timeout=120).stdout
    assert "weihai" in complete("dingdian checklist w")
    assert "weihai" in complete("dingdian check x --city w")
    assert "weihai-basic-info" in complete("dingdian fill weihai-b")


def test_config_paths_are_relative_to_the_config_file(tmp_path):
    from validator.cli.config import default_map, load_config

    config = tmp_path / "office" / "config.toml"
    config.parent.mkdir()
    config.write_text('negative_list = "负面清单.csv"\nwaivers = "豁免.yaml"\nagency = "威海市医疗保险事业中心"\n',
                      encoding="utf-8")
    defaults = default_map(load_config(config, named=True))
    assert defaults["check"]["negative_list"] == str(tmp_path / "office" / "负面清单.csv")
    assert defaults["batch"]["waivers_file"] == str(tmp_path / "office" / "豁免.yaml")
    assert defaults["check"]["agency"] == "威海市医疗保险事业中心"
    missing = dingdian("--config", str(config), "check", str(COMPLETE))  # the list it names is not there
    assert missing.returncode == ExitCode.INPUT and "负面清单.csv" in one_line(missing)


def test_a_read_only_file_system_is_one_output_error_even_when_cleaning_up_fails(tmp_path, monkeypatch):
    """The audit's exit 70: the partial file's unlink raised EROFS inside the except of the write."""
    import errno
    from pathlib import Path as PathType

    from validator.cli.i18n import set_lang
    from validator.cli.output import write_text_atomic
    from validator.errors import OutputError

    set_lang("zh")
    def read_only(*_args, **_kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(PathType, "write_text", read_only)
    monkeypatch.setattr(PathType, "unlink", read_only)
    with pytest.raises(OutputError) as failed:
        write_text_atomic(tmp_path / "r.html", "<html>")
    assert failed.value.exit_code == ExitCode.OUTPUT and "只读文件系统" in str(failed.value)


def test_python_m_dingdian_is_the_command_from_any_folder(tmp_path):
    """The distribution's name runs the command (first-use audit: only `python -m validator` did)."""
    completed = dingdian("--version", cwd=tmp_path)
    assert completed.returncode == 0 and completed.stdout.startswith("dingdian, version ")
    assert dingdian("chek", cwd=tmp_path).returncode == ExitCode.USAGE


def errors(completed: subprocess.CompletedProcess) -> list[str]:
    assert "Traceback" not in completed.stderr, completed.stderr
    return completed.stderr.strip().splitlines()


@pytest.mark.parametrize("name, content", [("说明.txt", "不是材料包"), ("材料.zip", "a text file named .zip")])
def test_a_file_given_as_a_package_hints_at_extract(tmp_path, name, content):
    """The hint is the next step, on its own line under the error, in the run's language; a file
    named .zip is judged by its content (near miss of an archive)."""
    (tmp_path / name).write_text(content, encoding="utf-8")
    completed = dingdian("check", name, cwd=tmp_path)
    assert completed.returncode == ExitCode.INPUT
    assert errors(completed) == [f"dingdian: {name}：材料包应为文件夹或压缩包（.zip, .7z, .rar, .tar），此文件为 text 文件",
                                 f"  提示：读取单个文件请用 dingdian extract {name}"]
    english = errors(dingdian("--lang", "en", "check", name, cwd=tmp_path))
    assert english[1] == f"  hint: to read one file, use dingdian extract {name}" and "this is a text file" in english[0]


def test_batch_of_one_package_or_an_empty_folder_hints_at_check(tmp_path):
    (tmp_path / "一个包").mkdir()
    assert errors(dingdian("batch", "一个包", "-o", "out", cwd=tmp_path)) == [
        "dingdian: 一个包 下没有材料包：每个材料包是其下的一个文件夹或 .zip", "  提示：审核单个材料包请用 dingdian check 一个包"]
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4\n")
    assert errors(dingdian("batch", "a.pdf", "-o", "out", cwd=tmp_path)) == [
        "dingdian: a.pdf 不是存放材料包的文件夹", "  提示：审核单个材料包请用 dingdian check a.pdf"]


def test_an_error_without_a_next_step_stays_one_line(tmp_path):
    assert len(errors(dingdian("check", "no-such-package", cwd=tmp_path))) == 1


def _encrypted_zip(path: Path) -> None:
    """A zip whose one member is flagged encrypted (the general-purpose bit 0), as a password tool writes."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("申请表.txt", "x")
    data = bytearray(buffer.getvalue())
    data[data.find(b"PK\x03\x04") + 6] |= 1
    data[data.find(b"PK\x01\x02") + 8] |= 1
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("make, chinese, english", [
    (lambda p: p.write_bytes(b"PK\x03\x04 not a zip at all"), "包.zip：不是可读的 zip 压缩包（BadZipFile）",
     "包.zip: not a readable zip archive (BadZipFile)"),
    (_encrypted_zip, "包.zip：zip 压缩包已加密（有密码）；请解压后审核文件夹", "包.zip: the zip is encrypted"),
])
def test_a_damaged_or_locked_archive_is_said_in_chinese_first(tmp_path, make, chinese, english):
    make(tmp_path / "包.zip")
    completed = dingdian("check", "包.zip", cwd=tmp_path)
    assert completed.returncode == ExitCode.INPUT and one_line(completed) == f"dingdian: {chinese}"
    assert one_line(dingdian("--lang", "en", "check", "包.zip", cwd=tmp_path)).startswith(f"dingdian: {english}")


def test_the_process_collects_young_objects_less_often_and_freezes_what_is_left_at_exit():
    """validator/__main__.py: the process's collector settings; main() in a test process leaves them alone."""
    import gc

    from validator import cli

    script = ("import gc, sys\nfrom validator.__main__ import GC_THRESHOLD, run\nsys.argv = ['dingdian', '--version']\n"
              "try:\n    run()\nexcept SystemExit as done:\n    print(done.code, end=' ')\n"
              "print(gc.get_threshold()[0] == GC_THRESHOLD > 700, gc.get_freeze_count() > 0)")
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert completed.stdout.endswith("0 True True\n")
    before = gc.get_threshold(), gc.get_freeze_count()
    with pytest.raises(SystemExit):
        cli.main(["--version"])
    assert (gc.get_threshold(), gc.get_freeze_count()) == before
