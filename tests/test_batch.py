"""Batch over a folder of packages, with a stand-in for run_check (tests/batch_stand_in.py)."""
from __future__ import annotations

import json
import time
from datetime import date

import pytest

from batch_stand_in import by_package, log_checks, make_packages, options
from test_html import make_report
from validator.batch.runner import BatchEvents, find_packages, read_manifest, run_batch
from validator.errors import InputError, UsageError


@pytest.fixture
def checked(monkeypatch, tmp_path):
    return log_checks(monkeypatch, tmp_path)


def test_packages_are_zips_and_folders_of_files_at_any_depth(tmp_path):
    root = make_packages(tmp_path / "in", {"b诊所": "complete", "a药店.zip": "complete"})
    make_packages(root / "2026-11" / "东区", {"c诊所": "complete", "d.zip": "complete"})
    (root / "readme.txt").write_text("x")
    (root / "b诊所.expected.json").write_text("{}")  # a sample's sidecar: not worth a mention
    (root / "loose.pdf").write_bytes(b"%PDF")
    (root / "empty").mkdir()
    (root / ".hidden").mkdir()
    (root / "out").mkdir()
    packages, skipped = find_packages(root, root / "out")
    assert [p.relative_to(root).as_posix() for p in packages] == [
        "2026-11/东区/c诊所", "2026-11/东区/d.zip", "a药店.zip", "b诊所"]
    assert skipped == ["empty", "loose.pdf", "readme.txt"]
    # a package's own sub-folders (扫描件/) are never packages of their own
    assert not any("扫描件" in p.as_posix() for p in packages)


def test_missing_folder_is_exit_4_and_a_file_is_a_usage_error(tmp_path):
    from validator.cli import main
    with pytest.raises(InputError, match="文件夹不存在"):
        find_packages(tmp_path / "nowhere")
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    with pytest.raises(UsageError, match="不是存放材料包的文件夹") as refused:
        find_packages(tmp_path / "a.pdf")
    assert "dingdian check" in refused.value.hint
    with pytest.raises(SystemExit) as done:
        main(["batch", str(tmp_path / "nowhere"), "-o", str(tmp_path / "out")])
    assert done.value.code == 4


def test_no_packages_is_a_usage_error(tmp_path):
    (tmp_path / "loose.pdf").write_bytes(b"%PDF")
    with pytest.raises(UsageError, match="下没有材料包"):
        find_packages(tmp_path)


def test_manifest(tmp_path):
    root = make_packages(tmp_path / "in", {"甲": "complete", "乙.zip": "complete"})
    manifest = tmp_path / "m.csv"
    manifest.write_text("package,city,kind,scheme\n甲,weihai,clinic,pooled\n乙,harbin,,\n", encoding="utf-8")
    names = [package.relative_to(root).as_posix() for package in find_packages(root)[0]]
    rows = read_manifest(manifest, names)
    assert rows == {"甲": {"city": "weihai", "kind": "clinic", "scheme": "pooled"},
                    "乙.zip": {"city": "harbin", "kind": None, "scheme": None}}
    manifest.write_text("package,city\n丙,weihai\n", encoding="utf-8")
    with pytest.raises(UsageError, match="第 2 行：文件夹下没有材料包“丙”"):
        read_manifest(manifest, names)
    manifest.write_text("package,city\n甲,beijing\n", encoding="utf-8")
    with pytest.raises(UsageError, match="未知的 city“beijing”"):
        read_manifest(manifest, names)


