"""The desk signs the PDF notices it issues (``dingdian serve --sign-with agency.p12``, issue 24
item 4): the signer is loaded once at start (a wrong password or file stops the desk with one
line), the render process signs, and dingdian's own verification accepts the notice."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from signing_kit import PASSWORD, make_ca, make_signer, p12, pem
from test_desk_support import client, free_port, upload, wait_checked

AGENCY = "扬州市医疗保障基金管理中心"


@pytest.fixture(scope="module")
def pki():
    ca = make_ca()
    return ca, make_signer(ca, AGENCY)


def _p12_file(folder: Path, pki) -> Path:
    path = folder / "agency.p12"
    path.write_bytes(p12(pki[1], pki[0][1]))
    return path


def _serve(tmp_path: Path, *serve_args: str, password: str | None, config: Path | None = None):
    """``dingdian serve`` expected to stop before it listens (on a free port in case it does not)."""
    env = {key: value for key, value in os.environ.items() if key not in ("DINGDIAN_SIGN_PASSWORD", "DINGDIAN_CONFIG")}
    if password is not None:
        env["DINGDIAN_SIGN_PASSWORD"] = password
    before = ["--config", str(config)] if config else []
    return subprocess.run([sys.executable, "-m", "validator", *before, "serve", "--port", str(free_port()),
                           "--data", str(tmp_path / "data"), *serve_args], capture_output=True, text=True,
                          env=env, stdin=subprocess.DEVNULL, timeout=120)


def _stopped_with_one_line(completed: subprocess.CompletedProcess, code: int, words: str) -> None:
    assert completed.returncode == code, completed.stderr
    assert words in completed.stderr and completed.stderr.count("\n") == 1, completed.stderr


def test_a_wrong_password_or_file_stops_the_desk_at_start_with_one_line(tmp_path, pki):
    agency_p12 = _p12_file(tmp_path, pki)
    _stopped_with_one_line(_serve(tmp_path, "--sign-with", str(agency_p12), password="wrong"), 4, "密码错误")
    missing = _serve(tmp_path, "--sign-with", str(tmp_path / "none.p12"), password=PASSWORD.decode())
    _stopped_with_one_line(missing, 4, "none.p12")
    no_password = _serve(tmp_path, "--sign-with", str(agency_p12), password=None)
    _stopped_with_one_line(no_password, 2, "DINGDIAN_SIGN_PASSWORD")
    assert not (tmp_path / "data").exists()  # stopped before the desk opened its data folder


def test_the_config_files_signatures_table_names_the_certificate(tmp_path, pki):
    _p12_file(tmp_path, pki)
    config = tmp_path / "config.toml"
    config.write_text('[signatures]\nsign_with = "agency.p12"\n', encoding="utf-8")  # relative to the file
    _stopped_with_one_line(_serve(tmp_path, password="wrong", config=config), 4, "密码错误")
    config.write_text('[signatures]\nsign_with = "other.p12"\n', encoding="utf-8")
    _stopped_with_one_line(_serve(tmp_path, password="wrong", config=config), 4, "other.p12")


def _issued_pdf(tmp_path: Path, **settings) -> bytes:
    """A notice issued through the API, fetched as PDF."""
    with client(tmp_path, **settings) as http:
        case_id = upload(http, "yangzhou-pharmacy-defective").json()["id"]
        wait_checked(http, case_id)
        assert http.post(f"/api/cases/{case_id}/notice").status_code == 201
        pdf = http.get(f"/cases/{case_id}/notices/1.pdf")
        assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
        assert http.get(f"/cases/{case_id}/notices/1.pdf").content == pdf.content  # signed once, kept
        return pdf.content


def _roots(tmp_path: Path, pki):
    from validator.signatures.trust import load_roots

    (tmp_path / "roots").mkdir()
    (tmp_path / "roots" / "ca.pem").write_bytes(pem(pki[0][1]))
    return load_roots(tmp_path / "roots")


@pytest.mark.slow  # LibreOffice makes the PDF
@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed")
def test_the_desks_pdf_notice_is_signed_by_the_agency_in_the_render_process(tmp_path, pki, monkeypatch):
    import validator.signatures.sign as sign
    from validator.desk.settings import NoticeSigning
    from validator.signatures import verify_bytes

    signing = NoticeSigning.load(_p12_file(tmp_path, pki), PASSWORD)

    def not_here(*_args, **_kwargs):
        raise AssertionError("signed in the server process")

    monkeypatch.setattr(sign, "sign_pdf", not_here)  # the spawned render process has its own
    data = _issued_pdf(tmp_path, signing=signing)
    found = verify_bytes("notice.pdf", data, _roots(tmp_path, pki))
    (signature,) = found.signatures
    assert signature.status == "trusted" and signature.covers_whole and signature.modification == "none"
    assert signature.organisation == AGENCY


@pytest.mark.slow  # LibreOffice makes the PDF
@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed")
def test_without_the_setting_the_pdf_notice_is_unsigned(tmp_path, pki):
    from validator.signatures import verify_bytes

    data = _issued_pdf(tmp_path)
    assert data.startswith(b"%PDF") and verify_bytes("notice.pdf", data, _roots(tmp_path, pki)) is None


@pytest.mark.slow  # LibreOffice makes the PDF
@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed")
def test_a_timestamp_server_that_does_not_answer_is_a_refusal_not_an_unsigned_notice(tmp_path, pki):
    from validator.desk.settings import NoticeSigning

    down = f"http://127.0.0.1:{free_port()}/tsa"  # nothing listens there: refused at once, offline
    with client(tmp_path, signing=NoticeSigning.load(_p12_file(tmp_path, pki), PASSWORD, down)) as http:
        case_id = upload(http, "yangzhou-pharmacy-defective").json()["id"]
        wait_checked(http, case_id)
        assert http.post(f"/api/cases/{case_id}/notice").status_code == 201  # the .docx is issued
        pdf = http.get(f"/cases/{case_id}/notices/1.pdf")
    assert pdf.status_code == 503 and "时间戳服务器未响应" in pdf.text and "Traceback" not in pdf.text
