"""Signatures inside a check: an altered signed file is an error on its material, an intact one
from the applicant satisfies 加盖公章 without any image, another body's is seal_name_mismatch, and
trust is only what the agency's roots say. Packages are the Taiyuan sample with its commitment
letter handed in as a signed PDF made at test time."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from rule_fixtures import context, document, run
from signing_kit import PASSWORD, altered_bytes, make_ca, make_signer, p12, pem, signed_pdf
from validator.cli import cli
from validator.resources import data_file
from validator.report.messages import unfilled
from validator.signatures.findings import signature_findings
from validator.signatures.model import BROKEN, UNREADABLE, UNTRUSTED, UNVERIFIED, FileSignatures, Signature

SAMPLE = Path(__file__).parent.parent / "samples" / "packages" / "taiyuan-clinic-complete"
NAME = "太原市小店区济民门诊部"
LETTER = ["太原市医疗机构医保定点服务资格承诺书", "太原市医疗保险管理服务中心：",
          f"本机构{NAME}（统一社会信用代码：91140105158813998N）申报太原市医疗保障定点协议管理，",
          "遵循如实申报、诚实守信原则，承诺如下：", "一、所上传的资料真实有效，所填基本信息表内容与证照一致；",
          f"单位名称（盖章）：{NAME}", "法定代表人（签字）：郭志强", "2026年11月23日"]
COMMITMENT = "02-定点服务资格承诺书"


@pytest.fixture(scope="module")
def pki():
    ca = make_ca()
    return ca, make_signer(ca, NAME), make_signer(ca, "山西康宁医药有限公司")


def _package(tmp_path: Path, letter: bytes) -> Path:
    package = tmp_path / "package"
    shutil.copytree(SAMPLE, package)
    (package / f"{COMMITMENT}.docx").unlink()
    (package / f"{COMMITMENT}.pdf").write_bytes(letter)
    return package


def _check(package: Path, *options: str) -> dict:
    result = CliRunner().invoke(cli, ["check", str(package), "--as-of", "2026-11-23", "--no-ocr", "--format", "json",
                                      *options])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def _dingdian(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The installed entry point, which reads the config file (validator/__main__.py)."""
    return subprocess.run([sys.executable, "-m", "validator", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=600)


def _on_letter(report: dict) -> list[tuple[str, str | None]]:
    return sorted((f["code"], f["material"]) for f in report["findings"] if f["file"] == f"{COMMITMENT}.pdf")


def test_a_letter_signed_by_the_applicant_is_sealed_and_reported_intact_but_unverified(tmp_path, pki):
    ca, applicant, _ = pki
    report = _check(_package(tmp_path, signed_pdf(applicant, ca[1], LETTER)))
    assert _on_letter(report) == [("signature_unverified", "integrity_commitment")]
    assert "签章完整，但未依据受信任根证书验证签署人" in next(
        f["message"] for f in report["findings"] if f["code"] == "signature_unverified")
    (signed,) = report["signatures"]
    assert signed["file"] == f"{COMMITMENT}.pdf" and signed["status"] == UNVERIFIED
    assert signed["signatures"][0]["organisation"] == NAME and report["verdict"] == "complete"
    jsonschema.validate(report, json.loads(data_file("report.schema.json").read_text(encoding="utf-8")))


def test_the_agencys_roots_from_the_config_file_verify_the_signer(tmp_path, pki):
    ca, applicant, _ = pki
    (tmp_path / "roots").mkdir()
    (tmp_path / "roots" / "ca.pem").write_bytes(pem(ca[1]))
    config = tmp_path / "config.toml"
    config.write_text('[signatures]\ntrust_roots = "roots"\n', encoding="utf-8")
    package = _package(tmp_path, signed_pdf(applicant, ca[1], LETTER))
    completed = _dingdian("--config", str(config), "check", str(package), "--as-of", "2026-11-23", "--no-ocr",
                          "--format", "json")
    report = json.loads(completed.stdout)
    assert _on_letter(report) == [] and report["signatures"][0]["status"] == "trusted"


def test_an_unknown_key_in_the_signatures_table_is_a_usage_error(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[signatures]\ntrust_root = "roots"\n', encoding="utf-8")
    completed = _dingdian("--config", str(config), "check", str(SAMPLE))
    assert completed.returncode == 2 and "signatures.trust_root" in completed.stderr


def test_a_letter_signed_by_another_organisation_is_seal_name_mismatch(tmp_path, pki):
    ca, _, other = pki
    report = _check(_package(tmp_path, signed_pdf(other, ca[1], LETTER)))
    assert ("seal_name_mismatch", "integrity_commitment") in _on_letter(report)
    assert report["verdict"] == "incomplete"


def test_a_letter_altered_after_signing_is_an_error_on_its_material(tmp_path, pki):
    ca, applicant, _ = pki
    report = _check(_package(tmp_path, altered_bytes(signed_pdf(applicant, ca[1], LETTER))))
    broken = next(f for f in report["findings"] if f["code"] == "signature_broken")
    assert broken["material"] == "integrity_commitment" and broken["severity"] == "error"
    assert broken["message"].startswith(f"{COMMITMENT}.pdf电子签章校验失败：文件在签章后被修改")
    # a broken signature proves no seal: the seal rule falls back to what it can see
    assert ("could_not_verify", "integrity_commitment") in _on_letter(report)
    assert report["verdict"] == "incomplete"


def test_an_ofd_letter_sealed_by_the_applicant_needs_no_image_and_another_seal_is_a_mismatch(tmp_path):
    from ofd_kit import sealed_ofd, sm2_ca, sm2_signer

    ca = sm2_ca()
    mismatch = [("seal_name_mismatch", "integrity_commitment")]
    for seal_name, expected in ((f"{NAME}公章", []), ("山西康宁医药有限公司公章", mismatch)):
        package = _package(tmp_path / seal_name, b"")
        (package / f"{COMMITMENT}.pdf").unlink()
        (package / f"{COMMITMENT}.ofd").write_bytes(sealed_ofd(LETTER, seal_name, sm2_signer(ca, seal_name[:-2])))
        report = _check(package)
        on_letter = sorted((f["code"], f["material"]) for f in report["findings"] if f["file"] == f"{COMMITMENT}.ofd")
        assert on_letter == sorted([("signature_unverified", "integrity_commitment"), *expected])


# --- the seal rule's hook, on hand-made contexts --------------------------------------------------

def _signed(status: str, organisation: str = "", seal_name: str = "") -> FileSignatures:
    return FileSignatures("承诺书.pdf", "pdf", (Signature("pdf", status, signer="CN=x", organisation=organisation,
                                                           seal_name=seal_name),))


def _seal_findings(signatures: FileSignatures | None) -> list:
    ctx = context([document("business_license", {"institution_name": NAME}),
                   document("integrity_commitment", file="承诺书.pdf")])
    if signatures is not None:
        ctx.signatures = {signatures.file: signatures}
    return run("missing_seal", ctx, materials=["integrity_commitment"])


@pytest.mark.parametrize("signatures, expected", [
    (_signed(UNVERIFIED, NAME), []),  # the applicant's own intact signature
    (_signed(UNTRUSTED, seal_name=f"{NAME}合同专用章"), []),  # intact; trust is its own finding
    (_signed(UNVERIFIED, "太原市小店区济民门诊"), []),  # near-miss: one character short still agrees
    (_signed(UNVERIFIED, "山西康宁医药有限公司"), ["seal_name_mismatch"]),
    (_signed(UNVERIFIED, "太原市迎泽区康宁诊所"), ["could_not_verify"]),  # half alike: a person looks
    (_signed(BROKEN, NAME), ["could_not_verify"]),  # proves nothing: the image path decides
    (_signed(UNVERIFIED), ["could_not_verify"]),  # a person's signature names no organisation
    (None, ["could_not_verify"]),
])
def test_the_seal_rule_takes_an_intact_signature_as_the_seal(signatures, expected):
    assert [f.code for f in _seal_findings(signatures)] == expected


@pytest.mark.parametrize("status, code", [(BROKEN, "signature_broken"), (UNTRUSTED, "signature_untrusted"),
                                          (UNVERIFIED, "signature_unverified"), (UNREADABLE, "could_not_verify"),
                                          ("trusted", None)])
def test_each_status_gives_one_finding_with_every_placeholder_filled(status, code):
    findings = signature_findings(_signed(status, NAME))
    assert [f.code for f in findings] == ([code] if code else [])
    assert all(not unfilled(f) for f in findings)


# --- the agency signs the notice it issues ------------------------------------------------------

def _agency_p12(tmp_path: Path, pki) -> Path:
    ca = pki[0]
    path = tmp_path / "agency.p12"
    path.write_bytes(p12(make_signer(ca, "太原市医疗保险管理服务中心"), ca[1]))
    return path


def test_sign_with_needs_a_pdf_notice_and_the_right_password(tmp_path, pki):
    p12_file = _agency_p12(tmp_path, pki)
    docx = _dingdian("check", str(SAMPLE), "--no-ocr", "-q", "--notice", str(tmp_path / "n.docx"),
                     "--sign-with", str(p12_file), env={"DINGDIAN_SIGN_PASSWORD": PASSWORD.decode()})
    assert docx.returncode == 2 and "--notice 文件名.pdf" in docx.stderr
    wrong = _dingdian("check", str(SAMPLE), "--no-ocr", "-q", "--notice", str(tmp_path / "n.pdf"),
                      "--sign-with", str(p12_file), env={"DINGDIAN_SIGN_PASSWORD": "wrong"})
    assert wrong.returncode == 4 and "密码错误" in wrong.stderr and "Traceback" not in wrong.stderr
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

    keyless = tmp_path / "keyless.p12"
    keyless.write_bytes(pkcs12.serialize_key_and_certificates(b"ca", None, None, [pki[0][1]],
                                                              BestAvailableEncryption(PASSWORD)))
    no_key = _dingdian("check", str(SAMPLE), "--no-ocr", "-q", "--notice", str(tmp_path / "n.pdf"),
                       "--sign-with", str(keyless), env={"DINGDIAN_SIGN_PASSWORD": PASSWORD.decode()})
    assert no_key.returncode == 4 and no_key.stderr.count("\n") == 1, no_key.stderr
    assert not (tmp_path / "n.pdf").exists()


@pytest.mark.slow  # LibreOffice makes the PDF
def test_the_signed_notice_verifies_with_dingdians_own_check(tmp_path, pki):
    from validator.signatures import verify_bytes
    from validator.signatures.trust import load_roots

    notice = tmp_path / "告知书.pdf"
    completed = _dingdian("check", str(SAMPLE), "--as-of", "2026-11-23", "--no-ocr", "-q", "--notice", str(notice),
                          "--sign-with", str(_agency_p12(tmp_path, pki)),
                          env={"DINGDIAN_SIGN_PASSWORD": PASSWORD.decode()})
    assert completed.returncode == 0, completed.stderr
    (tmp_path / "roots").mkdir()
    (tmp_path / "roots" / "ca.pem").write_bytes(pem(pki[0][1]))
    found = verify_bytes(notice.name, notice.read_bytes(), load_roots(tmp_path / "roots"))
    (signature,) = found.signatures
    assert signature.status == "trusted" and signature.covers_whole
    assert signature.organisation == "太原市医疗保险管理服务中心"


# --- what people see: the HTML report's badge and extract --explain ------------------------------

def test_the_html_report_shows_a_badge_per_signed_file(tmp_path, pki):
    ca, applicant, _ = pki
    package = _package(tmp_path, altered_bytes(signed_pdf(applicant, ca[1], LETTER)))
    result = CliRunner().invoke(cli, ["check", str(package), "--as-of", "2026-11-23", "--no-ocr", "--format", "html"])
    page = result.stdout
    assert '<section id="signatures">' in page and 'class="sig s-error"' in page
    assert "电子签章校验失败：文件在签章后被修改" in page and f"{COMMITMENT}.pdf" in page
    unsigned = CliRunner().invoke(cli, ["check", str(SAMPLE), "--as-of", "2026-11-23", "--no-ocr", "--format", "html"])
    assert 'id="signatures"' not in unsigned.stdout


def test_extract_explain_lists_the_seal_of_an_ofd(tmp_path):
    from ofd_kit import sealed_ofd, sm2_ca, sm2_signer

    path = tmp_path / "承诺书.ofd"
    path.write_bytes(sealed_ofd("承诺书", f"{NAME}公章", sm2_signer(sm2_ca(), NAME)))
    text = CliRunner().invoke(cli, ["extract", str(path), "--explain", "--no-ocr"]).stdout
    assert "签章完整，但未依据受信任根证书验证签署人" in text and f"印章名称: {NAME}公章" in text
    english = CliRunner().invoke(cli, ["--lang", "en", "extract", str(path), "--explain", "--format", "json"])
    (found,) = json.loads(english.stdout)["signatures"]
    assert found["status"] == "unverified" and ["seal", f"{NAME}公章"] in found["signatures"][0]["lines"]
    plain = CliRunner().invoke(cli, ["extract", str(path), "--no-ocr", "--format", "json"]).stdout
    assert "signatures" not in json.loads(plain)


def test_the_desk_case_page_shows_the_badge(tmp_path, pki):
    import io
    import zipfile

    from test_desk_support import AS_OF, client, wait_checked

    ca, applicant, _ = pki
    package = _package(tmp_path, altered_bytes(signed_pdf(applicant, ca[1], LETTER)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(package.iterdir()):
            archive.write(path, path.name)
    with client(tmp_path / "desk") as http:
        answer = http.post("/api/cases", data={"as_of": AS_OF, "received": AS_OF},
                           files={"package": ("signed.zip", buffer.getvalue(), "application/zip")})
        case_id = answer.json()["id"]
        wait_checked(http, case_id)
        page = http.get(f"/cases/{case_id}").text
    assert '<section id="signatures">' in page and "电子签章校验失败：文件在签章后被修改" in page
    assert f"{COMMITMENT}.pdf" in page and "签署单位：" in page