def test_batch_writes_outputs_and_one_broken_package_stops_nothing(tmp_path, checked):
    root = make_packages(tmp_path / "in", {"a": "complete", "b": "incomplete", "c": "broken", "d.zip": "crash"})
    result = run_batch(options(tmp_path, root))
    rows = by_package(result)
    assert [o.package for o in result.outcomes] == ["a", "b", "c", "d.zip"]
    assert (rows["a"].exit_code, rows["a"].verdict) == (0, "complete")
    assert (rows["b"].exit_code, rows["b"].verdict, rows["b"].errors) == (1, "incomplete", 3)
    assert rows["c"].exit_code == 4 and "not a readable package" in rows["c"].error
    assert rows["d.zip"].exit_code == 70 and "ZeroDivisionError" in rows["d.zip"].error
    assert result.exit_code == 1
    out = tmp_path / "out"
    report = json.loads((out / "b" / "report.json").read_text(encoding="utf-8"))
    assert report["verdict"] == "incomplete"
    assert (out / "b" / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert not (out / "c").exists() or not (out / "c" / "report.json").exists()
    assert rows["b"].reports["html"] == "b/report.html"
    assert "110101199003077777" not in json.dumps(rows["b"].to_json(), ensure_ascii=False)  # masked


def test_second_run_reads_nothing_and_a_changed_package_is_checked_again(tmp_path, checked):
    root = make_packages(tmp_path / "in", {"a": "complete", "b": "incomplete", "c": "broken"})
    first = run_batch(options(tmp_path, root))
    assert checked() == ["a", "b", "c"]
    second = run_batch(options(tmp_path, root, outdir=tmp_path / "out2"))
    assert checked() == ["a", "b", "c"]  # nothing re-read
    assert all(o.cached for o in second.outcomes)
    assert [o.verdict for o in second.outcomes] == [o.verdict for o in first.outcomes]
    assert (tmp_path / "out2" / "b" / "report.html").is_file()
    (root / "a" / "扫描件" / "执业许可证.pdf").write_bytes(b"%PDF-1.4 changed")
    run_batch(options(tmp_path, root))
    assert checked() == ["a", "a", "b", "c"]
    run_batch(options(tmp_path, root, city="harbin"))  # other options, other results
    assert checked().count("b") == 2


def test_options_for_all_and_manifest_per_package(tmp_path, checked):
    root = make_packages(tmp_path / "in", {"a": "complete", "b": "complete"})
    manifest = tmp_path / "m.csv"
    manifest.write_text("package,city,kind\nb,weihai,hospital\n", encoding="utf-8")
    result = run_batch(options(tmp_path, root, city="harbin", manifest=manifest))
    assert [(o.city, o.kind) for o in result.outcomes] == [("harbin", "clinic"), ("weihai", "hospital")]


def test_waivers_reach_every_package_and_unused_ones_are_named(tmp_path, checked, capsys):
    from validator.cli import main
    root = make_packages(tmp_path / "in", {"a": "incomplete"})
    with pytest.raises(SystemExit):
        main(["batch", str(root), "-o", str(tmp_path / "out"), "--waive", "unclassified_file=clerk looked at it",
              "--waive", "expiring_soon=renewal filed"])
    err = capsys.readouterr().err
    assert "豁免未匹配任何材料包中的问题：expiring_soon" in err and "unclassified_file" not in err


def test_ctrl_c_keeps_what_was_finished(tmp_path, checked):
    root = make_packages(tmp_path / "in", {"a": "complete", "b": "slow", "c": "slow"})

    class InterruptAfterFirst(BatchEvents):
        def finished(self, outcome):
            raise KeyboardInterrupt

    started = time.monotonic()
    result = run_batch(options(tmp_path, root, jobs=1), InterruptAfterFirst())
    assert result.interrupted and result.exit_code == 130
    assert [o.package for o in result.outcomes] == ["a"]
    assert time.monotonic() - started < 20  # the slow package in hand was stopped, not waited for
    assert checked() == ["a"]
    (root / "b" / "state.txt").write_text("complete", encoding="utf-8")
    (root / "c" / "state.txt").write_text("complete", encoding="utf-8")
    again = run_batch(options(tmp_path, root, jobs=1))  # resumed: "a" was recorded as it finished
    assert checked() == ["a", "b", "c"] and [o.cached for o in again.outcomes] == [True, False, False]


def test_finding_rows_for_the_second_sheet(tmp_path, checked):
    root = make_packages(tmp_path / "in", {"a": "incomplete"})
    [outcome] = run_batch(options(tmp_path, root)).outcomes
    assert len(outcome.findings) == 5
    assert outcome.findings[0].code and outcome.findings[0].message and outcome.findings[0].waived is None


def test_waived_error_code_is_refused_by_the_command(tmp_path):
    from validator.cli import main
    root = make_packages(tmp_path / "in", {"a": "complete"})
    with pytest.raises(SystemExit) as done:
        main(["batch", str(root), "-o", str(tmp_path / "out"), "--waive", "missing_material=ok"])
    assert done.value.code == 2


def test_command_end_to_end(tmp_path, checked, capsys):
    from openpyxl import load_workbook
    from validator.cli import main
    root = make_packages(tmp_path / "in", {"a": "complete", "b": "incomplete"})
    with pytest.raises(SystemExit) as done:
        main(["batch", str(root), "-o", str(tmp_path / "out"), "--jobs", "2", "--as-of", "2026-11-23"])
    assert done.value.code == 1
    err = capsys.readouterr().err
    assert "已审核 2 个材料包（0 个未改动，取自缓存）：1 个有错误，0 个无法审核" in err
    assert "a: 材料齐全，符合受理条件" in err and "审核引擎：本机进程池，2 个工作进程" in err
    with pytest.raises(SystemExit):
        main(["batch", str(root), "-o", str(tmp_path / "out"), "--as-of", "2026-11-23", "--lang", "en"])
    err = capsys.readouterr().err
    assert "2 packages checked (0 unchanged, from the cache): 1 with errors, 0 could not be checked" in err
    assert "engine: process pool, 2 worker processes" in err
    sheet = load_workbook(tmp_path / "out" / "summary.xlsx").worksheets[0]
    assert [cell.value for cell in sheet["A"]][1:] == ["a", "b"]


def test_all_complete_exits_zero(tmp_path, checked):
    from validator.cli import main
    root = make_packages(tmp_path / "in", {"a": "complete"})
    with pytest.raises(SystemExit) as done:
        main(["batch", str(root), "-o", str(tmp_path / "out"), "--jobs", "1"])
    assert done.value.code == 0


def test_file_hashes_are_read_once_while_size_and_mtime_hold(tmp_path):
    from validator.batch.cache import FileHashes, package_fingerprint, sha256_file
    root = make_packages(tmp_path / "in", {"a": "complete"})
    hashes = FileHashes(tmp_path / "hashes.json")
    first = package_fingerprint(root / "a", hashes)
    assert hashes.hashed == 2 and dict(first)["state.txt"] == sha256_file(root / "a" / "state.txt")
    hashes.save()
    again = FileHashes(tmp_path / "hashes.json")
    assert package_fingerprint(root / "a", again) == first and again.hashed == 0
    (root / "a" / "state.txt").write_text("incomplete", encoding="utf-8")
    assert package_fingerprint(root / "a", again) != first and again.hashed == 1


def test_notice_and_supplement_date_per_package(tmp_path, checked):
    from docx import Document as Docx
    root = make_packages(tmp_path / "in", {"a": "complete", "b": "incomplete"})
    result = run_batch(options(tmp_path, root, city="harbin", as_of=date(2026, 11, 23)))
    a, b = result.outcomes
    # harbin 七(三): supplement within 5 working days of receiving the notice
    assert a.supplement is None and a.supplement_limit_set
    assert (b.supplement.limit, b.supplement.received, b.supplement.due_if_received) == (
        "5个工作日", "2026-11-23", "2026-11-30")
    assert a.notice_error is None and b.reports["notice"] == "b/notice.docx"
    text = "\n".join(p.text for p in Docx(tmp_path / "out" / "b" / "notice.docx").paragraphs)
    assert "一次性" in text or "告知" in text


def test_a_package_that_kills_its_worker_is_retried_once_then_is_its_own_failed_row(tmp_path, checked):
    root = make_packages(tmp_path / "in", {"a": "complete", "b": "die", "c": "incomplete", "d": "complete"})
    result = run_batch(options(tmp_path, root, jobs=2))
    rows = by_package(result)
    assert [o.package for o in result.outcomes] == ["a", "b", "c", "d"]  # the run went on
    assert (rows["b"].exit_code, rows["b"].attempts) == (70, 2) and "died 2 times" in rows["b"].error
    assert [rows[name].verdict for name in "acd"] == ["complete", "incomplete", "complete"]
    assert checked().count("b") == 2  # tried, then retried alone
    assert result.exit_code == 1
    again = run_batch(options(tmp_path, root, jobs=2))  # a dead worker's row is not cached: tried again
    assert [o.cached for o in again.outcomes] == [True, False, True, True]


def test_outcome_survives_the_cache_as_json(tmp_path, checked):
    from validator.batch.outcome import Outcome
    root = make_packages(tmp_path / "in", {"b": "incomplete"})
    [outcome] = run_batch(options(tmp_path, root, city="harbin", as_of=date(2026, 11, 23))).outcomes
    data = json.loads(json.dumps(outcome.to_json()))
    assert Outcome.from_json(data) == outcome and outcome.findings and outcome.supplement


def test_only_the_calendars_cannot_compute_gives_no_supplement_date(monkeypatch):
    from validator.domain import deadlines
    from validator.batch.outputs import supplement_limit
    report = make_report(package="p", city="harbin", kind="clinic", as_of=date(2026, 11, 23))
    assert report.verdict == "incomplete" and supplement_limit(report, "zh")[1].due_if_received == "2026-11-30"

    def beyond_the_calendar(*_args, **_kwargs):
        raise OverflowError("date value out of range")

    monkeypatch.setattr(deadlines, "supplement_by", beyond_the_calendar)
    assert supplement_limit(report, "zh") == (True, None)

    def bug(*_args, **_kwargs):
        raise KeyError("a bug in our code")

    monkeypatch.setattr(deadlines, "supplement_by", bug)
    with pytest.raises(KeyError):  # a bug is a bug (exit 70 for the package), not a blank cell
        supplement_limit(report, "zh")


def test_cluster_and_scheduler_together_is_a_usage_error(tmp_path):
    from validator.cli import main
    root = make_packages(tmp_path / "in", {"a": "complete"})
    with pytest.raises(SystemExit) as done:
        main(["batch", str(root), "-o", str(tmp_path / "out"), "--cluster", "local:2",
              "--scheduler", "tcp://127.0.0.1:8786"])
    assert done.value.code == 2


def test_the_biggest_packages_start_first(tmp_path, checked):
    root = make_packages(tmp_path / "in", {"a": "complete", "b": "complete", "c": "complete"})
    (root / "b" / "扫描件" / "big.pdf").write_bytes(b"%PDF" + b"0" * 50_000)
    (root / "c" / "扫描件" / "mid.pdf").write_bytes(b"%PDF" + b"0" * 5_000)
    order = []

    class Started(BatchEvents):
        def started(self, job):
            order.append(job.name)

    result = run_batch(options(tmp_path, root, jobs=1), Started())
    assert order == ["b", "c", "a"]
    assert [o.package for o in result.outcomes] == ["a", "b", "c"]  # the summary keeps the folder's order


def test_an_unwritable_output_folder_is_exit_6(tmp_path, checked):
    from validator.cli import main
    root = make_packages(tmp_path / "in", {"a": "complete"})
    (tmp_path / "file").write_text("x")
    with pytest.raises(SystemExit) as done:
        main(["batch", str(root), "-o", str(tmp_path / "file" / "out")])
    assert done.value.code == 6


def test_a_report_that_cannot_be_written_is_that_packages_exit_6(tmp_path, checked):
    root = make_packages(tmp_path / "in", {"a": "complete", "b": "complete"})
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "b").write_text("a file where the package's folder goes")
    rows = by_package(run_batch(options(tmp_path, root)))
    assert rows["a"].exit_code == 0
    assert rows["b"].exit_code == 6 and rows["b"].error.startswith("无法写出")
    (tmp_path / "out" / "b").unlink()
    run_batch(options(tmp_path, root))  # cached now
    (tmp_path / "out" / "a").rename(tmp_path / "out" / "a-moved")
    (tmp_path / "out" / "a").write_text("in the way")
    assert by_package(run_batch(options(tmp_path, root)))["a"].exit_code == 6


