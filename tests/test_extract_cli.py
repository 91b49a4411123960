from __future__ import annotations

import json

from click.testing import CliRunner

from samples.synth.certificates import make
from samples.synth.office import roster_people, roster_xlsx
from samples.synth.render import to_image, to_pdf
from validator.cli import cli


def _run(*args: str):
    return CliRunner().invoke(cli, ["extract", *args])


def test_text_output_lists_type_and_fields(tmp_path):
    cert = make("practice_license", 4)
    result = _run(str(to_pdf(cert, tmp_path / "1.执业许可证.pdf")))
    assert result.exit_code == 0, result.output
    assert "医疗机构执业许可证 (practice_license)" in result.output
    assert cert.expected["registration_number"] in result.output
    assert "MISSING" not in result.output


def test_json_output_with_explain_marks_missing(tmp_path):
    cert = make("drug_business_license", 1)
    result = _run(str(to_pdf(cert, tmp_path / "药品经营许可证.pdf")), "--format", "json", "--explain")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    [document] = data["documents"]
    assert document["document_type"] == "drug_business_license" and document["classified_by"] == "content"
    assert document["fields"]["license_number"]["value"] == cert.expected["license_number"]
    assert set(document["fields"]["uscc"]) >= {"value", "page", "source_text", "confidence"}
    assert document["missing"] == ["business_scope"]
    text = _run(str(tmp_path / "药品经营许可证.pdf"), "--explain").output
    assert "business_scope]: 缺少" in text


def test_personal_data_masked_unless_asked(tmp_path):
    cert = make("physician_certificate", 3)
    path = to_pdf(cert, tmp_path / "医师执业证书.pdf")
    number = cert.expected["id_number"]
    masked = _run(str(path), "--format", "json").output
    assert number not in masked and number[:6] in masked
    shown = _run(str(path), "--format", "json", "--show-personal-data").output
    assert json.loads(shown)["documents"][0]["fields"]["id_number"]["value"] == number


def test_roster_rows_in_output(tmp_path):
    people = roster_people(2, seed=5)
    result = _run(str(roster_xlsx(tmp_path / "名册.xlsx", people)), "--format", "json")
    document = json.loads(result.output)["documents"][0]
    assert document["document_type"] == "staff_roster" and len(document["extra"]["roster"]) == 2
    assert people[0]["phone"] not in result.output
    # the typed extras: what a roster has, nothing it has not (no empty scores, headings, editions)
    assert {"roster", "roster_columns", "roster_sheet"} <= set(document["extra"]) <= {"roster", "roster_columns",
                                                                                       "roster_sheet", "headings"}


def test_no_ocr_scan_is_classified_by_name_with_a_warning(tmp_path):
    path = tmp_path / "营业执照.png"
    to_image(make("business_license", 1), dpi=50).save(path)
    result = _run(str(path), "--no-ocr", "--format", "json")
    data = json.loads(result.output)
    assert data["documents"][0]["classified_by"] == "name"
    assert [f["code"] for f in data["findings"]] == ["could_not_verify"]


def test_unreadable_input_exits_4_with_one_line(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    for target in (bad, tmp_path / "missing.pdf", tmp_path):
        result = _invoke_main(["extract", str(target)])
        assert result[0] == 4, result
        assert result[1].count("\n") == 1 and result[1].startswith("dingdian: ")


def _invoke_main(argv: list[str]) -> tuple[int, str]:
    import contextlib
    import io

    from validator.cli import main

    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr):
        try:
            main(argv)
        except SystemExit as done:
            return int(done.code or 0), stderr.getvalue()
    return 0, stderr.getvalue()


def test_help():
    assert "--explain" in _run("--help").output
