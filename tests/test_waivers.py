from __future__ import annotations

from datetime import datetime, timezone

import pytest

from validator.errors import ExitCode, UsageError
from validator.findings import Finding
from validator.check.waivers import (Waiver, apply_waivers, load_waivers_file, parse_waiver_option,
                               parse_waiver_options, unused_waivers)

AT = datetime(2026, 11, 23, 9, 30, tzinfo=timezone.utc)


def test_option_with_material():
    waiver = parse_waiver_option("missing_seal:integrity_commitment=原件已核验盖章")
    assert waiver == Waiver(code="missing_seal", reason="原件已核验盖章", material="integrity_commitment")


def test_option_without_material_keeps_equals_in_reason():
    waiver = parse_waiver_option("low_scan_quality=clear enough: a=b")
    assert (waiver.code, waiver.material, waiver.reason) == ("low_scan_quality", None, "clear enough: a=b")


@pytest.mark.parametrize("text, words", [
    ("missing_material=已补交", "cannot be waived"),
    ("no_such_code=x", "unknown finding code"),
    ("missing_seal:no_such_material=x", "unknown material"),
    ("missing_seal=", "needs a reason"),
    ("missing_seal", "expected CODE"),
])
@pytest.mark.usefixtures("english")
def test_refused_waivers_are_usage_errors(text, words):
    with pytest.raises(UsageError, match=words) as raised:
        parse_waiver_options([text])
    assert raised.value.exit_code == ExitCode.USAGE


def test_apply_marks_matching_warnings_only():
    seal = Finding("missing_seal", material="integrity_commitment", file="承诺书.pdf")
    other_seal = Finding("missing_seal", material="application_form", file="申请表.pdf")
    error = Finding("missing_material", material="fund_forecast")
    waivers = [parse_waiver_option("missing_seal:integrity_commitment=原件已盖章")]
    result = apply_waivers([seal, other_seal, error], waivers, who="clerk-7", at=AT)
    assert result[0].waived == {"by": "clerk-7", "reason": "原件已盖章", "at": "2026-11-23T09:30:00+00:00"}
    assert result[1].waived is None and result[2].waived is None
    assert not result[0].is_error


def test_a_finding_raised_to_error_is_never_waived():
    raised = Finding("could_not_verify", material="staff_roster", severity="error")
    result = apply_waivers([raised], [Waiver(code="could_not_verify", reason="x")], who="clerk", at=AT)
    assert result[0].waived is None and result[0].is_error


def test_file_glob_and_unused():
    finding = Finding("low_scan_quality", file="scans/执业许可证.jpg")
    waivers = [Waiver(code="low_scan_quality", reason="ok", file="scans/*.jpg"),
               Waiver(code="expiring_soon", reason="renewal filed")]
    assert apply_waivers([finding], waivers, who="c", at=AT)[0].waived["reason"] == "ok"
    assert unused_waivers([finding], waivers) == [waivers[1]]


def test_waivers_yaml_file(tmp_path):
    path = tmp_path / "waivers.yaml"
    path.write_text("waivers:\n  - code: missing_seal\n    material: integrity_commitment\n"
                    "    reason: 原件已盖章\n    by: 王科员\n", encoding="utf-8")
    [waiver] = load_waivers_file(path)
    assert waiver.by == "王科员"
    marked = apply_waivers([Finding("missing_seal", material="integrity_commitment")], [waiver], who="x", at=AT)
    assert marked[0].waived["by"] == "王科员"


def test_waivers_csv_file(tmp_path):
    path = tmp_path / "waivers.csv"
    path.write_text("code,material,file,reason,by\nexpiring_soon,practice_license,,换证已受理,李四\n",
                    encoding="utf-8-sig")
    [waiver] = load_waivers_file(path)
    assert (waiver.code, waiver.material, waiver.file, waiver.by) == (
        "expiring_soon", "practice_license", None, "李四")


@pytest.mark.parametrize("content, words", [
    ("- code: missing_seal\n  reason: x\n  colour: red\n", "unknown column 'colour'"),
    ("- code: expired_document\n  reason: x\n", "cannot be waived"),
    ("code: [unclosed\n", "not valid YAML"),
    ("just text\n", "expected a list"),
])
@pytest.mark.usefixtures("english")
def test_bad_waivers_file(tmp_path, content, words):
    path = tmp_path / "w.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UsageError, match=words):
        load_waivers_file(path)