def test_nested_packages_keep_their_path_in_the_output_folder(tmp_path, checked):
    root = make_packages(tmp_path / "in" / "2026-11" / "东区", {"c诊所": "complete", "d.zip": "incomplete"}).parent.parent
    rows = by_package(run_batch(options(tmp_path, root)))
    assert sorted(rows) == ["2026-11/东区/c诊所", "2026-11/东区/d.zip"]
    assert rows["2026-11/东区/d.zip"].reports["html"] == "2026-11/东区/d/report.html"
    assert (tmp_path / "out" / "2026-11" / "东区" / "c诊所" / "report.json").is_file()


def test_where_a_city_sets_a_window_instead_of_a_limit_the_window_stands_for_it(tmp_path, checked):
    root = make_packages(tmp_path / "in", {"b": "incomplete"})
    [shandong] = run_batch(options(tmp_path, root, city="shandong-provincial", as_of=date(2020, 3, 25))).outcomes
    assert (shandong.supplement, shandong.supplement_limit_set, shandong.window_end) == (None, False, "2020-04-03")
    assert "三(三)" in shandong.window_source  # shandong 三(三): the application period
    [weihai] = run_batch(options(tmp_path, root, city="weihai", outdir=tmp_path / "o2")).outcomes
    assert (weihai.supplement, weihai.supplement_limit_set, weihai.window_end) == (None, False, None)  # 未规定


@pytest.mark.parametrize("options, chinese, english", [
    (["--cluster", "local", "--scheduler", "tcp://x:1"], "--cluster 与 --scheduler 只能给出其一",
     "give --cluster or --scheduler, not both"),
    (["--cluster", "remote:2"], "--cluster “remote:2”：应为 local 或 local:N", "--cluster 'remote:2': give local or local:N"),
    (["--manifest", "m.csv"], "m.csv 第 2 行：未知的 city“北京”（可选：", "m.csv line 2: unknown city '北京' (one of: "),
    (["--manifest", "bad.csv"], "bad.csv：应有列 package, city, kind, scheme", "bad.csv: needs the columns package"),
])
def test_batch_usage_errors_are_chinese_first_and_english_on_request(tmp_path, monkeypatch, capsys, options, chinese,
                                                                      english):
    from validator.cli import main

    root = tmp_path / "收件"
    (root / "甲").mkdir(parents=True)
    (root / "甲" / "申请表.pdf").write_bytes(b"%PDF-1.4\n")
    (tmp_path / "m.csv").write_text("package,city\n甲,北京\n", encoding="utf-8")
    (tmp_path / "bad.csv").write_text("name,city\n甲,weihai\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for lang, expected in (([], chinese), (["--lang", "en"], english)):
        with pytest.raises(SystemExit) as done:
            main([*lang, "batch", "收件", "-o", "out", *options])
        err = capsys.readouterr().err
        assert done.value.code == 2 and err.startswith(f"dingdian: {expected}") and len(err.splitlines()) == 1, err


def test_the_skipped_files_are_listed_the_way_each_language_lists(tmp_path, checked, capsys):
    from validator.cli import main

    root = make_packages(tmp_path / "in", {"a": "complete"})
    for name in ("说明.txt", "readme.md"):
        (root / name).write_text("x", encoding="utf-8")
    for lang, expected in (([], "不是材料包（已跳过）：readme.md、说明.txt"),
                           (["--lang", "en"], "not packages (skipped): readme.md, 说明.txt")):
        with pytest.raises(SystemExit):
            main([*lang, "batch", str(root), "-o", str(tmp_path / "out"), "--no-cache"])
        assert expected in capsys.readouterr().err
